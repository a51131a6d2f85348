/**
 * A newcomer's comparison (issue 16): no five-minute surprise on a software GPU, a framework
 * comparison set up for a TF.js model, progress in words with a row that can be stopped alone, and a
 * reload mid-run that says what it interrupted. This machine's Chromium (--enable-unsafe-webgpu)
 * offers WebGPU through SwiftShader, a CPU emulation that flags itself as a fallback adapter.
 */
import { test, expect } from './fixtures';
import type { Page } from '@playwright/test';

const chosen = (page: Page) => page.getByRole('region', { name: 'Model to benchmark' });
const resultsCard = (page: Page) => page.getByRole('region', { name: 'Results' });
const results = (page: Page) => page.getByRole('table', { name: 'Benchmark results' });
const rowProgress = (page: Page, backend: string) => page.getByRole('list', { name: 'Progress per backend' }).locator(`li[data-backend="${backend}"]`);

test('on a software WebGPU adapter (SwiftShader) the GPU rows start unticked with the reason beside them; the user can tick them', async ({ page, pageErrors }) => {
  await page.goto('/?view=compare&model=mobilenetv2-12-fp32');
  await expect(chosen(page)).toContainText('parameters', { timeout: 30_000 });
  const adapter = page.getByRole('list', { name: 'Backends in this browser' }).locator('li[data-backend="webgpu"]');
  await expect(adapter).toContainText('swiftshader');
  const webgpu = page.getByRole('checkbox', { name: /WebGPU \(native/ });
  await expect(webgpu).not.toBeChecked();
  await expect(webgpu).toBeEnabled();
  const why = page.getByTestId('unticked-webgpu');
  await expect(why).toHaveText('Not ticked: WebGPU here is SwiftShader (Google), a software emulation on the CPU: a run can take seconds, and it measures no GPU.');
  await expect(webgpu).toHaveAccessibleDescription(/software emulation on the CPU/);
  await expect(page.getByRole('checkbox', { name: 'WASM (CPU)' })).toBeChecked();
  await webgpu.check();
  await expect(why).toHaveCount(0);
  expect(new URL(page.url()).searchParams.get('backends')).toBe('wasm,webgpu');
  expect(pageErrors).toEqual([]);
});

test('a TF.js gallery model picked on the page ticks TF.js WASM and says a framework comparison is set up', async ({ page }) => {
  await page.goto('/?view=compare&model=mnist-8');
  await expect(chosen(page)).toContainText('parameters', { timeout: 30_000 });
  await page.getByRole('combobox', { name: 'Model to run' }).selectOption('movenet-lightning');
  await expect(page.getByRole('checkbox', { name: 'TF.js WASM' })).toBeChecked({ timeout: 30_000 });
  await expect(resultsCard(page).getByRole('note').filter({ hasText: 'TensorFlow.js original' })).toHaveText(
    'movenet-lightning.onnx has a TensorFlow.js original, so TF.js WASM is ticked: this run compares ONNX Runtime with TensorFlow.js on the same model.',
  );
  // TF.js WebGPU would run on the same software adapter: unticked, saying so.
  await expect(page.getByRole('checkbox', { name: 'TF.js WebGPU' })).not.toBeChecked();
  await expect(page.getByTestId('unticked-tfjs-webgpu')).toHaveText('Not ticked: for the same reason as above.');
  // A model with no TF.js original that does not convert either (scikit-learn's ai.onnx.ml ops): no TF.js row.
  await page.getByRole('combobox', { name: 'Model to run' }).selectOption('titanic-pipeline');
  await expect(page.getByRole('checkbox', { name: 'TF.js WASM' })).toHaveCount(0);
  await expect(resultsCard(page).getByRole('note')).toHaveCount(0);
});

test('progress in words per row, with the time left; one row stopped mid-run keeps its runs while the others finish', async ({ page, pageErrors }) => {
  test.setTimeout(90_000);
  // At least 8 s of timed runs, so WebGPU is surely still going when it is stopped.
  await page.goto('/?view=compare&model=mnist-8&backends=wasm,webgpu&threads=1&warmup=1&runs=5&seconds=8&input=synthetic');
  await expect(chosen(page)).toContainText('parameters', { timeout: 30_000 });
  await page.getByRole('button', { name: 'Run benchmark' }).click();
  const gpu = rowProgress(page, 'webgpu');
  await expect(gpu).toContainText(/timed runs [1-9][\d,]* of 5/, { timeout: 60_000 });
  const headline = page.getByRole('status', { name: 'Benchmark progress' });
  await expect(headline).toContainText(/timed runs in all · (about [\d,.]+ (s|min)|a few seconds) left/);
  await expect(rowProgress(page, 'wasm')).toContainText(/ms a run/);
  await page.getByRole('button', { name: 'Stop WebGPU (native EP), keep the others' }).click();
  await expect(gpu).toHaveAttribute('data-phase', 'stopped');
  await expect(gpu).toContainText(/stopped by you after [\d,]+ timed runs?/);
  // WASM goes on to the end of its 8 seconds, then the results: WebGPU's row says it was stopped.
  await expect(rowProgress(page, 'wasm')).toHaveAttribute('data-phase', 'timed');
  await expect(results(page)).toBeVisible({ timeout: 60_000 });
  const wasmRow = results(page).locator('tr[data-backend="wasm"]');
  await expect(wasmRow).toContainText('match');
  await expect(results(page).locator('tr[data-backend="webgpu"]')).toContainText(/stopped by you after [1-9][\d,]* timed runs?/);
  const saved = JSON.parse(await page.evaluate(() => localStorage.getItem('onnx-playground:bench-history') ?? '[]'));
  const [wasm, webgpu] = saved[0].results;
  expect(webgpu.stopped).toBe(true);
  expect(webgpu.runsMs.length).toBeGreaterThanOrEqual(1);
  expect(webgpu.parity).toBeUndefined();
  expect(wasm.stopped).toBeUndefined();
  expect(wasm.runsMs.length).toBeGreaterThan(webgpu.runsMs.length);
  expect(pageErrors).toEqual([]);
});

test('a reload during a benchmark says the run was interrupted, how far each row got, and offers to run it again', async ({ page, pageErrors }) => {
  test.setTimeout(90_000);
  await page.goto('/?view=compare&model=mnist-8&backends=wasm&threads=1&warmup=0&runs=5&seconds=30&input=synthetic');
  await expect(chosen(page)).toContainText('parameters', { timeout: 30_000 });
  await page.getByRole('button', { name: 'Run benchmark' }).click();
  await expect(rowProgress(page, 'wasm')).toContainText(/timed runs [\d,]+ of 5/, { timeout: 60_000 });
  await page.waitForTimeout(1000);
  await page.reload();
  const interrupted = page.getByRole('region', { name: 'Interrupted benchmark' });
  await expect(interrupted).toContainText('The benchmark of mnist-8.onnx (0 warm-up and 5 timed runs) was interrupted when the page was reloaded or left');
  await expect(interrupted).toContainText(/WASM \(CPU\) ×1: timed runs [\d,]+ of 5 \([\d.,]+ ms a run\)/);
  // Not the first-visit prompt as if nothing had happened.
  await expect(resultsCard(page)).not.toContainText('Pick a model, an input and the backends, then run.');
  await interrupted.getByRole('button', { name: 'Run it again' }).click();
  await expect(interrupted).toHaveCount(0);
  await expect(rowProgress(page, 'wasm')).toContainText(/timed runs/, { timeout: 60_000 });
  await page.getByRole('button', { name: 'Cancel all' }).click();
  await expect(resultsCard(page).getByRole('alert')).toContainText('Cancelled');
  // A run that ended (here, cancelled) leaves nothing for the next reload to report.
  await page.reload();
  await expect(chosen(page)).toContainText('parameters', { timeout: 30_000 });
  await expect(page.getByRole('region', { name: 'Interrupted benchmark' })).toHaveCount(0);
  expect(pageErrors).toEqual([]);
});
