#!/usr/bin/env -S npx tsx
// Converts between TF.js graph models and ONNX with the app's converters (src/engine/convert); the
// input picks the direction: a model.json becomes one .onnx file, an .onnx file a folder holding
// model.json and its weight shards.
// Usage: npm run convert -- <model.json> [-o <out.onnx>] [--opset N]
//        npm run convert -- <model.onnx> [-o <outdir>] [--quantize float16|uint8] [--no-optimize]
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { convertTfjsModel, formatCounts, ConvertError } from '../src/engine/convert/convert';
import { convertOnnxModel, unsupportedOnnxOps, type OnnxToTfjsOptions } from '../src/engine/convert/onnx-to-tfjs';
import { grouped } from '../src/shared/numbers';

const USAGE = 'usage: npm run convert -- <model.json> [-o <out.onnx>] [--opset N], or <model.onnx> [-o <outdir>] [--quantize float16|uint8] [--no-optimize]';

/** One line on stderr, exit 1: every refusal is a single line a script can grep. */
function fail(message: string): never {
  console.error(`convert: ${message.replace(/\s*\n\s*/g, ' ')}`);
  process.exit(1);
}

interface Args {
  input: string;
  output?: string;
  opset?: number;
  quantize: OnnxToTfjsOptions['quantize'];
  optimize: boolean;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { input: '', quantize: null, optimize: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-o' || a === '--output') args.output = argv[++i] ?? fail(`${a} needs a file or folder name`);
    else if (a === '--opset') {
      args.opset = Number(argv[++i]);
      if (!Number.isInteger(args.opset)) fail(`--opset needs a whole number, not ${argv[i]}`);
    } else if (a === '--quantize') {
      const q = argv[++i];
      if (q !== 'float16' && q !== 'uint8') fail(`--quantize takes float16 or uint8, not ${q ?? 'nothing'}`);
      args.quantize = q;
    } else if (a === '--no-optimize') args.optimize = false;
    else if (a.startsWith('-')) fail(`unknown option ${a} (${USAGE})`);
    else if (args.input) fail(`one model at a time (got ${args.input} and ${a})`);
    else args.input = a;
  }
  if (!args.input) fail(USAGE);
  return args;
}

function read(path: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (e) {
    fail(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

/** model.json and the shards its manifest names, from beside it (those missing are left to the converter to name). */
function readFiles(path: string) {
  const modelJson = read(path);
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

const io = (v: { name: string; type: string; dims: (number | string)[] | null }) => `${v.name}: ${v.type} [${v.dims?.join(', ') ?? '?'}]`;
const mb = (bytes: number) => (bytes < 2 ** 20 ? `${grouped(Math.ceil(bytes / 1024))} KB` : `${(bytes / 2 ** 20).toFixed(1)} MB`);

async function tfjsToOnnx({ input, output, opset }: Args): Promise<void> {
  const out = output ?? resolve(dirname(input), `${basename(input).replace(/\.json$/i, '')}.onnx`);
  const started = performance.now();
  const { onnx, report } = await convertTfjsModel(readFiles(input), { opset });
  writeFileSync(out, onnx);
  console.log(`${basename(input)} -> ${out} (${mb(onnx.length)}, opset ${report.opset}, ${Math.round(performance.now() - started)} ms)`);
  console.log(`  inputs   ${report.inputs.map(io).join('; ')}`);
  console.log(`  outputs  ${report.outputs.map(io).join('; ')}`);
  console.log('  ops mapped (TF -> ONNX):');
  for (const [tf, n] of Object.entries(report.tfOps).sort((a, b) => b[1] - a[1])) {
    const onnxOps = report.mapping[tf];
    console.log(`    ${`${tf} x${n}`.padEnd(34)} -> ${onnxOps ? formatCounts(onnxOps) : tf === 'Const' ? 'initializers' : tf === 'Placeholder' ? 'graph inputs' : 'no node (pass-through or folded)'}`);
  }
  console.log(`  nodes    ${report.nodesBefore} before optimisation, ${report.nodesAfter} after`);
  console.log(`  Transpose nodes: ${report.transposesBefore} before, ${report.transposesAfter} left`);
}

async function onnxToTfjs({ input, output, quantize, optimize }: Args): Promise<void> {
  const bytes = read(input);
  // Refused before anything is written, every unsupported op named with its count.
  const unsupported = unsupportedOnnxOps(bytes);
  if (Object.keys(unsupported).length) fail(`${basename(input)} cannot be converted to TensorFlow.js: unsupported ONNX ops: ${formatCounts(unsupported)}`);
  const dir = output ?? resolve(dirname(input), `${basename(input).replace(/\.onnx$/i, '')}-tfjs`);
  const started = performance.now();
  const { files, report } = await convertOnnxModel(bytes, { quantize, optimize });
  mkdirSync(dir, { recursive: true });
  for (const f of files) writeFileSync(resolve(dir, f.name), f.bytes);
  const weights = files.slice(1).reduce((n, f) => n + f.bytes.length, 0);
  console.log(
    `${basename(input)} -> ${resolve(dir, 'model.json')} + ${files.length - 1} shard${files.length === 2 ? '' : 's'} (${mb(weights)}${report.quantize ? `, weights ${report.quantize}` : ''}, opset ${report.opset}, ${Math.round(performance.now() - started)} ms)`,
  );
  if (report.producer) console.log(`  producer ${report.producer}`);
  console.log(`  inputs   ${report.inputs.map(io).join('; ')}`);
  console.log(`  outputs  ${report.outputs.map(io).join('; ')}`);
  console.log('  ops mapped (ONNX -> TF):');
  for (const [op, n] of Object.entries(report.onnxOps).sort((a, b) => b[1] - a[1])) {
    const tf = report.mapping[op];
    console.log(`    ${`${op} x${n}`.padEnd(34)} -> ${tf && Object.keys(tf).length ? formatCounts(tf) : 'no node (pass-through or folded)'}`);
  }
  console.log(`  nodes    ${report.nodesBefore} ONNX, ${report.nodesAfter} TF (Const excluded)${report.folded ? `; ${report.folded} folded to constants` : ''}`);
  console.log(`  Transpose nodes: ${report.transposesBefore} before, ${report.transposesAfter} left`);
}

const args = parseArgs(process.argv.slice(2));
try {
  await (/\.onnx$/i.test(args.input) ? onnxToTfjs(args) : tfjsToOnnx(args));
} catch (e) {
  if (e instanceof ConvertError) fail(e.message);
  throw e;
}
