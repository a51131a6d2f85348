import { test, expect, openModelFiles, compareOpenModel } from './fixtures';
import { resolve } from 'node:path';

const modelFile = (file: string) => resolve(import.meta.dirname, '..', '..', 'public', 'models', file);
const details = (page: import('@playwright/test').Page) => page.getByRole('region', { name: 'Model details' });

test.describe('bring your own model', () => {
  test('open an .onnx file: its details, then a synthetic-input benchmark with output summaries', async ({ page, pageErrors }) => {
    test.setTimeout(120_000);
    await page.goto('/?view=compare&backends=wasm&threads=1&runs=3');
    await openModelFiles(page, modelFile('titanic-pipeline.onnx'));
    await expect(details(page)).toContainText('scikit-learn (skl2onnx)');
    await expect(details(page)).toContainText('titanic-pipeline.onnx');
    await expect(details(page)).toContainText('ai.onnx.ml 1');
    await expect(details(page).getByRole('table', { name: 'Inputs and outputs' })).toContainText('sex');
    await expect(details(page).getByRole('list', { name: 'Operator histogram' })).toContainText('ai.onnx.ml.LinearClassifier');
    await compareOpenModel(page);
    await expect(page.getByRole('region', { name: 'Model to benchmark' })).toContainText('titanic-pipeline.onnx (your file)');
    await page.getByRole('button', { name: 'Run benchmark' }).click();
    const summary = page.getByRole('table', { name: 'Output summary' });
    await expect(summary).toBeVisible({ timeout: 60_000 });
    await expect(summary).toContainText('probabilities');
    await expect(summary).toContainText('label');
    expect(pageErrors).toEqual([]);
  });

  test('symbolic dimensions can be sized: batch 2 gives a [2, 1000] output', async ({ page }) => {
    test.setTimeout(120_000);
    await page.goto('/?view=compare&backends=wasm&threads=1&warmup=0&runs=2');
    await openModelFiles(page, modelFile('mobilenetv2-12-int8.onnx'));
    await expect(details(page)).toContainText('batch_size');
    await compareOpenModel(page);
    await page.getByRole('group', { name: 'Symbolic dimensions' }).getByRole('spinbutton', { name: 'batch_size' }).fill('2');
    await page.getByRole('button', { name: 'Run benchmark' }).click();
    await expect(page.getByRole('table', { name: 'Output summary' })).toContainText('[2, 1000]', { timeout: 60_000 });
  });

  test('a PNG renamed .onnx is refused with the reason, and a real model still opens', async ({ page, pageErrors }) => {
    await page.goto('/?view=model');
    await page.getByLabel('Open an ONNX model').setInputFiles({
      name: 'photo.onnx',
      mimeType: 'application/octet-stream',
      buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]),
    });
    await expect(page.getByRole('alert')).toContainText('"photo.onnx" cannot be opened: This is a PNG image, not an ONNX model');
    await page.getByLabel('Open an ONNX model').setInputFiles({ name: 'empty.onnx', mimeType: 'application/octet-stream', buffer: Buffer.alloc(0) });
    await expect(page.getByRole('alert')).toContainText('empty (0 bytes)');
    await page.getByLabel('Open an ONNX model').setInputFiles(modelFile('mnist-8.onnx'));
    await expect(details(page)).toContainText('CNTK');
    await expect(page.getByRole('alert')).toHaveCount(0);
    expect(pageErrors).toEqual([]);
  });

  test('open a model from a URL; HTTP and unreachable or CORS failures are explained', async ({ page, baseURL }) => {
    await page.goto('/?view=model');
    const url = page.getByLabel('Model URL');
    await url.fill(`${baseURL}/models/mnist-8.onnx`);
    await page.getByRole('button', { name: 'Open URL' }).click();
    await expect(details(page)).toContainText('CNTK');
    await expect(details(page)).toContainText('mnist-8.onnx');

    await page.route('**/missing/model.onnx', (route) => route.fulfill({ status: 404, body: 'no' }));
    await url.fill(`${baseURL}/missing/model.onnx`);
    await page.getByRole('button', { name: 'Open URL' }).click();
    await expect(page.getByRole('alert')).toContainText('HTTP 404');

    // Another origin: the production build's Content-Security-Policy keeps the page to its own site,
    // and the message says so rather than blaming CORS or the network.
    await url.fill('http://127.0.0.1:9/model.onnx');
    await page.getByRole('button', { name: 'Open URL' }).click();
    await expect(page.getByRole('alert')).toContainText('Content-Security-Policy lets it contact only its own site');

    await url.fill('ftp://example.org/model.onnx');
    await page.getByRole('button', { name: 'Open URL' }).click();
    await expect(page.getByRole('alert')).toContainText('is not a web address');
  });

  test('URL open tells the truth: a typo, a web page instead of a model, the site root; URL models go by their file name', async ({ page, baseURL }) => {
    await page.goto('/?view=model');
    const url = page.getByLabel('Model URL');
    const open = async (address: string) => {
      await url.fill(address);
      await page.getByRole('button', { name: 'Open URL' }).click();
    };
    await open('not a url');
    await expect(page.getByRole('alert')).toContainText('"not a url" is not a web address');
    await expect(page.getByRole('alert')).not.toContainText('HTML');
    // The preview server answers a missing file with the app's own page (status 200).
    await open('/models/nothing-here.onnx');
    await expect(page.getByRole('alert')).toContainText(`There is no file at ${baseURL}/models/nothing-here.onnx: the server answered with this app's own start page`);
    await expect(details(page)).toHaveCount(0);
    await open(`${baseURL}/`);
    await expect(page.getByRole('alert')).toContainText(`The server returned a web page, not a model, for ${baseURL}/`);
    await expect(page.getByRole('alert')).not.toContainText('model.onnx');
    // A good address: named by its file, here and on the comparison page.
    await open('/models/mnist-8.onnx');
    await expect(details(page)).toContainText('mnist-8.onnx');
    await expect(page.getByRole('alert')).toHaveCount(0);
    await compareOpenModel(page);
    await expect(page.getByRole('region', { name: 'Model to benchmark' })).toContainText('mnist-8.onnx (from URL)');
    await expect(page.getByRole('combobox', { name: 'Model to run' })).toHaveValue('');
    await expect(page.getByRole('combobox', { name: 'Model to run' }).locator('option:checked')).toHaveText('mnist-8.onnx (from URL)');
  });
});

test('a model with external data runs when its data file is selected with it, and says which file is missing otherwise', async ({ page, pageErrors }) => {
  test.setTimeout(120_000);
  const { toyModel, externalWeightBytes } = await import('../helpers/onnx-builder');
  const model = { name: 'toy.onnx', mimeType: 'application/octet-stream', buffer: Buffer.from(toyModel({ externalData: 'toy.weights', inputDims: [1, 3] })) };
  const weights = { name: 'toy.weights', mimeType: 'application/octet-stream', buffer: Buffer.from(externalWeightBytes()) };
  await page.goto('/?view=compare&backends=wasm&threads=1&warmup=0&runs=2');
  await openModelFiles(page, [model]);
  await expect(page.getByRole('alert')).toContainText('keeps its weights in "toy.weights", which was not selected');
  await expect(page.getByRole('button', { name: 'Compare backends on this model' })).toHaveCount(0);
  await page.getByLabel('Open an ONNX model').setInputFiles([model, weights]);
  await expect(details(page)).toContainText('External data');
  await expect(page.getByRole('alert')).toHaveCount(0);
  await compareOpenModel(page);
  await page.getByRole('button', { name: 'Run benchmark' }).click();
  // Synthetic x is in [0, 1): y = x + [10, 20, 30] proves the external weights were loaded.
  const summary = page.getByRole('table', { name: 'Output summary' });
  await expect(summary).toBeVisible({ timeout: 60_000 });
  const firstValues = (await summary.locator('td.values').innerText()).split(',').map(Number);
  expect(firstValues[0]).toBeGreaterThanOrEqual(10);
  expect(firstValues[2]).toBeGreaterThanOrEqual(30);
  expect(pageErrors).toEqual([]);
});

test('before running: which backends run a model and which ops fall back to the CPU', async ({ page, pageErrors }) => {
  test.setTimeout(120_000);
  await page.goto('/?view=model&model=mobilenetv2-12-int8');
  await expect(details(page)).toContainText('onnxruntime quantization');
  // Instantly, from the operator lists onnxruntime-web ships:
  const listed = page.getByRole('table', { name: 'Op types each backend lacks, from the operator lists' });
  await expect(listed.locator('tr[data-backend="wasm"]')).toContainText('all ops');
  await expect(listed.locator('tr[data-backend="webgl"]')).toContainText('the model will not load');
  await expect(listed.locator('tr[data-backend="webgpu-jsep"]')).toContainText('QLinearConv');
  await expect(listed.locator('tr[data-backend="webgpu-jsep"]')).toContainText('docs/webgpu-operators.md');
  // Then measured, with a session per backend:
  await page.getByRole('button', { name: 'Check backends' }).click();
  const table = page.getByRole('table', { name: 'Op support per backend' });
  await expect(table.locator('tr')).toHaveCount(4, { timeout: 90_000 }); // wasm, webgpu, webgpu-jsep, webgl (WebNN is unavailable here)
  await expect(table.locator('tr[data-backend="wasm"]')).toContainText('every node on the CPU');
  await expect(table.locator('tr[data-backend="webgpu"]')).toContainText(/\d+ of \d+ nodes on the CPU/);
  await expect(table.locator('tr[data-backend="webgpu"]')).toContainText('QLinearConv');
  // WebGL has no int8 kernels and no fallback: it cannot load this model.
  await expect(table.locator('tr[data-backend="webgl"]')).toContainText('cannot load');
  expect(pageErrors).toEqual([]);
});

test('a model stamped with an opset the runtime does not load: the static check warns before anything runs, the measured one says it briefly', async ({ page, pageErrors }) => {
  test.setTimeout(120_000);
  await page.goto('/?view=model');
  await openModelFiles(page, resolve(import.meta.dirname, '..', 'fixtures', 'bad-inputs', 'models', 'future-opset.onnx'));
  await expect(details(page)).toContainText('ai.onnx 99');
  const support = page.getByRole('region', { name: 'Backend support' });
  await expect(support.getByRole('note', { name: 'Opset warning' })).toHaveText(/This model asks for ai\.onnx opset 99, and onnxruntime-web 1\.30\.\d+ loads models up to opset 26: creating a session will likely fail on every backend but WebGL2 \(whose legacy runtime checks ops against its own list instead\)\. Re-export the model with opset 26 or lower/);
  const listed = page.getByRole('table', { name: 'Op types each backend lacks, from the operator lists' });
  await expect(listed.locator('tr[data-backend="wasm"]')).toContainText('will likely fail');
  await expect(listed.locator('tr[data-backend="wasm"]')).not.toContainText('all ops');
  await expect(listed.locator('tr[data-backend="webgpu-jsep"]')).toContainText('ai.onnx opset 99 is above the 26 this onnxruntime-web loads');
  await expect(listed.locator('tr[data-backend="webgl"]')).not.toContainText('will likely fail');
  await page.getByRole('button', { name: 'Check backends' }).click();
  const measured = page.getByRole('table', { name: 'Op support per backend' });
  for (const backend of ['wasm', 'webgpu']) {
    const row = measured.locator(`tr[data-backend="${backend}"]`);
    await expect(row).toContainText('cannot load', { timeout: 90_000 });
    await expect(row).toContainText('could not load future-opset.onnx: the model asks for ai.onnx opset 99, and this onnxruntime-web loads up to opset 26. Re-export it with opset 26 or lower (e.g. 17).');
    await expect(row).not.toContainText('ERROR_CODE');
    await expect(row).not.toContainText('onnxruntime::');
    await expect(row).not.toContainText('.h:');
  }
  // The legacy WebGL runtime does not check the opset: it loads the one Relu, as the lists said.
  await expect(measured.locator('tr[data-backend="webgl"]')).toContainText('runs');
  expect(pageErrors).toEqual([]);
});

test('a model brought from the Model page while the default model is still downloading wins, and Run stays usable', async ({ page }) => {
  test.setTimeout(60_000);
  // Hold the comparison page's default model download until the user's model has been brought over.
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/models/mobilenetv2-12-int8.onnx', async (route) => {
    await held;
    await route.continue();
  });
  await page.goto('/?view=compare&backends=wasm&threads=1&warmup=0&runs=2');
  await openModelFiles(page, modelFile('mnist-8.onnx'));
  await expect(details(page)).toContainText('mnist-8.onnx');
  await compareOpenModel(page);
  const chosen = page.getByRole('region', { name: 'Model to benchmark' });
  await expect(chosen).toContainText('mnist-8.onnx (your file)');
  release();
  await page.waitForTimeout(1500); // the late download finishes and must change nothing
  await expect(chosen).toContainText('mnist-8.onnx (your file)');
  await expect(page.getByRole('button', { name: 'Run benchmark' })).toBeEnabled();
  await page.getByRole('button', { name: 'Run benchmark' }).click();
  await expect(page.getByRole('table', { name: 'Output summary' })).toContainText('Plus214_Output_0', { timeout: 60_000 });
});

test('a model dropped anywhere on the Model page is opened, and the browser does not navigate to it', async ({ page }) => {
  await page.goto('/?view=model');
  const bytes = (await import('node:fs')).readFileSync(modelFile('mnist-8.onnx')).toString('base64');
  const cancelled = await page.evaluate((base64) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))], 'dropped.onnx'));
    const target = document.querySelector('h1')!;
    const over = !target.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    const drop = !target.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    return { over, drop };
  }, bytes);
  expect(cancelled).toEqual({ over: true, drop: true });
  await expect(details(page)).toContainText('dropped.onnx');
  await expect(details(page)).toContainText('CNTK');
  expect(new URL(page.url()).searchParams.get('view')).toBe('model');
});
