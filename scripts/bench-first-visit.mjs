#!/usr/bin/env node
// A newcomer's first visit, measured: a fresh in-memory browser context (service workers allowed, as
// a user has them) opens `/` on the production build, clicks the first sample photo and waits for
// the top-5. Prints the requests and bytes that went over the network before the top-5 showed, the
// time to it, and every file fetched more than once (until the offline storage holds the app, so the
// cache's own downloads count too); once at full speed and once with the link held to 50 Mbit/s and
// 20 ms (a proxy in front of the server counts and throttles, so the service worker's fetches count too).
// Usage: npm run bench:first-visit [-- --port 4198 --out-dir dist --verbose]
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { startCountingProxy } from './lib/counting-proxy.mjs';
import { readFileSync } from 'node:fs';
import { resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { port: { type: 'string', default: '4198' }, verbose: { type: 'boolean', default: false }, 'out-dir': { type: 'string', default: 'dist' } } });
const base = `http://127.0.0.1:${values.port}/`;
const MBIT = 1_000_000 / 8;
const SETTINGS = [
  { name: 'no throttle', conditions: null },
  { name: '50 Mbit/s', conditions: { bytesPerSecond: 50 * MBIT, latencyMs: 20 } },
];
const fmt = (n) => n.toLocaleString('en-US');
const mb = (bytes) => `${(bytes / 1e6).toLocaleString('en-US', { maximumFractionDigits: 1, minimumFractionDigits: 1 })} MB`;

/** One visit in a fresh in-memory context, timed; the proxy's log says what went over the network. */
async function visit(browser, proxy, setting) {
  proxy.throttle(setting.conditions);
  proxy.log.length = 0;
  const context = await browser.newContext({ serviceWorkers: 'allow' });
  const page = await context.newPage();
  const started = performance.now();
  await page.goto(base);
  const first = page.getByRole('list', { name: 'Sample photos' }).getByRole('button').first();
  await first.click({ timeout: 120_000 });
  const clicked = performance.now();
  await page
    .getByRole('list', { name: 'Top-5 predictions' })
    .getByRole('listitem')
    .first()
    .waitFor({ timeout: 120_000 })
    .catch(async (error) => {
      console.log(`${setting.name}: no top-5 after 2 minutes. The page says:\n${await page.innerText('main')}\nRequests: ${proxy.log.map((r) => `${r.path} ${r.status}`).join(', ')}`);
      throw error;
    });
  const shown = performance.now();
  // Then until the offline storage holds the whole shell (or 2 minutes): what the page and its
  // service worker fetch afterwards counts toward files fetched twice.
  const shell = JSON.parse(readFileSync(resolve(root, values['out-dir'], 'offline-manifest.json'), 'utf8')).shell;
  const missing = () =>
    page.evaluate(async (paths) => {
      const stored = await Promise.all(paths.map((p) => caches.match(new URL(p, location.href).href, { ignoreVary: true })));
      return stored.filter((r) => !r).length;
    }, shell);
  const deadline = performance.now() + 120_000;
  while ((await missing()) > 0) {
    if (performance.now() > deadline) {
      console.log(`${setting.name}: the offline storage did not fill within 2 minutes`);
      break;
    }
    await page.waitForTimeout(500);
  }
  await page.waitForTimeout(2000);
  await context.close();
  const requests = [...proxy.log];
  if (values.verbose) {
    console.log(`${setting.name}: click at ${Math.round(clicked - started)} ms, top-5 at ${Math.round(shown - started)} ms; each request: start, end (ms), path, status`);
    for (const r of requests) console.log(`  ${Math.round(r.start - started)} ${Math.round(r.at - started)} ${r.path} ${r.status}`);
  }
  const before = requests.filter((r) => r.at <= shown);
  const after = requests.filter((r) => r.at > shown);
  const counts = new Map();
  for (const r of requests) counts.set(r.path, (counts.get(r.path) ?? 0) + 1);
  const twice = [...counts].filter(([, n]) => n > 1).map(([path, n]) => ({ path, n, bytes: requests.filter((r) => r.path === path).reduce((s, r) => s + r.bytes, 0) }));
  const sum = (rs) => rs.reduce((s, r) => s + r.bytes, 0);
  return {
    setting: setting.name,
    requests: before.length,
    bytes: sum(before),
    toTop5Ms: shown - started,
    clickToTop5Ms: shown - clicked,
    afterRequests: after.length,
    afterBytes: sum(after),
    twice,
    largest: [...before].sort((a, b) => b.bytes - a.bytes).slice(0, 5).map((r) => `${r.path} ${mb(r.bytes)}`),
  };
}

const upstreamPort = String(Number(values.port) + 1);
const proxy = await startCountingProxy(Number(values.port), Number(upstreamPort));
const server = spawn(process.execPath, [resolve(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'preview', '--outDir', values['out-dir'], '--port', upstreamPort, '--strictPort', '--host', '127.0.0.1'], { cwd: root, stdio: 'ignore' });
try {
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(base)).ok) break;
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
  const results = [];
  for (const setting of SETTINGS) results.push(await visit(browser, proxy, setting));
  await browser.close();
  const lines = [
    '| network | requests before the top-5 | bytes before the top-5 | open to top-5 | click to top-5 | fetched after, until stored for offline | files fetched twice |',
    '|---|---|---|---|---|---|---|',
    ...results.map(
      (r) =>
        `| ${r.setting} | ${fmt(r.requests)} | ${mb(r.bytes)} | ${fmt(Math.round(r.toTop5Ms))} ms | ${fmt(Math.round(r.clickToTop5Ms))} ms | ${fmt(r.afterRequests)} requests, ${mb(r.afterBytes)} | ${r.twice.length ? `${r.twice.length} (${mb(r.twice.reduce((s, t) => s + t.bytes, 0))})` : 'none'} |`,
    ),
  ];
  console.log(lines.join('\n'));
  for (const r of results) {
    console.log(`\n${r.setting}, largest before the top-5:\n  ${r.largest.join('\n  ')}`);
    if (r.twice.length) console.log(`fetched more than once: ${r.twice.map((t) => `${t.path} ×${t.n}`).join(', ')}`);
  }
} finally {
  server.kill();
  proxy.close();
}
