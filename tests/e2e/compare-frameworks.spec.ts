import { readFileSync } from 'node:fs';
import { test, expect, pageTab, compareOpenModel } from './fixtures';
import { benchExportErrors } from '../helpers/bench-schema';

type Page = import('@playwright/test').Page;
const results = (page: Page) => page.getByRole('table', { name: 'Benchmark results' });

/** Runs the plan in `query` (autorun) and waits for the results table. */
async function benchmark(page: Page, query: string, timeout = 150_000) {
  await page.goto(`/?view=compare&model=movenet-lightning&${query}&autorun=1`);
  await expect(results(page)).toBeVisible({ timeout });
}

test.describe('compare frameworks', () => {
  test('MoveNet on TensorFlow.js WASM and ONNX Runtime WASM: both rows, parity against TF.js, the summary, framework in the export', async ({ page, pageErrors }) => {
    test.setTimeout(180_000);
    await benchmark(page, 'backends=tfjs-wasm,wasm&threads=1&warmup=1&runs=5');
    const tfRow = results(page).locator('tr[data-backend="tfjs-wasm"]');
    const ortRow = results(page).locator('tr[data-backend="wasm"][data-threads="1"]');
    await expect(tfRow).toContainText('TF.js WASM ×1');
    await expect(ortRow).toContainText('WASM (CPU) ×1');
    for (const r of [tfRow, ortRow]) {
      await expect(r.locator('.error')).toHaveCount(0);
      await expect(r).toContainText('match');
      await expect(r).not.toContainText('MISMATCH');
    }
    await expect(results(page)).toContainText('Parity with TF.js WASM ×1');
    await expect(page.getByTestId('framework-summary')).toHaveText(
      /^On this browser, running movenet-lightning, (?:(ONNX Runtime|TensorFlow\.js) WASM ×1 is \d+\.\d\d× faster than (ONNX Runtime|TensorFlow\.js) WASM ×1 \(95% interval \d+\.\d\d–\d+\.\d\d\)|(ONNX Runtime|TensorFlow\.js) WASM ×1 and (ONNX Runtime|TensorFlow\.js) WASM ×1 run at about the same speed \(\d+\.\d\d×, 95% interval \d+\.\d\d–\d+\.\d\d: no clear difference\))\.$/,
    );
    console.log(await page.getByTestId('framework-summary').innerText());

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export JSON' }).click();
    const json = JSON.parse(readFileSync((await (await download).path())!, 'utf8'));
    expect(benchExportErrors(json)).toEqual([]);
    expect(json.results.map((r: { backend: string; framework: string }) => `${r.backend}:${r.framework}`).sort()).toEqual(['tfjs-wasm:tensorflow.js', 'wasm:onnxruntime-web']);
    for (const r of json.results) {
      expect(r.frameworkVersion).toMatch(/^\d+\.\d+/);
      expect(r.runsMs.length).toBeGreaterThanOrEqual(5);
      expect(r.sessionCreateMs).toBeGreaterThan(0);
      expect(r.parity.pass).toBe(true);
      console.log(`${r.backend}: session ${r.sessionCreateMs.toFixed(0)} ms, median ${r.stats.median.toFixed(2)} ms, parity ${r.parity.maxAbsDiff}`);
    }
    expect(pageErrors).toEqual([]);
  });

  test('TF.js WASM follows the thread counts: x1 and x2 rows, both threaded builds started with the count asked, parity with x1', async ({ page, pageErrors }) => {
    test.setTimeout(180_000);
    await benchmark(page, 'backends=tfjs-wasm,wasm&threads=1,2&warmup=1&runs=5');
    for (const threads of [1, 2]) {
      for (const backend of ['tfjs-wasm', 'wasm']) {
        const row = results(page).locator(`tr[data-backend="${backend}"][data-threads="${threads}"]`);
        await expect(row).toHaveCount(1);
        await expect(row.locator('.error')).toHaveCount(0);
        await expect(row).toContainText('match');
        await expect(row).not.toContainText('MISMATCH');
      }
    }
    await expect(results(page).locator('tr[data-backend="tfjs-wasm"][data-threads="2"]')).toContainText('TF.js WASM ×2');
    await expect(results(page)).toContainText('Parity with TF.js WASM ×1');
    // One verdict per thread count both ran: a verdict at x2 says nothing about x1.
    await expect(page.getByTestId('framework-summary')).toHaveText(/^On this browser, running movenet-lightning, [^;]*WASM ×1[^;]*; [^;]*WASM ×2[^;]*\.$/);
    console.log(await page.getByTestId('framework-summary').innerText());
    expect(pageErrors).toEqual([]);
  });

  test('MoveNet on a sample photo: TF.js and ORT rows get the same preprocessed tensor, parity passes for every row, preprocessing timed', async ({ page, pageErrors }) => {
    test.setTimeout(180_000);
    await benchmark(page, 'backends=tfjs-wasm,wasm&threads=1,2&warmup=1&runs=3&input=sample:person.jpg');
    const rows = results(page).locator('tbody tr');
    await expect(rows).toHaveCount(4);
    for (const r of await rows.all()) {
      await expect(r.locator('.error')).toHaveCount(0);
      await expect(r).toContainText('match');
      await expect(r).not.toContainText('MISMATCH');
    }
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export JSON' }).click();
    const json = JSON.parse(readFileSync((await (await download).path())!, 'utf8'));
    expect(json.input).toEqual({ kind: 'image', name: 'person.jpg' });
    for (const r of json.results) {
      expect(r.parity.pass).toBe(true);
      // The letterbox to 192x192 runs on every run, in the preprocess stage, on both sides.
      expect(r.stagesMs.preprocess).toBeGreaterThan(0);
    }
    expect(pageErrors).toEqual([]);
  });

  test('TF.js tensors stay flat over the timed runs: the Memory panel counts as many after the first runs as after the 20th', async ({ page, pageErrors }) => {
    test.setTimeout(180_000);
    // At least 20 timed runs and at least 8 s of them, so that the panel can be read while they go on.
    await page.goto('/?view=compare&model=movenet-lightning&backends=tfjs-wasm&threads=1&warmup=0&runs=20&seconds=8&autorun=1');
    const progress = page.getByRole('status', { name: 'Benchmark progress' });
    const panel = page.locator('details.resources');
    await panel.getByText('Memory and sessions').click();
    const measure = panel.getByRole('button', { name: 'Measure now' });
    const readings: { done: number; tensors: number; bytes: string }[] = [];
    await expect(progress).toContainText('timed', { timeout: 120_000 });
    while (await progress.isVisible()) {
      const done = Number((await progress.innerText().catch(() => '')).match(/TF\.js WASM ×1: timed runs (\d+) of \d+/)?.[1] ?? NaN);
      await measure.click();
      await expect(measure).toBeEnabled();
      const line = await panel.getByRole('list', { name: 'Workers and open sessions' }).innerText();
      const tf = line.match(/benchmark tfjs-wasm x1: 1 open session, WASM [\d.]+ [KMG]?B, TF\.js (\d+) tensors \(([^)]+)\)/);
      if (tf && done >= 1) readings.push({ done, tensors: Number(tf[1]), bytes: tf[2] });
    }
    console.log(readings.map((r) => `${r.done}: ${r.tensors} tensors, ${r.bytes}`).join('\n'));
    expect(readings.length).toBeGreaterThanOrEqual(3);
    expect(readings[0].done).toBeLessThanOrEqual(10);
    expect(readings.at(-1)!.done).toBeGreaterThanOrEqual(20);
    // The weights and the input: every run's outputs and intermediates are disposed.
    expect(readings[0].tensors).toBeGreaterThan(0);
    for (const r of readings) expect({ tensors: r.tensors, bytes: r.bytes }).toEqual({ tensors: readings[0].tensors, bytes: readings[0].bytes });
    await expect(results(page)).toBeVisible();
    expect(pageErrors).toEqual([]);
  });

  test('TF.js WebGL runs MoveNet too, compared with TF.js WASM x1 (run unseen)', async ({ page, pageErrors }) => {
    test.setTimeout(180_000);
    await benchmark(page, 'backends=tfjs-webgl,wasm&threads=1&warmup=1&runs=3');
    const tfRow = results(page).locator('tr[data-backend="tfjs-webgl"]');
    await expect(tfRow).toContainText('TF.js WebGL');
    await expect(results(page).locator('tbody tr')).toHaveCount(2); // the TF.js WASM reference is not a row
    for (const r of await results(page).locator('tbody tr').all()) {
      await expect(r.locator('.error')).toHaveCount(0);
      await expect(r).not.toContainText('MISMATCH');
    }
    await expect(page.getByTestId('framework-summary')).toContainText('TensorFlow.js WebGL');
    console.log(await page.getByTestId('framework-summary').innerText());
    expect(pageErrors).toEqual([]);
  });

  test('TF.js WebGPU runs MoveNet on the WebGPU adapter, within tolerance of TF.js WASM x1', async ({ page, pageErrors }) => {
    // SwiftShader compiles TF.js's WGSL shaders for minutes on a loaded machine: one timed run.
    test.setTimeout(300_000);
    await benchmark(page, 'backends=tfjs-webgpu,tfjs-wasm&threads=1&warmup=0&runs=1', 280_000);
    const gpuRow = results(page).locator('tr[data-backend="tfjs-webgpu"]');
    await expect(gpuRow).toContainText('TF.js WebGPU');
    await expect(gpuRow.locator('.error')).toHaveCount(0);
    await expect(gpuRow).toContainText('match');
    await expect(gpuRow).not.toContainText('MISMATCH');
    console.log(await gpuRow.innerText());
    expect(pageErrors).toEqual([]);
  });

  test('TF.js WebGPU without an adapter says why', async ({ page }) => {
    await page.addInitScript(() => Object.defineProperty(Navigator.prototype, 'gpu', { get: () => undefined }));
    await page.goto('/?view=compare&model=movenet-lightning');
    const item = page.locator('li', { has: page.locator('code', { hasText: /^tfjs-webgpu$/ }) });
    await expect(item).toContainText('TensorFlow.js’s WebGPU backend needs a WebGPU adapter. This browser has no WebGPU', { timeout: 30_000 });
  });

  test('a TF.js model the user opened: its own model.json and shard run on TF.js WASM beside the conversion on ORT, parity passes', async ({ page, pageErrors }) => {
    test.setTimeout(240_000);
    await page.goto('/?view=compare&backends=tfjs-wasm,wasm&threads=1&warmup=1&runs=3');
    await pageTab(page, 'Model').click();
    const file = (name: string) => ({ name, mimeType: name.endsWith('.json') ? 'application/json' : 'application/octet-stream', buffer: readFileSync(`public/tfjs-models/${name}`) });
    await page.getByLabel('Open a TensorFlow.js model').setInputFiles([file('movenet-lightning.json'), file('movenet-lightning.bin')]);
    await expect(page.getByText('movenet-lightning.onnx (converted from TensorFlow.js) is ready.')).toBeVisible({ timeout: 120_000 });
    await compareOpenModel(page);
    await expect(page.getByRole('checkbox', { name: 'TF.js WASM' })).toBeChecked();
    await page.getByRole('button', { name: 'Run benchmark' }).click();
    await expect(results(page)).toBeVisible({ timeout: 150_000 });
    for (const backend of ['tfjs-wasm', 'wasm']) {
      const row = results(page).locator(`tr[data-backend="${backend}"][data-threads="1"]`);
      await expect(row.locator('.error')).toHaveCount(0);
      await expect(row).toContainText('match');
      await expect(row).not.toContainText('MISMATCH');
    }
    await expect(results(page)).toContainText('Parity with TF.js WASM ×1');
    expect(pageErrors).toEqual([]);
  });

  test('the TF.js backend is offered only for a model with a TF.js original or one that converts to TF.js', async ({ page }) => {
    await page.goto('/?view=compare&model=movenet-lightning');
    await expect(page.getByRole('checkbox', { name: 'TF.js WASM' })).toBeVisible({ timeout: 30_000 });
    // scikit-learn's ai.onnx.ml ops have no TF.js mapping.
    await page.goto('/?view=compare&model=titanic-pipeline');
    await expect(page.getByRole('checkbox', { name: 'WASM (CPU)' })).toBeVisible({ timeout: 30_000 });
    await expect(page.getByRole('checkbox', { name: 'TF.js WASM' })).toHaveCount(0);
  });
});
