#!/usr/bin/env -S npx tsx
// Converts a TF.js graph model to ONNX with the app's converter (src/engine/convert).
// Usage: npm run convert -- <model.json> [-o <out.onnx>] [--opset N]
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { convertTfjsModel, formatCounts, ConvertError } from '../src/engine/convert/convert';

function fail(message: string): never {
  console.error(`convert: ${message}`);
  process.exit(1);
}

function parseArgs(argv: string[]): { input: string; output: string; opset?: number } {
  let input: string | undefined, output: string | undefined, opset: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-o' || a === '--output') output = argv[++i] ?? fail(`${a} needs a file name`);
    else if (a === '--opset') {
      opset = Number(argv[++i]);
      if (!Number.isInteger(opset)) fail(`--opset needs a whole number, not ${argv[i]}`);
    } else if (a.startsWith('-')) fail(`unknown option ${a} (usage: npm run convert -- <model.json> [-o <out.onnx>] [--opset N])`);
    else if (input) fail(`one model.json at a time (got ${input} and ${a})`);
    else input = a;
  }
  if (!input) fail('usage: npm run convert -- <model.json> [-o <out.onnx>] [--opset N]');
  return { input, output: output ?? resolve(dirname(input), `${basename(input).replace(/\.json$/i, '')}.onnx`), opset };
}

/** model.json and the shards its manifest names, from beside it (those missing are left to the converter to name). */
function readFiles(path: string) {
  let modelJson: Uint8Array;
  try {
    modelJson = readFileSync(path);
  } catch (e) {
    fail(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const shards: Record<string, Uint8Array> = {};
  try {
    const json = JSON.parse(new TextDecoder().decode(modelJson));
    for (const g of json.weightsManifest ?? []) {
      for (const p of g.paths ?? []) {
        try {
          shards[p] = readFileSync(resolve(dirname(path), p));
        } catch {
          // Named by the converter as a missing weight file.
        }
      }
    }
  } catch {
    // Gzipped or malformed: the converter reads and names it.
  }
  return { modelJson, shards };
}

const { input, output, opset } = parseArgs(process.argv.slice(2));
try {
  const started = performance.now();
  const { onnx, report } = await convertTfjsModel(readFiles(input), { opset });
  writeFileSync(output, onnx);
  const io = (v: { name: string; type: string; dims: (number | string)[] | null }) => `${v.name}: ${v.type} [${v.dims?.join(', ') ?? '?'}]`;
  console.log(`${basename(input)} -> ${output} (${(onnx.length / 2 ** 20).toFixed(1)} MB, opset ${report.opset}, ${Math.round(performance.now() - started)} ms)`);
  console.log(`  inputs   ${report.inputs.map(io).join('; ')}`);
  console.log(`  outputs  ${report.outputs.map(io).join('; ')}`);
  console.log('  ops mapped (TF -> ONNX):');
  for (const [tf, n] of Object.entries(report.tfOps).sort((a, b) => b[1] - a[1])) {
    const onnxOps = report.mapping[tf];
    console.log(`    ${`${tf} x${n}`.padEnd(34)} -> ${onnxOps ? formatCounts(onnxOps) : tf === 'Const' ? 'initializers' : tf === 'Placeholder' ? 'graph inputs' : 'no node (pass-through or folded)'}`);
  }
  console.log(`  nodes    ${report.nodesBefore} before optimisation, ${report.nodesAfter} after`);
  console.log(`  Transpose nodes: ${report.transposesBefore} before, ${report.transposesAfter} left`);
} catch (e) {
  if (e instanceof ConvertError) fail(e.message);
  throw e;
}
