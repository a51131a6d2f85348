#!/usr/bin/env node
// A benchmark (not a test): the hub fixture models (tests/hub-fixtures/fixtures: a BERT-like text
// classifier and a MiniLM-like encoder, each fp32 and q8) as variants x backends on the app's own
// comparison page: fp32 and q8 on WASM ×1 and ×2 at batch 1 x seq 128, every row checked against fp32
// on WASM ×1. Writes the table into docs/PERFORMANCE.md (section "variants").
//
//   npm run bench:variants [-- --runs 30 --seq 128 --no-write]
//
// WebGPU is left out: on a machine without a GPU Chromium's WebGPU is SwiftShader, a CPU emulation
// that measures no GPU.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { register } from 'tsx/esm/api';

register();
const { appProblem, openApp, root, runComparison, writeMarkedSection } = await import('./lib/bench-app.mjs');
const { variantRowTitle } = await import('../src/engine/bench/variant-plan.ts');
const { speedupBaseline } = await import('../src/engine/bench/report.ts');

const args = parseArgs({ options: { runs: { type: 'string', default: '30' }, warmup: { type: 'string', default: '3' }, seq: { type: 'string', default: '128' }, 'no-write': { type: 'boolean', default: false } } }).values;
const problem = appProblem();
if (problem) {
  console.error(`bench-variants: ${problem}`);
  process.exit(2);
}

const MODELS = ['tiny-bert-sentiment', 'tiny-minilm'];
const fmt = (v, digits = 1) => (v === null || v === undefined || !Number.isFinite(v) ? '–' : v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }));
const app = await openApp();
const reports = [];
try {
  for (const model of MODELS) {
    const page = await app.newPage();
    const { report, variantSummary } = await runComparison(page, app.base, {
      model,
      folder: resolve(root, 'tests', 'hub-fixtures', 'fixtures', model),
      variants: ['fp32', 'q8'],
      backends: ['wasm'],
      threads: [1, 2],
      seq: Number(args.seq),
      warmup: args.warmup,
      runs: args.runs,
      timeoutSeconds: 600,
      log: (line) => console.error(line),
    });
    reports.push({ model, report, sentence: variantSummary });
    await page.close();
  }
} finally {
  await app.close();
}

const rows = reports.flatMap(({ model, report }) => {
  const baseline = speedupBaseline(report.results);
  return report.results.map((r) => {
    const speedup = r === baseline ? '1 (baseline)' : r.speedupVsWasm ? `${r.speedupVsWasm.ratio.toFixed(2)}× (${r.speedupVsWasm.ci95[0].toFixed(2)}–${r.speedupVsWasm.ci95[1].toFixed(2)})` : '–';
    const parity = r.parity ? `${r.parity.pass ? 'pass' : 'FAIL'}: cos ${r.parity.cosine.toFixed(4)}, max abs ${r.parity.maxAbsDiff.toExponential(1)}${r.parity.top1Agree === null ? '' : `, top label ${r.parity.top1Agree ? 'same' : 'DIFFERENT'}`}${r.parity.judgedBy === 'top-label-and-cosine' ? ` (judged by ${r.parity.top1Agree === null ? 'cosine' : 'top label + cosine'})` : ''}` : r.error ?? '–';
    return `| ${model} | ${variantRowTitle(r)} | ${fmt(r.stats?.median, 2)} | ${fmt(r.stats?.p90, 2)} | ${fmt(r.tokensPerSecond, 0)} | ${fmt(r.stats?.runsPerSecond)} | ${fmt(r.sessionCreateMs, 0)} | ${fmt(r.firstRunMs)} | ${speedup} | ${parity} |`;
  });
});
const env = reports[0].report.environment;
const table = [
  '| model | variant on backend | median ms | p90 ms | tokens/s | runs/s | load ms | first run ms | speedup vs fp32 WASM ×1 (95% CI) | parity with fp32 on WASM ×1 |',
  '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ...rows,
];
const sentences = reports.map(({ model, sentence }) => `- ${model}: ${sentence ?? 'no sentence (fewer than two variants ran)'}`);
console.log(`\n${table.join('\n')}\n\n${sentences.join('\n')}`);

if (!args['no-write']) {
  const section = `<!-- variants -->
## Variants x backends: the hub fixture models

\`npm run bench:variants\` (scripts/bench-variants.mjs) runs the two generated hub repositories of
\`tests/hub-fixtures\` (random weights, 2 layers, hidden size 96: small, so times are dominated by
per-run overhead, not arithmetic) on the app's comparison page, as \`npm run bench -- --model <folder>
--variants fp32,q8 --backends wasm --threads 1,2 --seq ${args.seq}\` would: synthetic input at batch 1 x
seq ${args.seq} (ids below config.json's vocab_size, mask all ones), ${args.warmup} warm-up and ${args.runs} timed runs
a row, interleaved. q8 is \`onnx/model_quantized.onnx\` (weight-only int8); it is judged against fp32
on WASM ×1 by the same top label and a cosine of at least 0.99, its max difference shown, not judged.

Measured ${new Date().toISOString().slice(0, 10)} on a 2-core CPU with no GPU (${env.hardwareConcurrency} cores seen by
the browser), Chromium, onnxruntime-web ${env.ort}, cross-origin isolated: ${env.crossOriginIsolated ? 'yes' : 'no'}.
WebGPU rows are left out: WebGPU here is SwiftShader, a software emulation on the CPU. The machine
was shared with other work while it ran, so the intervals are wide (p90 well above the median): read
"no clear difference" where an interval holds 1. The encoder (tiny-minilm) has no logits, so its
q8 rows are judged by cosine alone. Another machine (and other models) will give other figures: run
the script there.

${table.join('\n')}

What the page said:

${sentences.join('\n')}
<!-- /variants -->
`;
  writeMarkedSection(resolve(root, 'docs', 'PERFORMANCE.md'), 'variants', section);
  console.error('bench-variants: wrote docs/PERFORMANCE.md');
}
