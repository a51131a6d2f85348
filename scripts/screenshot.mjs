#!/usr/bin/env node
// Takes docs/screenshot.png of the production build classifying a sample (for the README).
// Usage: npm run build && npx vite preview --port 4173 & node scripts/screenshot.mjs [url]
import { chromium } from '@playwright/test';

const url = process.argv[2] ?? 'http://127.0.0.1:4173/';
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
const page = await browser.newPage({ viewport: { width: 1200, height: 760 }, deviceScaleFactor: 1 });
await page.goto(url);
await page.getByRole('status').filter({ hasText: 'Ready' }).waitFor({ timeout: 30_000 });
await page.getByRole('button', { name: 'Dog, bicycle and truck' }).click();
await page.getByRole('list', { name: 'Top-5 predictions' }).waitFor();
await page.screenshot({ path: 'docs/screenshot.png' });
await browser.close();
console.log('wrote docs/screenshot.png');
