// What the benchmark scripts share: the model ids the app knows, the built app served by
// `vite preview` in Debian's Chromium, and one run of its "Compare backends" page read back as the
// page's own JSON export. Used by scripts/bench.mjs (one model) and scripts/bench-frameworks.ts
// (every gallery TF.js model, in one browser). It imports the app's TypeScript (what a row's threads
// mean comes from the backend table), so it runs under tsx.
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { resolve, dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from 'node:net';
import { rowFramework, threadUse } from '../../src/engine/bench/report.ts';
import { defaultVariant, groupVariants } from '../../src/engine/hub/variants.ts';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The gallery TF.js models converted to ONNX at setup (scripts/convert-gallery.ts). */
export function convertedModelIds() {
  return JSON.parse(readFileSync(resolve(root, 'src', 'tasks', 'converted-models.json'), 'utf8')).models.map((m) => m.id);
}

/** Every gallery model id: the manifest's pinned ONNX models, then the converted TF.js ones. */
export function galleryModelIds() {
  const manifest = JSON.parse(readFileSync(resolve(root, 'assets.manifest.json'), 'utf8'));
  return [...manifest.files.filter((f) => f.kind === 'models').map((f) => f.file.replace(/\.onnx$/, '')), ...convertedModelIds()];
}

/**
 * A folder in the Hugging Face hub's layout (onnx/model.onnx, onnx/model_quantized.onnx...,
 * config.json): its variants, named as the hub's are (groupVariants), and config.json's vocab_size.
 * Models with external data (.onnx_data) are refused: the page takes one file a variant here.
 */
export function readModelFolder(folder) {
  const files = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else files.push({ path: relative(folder, path).split(sep).join('/'), bytes: statSync(path).size });
    }
  };
  walk(folder);
  const variants = groupVariants(files);
  if (variants.length === 0) throw new Error(`${folder} holds no .onnx file (a hub repository keeps them under onnx/)`);
  if (variants.some((v) => v.parts.length > 1 || v.parts[0].externalData.length > 0)) throw new Error(`${folder}: models in several files (parts or .onnx_data) are not benchmarked from a folder yet; pass one .onnx file`);
  const configPath = join(folder, 'config.json');
  const vocabularySize = existsSync(configPath) ? (JSON.parse(readFileSync(configPath, 'utf8')).vocab_size ?? null) : null;
  return { variants: variants.map((v) => ({ name: v.name, path: v.parts[0].file.path, bytes: v.bytes })), defaultName: defaultVariant(variants).name, vocabularySize };
}

/** Why the app cannot be driven here, or null. */
export function appProblem() {
  if (!existsSync(resolve(root, 'dist', 'index.html'))) return 'dist/ is missing: run `npm run build` first (npm run bench does)';
  if (!existsSync(chromiumPath())) return `Chromium not found at ${chromiumPath()}: apt-get install chromium, or set CHROMIUM_PATH`;
  return null;
}

const chromiumPath = () => process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * The first of two waits to finish. The loser is still pending and rejects when the browser closes:
 * left unhandled, that rejection made Node exit with code 1 after a successful run.
 */
export function firstOf(...waits) {
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

/**
 * Serves dist/ on a free port and opens Chromium with WebGPU enabled. `close()` ends both; call it in
 * a finally.
 */
export async function openApp() {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}/`;
  const server = spawn(process.execPath, [resolve(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'preview', '--port', String(port), '--strictPort', '--host', '127.0.0.1'], {
    cwd: root,
    stdio: 'ignore',
  });
  let browser;
  const close = async () => {
    await browser?.close();
    server.kill();
  };
  try {
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(base)).ok) break;
      } catch {
        if (i > 100) throw new Error('the preview server did not start');
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--enable-unsafe-webgpu', '--disable-quic'] });
  } catch (error) {
    await close();
    throw error;
  }
  // The offline cache would download 20 MB during the measurement.
  const newPage = () => browser.newPage({ serviceWorkers: 'block' });
  return { base, browser, newPage, close };
}

/**
 * One benchmark on the app's comparison page, as a user would run it: the plan goes in the URL (a
 * model file is opened on the Model page first), the result comes back through "Export JSON".
 * Returns the export and the page's one-sentence framework comparison (null without both frameworks).
 */
export async function runComparison(page, base, plan) {
  const { model, modelFile = null, folder = null, hub = null, text = null, image = null, backends, threads = null, warmup, runs, seconds = '0', bare = false, synthetic = false, timeoutSeconds, log = () => {} } = plan;
  const { variants = null, batch = null, seq = null } = plan;
  const params = new URLSearchParams({ view: 'compare', backends: backends.join(','), warmup: String(warmup), runs: String(runs), seconds: String(seconds) });
  if (folder) {
    // A folder in the hub's layout: its files at addresses of the app's own origin (the page's
    // content security policy allows no other), opened as the page opens a model from an address.
    const read = readModelFolder(folder);
    const at = (path) => new URL(`bench-files/${path}`, base).href;
    await page.route(`${base}bench-files/**`, (route) => route.fulfill({ body: readFileSync(join(folder, decodeURIComponent(new URL(route.request().url()).pathname.replace(/^.*?bench-files\//, '')))), contentType: 'application/octet-stream' }));
    const own = read.variants.find((v) => v.name === (variants?.[0] ?? read.defaultName)) ?? read.variants[0];
    params.set('modelUrl', at(own.path));
    for (const v of read.variants) params.append('variantUrl', `${v.name}:${at(v.path)}`);
    if (read.vocabularySize) params.set('vocab', String(read.vocabularySize));
    params.set('variants', (variants ?? read.variants.map((v) => v.name)).join(','));
  } else if (hub) {
    // A hub repository: the page lists it and downloads its variants from the hub the build was made for.
    params.set('hub', hub.repo);
    if (hub.revision) params.set('revision', hub.revision);
  } else if (!modelFile) params.set('model', model);
  if (variants && !folder) params.set('variants', variants.join(','));
  if (batch) params.set('batch', String(batch));
  if (seq) params.set('seq', String(seq));
  if (threads) params.set('threads', threads.join(','));
  if (bare) params.set('bare', '1');
  if (text !== null) {
    params.set('input', 'text');
    params.set('text', text);
  } else if (synthetic || folder || hub) params.set('input', 'synthetic');
  if (!modelFile && !image) params.set('autorun', '1');
  await page.goto(`${base}?${params}`);
  const runButton = page.getByRole('button', { name: 'Run benchmark' });
  if (modelFile) {
    // A file is opened on the Model page, read there, then taken to the comparison (which keeps the plan above).
    await page.getByRole('navigation', { name: 'Pages' }).getByRole('button', { name: 'Model', exact: true }).click();
    await page.getByLabel('Open an ONNX model').setInputFiles(resolve(modelFile));
    const compare = page.getByRole('button', { name: 'Compare backends on this model' });
    await firstOf(compare.waitFor({ timeout: 60_000 }), page.getByRole('alert').waitFor({ timeout: 60_000 }));
    if (await page.getByRole('alert').isVisible()) throw new Error(await page.getByRole('alert').innerText());
    await compare.click();
  }
  if (image) {
    const picker = page.getByLabel('Choose an image');
    if (!(await picker.count())) throw new Error(`--image applies to ImageNet classifiers only; ${model} takes synthetic input`);
    await picker.setInputFiles(resolve(image));
  }
  const table = page.getByRole('table', { name: 'Benchmark results' });
  const alert = page.getByRole('alert');
  const progress = page.getByRole('status', { name: 'Benchmark progress' });
  // The page runs the chosen model once it has read it, however early Run is pressed.
  if (modelFile || image) await runButton.click();
  log(`bench: ${model} on ${backends.join(', ')}${threads ? ` (threads ${threads.join(',')})` : ''}...`);
  try {
    // The page may show more than one alert (the model's and the run's): the first one is enough to stop.
    await firstOf(table.waitFor({ timeout: timeoutSeconds * 1000 }), alert.first().waitFor({ timeout: timeoutSeconds * 1000 }));
  } catch {
    // Say where it stopped: the page's progress line names the phase and backend.
    const where = (await progress.count()) ? ` (last progress: ${(await progress.innerText()).replace(/\s+/g, ' ')})` : '';
    throw new Error(`no result within ${timeoutSeconds} s${where}`);
  }
  if (await alert.count()) throw new Error((await alert.allInnerTexts()).at(-1));
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export JSON' }).click();
  const report = JSON.parse(readFileSync(await (await download).path(), 'utf8'));
  const summary = page.getByTestId('framework-summary');
  const variantSummary = page.getByTestId('variant-summary');
  return { report, summary: (await summary.count()) ? await summary.innerText() : null, variantSummary: (await variantSummary.count()) ? await variantSummary.innerText() : null };
}

/** The export as a plain-text table, one line per backend, times in ms. */
export function formatTable(report) {
  const f = (v, d = 1) => (v === null || v === undefined ? '-' : Number(v).toFixed(d));
  // Threads run the model on WASM only: a GPU row's count is that of its CPU fallback (WebGL2 has none).
  const threads = (r) => (threadUse(r).model !== null ? String(r.threads) : r.cpuFallbackThreads ? `${r.cpuFallbackThreads} (cpu fallback)` : '-');
  const parityAgainst = (r) => (r.parityReference ? ` vs ${r.parityReference.variant ? `${r.parityReference.variant} ` : ''}${r.parityReference.backend} x${r.parityReference.threads}` : '');
  const variants = report.results.some((r) => r.variant);
  const tokens = report.results.some((r) => r.tokensPerSecond !== undefined);
  const rows = report.results.map((r) => [
    ...(variants ? [r.variant ?? '-'] : []),
    r.backend,
    `${rowFramework(r)} ${r.frameworkVersion ?? ''}`.trim(),
    threads(r),
    f(r.sessionCreateMs, 0),
    f(r.firstRunMs),
    f(r.stats?.median),
    f(r.stats?.p90),
    f(r.stats?.stddev),
    ...(tokens ? [r.tokensPerSecond === undefined || r.tokensPerSecond === null ? '-' : f(r.tokensPerSecond, 0)] : []),
    r.speedupVsWasm ? `${f(r.speedupVsWasm.ratio, 2)} [${f(r.speedupVsWasm.ci95[0], 2)}-${f(r.speedupVsWasm.ci95[1], 2)}]` : '-',
    r.parity ? (r.parity.pass ? 'ok' : 'MISMATCH') + ` ${Number(r.parity.maxAbsDiff ?? NaN).toExponential(1)} cos ${Number(r.parity.cosine ?? NaN).toFixed(4)}${r.parity.judgedBy === 'top-label-and-cosine' ? ' (top label + cosine)' : ''}${parityAgainst(r)}` : '-',
    r.native ? (r.native.pass ? 'ok' : 'DIFFERS') + ` ${Number(r.native.maxAbsDiff ?? NaN).toExponential(1)}` : '-',
    r.placement ? `${r.placement.gpuNodes}/${r.placement.cpuNodes}` : '-',
    r.error ? r.error.slice(0, 60) : '',
  ]);
  const head = [...(variants ? ['variant'] : []), 'backend', 'framework', 'threads', 'load', 'first', 'median', 'p90', 'sd', ...(tokens ? ['tokens/s'] : []), 'speedup vs wasm [95% CI]', 'parity', 'native', 'gpu/cpu', 'error'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  return [
    `${report.model.id} · ${report.input.kind} "${report.input.name}" · onnxruntime-web ${report.environment.ort} · ${report.environment.hardwareConcurrency} cores · times in ms`,
    line(head),
    ...rows.map(line),
  ].join('\n');
}

/** Replaces the section between `<!-- name -->` and `<!-- /name -->` in a document (appends it the first time). */
export function writeMarkedSection(file, name, section) {
  const doc = readFileSync(file, 'utf8');
  const marked = new RegExp(`<!-- ${name} -->[\\s\\S]*<!-- /${name} -->\\n?`);
  writeFileSync(file, marked.test(doc) ? doc.replace(marked, () => section) : `${doc.trimEnd()}\n\n${section}`);
}
