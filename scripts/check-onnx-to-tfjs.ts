#!/usr/bin/env -S npx tsx
// Converts each ONNX model to a TF.js graph model (src/engine/convert/onnx-to-tfjs.ts) and, per
// model, prints the worst error of the conversion on TF.js WASM against the original on
// onnxruntime-node, then the conversion on TF.js WASM against the original on onnxruntime-web's WASM
// build, one thread each, timed side by side in this Node process (both runtimes' WebAssembly builds
// run here as in a browser: V8, SIMD, one thread). A refused model prints the ops it was refused for.
// With --write, the table goes into docs/PERFORMANCE.md between <!-- onnx-to-tfjs --> markers.
//
//   npm run check:onnx-to-tfjs [-- model.onnx ...] [-- --runs 20] [-- --write]
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { basename, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { formatCounts } from '../src/engine/convert/convert';
import { ConvertError } from '../src/engine/convert/errors';
import { unsupportedOnnxOps } from '../src/engine/convert/onnx-to-tfjs';
import { formatRelative } from '../src/engine/tfjs/agreement';
import { checkOnnxToTfjs, timeSideBySide, slowestKernels } from '../tests/helpers/onnx-to-tfjs';
import { root, writeMarkedSection } from './lib/bench-app.mjs';

const { values: args, positionals } = parseArgs({
  allowPositionals: true,
  options: { runs: { type: 'string', default: '20' }, warmup: { type: 'string', default: '3' }, write: { type: 'boolean', default: false } },
});

/** The issue's speed target: the conversion on TF.js WASM within this factor of the original on ORT-web WASM. */
const TARGET = 1.3;
/** The issue's parity target: every output within this much of its scale. */
const PARITY = 1e-4;

interface GalleryModel {
  file: string;
  framework?: string;
}
/** The gallery's ONNX models (assets.manifest.json), each with the framework it came from. */
function galleryModels(): GalleryModel[] {
  const manifest = JSON.parse(readFileSync(resolve(root, 'assets.manifest.json'), 'utf8')) as { files: (GalleryModel & { kind: string })[] };
  const pinned = manifest.files.filter((f) => f.kind === 'models');
  const converted = (JSON.parse(readFileSync(resolve(root, 'src', 'tasks', 'converted-models.json'), 'utf8')) as { models: { id: string; origin: string }[] }).models;
  return [...pinned.map((f) => ({ file: resolve(root, 'public', 'models', f.file), framework: f.framework })), ...converted.map((m) => ({ file: resolve(root, 'public', 'models', `${m.id}.onnx`), framework: `${m.origin}, via TF.js -> ONNX` }))];
}

const gallery = galleryModels();
/** A model named on the command line: the gallery's framework when it is a gallery file. */
const named = (file: string): GalleryModel => ({ file: resolve(file), framework: gallery.find((g) => basename(g.file) === basename(file))?.framework });
const models: GalleryModel[] = positionals.length ? positionals.map(named) : gallery;
const ms = (v: number) => (v < 10 ? v.toFixed(2) : v.toFixed(1));

const rows: string[] = [];
const notes: string[] = [];
const header = '| model | from | converts | worst output: max diff / its scale | TF nodes (ONNX nodes) | Transposes before -> after | TF.js WASM ms | ORT-web WASM ms | TF.js / ORT (95% CI) | within 1.3x? |';
console.log(header);
console.log('|---|---|---|---|---|---|---|---|---|---|');
for (const { file, framework } of models) {
  const name = basename(file, '.onnx');
  const from = framework ?? '';
  let row: string;
  try {
    const bytes = new Uint8Array(readFileSync(file));
    const unsupported = unsupportedOnnxOps(bytes);
    if (Object.keys(unsupported).length) throw new ConvertError(`unsupported ONNX ops: ${formatCounts(unsupported)}`, unsupported);
    const { result, agreement } = await checkOnnxToTfjs(bytes);
    const { report } = result;
    const worst = agreement.worst;
    // A float16 model: onnxruntime computes in float16, TF.js (which has no float16 kernels) in float32.
    const half = report.inputs.some((i) => i.type === 'float16') ? ' (ORT computes this float16 model in float16, TF.js in float32)' : '';
    const parity = worst ? `${worst.relative <= PARITY ? 'match' : 'MISMATCH'} ${worst.name}: ${formatRelative(worst.relative)}${worst.problem ? ` (${worst.problem})` : ''}${half}` : 'no outputs';
    const speed = await timeSideBySide(bytes, result, Number(args.runs), Number(args.warmup));
    const [lo, hi] = speed.ratio.ci95;
    let verdict = 'yes';
    if (speed.ratio.ratio > TARGET) {
      // Why not: Transposes the optimizer left, and where TF.js spends its time (its own kernel profile).
      const kernels = await slowestKernels(result, 3);
      const why = [
        ...(report.transposesAfter ? [`${report.transposesAfter} Transpose${report.transposesAfter === 1 ? '' : 's'} left`] : []),
        `TF.js's slowest kernels: ${kernels.map((k) => `${k.name} ${(100 * k.share).toFixed(0)}%`).join(', ')}`,
        ...(speed.tfjsMs < 5 ? [`a run of ${ms(speed.tfjsMs)} ms is mostly TF.js's per-kernel overhead`] : []),
      ].join('; ');
      // Over the target, but the interval reaches below it: the machine's noise, not a verdict.
      verdict = lo <= TARGET ? `not clear (the interval reaches ${lo.toFixed(2)}×): ${why}` : `no: ${why}`;
    }
    row = `| ${name} | ${from} | yes | ${parity} | ${report.nodesAfter} (${report.nodesBefore}) | ${report.transposesBefore} -> ${report.transposesAfter} | ${ms(speed.tfjsMs)} | ${ms(speed.ortMs)} | ${speed.ratio.ratio.toFixed(2)}× (${lo.toFixed(2)}–${hi.toFixed(2)}) | ${verdict} |`;
  } catch (e) {
    const message = (e as Error).message.replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|');
    row = `| ${name} | ${from} | ${e instanceof ConvertError ? 'refused' : 'FAILED'}: ${message} | | | | | | | |`;
    if (!(e instanceof ConvertError)) notes.push(`${name}: ${(e as Error).stack ?? message}`);
  }
  console.log(row);
  rows.push(row);
}
for (const n of notes) console.error(n);

if (args.write) {
  const section = `<!-- onnx-to-tfjs -->
## ONNX models converted to TensorFlow.js: the conversion on TF.js WASM against the original on ORT-web WASM

Measured by \`npm run check:onnx-to-tfjs -- --write\` on ${new Date().toISOString().slice(0, 10)}, in one Node ${process.version} process on
this machine (${cpus().length} cores, shared and possibly busy: compare the ratios, not the absolute times across runs). Each
gallery ONNX model is converted by the app's converter (\`convertOnnxModel\`, NHWC inside, Transposes
cancelled), loaded into TensorFlow.js 4.22 from memory and run on its WASM backend (SIMD build, one
thread); the original runs on onnxruntime-web's WASM build (one thread) in the same process. Both get
the same seeded synthetic input (symbolic dimensions: batch 1, others 256); ${args.warmup} warm-up runs each, then
${args.runs} runs alternating, each an execute plus the readback of every output; medians. Parity: every output
of the conversion on TF.js WASM against the original on onnxruntime-node, max |difference| over the
output's largest magnitude (target ${formatRelative(PARITY)}). Speed target: TF.js within ${TARGET}× of ORT; where it is
not, the row says why: Transposes the optimizer left, and the kernels TF.js spends most of its time in
(tf.profile over three runs); "not clear" where the median is over the target but the 95% interval of
the ratio reaches below it (this machine's load, not the model).

${header}
|---|---|---|---|---|---|---|---|---|---|
${rows.join('\n')}
<!-- /onnx-to-tfjs -->
`;
  writeMarkedSection(resolve(root, 'docs', 'PERFORMANCE.md'), 'onnx-to-tfjs', section);
  console.log('\nwrote its section of docs/PERFORMANCE.md');
}
