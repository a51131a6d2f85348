// TensorFlow.js against ONNX Runtime Web on every gallery TF.js model, through the app's own
// "Compare backends" page in ONE browser session: per model one benchmark whose rows alternate run by
// run, TF.js WASM and ORT-web WASM at 1 and 2 threads plus the GPU backends of both, on the same
// seeded synthetic input. Writes a table into docs/PERFORMANCE.md between <!-- frameworks --> markers
// (the rest of the file is kept). A benchmark script, not a test: it prints numbers, asserts none.
//
//   npm run bench:frameworks [-- --runs 20] [-- --warmup 3] [-- --models gender,emotion] [-- --no-write]
import { cpus } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { BACKENDS, FRAMEWORK_TITLES, type BackendId } from '../src/engine/backends/backend-id';
import { rowFramework, rowTitle, type BenchExport, type BenchResult } from '../src/engine/bench/report';
import { speedupOfMedians } from '../src/engine/bench/stats';
import { appProblem, backendIds, convertedModelIds, formatTable, openApp, root, runComparison, writeMarkedSection } from './lib/bench-app.mjs';

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '20' },
    warmup: { type: 'string', default: '3' },
    models: { type: 'string', default: convertedModelIds().join(',') },
    timeout: { type: 'string', default: '1800' },
    'no-write': { type: 'boolean', default: false },
  },
});
const THREADS = [1, 2];
/** Each ORT backend beside the TF.js backend it is measured against (WASM rows at equal threads). */
const COUNTERPART: Partial<Record<BackendId, string>> = { wasm: 'tfjs-wasm', webgpu: 'tfjs-webgpu', webgl: 'tfjs-webgl' };
const WANTED = ['tfjs-wasm', 'wasm', 'tfjs-webgpu', 'webgpu', 'tfjs-webgl', 'webgl'];
const WASM_ROWS = new Set(['wasm', 'tfjs-wasm']);

const problem = appProblem();
if (problem) throw new Error(problem);
const known = backendIds();
const backends = WANTED.filter((b) => known.includes(b));
const models = args.models.split(',');

const reports: BenchExport[] = [];
const app = await openApp();
try {
  const page = await app.newPage();
  for (const model of models) {
    const { report, summary } = await runComparison(page, app.base, {
      model, backends, threads: THREADS, warmup: args.warmup, runs: args.runs, synthetic: true, timeoutSeconds: Number(args.timeout), log: (line: string) => console.error(line),
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
  rows.find((r) => r.backend === COUNTERPART[row.backend] && !r.error && (!WASM_ROWS.has(r.backend) || r.threads === row.threads));

function ratioCell(row: BenchResult, rows: BenchResult[]): string {
  if (rowFramework(row) !== 'onnxruntime-web' || row.error) return '';
  const tf = counterpartOf(row, rows);
  if (!tf) return `no ${COUNTERPART[row.backend]}${WASM_ROWS.has(row.backend) ? ` ×${row.threads}` : ''} row`;
  // ORT's median over TF.js's: below 1 the ONNX conversion on ORT is faster.
  const { ratio, ci95 } = speedupOfMedians(row.runsMs, tf.runsMs);
  return `${ratio.toFixed(2)}× (${ci95[0].toFixed(2)}–${ci95[1].toFixed(2)})`;
}

function parityCell(row: BenchResult): string {
  if (!row.parity) return row.error ? '' : 'reference';
  return `${row.parity.pass ? 'match' : 'MISMATCH'}, max abs ${sci(row.parity.maxAbsDiff)}`;
}

/** Rows a model did not get: an error row's reason, or why the page planned none. */
function unavailable(report: BenchExport): string[] {
  const lines = report.results.filter((r) => r.error).map((r) => `${rowTitle(r)}: ${r.error}`);
  for (const backend of WANTED) {
    const threads = WASM_ROWS.has(backend) ? THREADS : [null];
    for (const t of threads) {
      if (report.results.some((r) => r.backend === backend && (t === null || r.threads === t))) continue;
      const name = `${backend}${t === null ? '' : ` ×${t}`}`;
      lines.push(`${name}: ${known.includes(backend) ? 'not run: this build plans no such row (TF.js WASM runs on one thread until its threaded build lands)' : 'not in this build (no such backend id yet)'}`);
    }
  }
  return lines;
}

// Pairs side by side: ORT then TF.js, WASM ×1, WASM ×2, then WebGPU, then WebGL.
const family = (r: BenchResult) => (WASM_ROWS.has(r.backend) ? r.threads : r.backend.includes('webgpu') ? 100 : 200);
const byOrder = (a: BenchResult, b: BenchResult) => family(a) - family(b) || Number(rowFramework(a) === 'tensorflow.js') - Number(rowFramework(b) === 'tensorflow.js');
const table = [
  '| model | runtime | backend | threads | median ms | p90 ms | load ms | first run ms | ORT / TF.js (95% CI) | parity with TF.js WASM ×1 |',
  '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ...reports.flatMap((report) =>
    report.results
      .filter((r) => !r.error)
      .sort(byOrder)
      .map((r) => `| ${report.model.id} | ${FRAMEWORK_TITLES[rowFramework(r)]} ${r.frameworkVersion ?? ''} | ${BACKENDS[r.backend].title} | ${WASM_ROWS.has(r.backend) ? r.threads : '–'} | ${ms(r.stats?.median)} | ${ms(r.stats?.p90)} | ${ms(r.sessionCreateMs, 0)} | ${ms(r.firstRunMs, 0)} | ${ratioCell(r, report.results)} | ${parityCell(r)} |`),
  ),
];
const missing = reports.flatMap((report) => unavailable(report).map((line) => `- ${report.model.id}: ${line}`));
const env = reports[0].environment;
const adapter = env.webgpuAdapter ? `${env.webgpuAdapter.vendor} ${env.webgpuAdapter.architecture}${env.webgpuAdapter.isFallbackAdapter ? ' (a fallback adapter: GPU work emulated on the CPU, so no GPU benchmark)' : ''}` : 'none';
console.log(`\n${table.join('\n')}\n\nUnavailable:\n${missing.join('\n')}`);

if (!args['no-write']) {
  const section = `<!-- frameworks -->
## TensorFlow.js against ONNX Runtime Web, backend by backend

Measured by \`npm run bench:frameworks\` on ${new Date().toISOString().slice(0, 10)}, in one browser session on this machine:
${cpus().length} cores (shared and possibly busy: compare the ratios within this run, not the absolute times across
runs), ${env.userAgent}, cross-origin isolated: ${env.crossOriginIsolated}, WebGPU adapter: ${adapter}.
Each gallery TF.js model ran in one benchmark on the app's comparison page: the TF.js original on
TensorFlow.js's backends and its ONNX conversion on onnxruntime-web's, each row in its own worker,
${reports[0].settings.warmupRuns} warm-up runs each, then ${reports[0].settings.timedRuns} timed runs alternating across all rows, on the same
seeded synthetic input. The page's "What each figure includes" says what load, first run and the
timed runs cover (timed runs: execute plus readback of every output on both runtimes).

${table.join('\n')}

- **ORT / TF.js**: the ONNX Runtime row's median over its TensorFlow.js counterpart's (WASM at the
  same thread count, WebGPU against WebGPU, WebGL against WebGL), with the 95% bootstrap interval of
  that ratio; below 1× the conversion on ONNX Runtime is faster. Both from the same run.
- **parity**: every output against TF.js WASM ×1 (the original on TensorFlow.js's CPU backend).

Not measured:

${missing.join('\n')}
<!-- /frameworks -->
`;
  writeMarkedSection(resolve(root, 'docs', 'PERFORMANCE.md'), 'frameworks', section);
  console.log('\nwrote its section of docs/PERFORMANCE.md');
}
