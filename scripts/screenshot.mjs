#!/usr/bin/env node
// Takes the README's pictures from the production build: docs/screenshot.png (classifying a
// sample), docs/compare.png (a backend comparison, dark mode) and docs/model.png (the Model page).
// Usage: npm run build && npx vite preview --port 4173 & node scripts/screenshot.mjs [url]
import { chromium } from '@playwright/test';

const url = process.argv[2] ?? 'http://127.0.0.1:4173/';
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--enable-unsafe-webgpu', '--disable-quic'] });
const page = await browser.newPage({ viewport: { width: 1200, height: 760 }, deviceScaleFactor: 1 });
await page.goto(url);
await page.getByRole('status').filter({ hasText: 'Ready' }).waitFor({ timeout: 30_000 });
// Twice: the second click shows warm timings, as every click after the first does.
for (const sample of ['Eagle', 'Dog, bicycle and truck']) {
  await page.getByRole('button', { name: sample }).click();
  await page.getByRole('list', { name: 'Top-5 predictions' }).getByText(sample === 'Eagle' ? 'bald eagle' : 'malamute').waitFor();
  await page.waitForTimeout(300);
}
await page.evaluate(() => window.scrollTo(0, 0));
await page.screenshot({ path: 'docs/screenshot.png' });

// The backend comparison on a small model, in dark mode.
const dark = await browser.newPage({ viewport: { width: 1300, height: 900 }, colorScheme: 'dark' });
await dark.goto(`${url}?view=compare&model=mnist-8&backends=wasm,webgpu&threads=1,2&warmup=2&runs=15&autorun=1`);
await dark.getByRole('figure', { name: 'Run times per backend' }).locator('svg').first().waitFor({ timeout: 120_000 });
await dark.waitForTimeout(500);
await dark.screenshot({ path: 'docs/compare.png' });

// The Model page: a gallery model's details and which backends run it.
const model = await browser.newPage({ viewport: { width: 1200, height: 1000 } });
await model.goto(`${url}?view=model&model=ultraface-rfb-320`);
await model.getByRole('region', { name: 'Model details' }).waitFor({ timeout: 30_000 });
await model.screenshot({ path: 'docs/model.png' });
await browser.close();
console.log('wrote docs/screenshot.png, docs/compare.png and docs/model.png');
