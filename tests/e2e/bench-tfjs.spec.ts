/**
 * The `?bench-tfjs` hook that scripts/bench-tfjs.mjs drives: gender, served by a route as the script
 * serves it from dist/, converted and timed on onnxruntime-web and TF.js (2 runs).
 */
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const MODELS = resolve(import.meta.dirname, '..', '..', 'node_modules', '@vladmandic', 'human-models', 'models');

test('the bench-tfjs hook converts gender and times it on onnxruntime-web and TF.js', async ({ page }) => {
  await page.route('**/bench-tfjs/gender.*', (route) => {
    const file = new URL(route.request().url()).pathname.split('/').pop()!;
    return route.fulfill({ body: readFileSync(resolve(MODELS, file)), contentType: file.endsWith('.json') ? 'application/json' : 'application/octet-stream' });
  });
  await page.goto('/?bench-tfjs');
  await page.waitForFunction(() => typeof window.benchTfjs === 'function');
  const r = await page.evaluate(() => window.benchTfjs!('gender', 2));
  expect(r.runs).toBe(2);
  expect(r.transposesAfter).toBeLessThan(r.transposesBefore);
  expect(r.tfjsThreads).toBe(1);
  for (const ms of [r.convertMs, r.ortMs, r.tfjsMs]) expect(ms).toBeGreaterThan(0);
});
