/** Offline: after one visit the app, its runtime and the used models work with the network off. */
import { test, expect, waitForModel } from './fixtures';
import { waitForShellStored } from './offline-helpers';

test.use({ serviceWorkers: 'allow' });

test('after the first visit the classifier works offline; more can be saved with progress, listed and cleared', async ({ page, context, pageErrors }) => {
  test.setTimeout(240_000);
  await page.goto('/');
  await waitForModel(page);
  // The service worker takes control before the app starts its workers (so the WASM runtime and the
  // default model are kept as they download) and stores the rest of the shell once the app is idle.
  expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
  await waitForShellStored(page);

  await context.setOffline(true);
  await page.reload();
  await waitForModel(page);
  await page.getByRole('button', { name: 'Eagle' }).click();
  await expect(page.getByRole('list', { name: 'Top-5 predictions' })).toContainText('bald eagle');

  // The storage panel lists what is kept; saving more needs the network and says so.
  const panel = page.locator('details.offline');
  await panel.getByText('Offline use and storage').click();
  const stored = panel.getByRole('table', { name: 'Stored for offline use' });
  await expect(stored).toContainText('models/mobilenetv2-12-int8.onnx');
  await expect(stored).toContainText(/assets\/ort-wasm-simd-threaded-\w+\.wasm/);
  await panel.getByRole('button', { name: 'Save every model and backend for offline use' }).click();
  await expect(panel.getByRole('alert')).toContainText('Saving for offline use failed');

  await context.setOffline(false);
  await panel.getByRole('button', { name: 'Save every model and backend for offline use' }).click();
  await expect(panel.getByRole('progressbar')).toBeVisible();
  await expect(panel.getByRole('status')).toContainText(/Saved \d+ files/, { timeout: 120_000 });
  await expect(stored).toContainText('models/ultraface-rfb-320.onnx');

  // Now a gallery model works offline too.
  await context.setOffline(true);
  await page.goto('/?view=gallery');
  const faces = page.getByRole('region', { name: 'Face detection' });
  await faces.getByRole('button', { name: 'messi5.jpg' }).click();
  await expect(faces.getByRole('list', { name: 'Detections' })).toContainText('face');
  await context.setOffline(false);

  await page.locator('details.offline').getByText('Offline use and storage').click();
  await page.getByRole('button', { name: 'Clear offline storage' }).click();
  await expect(page.locator('details.offline').getByRole('status')).toContainText('cleared');
  await expect(page.locator('details.offline').getByRole('table', { name: 'Stored for offline use' })).toHaveCount(0);
  // The browser itself logs each request refused while offline (the save attempt); nothing else.
  expect(pageErrors.filter((e) => !/Failed to load resource: net::ERR_(FAILED|INTERNET_DISCONNECTED)/.test(e))).toEqual([]);
});

test('offline, a model that was never stored is named as such, nothing else is shown or run, and it can be saved once online', async ({ page, context, pageErrors }) => {
  test.setTimeout(120_000);
  await page.goto('/?view=compare&backends=wasm&threads=1&warmup=0&runs=2');
  const chosen = page.getByRole('region', { name: 'Model to benchmark' });
  await expect(chosen).toContainText('parameters', { timeout: 30_000 });
  await waitForShellStored(page); // the first visit's shell, stored once the page is idle
  await context.setOffline(true);
  await page.getByRole('combobox', { name: 'Model to run' }).selectOption('mnist-8');
  const problem = chosen.getByRole('alert');
  await expect(problem).toContainText('mnist-8.onnx is not stored for offline use, and this browser is offline');
  await expect(chosen).not.toContainText('parameters'); // not the previous model's facts
  const save = problem.getByRole('button', { name: 'Save mnist-8.onnx for offline use' });
  await expect(save).toBeDisabled();
  await page.getByRole('button', { name: 'Run benchmark' }).click();
  await expect(page.getByRole('region', { name: 'Results' }).getByRole('alert')).toContainText('Nothing was run: mnist-8.onnx is not stored for offline use');
  await expect(page.getByRole('table', { name: 'Benchmark results' })).toHaveCount(0);

  await context.setOffline(false);
  await expect(save).toBeEnabled();
  await save.click();
  await expect(chosen).toContainText('parameters', { timeout: 30_000 });
  // Saved: it now opens with the network off.
  await context.setOffline(true);
  await page.getByRole('combobox', { name: 'Model to run' }).selectOption('mobilenetv2-12-int8');
  await expect(chosen).toContainText('mobilenetv2-12-int8.onnx');
  await page.getByRole('combobox', { name: 'Model to run' }).selectOption('mnist-8');
  await expect(chosen).toContainText('CNTK', { timeout: 30_000 });
  await page.getByRole('button', { name: 'Run benchmark' }).click();
  await expect(page.getByRole('table', { name: 'Benchmark results' }).locator('tr[data-backend="wasm"]')).toContainText('match', { timeout: 60_000 });
  await context.setOffline(false);
  expect(pageErrors.filter((e) => !/Failed to load resource: net::ERR_(FAILED|INTERNET_DISCONNECTED)/.test(e))).toEqual([]);
});
