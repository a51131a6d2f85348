#!/usr/bin/env node
// Measures the classification page as a user meets it: for each thread count, load the page
// (production build), click a sample photo RUNS times and read the page's own stage timings.
// Prints medians; a benchmark, not a test (these machines are noisy).
// Usage: npm run build && node scripts/bench-classify.mjs [--model id] [--runs 20] [--threads 1,2]
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    model: { type: 'string', default: 'mobilenetv2-12-int8' },
    runs: { type: 'string', default: '20' },
    threads: { type: 'string' },
    port: { type: 'string', default: '4199' },
  },
});
const runs = Number(values.runs);
const base = `http://127.0.0.1:${values.port}/`;
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const server = spawn('npx', ['vite', 'preview', '--port', values.port, '--strictPort', '--host', '127.0.0.1'], { stdio: 'ignore' });
try {
  for (let i = 0; i < 50; i++) {
    try { if ((await fetch(base)).ok) break; } catch { await new Promise((r) => setTimeout(r, 200)); }
  }
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
  const cores = await (async () => { const p = await browser.newPage(); await p.goto(base); const n = await p.evaluate(() => navigator.hardwareConcurrency); await p.close(); return n; })();
  const threadCounts = values.threads ? values.threads.split(',').map(Number) : [...new Set([1, cores])];
  console.log(`model ${values.model}, ${runs} clicks on dog.jpg per setting, ${cores} cores\n`);
  console.log('threads | session ms | inference median (first) | preprocess median | decode median | click→result median');
  for (const threads of threadCounts) {
    const page = await browser.newPage({ serviceWorkers: 'block' });
    await page.goto(`${base}?model=${values.model}&threads=${threads}`);
    const ready = page.getByRole('status').filter({ hasText: 'Ready: session created' });
    await ready.waitFor({ timeout: 60_000 });
    const sessionMs = parseFloat((await ready.innerText()).match(/in (\d+)/)[1]);
    const rows = [];
    for (let i = 0; i < runs; i++) {
      const table = page.getByRole('table', { name: 'Stage timings' });
      const before = i === 0 ? '' : await table.innerText();
      await page.getByRole('button', { name: 'Dog, bicycle and truck' }).click();
      // Wait for a new result (the timings table changes with every classification).
      await page.waitForFunction((prev) => {
        const t = document.querySelector('table[aria-label="Stage timings"]');
        return t && t.textContent.includes('Click to result') && t.innerText !== prev;
      }, before);
      const text = await table.innerText();
      const ms = (stage) => parseFloat(text.match(new RegExp(`${stage}\\s+([\\d.]+) ms`))[1]);
      rows.push({ decode: ms('Decode'), pre: ms('Preprocess'), inf: ms('Inference'), click: ms('Click to result') });
    }
    const col = (k) => rows.map((r) => r[k]);
    console.log(
      `${String(threads).padStart(7)} | ${String(sessionMs).padStart(10)} | ${median(col('inf')).toFixed(1).padStart(8)} (${rows[0].inf.toFixed(0)})` +
        `${' '.repeat(11)}| ${median(col('pre')).toFixed(1).padStart(17)} | ${median(col('decode')).toFixed(1).padStart(13)} | ${median(col('click')).toFixed(1).padStart(8)}`,
    );
    await page.close();
  }
  await browser.close();
} finally {
  server.kill();
}
