#!/usr/bin/env node
// Headless benchmark: serves the production build (dist/), opens Debian's Chromium with WebGPU
// enabled, and drives the app's own "Compare backends" page, the same engine the UI uses. Prints a
// table and writes the page's JSON export.
//
//   npm run bench -- --model <gallery id | path.onnx | folder in the hub's layout> [--image <file>] [--backends wasm,webgpu]
//                    [--threads 1,4] [--warmup 3] [--runs 30] [--seconds 0] [--synthetic] [--json out.json]
//                    [--variants fp32,q8] [--batch 1] [--seq 128]
//   npm run bench -- --hub <repo id> [--revision main] [--variants fp32,q8] [--text "..."] ...   (a Hugging Face hub model;
//                    HUB_ENDPOINT / HUB_CDN_ORIGINS at build and run time point it at another hub)
//                    [--profile]   (then also time by operator, from onnxruntime's profiling: bench-profile.mjs)
// --variants runs variants x backends (a folder's onnx/ files, named as the hub names them; a gallery
// model held in several variants); every row is compared with fp32 on WASM x1. --batch and --seq
// size a token model's synthetic input (one value each).
// Classifiers take the sample dog.jpg unless --image or --synthetic says otherwise.
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { register } from 'tsx/esm/api';

// The app's modules are TypeScript: under plain `node scripts/bench.mjs` (as the end-to-end tests and
// bench-perf.mjs run it) tsx is registered here, before they are imported.
register();
const { appProblem, formatTable, galleryModelIds, openApp, readModelFolder, runComparison } = await import('./lib/bench-app.mjs');
const { parseVariantName } = await import('../src/engine/hub/variants.ts');
const { profileOnModelPage, printProfile } = await import('./bench-profile.mjs');
// The app's ids, tfjs-* included (TensorFlow.js backends run the model's TF.js original).
const { BACKEND_IDS } = await import('../src/engine/backends/backend-id.ts');

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
      variants: { type: 'string' },
      batch: { type: 'string' },
      seq: { type: 'string' },
      // A repository on the Hugging Face hub (or the one HUB_ENDPOINT names at build time), by id.
      hub: { type: 'string' },
      revision: { type: 'string', default: '' },
      // Typed text instead of synthetic tokens (a hub model: tokenized with its own tokenizer).
      text: { type: 'string' },
    },
    strict: true,
  }).values;
} catch (error) {
  fail(`${error.message}. Usage: npm run bench -- --model <id|file.onnx> [--image f] [--backends wasm,webgpu] [--threads 1,4] [--warmup 3] [--runs 30] [--json out.json]`);
}

// Check every argument before starting anything, and say exactly what is wrong.
if (args.hub && args.model) fail('--hub and --model exclude each other: a hub repository or a model here, not both');
if (args.hub && !/^[\w.-]+\/[\w.-]+$/.test(args.hub)) fail(`--hub takes a repository id such as Xenova/all-MiniLM-L6-v2, got "${args.hub}"`);
if (args.hub && args.image) fail('--image applies to ImageNet classifiers from the gallery; a hub model takes synthetic input (--batch, --seq)');
if (args.text !== undefined && !args.hub) fail('--text feeds a hub model (tokenized with its repository\'s tokenizer): use it with --hub');
if (args.text !== undefined && !args.text.trim()) fail('--text is empty: give the text to feed the model');
if (args.hub) args.model = args.hub;
else if (!args.model) fail('--model is required: a gallery model id (e.g. mobilenetv2-12-int8), a path to an .onnx file, or a folder in the hub\'s layout');
const galleryIds = galleryModelIds();
const modelIsPath = !args.hub && (args.model.endsWith('.onnx') || args.model.includes('/'));
if (modelIsPath && !existsSync(args.model)) fail(`model file not found: ${args.model}`);
const folder = modelIsPath && statSync(args.model).isDirectory() ? args.model : null;
const modelIsFile = modelIsPath && !folder;
let variants = null;
try {
  variants = args.variants ? args.variants.split(',').filter((s) => s.trim()).map(parseVariantName) : null;
  if (folder) {
    const offered = readModelFolder(folder).variants.map((v) => v.name);
    const missing = (variants ?? []).filter((v) => !offered.includes(v));
    if (missing.length) fail(`${folder} has no ${missing.join(', ')} variant: it has ${offered.join(', ')}`);
  }
} catch (error) {
  fail(error.message);
}
if (args.profile && folder) fail('--profile runs on one model file: pass the variant\'s .onnx file instead of the folder');
if (variants && modelIsFile) fail('--variants needs a gallery model held in several variants or a folder in the hub\'s layout, not one .onnx file');
for (const name of ['batch', 'seq']) {
  if (args[name] !== undefined && !/^[1-9]\d*$/.test(args[name])) fail(`--${name} must be one positive whole number, got "${args[name]}"`);
}
if (!args.hub && !modelIsPath && !galleryIds.includes(args.model)) fail(`unknown model "${args.model}": use a path to an .onnx file or one of ${galleryIds.join(', ')}`);
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
const problem = appProblem();
if (problem) fail(problem);

const log = (line) => args.quiet || console.error(line);
let app;
try {
  app = await openApp();
  const page = await app.newPage();
  const { report, summary, variantSummary } = await runComparison(page, app.base, {
    model: args.model,
    modelFile: modelIsFile ? args.model : null,
    folder,
    hub: args.hub ? { repo: args.hub, revision: args.revision } : null,
    text: args.text ?? null,
    variants,
    batch: args.batch ? Number(args.batch) : null,
    seq: args.seq ? Number(args.seq) : null,
    image: args.image ?? null,
    backends,
    threads,
    warmup: args.warmup,
    runs: args.runs,
    seconds: args.seconds,
    bare: args.bare,
    synthetic: args.synthetic,
    timeoutSeconds: Number(args.timeout),
    log,
  });
  console.log(formatTable(report));
  // Both frameworks measured: the page's one-sentence comparison.
  if (summary) console.log(summary);
  // Variants measured: the page's sentence naming the fastest.
  if (variantSummary) console.log(variantSummary);
  if (args.profile) {
    log('bench: profiling on the Model page...');
    // A file stays open on the Model page; a gallery model is opened there by its address.
    if (modelIsFile) await page.getByRole('navigation', { name: 'Pages' }).getByRole('button', { name: 'Model', exact: true }).click();
    else await page.goto(`${app.base}?view=model&model=${encodeURIComponent(args.model)}`);
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
  await app?.close();
}
