#!/usr/bin/env node
/**
 * A short pass of the production build in Firefox ESR, so that a Chromium-only regression cannot
 * land unseen: classify a sample photo (top-1 against the reference), a WASM comparison (its rows
 * finished and checked against native onnxruntime), a model opened on the Model page (its details),
 * and the advice beside each unavailable GPU backend fits Firefox (no chrome:// page, no Chromium flag).
 *
 * Driven through WebDriver BiDi with puppeteer-core (no browser download: Debian's firefox-esr), in
 * a fresh profile, against `vite preview` of dist/ (build it first: `npm run test:e2e` or `vite build`).
 * Env: FIREFOX_PATH (default /usr/bin/firefox-esr), FIREFOX_PORT (default 4195), FIREFOX_STEPS (some steps only).
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import puppeteer from 'puppeteer-core';

const ROOT = resolve(import.meta.dirname, '..', '..');
const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
const PORT = Number(process.env.FIREFOX_PORT ?? 4195);
const BASE = `http://127.0.0.1:${PORT}`;
const STEP_TIMEOUT_MS = 45_000;
const TOTAL_TIMEOUT_MS = 180_000;

const reference = JSON.parse(readFileSync(resolve(ROOT, 'tests', 'reference', 'classification-top5.json'), 'utf8')).results;
/** "malamute, malemute, Alaskan malamute" → "malamute", as the page shows it. */
const shortName = (label) => label.split(',')[0].trim();

class PassFailure extends Error {}
const fail = (message) => {
  throw new PassFailure(message);
};

const missing = !existsSync(FIREFOX)
  ? `${FIREFOX} is missing: install Debian's Firefox ESR (apt-get install firefox-esr) or set FIREFOX_PATH.`
  : !existsSync(resolve(ROOT, 'dist', 'index.html'))
    ? 'dist/ has no build: run `npx vite build` first (npm run test:e2e builds it).'
    : null;
if (missing) {
  console.error(`FIREFOX PASS FAILED: ${missing}`);
  process.exit(1);
}

/** Waits until `fn(arg)` in the page returns a truthy value; fails naming `what` and what the page shows. */
async function waitUntil(page, what, fn, arg, shown) {
  try {
    return await (await page.waitForFunction(fn, { timeout: STEP_TIMEOUT_MS, polling: 250 }, arg)).jsonValue();
  } catch (error) {
    const read = (fn) => page.evaluate(fn).catch((e) => `(page unreadable: ${e.message.split('\n')[0]})`);
    const seen = [shown && (await read(shown)), await read(alerts), await read(statuses)].filter(Boolean).join('; ');
    fail(`${what}: not seen within ${STEP_TIMEOUT_MS / 1000} s (${error.message.split('\n')[0]}). The page shows: ${seen}`);
  }
}

/** The page's alerts, for a failure message (runs in the page). */
const alerts = () => [...document.querySelectorAll('[role="alert"]')].map((e) => `alert: ${e.textContent.trim()}`).join(' | ') || 'no alert';

/** The page's live status lines (progress, "Loading…"), for a failure message (runs in the page). */
const statuses = () => [...document.querySelectorAll('[role="status"], [aria-live]')].map((e) => e.textContent.trim()).filter(Boolean).map((t) => `status: ${t.slice(0, 160)}`).join(' | ') || 'no status line';

/** The page's last console lines of any kind, printed with a failure (a hang reports no error). */
const consoleTail = [];

const steps = {
  async classify(page) {
    const expected = reference['mobilenetv2-12-int8'].dog[0];
    await page.goto(`${BASE}/`);
    await waitUntil(page, 'the default model to load ("Ready: session created")', () =>
      [...document.querySelectorAll('[role="status"]')].some((e) => e.textContent.includes('Ready: session created')));
    await page.click('ul[aria-label="Sample photos"] button[title="Dog, bicycle and truck"]');
    const [name, percent] = await waitUntil(
      page,
      `the top-5 for dog.jpg with "${shortName(expected.label)}" first`,
      (want) => {
        const first = document.querySelector('ol[aria-label="Top-5 predictions"] li');
        const name = first?.querySelector('.name')?.textContent.trim();
        return name === want && [name, first.querySelector('.p').textContent.trim()];
      },
      shortName(expected.label),
      () => `${document.querySelector('ol[aria-label="Top-5 predictions"]')?.innerText.replace(/\s+/g, ' ') ?? 'no predictions'}`,
    );
    const p = Number.parseFloat(percent);
    if (!(Math.abs(p - expected.p * 100) < 0.5)) fail(`dog.jpg: top-1 "${name}" at ${percent}, the reference gives ${(expected.p * 100).toFixed(1)}%.`);
    return `dog.jpg → ${name} ${percent} (reference ${(expected.p * 100).toFixed(1)}%)`;
  },

  // The comparison's table and both charts (Observable Plot, loaded once the table is there).
  async compare(page) {
    await page.goto(`${BASE}/?view=compare&model=mnist-8&backends=wasm&threads=1,2&warmup=1&runs=3&autorun=1`);
    const rows = await waitUntil(
      page,
      'the WASM comparison (1 and 2 threads) to finish, each row matching WASM x1 and native onnxruntime, and its two charts drawn',
      () => {
        const rows = [...document.querySelectorAll('table[aria-label="Benchmark results"] tbody tr')];
        const done = rows.length === 2 && rows.every((r) => /\bmatch\b/.test(r.textContent) && r.textContent.includes('matches native'));
        // The charts load their library after the table: wait for them, so the next step's navigation
        // cannot cut that import short (Firefox reports an import cut by a navigation as a page error).
        const charted = document.querySelectorAll('figure[aria-label="Run times per backend"] svg, figure[aria-label="Stage split per backend"] svg').length >= 2;
        return done && charted && rows.map((r) => `wasm x${r.dataset.threads}: median ${r.querySelector('.strong').textContent.trim()}`);
      },
      undefined,
      () => `${document.querySelector('table[aria-label="Benchmark results"]')?.innerText.replace(/\s+/g, ' ') ?? 'no results table'}`,
    );
    return rows.join(', ');
  },

  async model(page) {
    await page.goto(`${BASE}/?view=model`);
    const input = await page.waitForSelector('input[aria-label="Open an ONNX model"]', { timeout: STEP_TIMEOUT_MS });
    await input.uploadFile(resolve(ROOT, 'public', 'models', 'mnist-8.onnx'));
    await waitUntil(
      page,
      'Model details for mnist-8.onnx (producer CNTK, its inputs and outputs)',
      () => {
        const details = document.querySelector('[aria-label="Model details"]');
        return details && ['mnist-8.onnx', 'CNTK', 'Input3', 'Plus214_Output_0'].every((s) => details.textContent.includes(s));
      },
      undefined,
      () => `${document.querySelector('[aria-label="Model details"]')?.innerText.slice(0, 300).replace(/\s+/g, ' ') ?? 'no Model details'}`,
    );
    return 'mnist-8.onnx: CNTK, Input3 → Plus214_Output_0';
  },

  async advice(page) {
    await page.goto(`${BASE}/?view=compare`);
    const rows = await waitUntil(page, 'the list "Backends in this browser"', () => {
      const items = [...document.querySelectorAll('ul[aria-label="Backends in this browser"] li[data-backend]')];
      return items.length > 0 && items.map((li) => ({ id: li.dataset.backend, available: li.querySelector('.badge.ok') !== null, reason: li.querySelector('.reason')?.textContent.trim() ?? '' }));
    });
    // WebNN's reason names the browsers that offer it; the GPU rows give advice to act on here.
    const gpuRows = rows.filter((r) => ['webgpu', 'webgpu-jsep', 'webgl', 'tfjs-webgpu'].includes(r.id) && !r.available);
    for (const r of gpuRows) {
      if (/chrome:\/\/|--enable-unsafe-webgpu|in Chromium/.test(r.reason)) fail(`the ${r.id} row gives Chromium's advice in Firefox: "${r.reason}"`);
      if (!/about:(config|support)/.test(r.reason)) fail(`the ${r.id} row is unavailable with no Firefox advice (about:config or about:support): "${r.reason}"`);
    }
    const available = rows.filter((r) => r.available).map((r) => r.id);
    return `available: ${available.join(', ')}; unavailable GPU rows with Firefox advice: ${gpuRows.map((r) => r.id).join(', ') || 'none'}`;
  },
};

async function serverUp() {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) fail(`vite preview exited (code ${server.exitCode}) instead of serving ${BASE}: is port ${PORT} taken? Set FIREFOX_PORT.`);
    try {
      if ((await fetch(BASE)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  fail(`vite preview did not answer on ${BASE} within 30 s (is port ${PORT} taken? set FIREFOX_PORT).`);
}

// Another server on the port would answer in vite preview's place (vite's strictPort exit comes later).
const portFree = await new Promise((done) => {
  const probe = createServer().once('error', () => done(false)).once('listening', () => probe.close(() => done(true)));
  probe.listen(PORT, '127.0.0.1');
});
if (!portFree) {
  console.error(`FIREFOX PASS FAILED: port ${PORT} is taken; set FIREFOX_PORT to a free one.`);
  process.exit(1);
}

const started = Date.now();
const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(1)} s`;
const server = spawn(resolve(ROOT, 'node_modules', '.bin', 'vite'), ['preview', '--port', String(PORT), '--strictPort', '--host', '127.0.0.1'], {
  cwd: ROOT,
  stdio: ['ignore', 'ignore', 'inherit'],
  detached: true,
});
let browser;
const watchdog = setTimeout(() => {
  console.error(`FIREFOX PASS FAILED: it ran past ${TOTAL_TIMEOUT_MS / 1000} s.`);
  process.kill(-server.pid);
  process.exit(1);
}, TOTAL_TIMEOUT_MS);

const failures = [];
try {
  await serverUp();
  browser = await puppeteer.launch({
    browser: 'firefox',
    protocol: 'webDriverBiDi',
    executablePath: FIREFOX,
    headless: true,
    // puppeteer gives each launch a new temporary profile: a first visit.
  });
  console.log(`firefox pass: ${await browser.version()} (started in ${seconds(started)})`);
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console.error: ${message.text()}`);
    consoleTail.push(`${message.type()}: ${message.text().slice(0, 200)}`);
    if (consoleTail.length > 20) consoleTail.shift();
  });
  // FIREFOX_STEPS=compare,model runs only those steps (to chase one step's problem).
  const only = process.env.FIREFOX_STEPS?.split(',');
  for (const [name, step] of Object.entries(steps).filter(([name]) => !only || only.includes(name))) {
    const t0 = Date.now();
    consoleTail.length = 0;
    try {
      let result;
      try {
        result = await step(page);
      } catch (error) {
        // Known, not yet explained: about one first visit in 25, Firefox ESR never finishes starting a
        // WASM session (the page stays at "Loading ..."; no error anywhere). Such a stall gets one more
        // try, said in the step's line, so CI shows how often it happens; anything else fails at once.
        if (!(error instanceof PassFailure && /status: Loading/.test(error.message))) throw error;
        const stalled = error.message.match(/status: (Loading[^|;]*)/)[1].trim();
        result = `${await step(page)} (second try: the first stalled at "${stalled}")`;
      }
      if (errors.length) fail(`the page reported errors: ${errors.join(' / ')}`);
      console.log(`  ok ${name} (${seconds(t0)}): ${result}`);
    } catch (error) {
      failures.push(`${name}: ${error instanceof PassFailure ? error.message : `${error.name}: ${error.message}`}`);
      if (consoleTail.length) failures.push(`the page's last console lines: ${consoleTail.join(' / ')}`);
      console.log(`  FAILED ${name} (${seconds(t0)})`);
      errors.length = 0;
      if (!browser.connected) {
        failures.push('Firefox closed its connection: the steps after this one did not run.');
        break;
      }
    }
  }
} catch (error) {
  failures.push(error instanceof PassFailure ? error.message : `${error.name}: ${error.message}`);
} finally {
  await browser?.close().catch(() => {});
  if (server.exitCode === null) process.kill(-server.pid);
  clearTimeout(watchdog);
}
if (failures.length) {
  console.error(`FIREFOX PASS FAILED (in ${seconds(started)}); the Firefox ESR pass (tests/firefox/firefox-pass.mjs) found:\n${failures.map((f) => `  - ${f}`).join('\n')}`);
  process.exit(1);
}
console.log(`firefox pass: passed in ${seconds(started)}`);
