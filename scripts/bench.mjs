#!/usr/bin/env node
// Headless benchmark: serves the production build (dist/), opens Debian's Chromium with WebGPU
// enabled, and drives the app's own "Compare backends" page, the same engine the UI uses. Prints a
// table and writes the page's JSON export.
//
//   npm run bench -- --model <gallery id | path.onnx> [--image <file>] [--backends wasm,webgpu]
//                    [--threads 1,4] [--warmup 3] [--runs 30] [--seconds 0] [--synthetic] [--json out.json]
//                    [--profile]   (then also time by operator, from onnxruntime's profiling: bench-profile.mjs)
// Classifiers take the sample dog.jpg unless --image or --synthetic says otherwise.
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync, statSync } from 'node:fs';
import { resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createServer } from 'node:net';
import { profileOnModelPage, printProfile } from './bench-profile.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// tfjs-wasm: TensorFlow.js's WASM backend on the model's TF.js original (gallery TF.js models only).
const BACKEND_IDS = ['wasm', 'webgpu', 'webgpu-jsep', 'webgl', 'webnn', 'tfjs-wasm', 'tfjs-webgl'];

function fail(message) {
  console.error(`bench: ${message}`);
  process.exit(2);
}

let args;
try {
  args = parseArgs({
    options: {
      model: { type: 'string' },
      image: { type: 'string' },
      backends: { type: 'string', default: 'wasm,webgpu' },
      threads: { type: 'string' },
      warmup: { type: 'string', default: '3' },
      runs: { type: 'string', default: '30' },
      seconds: { type: 'string', default: '0' },
      json: { type: 'string' },
      bare: { type: 'boolean', default: false },
      synthetic: { type: 'boolean', default: false },
      timeout: { type: 'string', default: '600' },
      quiet: { type: 'boolean', default: false },
      profile: { type: 'boolean', default: false },
    },
    strict: true,
  }).values;
} catch (error) {
  fail(`${error.message}. Usage: npm run bench -- --model <id|file.onnx> [--image f] [--backends wasm,webgpu] [--threads 1,4] [--warmup 3] [--runs 30] [--json out.json]`);
}

// Check every argument before starting anything, and say exactly what is wrong.
if (!args.model) fail('--model is required: a gallery model id (e.g. mobilenetv2-12-int8) or a path to an .onnx file');
const manifest = JSON.parse(readFileSync(resolve(root, 'assets.manifest.json'), 'utf8'));
const converted = JSON.parse(readFileSync(resolve(root, 'src', 'tasks', 'converted-models.json'), 'utf8')).models;
// The manifest's pinned models, then the TF.js models converted at setup (scripts/convert-gallery.ts).
const galleryIds = [...manifest.files.filter((f) => f.kind === 'models').map((f) => f.file.replace(/\.onnx$/, '')), ...converted.map((m) => m.id)];
const modelIsFile = args.model.endsWith('.onnx') || args.model.includes('/');
if (modelIsFile && !existsSync(args.model)) fail(`model file not found: ${args.model}`);
if (!modelIsFile && !galleryIds.includes(args.model)) fail(`unknown model "${args.model}": use a path to an .onnx file or one of ${galleryIds.join(', ')}`);
if (args.image && !existsSync(args.image)) fail(`image file not found: ${args.image}`);
if (args.image && args.synthetic) fail('--image and --synthetic exclude each other: pick one input');
const backends = args.backends.split(',').map((s) => s.trim()).filter(Boolean);
const unknown = backends.filter((b) => !BACKEND_IDS.includes(b));
if (unknown.length) fail(`unknown backend ${unknown.join(', ')}: choose from ${BACKEND_IDS.join(', ')}`);
const threads = args.threads?.split(',').map(Number);
if (threads && threads.some((t) => !Number.isInteger(t) || t < 1)) fail(`--threads must be positive integers, got "${args.threads}"`);
for (const name of ['warmup', 'runs', 'seconds']) {
  if (!/^\d+(\.\d+)?$/.test(args[name])) fail(`--${name} must be a non-negative number, got "${args[name]}"`);
}
if (Number(args.runs) < 1) fail('--runs must be at least 1');
if (!existsSync(resolve(root, 'dist', 'index.html'))) fail('dist/ is missing: run `npm run build` first (npm run bench does)');
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(executablePath)) fail(`Chromium not found at ${executablePath}: apt-get install chromium, or set CHROMIUM_PATH`);

/**
 * The first of two waits to finish. The loser is still pending and rejects when the browser closes:
 * left unhandled, that rejection made Node exit with code 1 after a successful run.
 */
function firstOf(...waits) {
  for (const wait of waits) wait.catch(() => undefined);
  return Promise.race(waits);
}

function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
    server.on('error', reject);
  });
}

const port = await freePort();
const base = `http://127.0.0.1:${port}/`;
const server = spawn(process.execPath, [resolve(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'preview', '--port', String(port), '--strictPort', '--host', '127.0.0.1'], {
  cwd: root,
  stdio: 'ignore',
});
let browser;
const log = (line) => args.quiet || console.error(line);
try {
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(base)).ok) break;
    } catch {
      if (i > 100) throw new Error('the preview server did not start');
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  browser = await chromium.launch({ executablePath, args: ['--enable-unsafe-webgpu', '--disable-quic'] });
  // The offline cache would download 20 MB during the measurement.
  const page = await browser.newPage({ serviceWorkers: 'block' });
  const params = new URLSearchParams({ view: 'compare', backends: backends.join(','), warmup: args.warmup, runs: args.runs, seconds: args.seconds });
  if (!modelIsFile) params.set('model', args.model);
  if (threads) params.set('threads', threads.join(','));
  if (args.bare) params.set('bare', '1');
  if (args.synthetic) params.set('input', 'synthetic');
  if (!modelIsFile && !args.image) params.set('autorun', '1');
  await page.goto(`${base}?${params}`);
  const runButton = page.getByRole('button', { name: 'Run benchmark' });
  if (modelIsFile) {
    // A file is opened on the Model page, read there, then taken to the comparison (which keeps the plan above).
    await page.getByRole('navigation', { name: 'Pages' }).getByRole('button', { name: 'Model', exact: true }).click();
    await page.getByLabel('Open an ONNX model').setInputFiles(resolve(args.model));
    const compare = page.getByRole('button', { name: 'Compare backends on this model' });
    await firstOf(compare.waitFor({ timeout: 60_000 }), page.getByRole('alert').waitFor({ timeout: 60_000 }));
    if (await page.getByRole('alert').isVisible()) throw new Error(await page.getByRole('alert').innerText());
    await compare.click();
  }
  if (args.image) {
    const picker = page.getByLabel('Choose an image');
    if (!(await picker.count())) throw new Error(`--image applies to ImageNet classifiers only; ${args.model} takes synthetic input`);
    await picker.setInputFiles(resolve(args.image));
  }
  const table = page.getByRole('table', { name: 'Benchmark results' });
  const alert = page.getByRole('alert');
  const progress = page.getByRole('status', { name: 'Benchmark progress' });
  // The page runs the chosen model once it has read it, however early Run is pressed.
  if (modelIsFile || args.image) await runButton.click();
  log(`bench: ${args.model} on ${backends.join(', ')}${threads ? ` (threads ${threads.join(',')})` : ''}...`);
  try {
    await firstOf(table.waitFor({ timeout: Number(args.timeout) * 1000 }), alert.waitFor({ timeout: Number(args.timeout) * 1000 }));
  } catch (error) {
    // Say where it stopped: the page's progress line names the phase and backend.
    const where = (await progress.count()) ? ` (last progress: ${(await progress.innerText()).replace(/\s+/g, ' ')})` : '';
    throw new Error(`no result within ${args.timeout} s${where}`);
  }
  if (await alert.isVisible()) throw new Error(await alert.innerText());
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export JSON' }).click();
  const report = JSON.parse(readFileSync(await (await download).path(), 'utf8'));
  printTable(report);
  // Both frameworks measured: the page's one-sentence comparison.
  const summary = page.getByTestId('framework-summary');
  if (await summary.count()) console.log(await summary.innerText());
  if (args.profile) {
    log('bench: profiling on the Model page...');
    // A file stays open on the Model page; a gallery model is opened there by its address.
    if (modelIsFile) await page.getByRole('navigation', { name: 'Pages' }).getByRole('button', { name: 'Model', exact: true }).click();
    else await page.goto(`${base}?view=model&model=${encodeURIComponent(args.model)}`);
    report.profile = await profileOnModelPage(page, backends, Number(args.timeout) * 1000);
    printProfile(report.profile);
  }
  if (args.json) {
    writeFileSync(args.json, JSON.stringify(report, null, 2) + '\n');
    log(`bench: wrote ${args.json}`);
  }
} catch (error) {
  console.error(`bench: ${error.message.split('\n')[0]}`);
  process.exitCode = 1;
} finally {
  await browser?.close();
  server.kill();
}

function printTable(report) {
  const f = (v, d = 1) => (v === null || v === undefined ? '-' : Number(v).toFixed(d));
  // Threads run the model on WASM only: a GPU row's count is that of its CPU fallback (WebGL2 has none).
  const threads = (r) => (r.backend === 'wasm' || r.backend === 'tfjs-wasm' ? String(r.threads) : r.cpuFallbackThreads ? `${r.cpuFallbackThreads} (cpu fallback)` : '-');
  const rows = report.results.map((r) => [
    r.backend,
    threads(r),
    f(r.sessionCreateMs, 0),
    f(r.firstRunMs),
    f(r.stats?.median),
    f(r.stats?.p90),
    f(r.stats?.stddev),
    r.speedupVsWasm ? `${f(r.speedupVsWasm.ratio, 2)} [${f(r.speedupVsWasm.ci95[0], 2)}-${f(r.speedupVsWasm.ci95[1], 2)}]` : '-',
    r.parity ? (r.parity.pass ? 'ok' : 'MISMATCH') + ` ${Number(r.parity.maxAbsDiff ?? NaN).toExponential(1)}` : '-',
    r.native ? (r.native.pass ? 'ok' : 'DIFFERS') + ` ${Number(r.native.maxAbsDiff ?? NaN).toExponential(1)}` : '-',
    r.placement ? `${r.placement.gpuNodes}/${r.placement.cpuNodes}` : '-',
    r.error ? r.error.slice(0, 60) : '',
  ]);
  const head = ['backend', 'threads', 'session', 'first', 'median', 'p90', 'sd', 'speedup vs wasm [95% CI]', 'parity', 'native', 'gpu/cpu', 'error'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  console.log(`${report.model.id} · ${report.input.kind} "${report.input.name}" · onnxruntime-web ${report.environment.ort} · ${report.environment.hardwareConcurrency} cores · times in ms`);
  console.log(line(head));
  for (const r of rows) console.log(line(r));
}
