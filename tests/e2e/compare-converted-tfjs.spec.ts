/**
 * A model without a TF.js original (mnist-8, from CNTK) on TensorFlow.js: the page converts it to a
 * TF.js graph model once, in the tab, and the TF.js WASM row runs that conversion beside the ONNX
 * model on ORT's WASM, matching it (parity against WASM ×1); the row and the summary say it ran the
 * conversion, and the export records it.
 */
import { readFileSync } from 'node:fs';
import { test, expect } from './fixtures';
import { benchExportErrors } from '../helpers/bench-schema';

test('mnist-8 on TF.js WASM, converted in the tab: both rows run, the TF.js row matches WASM x1 and says it ran the conversion', async ({ page, pageErrors }) => {
  test.setTimeout(60_000);
  await page.goto('/?view=compare&model=mnist-8&backends=tfjs-wasm,wasm&threads=1&warmup=1&runs=3&input=synthetic&autorun=1');
  const results = page.getByRole('table', { name: 'Benchmark results' });
  await expect(results).toBeVisible({ timeout: 45_000 });
  const tfRow = results.locator('tr[data-backend="tfjs-wasm"][data-threads="1"]');
  const ortRow = results.locator('tr[data-backend="wasm"][data-threads="1"]');
  await expect(results.locator('tbody tr')).toHaveCount(2);
  await expect(tfRow.locator('.error')).toHaveCount(0);
  await expect(tfRow.getByTestId('tfjs-model')).toHaveText('TensorFlow.js, converted from this ONNX model in the tab');
  await expect(tfRow).toContainText('match');
  await expect(tfRow).not.toContainText('MISMATCH');
  // Parity is against the ONNX model itself, on ORT's WASM with one thread, as for every ONNX backend.
  await expect(results).toContainText('Parity with WASM (CPU) ×1');
  await expect(page.getByTestId('framework-summary')).toHaveText(/^On this browser, running mnist-8 \(on TensorFlow\.js as converted from ONNX in this tab\), .*WASM ×1.*\.$/);
  console.log(await page.getByTestId('framework-summary').innerText());

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export JSON' }).click();
  const json = JSON.parse(readFileSync((await (await download).path())!, 'utf8'));
  expect(benchExportErrors(json)).toEqual([]);
  const tf = json.results.find((r: { backend: string }) => r.backend === 'tfjs-wasm');
  expect(tf).toMatchObject({ framework: 'tensorflow.js', tfjsModel: 'converted', parityReference: { backend: 'wasm', threads: 1 } });
  expect(tf.parity.pass).toBe(true);
  console.log(`mnist-8 TF.js WASM x1 (converted): median ${tf.stats.median.toFixed(2)} ms, parity max |diff| ${tf.parity.maxAbsDiff}`);
  expect(pageErrors).toEqual([]);
});

test('a model that converts is offered the TF.js backends unticked, each saying it would run the conversion', async ({ page }) => {
  await page.goto('/?view=compare&model=mnist-8');
  const box = page.getByRole('checkbox', { name: 'TF.js WASM' });
  await expect(box).toBeVisible({ timeout: 20_000 });
  await expect(box).not.toBeChecked();
  await expect(page.getByTestId('unticked-tfjs-wasm')).toHaveText(/^Not ticked: this model has no TensorFlow\.js original: tick it to run the model converted to TensorFlow\.js in this tab/);
});
