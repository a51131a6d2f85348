/**
 * Variants x backends on the comparison page (issue 17, item 5): the gallery's MobileNetV2 comes in
 * fp32 and q8 (its int8 file); both run, q8 is checked against fp32 on WASM ×1 by top label and
 * cosine, one sentence sums it up. A token model brought by address (as the CLI brings a folder in
 * the hub's layout) runs at the URL's batch x sequence and reports tokens/s.
 */
import { readFileSync } from 'node:fs';
import { test, expect } from './fixtures';
import type { Page } from '@playwright/test';
import { hubFixturePath } from '../helpers/assets';

const results = (page: Page) => page.getByRole('table', { name: 'Benchmark results' });
const row = (page: Page, variant: string) => results(page).locator(`tr[data-variant="${variant}"]`);

test('MobileNetV2 fp32 and q8 on WASM ×1: both rows, q8 judged against fp32 by top label and cosine, one sentence, and the plan stays in the address bar', async ({ page, pageErrors }) => {
  await page.goto('/?view=compare&model=mobilenetv2-12-fp32&variants=fp32,q8&backends=wasm&threads=1&warmup=0&runs=3&autorun=1');
  const variants = page.getByRole('group', { name: 'Variants to compare' });
  await expect(variants.getByRole('checkbox', { name: /fp32/ })).toBeChecked();
  await expect(variants.getByRole('checkbox', { name: /q8/ })).toBeChecked();
  await expect(results(page)).toBeVisible({ timeout: 90_000 });
  await expect(results(page).locator('tbody tr')).toHaveCount(2);
  await expect(row(page, 'fp32')).toContainText('1× (baseline)');
  await expect(results(page).getByRole('columnheader', { name: 'Parity with fp32 · WASM (CPU) ×1' })).toBeVisible();
  const q8 = row(page, 'q8');
  // Judged by what it is for: the same top label, and a cosine of at least 0.99 against fp32 (the
  // zoo's int8 file quantizes activations too: on the dog photo its logits' cosine is about 0.98,
  // top-5 the same, so it is honestly below the bar; the badge must follow the cosine shown).
  await expect(q8).toContainText('judged by the top label and cosine');
  await expect(q8).toContainText('top-1 same');
  const cosine = Number(/cos (\d\.\d+)/.exec(await q8.innerText())![1]);
  expect(cosine).toBeGreaterThan(0.9);
  await expect(q8.locator('.badge')).toHaveText(cosine >= 0.99 ? 'match' : 'MISMATCH');
  await expect(page.getByTestId('variant-summary')).toHaveText(/^On this browser, (q8|fp32) on WASM ×1 is the fastest variant(: \d+\.\d\d× fp32 on WASM ×1 \(.+\), cosine 0\.9\d{3})?\.$/);
  // The plan, variants included, is in the address bar to share.
  expect(new URL(page.url()).searchParams.get('variants')).toBe('fp32,q8');
  // Unticking q8 leaves the model's own variant.
  await variants.getByRole('checkbox', { name: /q8/ }).uncheck();
  await expect.poll(() => new URL(page.url()).searchParams.get('variants')).toBe('fp32');
  expect(pageErrors).toEqual([]);
});

test('a token model by address: variants from their addresses, batch and seq from the URL, tokens/s, and the URL round-trip', async ({ page, pageErrors, baseURL }) => {
  // Same-origin addresses for the hub fixture's two files, as scripts/bench.mjs serves a folder.
  for (const file of ['model.onnx', 'model_quantized.onnx']) {
    await page.route(`**/bench-files/tiny-bert-sentiment/onnx/${file}`, (route) => route.fulfill({ body: readFileSync(hubFixturePath('tiny-bert-sentiment', `onnx/${file}`)), contentType: 'application/octet-stream' }));
  }
  const at = (file: string) => new URL(`/bench-files/tiny-bert-sentiment/onnx/${file}`, baseURL).href;
  const params = new URLSearchParams({ view: 'compare', modelUrl: at('model.onnx'), variants: 'fp32,q8', batch: '2', seq: '16', vocab: '403', backends: 'wasm', threads: '1', warmup: '0', runs: '3', input: 'synthetic', autorun: '1' });
  params.append('variantUrl', `fp32:${at('model.onnx')}`);
  params.append('variantUrl', `q8:${at('model_quantized.onnx')}`);
  await page.goto(`/?${params}`);
  const tokens = page.getByRole('group', { name: 'Tokens' });
  await expect(tokens.getByRole('spinbutton', { name: 'batch' })).toHaveValue('2');
  await expect(tokens.getByRole('spinbutton', { name: 'sequence length' })).toHaveValue('16');
  await expect(results(page)).toBeVisible({ timeout: 90_000 });
  await expect(results(page).getByRole('columnheader', { name: 'Tokens/s' })).toBeVisible();
  await expect(row(page, 'q8').locator('.badge')).toHaveText('match');
  await expect(page.getByTestId('variant-summary')).toContainText('at batch 2, seq 16');
  const url = new URL(page.url()).searchParams;
  expect([url.get('variants'), url.get('batch'), url.get('seq')]).toEqual(['fp32,q8', '2', '16']);
  expect(pageErrors).toEqual([]);
});
