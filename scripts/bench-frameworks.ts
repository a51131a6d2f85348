// TensorFlow.js against ONNX Runtime Web on every gallery model TF.js can run, through the app's own
// "Compare backends" page in ONE browser session: the TF.js models (TF.js runs the original, ORT its
// ONNX conversion) and the gallery's ONNX models from PyTorch, Caffe2, CNTK and PaddlePaddle that
// convert to TF.js (ORT runs the original, TF.js the page's conversion of it); per model one benchmark
// whose rows alternate run by run, TF.js WASM and ORT-web WASM at 1 and 2 threads plus the GPU
// backends of both, on the same seeded synthetic input. Writes a table into docs/PERFORMANCE.md
// between <!-- frameworks --> markers (the rest of the file is kept). A benchmark script, not a
// test: it prints numbers, asserts none.
//
//   npm run bench:frameworks [-- --runs 20] [-- --warmup 3] [-- --models gender,emotion] [-- --no-write]
import { cpus } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { BACKENDS, FRAMEWORK_TITLES, backendsWhere, counterpartIn, type BackendDevice, type BackendId } from '../src/engine/backends/backend-id';
import { rowFramework, rowTitle, threadUse, type BenchExport, type BenchResult } from '../src/engine/bench/report';
import { speedupOfMedians } from '../src/engine/bench/stats';
import { readFileSync } from 'node:fs';
import { unsupportedOnnxOps } from '../src/engine/convert/onnx-to-tfjs';
import { appProblem, convertedModelIds, formatTable, galleryModelIds, openApp, root, runComparison, writeMarkedSection } from './lib/bench-app.mjs';

/** The gallery's ONNX models (not converted from TF.js) whose every op the ONNX -> TF.js converter maps, and those it refuses, with why. */
function convertibleOnnxModels(): { ids: string[]; refused: string[] } {
  const tfjs = new Set(convertedModelIds());
  const ids: string[] = [];
  const refused: string[] = [];
  for (const id of galleryModelIds().filter((m: string) => !tfjs.has(m))) {
    const unsupported = Object.entries(unsupportedOnnxOps(new Uint8Array(readFileSync(resolve(root, 'public', 'models', `${id}.onnx`)))));
    if (unsupported.length === 0) ids.push(id);
    else refused.push(`- ${id}: not converted to TF.js: unsupported ONNX ops ${unsupported.map(([op, n]) => `${op} x${n}`).join(', ')}`);
  }
  return { ids, refused };
}
const onnxModels = convertibleOnnxModels();
const DEFAULT_MODELS = [...convertedModelIds(), ...onnxModels.ids].join(',');

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '20' },
    warmup: { type: 'string', default: '3' },
    models: { type: 'string', default: DEFAULT_MODELS },
    timeout: { type: 'string', default: '1800' },
    'no-write': { type: 'boolean', default: false },
  },
});
const THREADS = [1, 2];
/** The devices both frameworks run on, in the order the table below lists them: CPU (WASM), WebGPU, WebGL. */
const DEVICES: BackendDevice[] = ['cpu', 'webgpu', 'webgl'];
/** Each ORT backend beside the TF.js backend it is measured against (threaded rows at equal threads). */
const tfjsCounterpart = (backend: BackendId) => counterpartIn('tensorflow.js', backend);
/** Per device, TF.js's backend then the ORT backend measured against it. */
const WANTED = DEVICES.flatMap((device) =>
  backendsWhere((b) => b.framework === 'tensorflow.js' && b.device === device).flatMap((tfjs) => [tfjs, counterpartIn('onnxruntime-web', tfjs)].filter((id) => id !== null)),
);
const threaded = (backend: BackendId) => BACKENDS[backend].threaded;

const problem = appProblem();
if (problem) throw new Error(problem);
const models = args.models.split(',');

const reports: BenchExport[] = [];
const app = await openApp();
try {
  const page = await app.newPage();
  for (const model of models) {
    const { report, summary } = await runComparison(page, app.base, {
      model, backends: WANTED, threads: THREADS, warmup: args.warmup, runs: args.runs, synthetic: true, timeoutSeconds: Number(args.timeout), log: (line: string) => console.error(line),
    });
    console.log(formatTable(report));
    if (summary) console.log(summary);
    reports.push(report);
  }
} finally {
  await app.close();
}

const ms = (v: number | null | undefined, digits = 1) => (v === null || v === undefined ? '–' : v.toFixed(digits));
const sci = (v: number) => (v === 0 ? '0' : v.toExponential(1));
/** TF.js rows carry no ORT-style thread count on GPU backends: match WASM rows by threads, GPU rows by backend. */
const counterpartOf = (row: BenchResult, rows: BenchResult[]) =>
  rows.find((r) => r.backend === tfjsCounterpart(row.backend) && !r.error && (!threaded(r.backend) || r.threads === row.threads));

function ratioCell(row: BenchResult, rows: BenchResult[]): string {
  if (rowFramework(row) !== 'onnxruntime-web' || row.error) return '';
  const tf = counterpartOf(row, rows);
  if (!tf) return `no ${tfjsCounterpart(row.backend)}${threaded(row.backend) ? ` ×${row.threads}` : ''} row`;
  // ORT's median over TF.js's: below 1 the ONNX conversion on ORT is faster.
  const { ratio, ci95 } = speedupOfMedians(row.runsMs, tf.runsMs);
  return `${ratio.toFixed(2)}× (${ci95[0].toFixed(2)}–${ci95[1].toFixed(2)})`;
}

/** Which model each framework ran: the TF.js original and its ONNX conversion, or the ONNX original and its TF.js conversion. */
function ranWhat(report: BenchExport): string {
  return report.results.some((r) => r.tfjsModel === 'converted') ? 'ONNX original, TF.js converted' : 'TF.js original, ONNX converted';
}

function parityCell(row: BenchResult): string {
  if (!row.parity) return row.error ? '' : 'reference';
  return `${row.parity.pass ? 'match' : 'MISMATCH'}, max abs ${sci(row.parity.maxAbsDiff)}`;
}

/** Rows a model did not get: an error row's reason, or why the page planned none. */
function unavailable(report: BenchExport): string[] {
  const lines = report.results.filter((r) => r.error).map((r) => `${rowTitle(r)}: ${r.error}`);
  for (const backend of WANTED) {
    const threads = threaded(backend) ? THREADS : [null];
    for (const t of threads) {
      if (report.results.some((r) => r.backend === backend && (t === null || r.threads === t))) continue;
      const name = `${backend}${t === null ? '' : ` ×${t}`}`;
      lines.push(`${name}: not run: this build plans no such row (TF.js WASM runs on one thread until its threaded build lands)`);
    }
  }
  return lines;
}

// Pairs side by side: ORT then TF.js, WASM ×1, WASM ×2, then WebGPU, then WebGL.
const family = (r: BenchResult) => threadUse(r).model ?? 100 * DEVICES.indexOf(BACKENDS[r.backend].device);
const byOrder = (a: BenchResult, b: BenchResult) => family(a) - family(b) || Number(rowFramework(a) === 'tensorflow.js') - Number(rowFramework(b) === 'tensorflow.js');
const table = [
  '| model | models run | runtime | backend | threads | median ms | p90 ms | load ms | first run ms | ORT / TF.js (95% CI) | parity with the original |',
  '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ...reports.flatMap((report) =>
    report.results
      .filter((r) => !r.error)
      .sort(byOrder)
      .map((r) => `| ${report.model.id} | ${ranWhat(report)} | ${FRAMEWORK_TITLES[rowFramework(r)]} ${r.frameworkVersion ?? ''} | ${BACKENDS[r.backend].title} | ${threadUse(r).model ?? '–'} | ${ms(r.stats?.median)} | ${ms(r.stats?.p90)} | ${ms(r.sessionCreateMs, 0)} | ${ms(r.firstRunMs, 0)} | ${ratioCell(r, report.results)} | ${parityCell(r)} |`),
  ),
];
// The gallery models left out for ops the converter lacks, when the gallery is what was asked for.
const missing = [...reports.flatMap((report) => unavailable(report).map((line) => `- ${report.model.id}: ${line}`)), ...(args.models === DEFAULT_MODELS ? onnxModels.refused : [])];
const env = reports[0].environment;
const adapter = env.webgpuAdapter ? `${env.webgpuAdapter.vendor} ${env.webgpuAdapter.architecture}${env.webgpuAdapter.isFallbackAdapter ? ' (a fallback adapter: GPU work emulated on the CPU, so no GPU benchmark)' : ''}` : 'none';
console.log(`\n${table.join('\n')}\n\nUnavailable:\n${missing.join('\n')}`);

if (!args['no-write']) {
  const section = `<!-- frameworks -->
## TensorFlow.js against ONNX Runtime Web, backend by backend

Measured by \`npm run bench:frameworks\` on ${new Date().toISOString().slice(0, 10)}, in one browser session on this machine:
${cpus().length} cores (shared and possibly busy: compare the ratios within this run, not the absolute times across
runs), ${env.userAgent}, cross-origin isolated: ${env.crossOriginIsolated}, WebGPU adapter: ${adapter}.
Each gallery model TF.js can run ran in one benchmark on the app's comparison page, each row in its own
worker: a TF.js model as its TF.js original on TensorFlow.js's backends and its ONNX conversion on
onnxruntime-web's; an ONNX model (PyTorch, Caffe2, CNTK, PaddlePaddle) as the ONNX original on
onnxruntime-web's backends and the page's conversion of it to TF.js on TensorFlow.js's,
${reports[0].settings.warmupRuns} warm-up runs each, then ${reports[0].settings.timedRuns} timed runs alternating across all rows, on the same
seeded synthetic input. The page's "What each figure includes" says what load, first run and the
timed runs cover (timed runs: execute plus readback of every output on both runtimes).

${table.join('\n')}

- **ORT / TF.js**: the ONNX Runtime row's median over its TensorFlow.js counterpart's (WASM at the
  same thread count, WebGPU against WebGPU, WebGL against WebGL), with the 95% bootstrap interval of
  that ratio; below 1× the conversion on ONNX Runtime is faster. Both from the same run.
- **parity**: every output against the original on its own runtime's CPU backend: TF.js WASM ×1 for a
  TF.js model, ORT's WASM ×1 for an ONNX model.

Not measured:

${missing.join('\n')}
<!-- /frameworks -->
`;
  writeMarkedSection(resolve(root, 'docs', 'PERFORMANCE.md'), 'frameworks', section);
  console.log('\nwrote its section of docs/PERFORMANCE.md');
}
