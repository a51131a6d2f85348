/**
 * TensorFlow.js graph models on the Model page: converted to ONNX in the browser, checked against
 * TF.js running the original, downloadable, and then the page's model like any other.
 */
import { test, expect, pageTab, compareOpenModel, waitForModel } from './fixtures';
import type { Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { resolve } from 'node:path';
import * as ort from 'onnxruntime-node';
import AxeBuilder from '@axe-core/playwright';

const HUMAN = resolve(import.meta.dirname, '..', '..', 'node_modules', '@vladmandic', 'human-models', 'models');
const humanFile = (name: string) => ({ name, mimeType: name.endsWith('.json') ? 'application/json' : 'application/octet-stream', buffer: readFileSync(resolve(HUMAN, name)) });
/** model.json and its one shard, as a user selects them. */
const tfjsModel = (name: string) => [humanFile(`${name}.json`), humanFile(`${name}.bin`)];
const jsonFile = (name: string, value: unknown) => ({ name, mimeType: 'application/json', buffer: Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)) });

const conversion = (page: Page) => page.getByRole('region', { name: 'Conversion' });
const details = (page: Page) => page.getByRole('region', { name: 'Model details' });
const openTfjs = async (page: Page, files: Parameters<import('@playwright/test').Locator['setInputFiles']>[0]) => page.getByLabel('Open a TensorFlow.js model').setInputFiles(files);

/** The number in "matches TensorFlow.js within X", once TF.js and onnxruntime have both run. */
async function agreement(page: Page): Promise<number> {
  const status = conversion(page).getByText(/matches TensorFlow\.js within/i);
  await expect(status).toBeVisible({ timeout: 60_000 });
  const match = (await status.innerText()).match(/within ([\d.]+(?:e[-+]?\d+)?)/i);
  expect(match, 'the agreement names a number').not.toBeNull();
  return Number(match![1]);
}

/** A graph model of a Placeholder and two nodes (weightless, so no shard). */
const tinyGraph = (placeholder: object, op: string) => ({
  format: 'graph-model',
  modelTopology: {
    node: [
      { name: 'x', op: 'Placeholder', attr: { dtype: { type: 'DT_FLOAT' }, ...placeholder } },
      { name: 'a', op, input: ['x'], attr: { T: { type: 'DT_FLOAT' } } },
      { name: 'b', op, input: ['a'], attr: { T: { type: 'DT_FLOAT' } } },
    ],
  },
  weightsManifest: [],
});

test.describe('TensorFlow.js models on the Model page', () => {
  test('MoveNet converts, matches TF.js, downloads as ONNX and is benchmarked as the page model', async ({ page, pageErrors }) => {
    test.setTimeout(180_000);
    await page.goto('/?view=compare&backends=wasm&threads=1&warmup=1&runs=3');
    await pageTab(page, 'Model').click();
    const started = Date.now();
    await openTfjs(page, tfjsModel('movenet-lightning'));
    const region = conversion(page);
    await expect(region).toBeVisible({ timeout: 60_000 });
    const shown = Date.now() - started;
    // The op table: TF ops with counts and what each became.
    const ops = region.getByRole('table', { name: 'TF ops and what they became' });
    await expect(ops.getByRole('row', { name: /FusedDepthwiseConv2dNative/ })).toContainText('Conv');
    await expect(ops.getByRole('row', { name: /ResizeBilinear/ })).toContainText('Resize');
    await expect(region).toContainText(/\d+ ONNX nodes before optimisation, \d+ after/);
    await expect(region).toContainText(/Transposes\s*\d+ left/);
    const within = await agreement(page);
    expect(within).toBeLessThan(1e-3);
    console.log(`MoveNet: conversion shown after ${shown} ms; ${(await region.locator('.summary').innerText()).trim()}; matches TF.js within ${within}`);

    // The page's model is the conversion, with its details.
    await expect(page.getByText('movenet-lightning.onnx (converted from TensorFlow.js) is ready.')).toBeVisible();
    const io = details(page).getByRole('table', { name: 'Inputs and outputs' });
    await expect(io.getByRole('row', { name: /^in input/ })).toContainText('int32');
    await expect(io.getByRole('row', { name: /^in input/ })).toContainText('[1, 192, 192, 3]');

    // Download ONNX: the file is named after the model and onnxruntime-node loads it.
    const downloading = page.waitForEvent('download');
    await region.getByRole('link', { name: 'Download ONNX' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe('movenet-lightning.onnx');
    const bytes = readFileSync((await download.path())!);
    expect(bytes[0], 'an ONNX ModelProto starts with ir_version (field 1, varint)').toBe(0x08);
    const session = await ort.InferenceSession.create(bytes);
    expect(session.inputNames).toEqual(['input']);
    await session.release();

    // Which backends run it, then a WASM benchmark on the comparison page.
    await expect(page.getByRole('region', { name: 'Backend support' })).toBeVisible();
    await compareOpenModel(page);
    await expect(page.getByRole('region', { name: 'Model to benchmark' })).toContainText('movenet-lightning.onnx (converted from TensorFlow.js)');
    await page.getByRole('button', { name: 'Run benchmark' }).click();
    await expect(page.getByRole('table', { name: 'Benchmark results' })).toBeVisible({ timeout: 120_000 });
    await expect(page.getByRole('table', { name: 'Output summary' })).toContainText('[1, 1, 17, 3]');
    expect(pageErrors).toEqual([]);
  });

  test('Keras emotion (a symbolic batch) converts by drop and matches TF.js', async ({ page, pageErrors }) => {
    test.setTimeout(120_000);
    await page.goto('/?view=model');
    // Dropped anywhere on the page, the .json sends the files to the converter.
    await page.evaluate(
      (files) => {
        const transfer = new DataTransfer();
        for (const f of files) transfer.items.add(new File([Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0))], f.name));
        document.body.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }));
        document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
      },
      tfjsModel('emotion').map((f) => ({ name: f.name, base64: f.buffer.toString('base64') })),
    );
    await expect(conversion(page)).toContainText('emotion.onnx', { timeout: 60_000 });
    expect(await agreement(page)).toBeLessThan(1e-3);
    await expect(conversion(page)).toContainText('[1, 64, 64, 1]');
    await expect(details(page).getByRole('table', { name: 'Inputs and outputs' })).toContainText('batch');
    expect(pageErrors).toEqual([]);
  });

  test('facemesh-attention: TF.js falls back to its CPU backend (WASM lacks a kernel), 7 outputs compared by name', async ({ page, pageErrors }) => {
    test.setTimeout(120_000);
    await page.goto('/?view=model');
    await openTfjs(page, tfjsModel('facemesh-attention'));
    // Its face score is ~3e-9 on TF.js and 0 on onnxruntime: compared in absolute terms, not as 100% off.
    expect(await agreement(page)).toBeLessThan(1e-3);
    await expect(conversion(page)).toContainText('CPU backend');
    await expect(conversion(page).getByRole('table', { name: 'Agreement per output' }).getByRole('row')).toHaveCount(8);
    expect(pageErrors).toEqual([]);
  });

  test('a gzipped model.json and shard (as some hosts store them) convert and match TF.js', async ({ page, pageErrors }) => {
    await page.goto('/?view=model');
    await openTfjs(page, tfjsModel('emotion').map((f) => ({ ...f, buffer: gzipSync(f.buffer) })));
    expect(await agreement(page)).toBeLessThan(1e-3);
    expect(pageErrors).toEqual([]);
  });

  test('bad TF.js models are each refused by name, and a good one opens after them', async ({ page, pageErrors }) => {
    test.setTimeout(120_000);
    await page.goto('/?view=model');
    const alert = page.getByRole('alert');
    const [json, bin] = tfjsModel('movenet-lightning');
    const cases: [Parameters<typeof openTfjs>[1], string][] = [
      [[json], 'movenet-lightning.json: weight file missing: movenet-lightning.bin'],
      [[bin], 'movenet-lightning.bin: no model.json among the files'],
      [[json, { ...bin, buffer: bin.buffer.subarray(0, 1000) }], "movenet-lightning.json: movenet-lightning.bin holds 1,000 bytes, but model.json's weights need"],
      [[jsonFile('broken.json', '{"format": "graph-model", "modelTopology": ')], 'broken.json: model.json is not valid JSON'],
      [[jsonFile('package.json', { name: 'x', version: '1.0.0' })], 'package.json: model.json is not a TF.js graph model'],
      [[jsonFile('keras.json', { format: 'layers-model', modelTopology: { class_name: 'Sequential', config: {} }, weightsManifest: [] })], 'keras.json: this is a TF.js layers model (Keras'],
      [[jsonFile('custom.json', tinyGraph({ shape: { shape: { dim: [{ size: '1' }, { size: '4' }] } } }, 'MyCustomOp'))], 'custom.json: unsupported TF ops: MyCustomOp x2'],
      [[jsonFile('noshape.json', tinyGraph({}, 'Relu'))], 'noshape.json: input x: its shape cannot be known'],
    ];
    await page.setViewportSize({ width: 390, height: 800 });
    for (const [files, message] of cases) {
      await openTfjs(page, files);
      await expect(alert).toContainText(message, { timeout: 30_000 });
      await expect(conversion(page)).toHaveCount(0);
      // Long weight and op names wrap: the phone-width page never scrolls sideways.
      expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), message).toBeLessThanOrEqual(0);
      if (process.env.SCREENSHOTS && message.includes('1,000 bytes')) await alert.screenshot({ path: `${process.env.SCREENSHOTS}/convert-alert-390.png` });
    }
    await expect(alert).toHaveCount(1);
    await openTfjs(page, tfjsModel('emotion'));
    await expect(conversion(page)).toBeVisible({ timeout: 60_000 });
    await expect(alert).toHaveCount(0);
    await expect(page.getByText('emotion.onnx (converted from TensorFlow.js) is ready.')).toBeVisible();
    expect(pageErrors).toEqual([]);
  });

  test("another model's weights under the shard's name are refused before conversion (blazeface.json + emotion.bin renamed blazeface.bin); its own convert", async ({ page, pageErrors }) => {
    test.setTimeout(90_000);
    await page.goto('/?view=model');
    await openTfjs(page, [humanFile('blazeface.json'), { ...humanFile('emotion.bin'), name: 'blazeface.bin' }]);
    const alert = page.getByRole('alert');
    await expect(alert).toContainText("blazeface.json: blazeface.bin holds 820,516 bytes, but model.json's weights need 538,928 bytes from it", { timeout: 30_000 });
    await expect(alert).toContainText('Choose the .bin weight files that were saved with this model.json.');
    await expect(conversion(page)).toHaveCount(0);
    await expect(page.getByText('(converted from TensorFlow.js) is ready')).toHaveCount(0);
    // Its own weights convert; the card and Model details say which graph each counts (TF.js's 4
    // Identity ops became no node, the ONNX file's 4 Identity nodes name the outputs).
    await openTfjs(page, tfjsModel('blazeface'));
    await expect(page.getByText('blazeface.onnx (converted from TensorFlow.js) is ready.')).toBeVisible({ timeout: 60_000 });
    await expect(alert).toHaveCount(0);
    const ops = conversion(page).getByRole('table', { name: 'TF ops and what they became' });
    await expect(ops.getByRole('columnheader')).toHaveText(['TF op', 'Count in the TF.js graph', 'Became in the ONNX file']);
    await expect(ops.getByRole('row', { name: /^Identity 4/ })).toContainText('no node of its own');
    await expect(conversion(page)).toContainText('The ops of the TensorFlow.js graph (blazeface.json), counted there, and the nodes each became in the ONNX file; Model details counts the ONNX file\'s nodes. The file also has 4 Identity nodes that no TF op became: they give the outputs their TensorFlow.js names.');
    await expect(details(page).getByRole('heading', { name: 'Operators in the ONNX file' })).toBeVisible();
    await expect(details(page).getByRole('list', { name: 'Operator histogram' }).getByRole('listitem').filter({ hasText: /^Identity/ })).toHaveText(/^Identity\s*4$/);
    expect(pageErrors).toEqual([]);
  });

  test('a model.json by URL, its shard fetched from beside it; the ONNX file takes the folder name', async ({ page, pageErrors }) => {
    test.setTimeout(120_000);
    const [json, bin] = tfjsModel('movenet-lightning');
    // Test-only files: the preview server serves dist/, so the routes play the site hosting them.
    await page.route('**/tfjs/movenet/model.json', (route) => route.fulfill({ body: json.buffer, contentType: 'application/json' }));
    await page.route('**/tfjs/movenet/movenet-lightning.bin', (route) => route.fulfill({ body: bin.buffer, contentType: 'application/octet-stream' }));
    await page.goto('/?view=model');
    await page.getByLabel('Model URL').fill('/tfjs/movenet/model.json');
    await page.getByRole('button', { name: 'Open URL' }).click();
    await expect(conversion(page)).toContainText('model.json → movenet.onnx', { timeout: 60_000 });
    expect(await agreement(page)).toBeLessThan(1e-3);
    await expect(page.getByText('movenet.onnx (converted from TensorFlow.js) is ready.')).toBeVisible();
    // A shard that is not there is named.
    await page.getByLabel('Model URL').fill('/tfjs/nowhere/model.json');
    await page.route('**/tfjs/nowhere/model.json', (route) => route.fulfill({ body: json.buffer, contentType: 'application/json' }));
    await page.route('**/tfjs/nowhere/movenet-lightning.bin', (route) => route.fulfill({ status: 404, body: 'no' }));
    await page.getByRole('button', { name: 'Open URL' }).click();
    await expect(page.getByRole('alert')).toContainText('model.json: Could not download movenet-lightning.bin: HTTP 404');
    expect(pageErrors).toEqual([]);
  });

  test('the conversion at phone width and in dark mode: nothing scrolls sideways, axe finds nothing serious', async ({ page }) => {
    test.setTimeout(120_000);
    for (const [width, scheme] of [[1280, 'light'], [390, 'light'], [390, 'dark'], [1280, 'dark']] as const) {
      await page.setViewportSize({ width, height: 900 });
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto('/?view=model');
      await openTfjs(page, tfjsModel('movenet-lightning'));
      await agreement(page);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, `${width} px ${scheme}`).toBeLessThanOrEqual(0);
      const axe = await new AxeBuilder({ page }).include('main').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
      expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes[0]?.target}`), `${width} px ${scheme}`).toEqual([]);
      if (process.env.SCREENSHOTS) await page.screenshot({ path: `${process.env.SCREENSHOTS}/convert-${width}-${scheme}.png`, fullPage: true });
    }
  });
});

test('another model chosen mid-conversion wins; the conversion after it still works', async ({ page, pageErrors }) => {
  test.setTimeout(120_000);
  await page.goto('/?view=model');
  await openTfjs(page, tfjsModel('movenet-lightning'));
  await page.getByLabel('From the gallery').selectOption('mnist-8');
  await expect(details(page)).toContainText('mnist-8.onnx', { timeout: 30_000 });
  await expect(conversion(page)).toHaveCount(0);
  await page.waitForTimeout(1500); // the stopped conversion must not come back
  await expect(conversion(page)).toHaveCount(0);
  await expect(details(page)).toContainText('mnist-8.onnx');
  await openTfjs(page, tfjsModel('emotion'));
  expect(await agreement(page)).toBeLessThan(1e-3);
  expect(pageErrors).toEqual([]);
});

test('TF.js loads only for a conversion: the classify and Model pages fetch none of it until then', async ({ page }) => {
  const tfjsRequests: string[] = [];
  page.on('request', (r) => {
    if (/\/(tfjs-|convert\.worker)/.test(new URL(r.url()).pathname)) tfjsRequests.push(new URL(r.url()).pathname);
  });
  await page.goto('/');
  await waitForModel(page);
  await pageTab(page, 'Model').click();
  await page.getByLabel('From the gallery').selectOption('mnist-8');
  await expect(details(page)).toContainText('mnist-8.onnx');
  expect(tfjsRequests).toEqual([]);
  await openTfjs(page, tfjsModel('emotion'));
  await agreement(page);
  expect(tfjsRequests.some((p) => /convert\.worker/.test(p))).toBe(true);
  expect(tfjsRequests.some((p) => /tfjs-backend-wasm-simd-[\w-]+\.wasm$/.test(p))).toBe(true);
});

test.describe('TensorFlow.js offline', () => {
  test.use({ serviceWorkers: 'allow' });

  test('TF.js is not fetched at install but cached on first use: a conversion then works offline', async ({ page, context, pageErrors }) => {
    test.setTimeout(180_000);
    await page.goto('/?view=model');
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
      if (!navigator.serviceWorker.controller) await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
    });
    const cachedTfjs = () =>
      page.evaluate(async () => {
        const urls = await Promise.all((await caches.keys()).map(async (name) => (await (await caches.open(name)).keys()).map((r) => new URL(r.url).pathname)));
        return urls.flat().filter((p) => /\/tfjs-/.test(p)).sort();
      });
    expect(await cachedTfjs()).toEqual([]);
    await openTfjs(page, tfjsModel('emotion'));
    expect(await agreement(page)).toBeLessThan(1e-3);
    const cached = await cachedTfjs();
    expect(cached.some((p) => /tfjs-backend-wasm-simd-[\w-]+\.wasm$/.test(p)), cached.join(', ')).toBe(true);

    await context.setOffline(true);
    await page.reload();
    await openTfjs(page, tfjsModel('emotion'));
    expect(await agreement(page)).toBeLessThan(1e-3);
    await context.setOffline(false);
    expect(pageErrors).toEqual([]);
  });
});
