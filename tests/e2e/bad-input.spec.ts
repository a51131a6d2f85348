import { test, expect, shownClasses, waitForModel, chooseFile, jpeg, sampleBytes, openModelFiles } from './fixtures';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pngHeader } from '../helpers/png-header';


const dog = sampleBytes('dog.jpg');
const BAD_IMAGES = [
  { what: 'a text file', file: { name: 'notes.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('this is not an image\n'.repeat(20)) }, message: /not an image/ },
  { what: 'a truncated JPEG', file: { name: 'cut.jpg', mimeType: 'image/jpeg', buffer: dog.subarray(0, dog.length >> 1) }, message: /truncated JPEG/ },
  { what: 'a zero-byte file', file: { name: 'empty.png', mimeType: 'image/png', buffer: Buffer.alloc(0) }, message: /empty \(0 bytes\)/ },
  { what: 'an image over 50 megapixels', file: { name: 'huge.png', mimeType: 'image/png', buffer: pngHeader(30000, 30000) }, message: /900\.0 megapixels.*limit/ },
  { what: 'a corrupt PNG', file: { name: 'broken.png', mimeType: 'image/png', buffer: Buffer.concat([pngHeader(64, 64), Buffer.alloc(100, 7)]) }, message: /could not be decoded/ },
];

test.describe('bad images: a clear alert, nothing in the console, and the next photo works', () => {
  for (const bad of BAD_IMAGES) {
    test(bad.what, async ({ page, pageErrors }) => {
      await page.goto('/');
      await waitForModel(page);
      await chooseFile(page, bad.file);
      await expect(page.getByRole('alert')).toContainText(bad.message);
      await expect(page.getByRole('alert')).toContainText(bad.file.name);
      await chooseFile(page, jpeg('eagle.jpg'));
      await expect.poll(async () => (await shownClasses(page))[0]).toBe('bald eagle');
      await expect(page.getByRole('alert')).toHaveCount(0);
      expect(pageErrors).toEqual([]);
    });
  }
});

test.describe('a model that fails to load says why', () => {
  test('missing on the server (HTTP 404)', async ({ page }) => {
    await page.route('**/models/shufflenet-v2-12-int8.onnx', (route) => route.fulfill({ status: 404, body: 'not found' }));
    await page.goto('/?model=shufflenet-v2-12-int8');
    await expect(page.getByRole('alert')).toContainText('Could not download ShuffleNet v2 (int8): HTTP 404');
    await expect(page.getByRole('alert')).toContainText('npm run setup');
    // Another model still loads and works.
    await page.getByLabel('Classifier').selectOption('mobilenetv2-12-int8');
    await waitForModel(page);
    await chooseFile(page, jpeg('eagle.jpg'));
    await expect.poll(async () => (await shownClasses(page))[0]).toBe('bald eagle');
  });

  test('damaged in transit (checksum mismatch)', async ({ page }) => {
    await page.route('**/models/squeezenet1.1-7-fp32.onnx', (route) => route.fulfill({ status: 200, body: Buffer.alloc(4096, 1) }));
    await page.goto('/?model=squeezenet1.1-7-fp32');
    await expect(page.getByRole('alert')).toContainText('does not match its catalogue checksum');
  });

  test('an unknown ?model= id falls back to the default and says so', async ({ page }) => {
    await page.goto('/?model=no-such-model');
    await expect(page.getByRole('alert')).toContainText('There is no model "no-such-model"');
    await waitForModel(page);
    await expect(page.getByLabel('Classifier')).toHaveValue('mobilenetv2-12-int8');
  });
});

test('a cut .onnx file on the Model page: told once, byte counts with separators, and what to do', async ({ page, pageErrors }) => {
  const model = readFileSync(resolve(import.meta.dirname, '..', '..', 'public', 'models', 'mobilenetv2-12-fp32.onnx'));
  await page.goto('/?view=model');
  await openModelFiles(page, { name: 'cut.onnx', mimeType: 'application/octet-stream', buffer: model.subarray(0, 1_000_000) });
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('The file is truncated or not an ONNX model: a field of 13,975,886 bytes at byte 53 runs past the end (', { timeout: 10_000 });
  await expect(alert).toContainText('Open the complete .onnx file');
  const text = await alert.innerText();
  expect(text.match(/truncated or not an ONNX model/g), text).toHaveLength(1);
  expect(text, 'every byte count is grouped').not.toMatch(/\d{5}/);
  expect(pageErrors).toEqual([]);
});
