import { test, expect, shownClasses, waitForModel, chooseFile, jpeg, sampleBytes } from './fixtures';
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
