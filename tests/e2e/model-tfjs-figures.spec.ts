/**
 * A TF.js model opened from disk and benchmarked on Compare: "What each figure includes" says TF.js
 * read its files from disk (it said "fetching model.json and the weight files from this site").
 */
import { readFileSync } from 'node:fs';
import { test, expect, pageTab, compareOpenModel } from './fixtures';

const file = (name: string) => ({ name, mimeType: name.endsWith('.json') ? 'application/json' : 'application/octet-stream', buffer: readFileSync(`public/tfjs-models/${name}`) });

test('TF.js rows of a model opened from disk: the figures say its files were read from disk, not fetched from this site', async ({ page, pageErrors }) => {
  test.setTimeout(120_000);
  await page.goto('/?view=compare&backends=tfjs-wasm,wasm&threads=1&warmup=1&runs=2');
  await pageTab(page, 'Model').click();
  await page.getByLabel('Open a TensorFlow.js model').setInputFiles([file('emotion.json'), file('emotion.bin')]);
  await expect(page.getByText('emotion.onnx (converted from TensorFlow.js) is ready.')).toBeVisible({ timeout: 60_000 });
  await compareOpenModel(page);
  await expect(page.getByRole('checkbox', { name: 'TF.js WASM' })).toBeChecked();
  await page.getByRole('button', { name: 'Run benchmark' }).click();
  const figures = page.getByRole('region', { name: 'What each figure includes' });
  await expect(figures).toContainText('TensorFlow.js:', { timeout: 90_000 });
  await expect(figures).toContainText('reading model.json and the weight files you opened, from your disk (no download), parsing them');
  await expect(figures).not.toContainText('from this site');
  expect(pageErrors).toEqual([]);
});
