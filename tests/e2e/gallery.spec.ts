import { test, expect } from './fixtures';
import type { Page } from '@playwright/test';

/** Draws a polyline on the digit canvas with the mouse, as a user would. */
async function drawStroke(page: Page, points: [number, number][]) {
  const canvas = page.getByLabel('Drawing area for a digit');
  const box = (await canvas.boundingBox())!;
  const at = ([x, y]: [number, number]) => [box.x + x * box.width, box.y + y * box.height] as const;
  await page.mouse.move(...at(points[0]));
  await page.mouse.down();
  for (const p of points.slice(1)) await page.mouse.move(...at(p), { steps: 4 });
  await page.mouse.up();
}

test.describe('gallery: each model in a page made for its task', () => {
  test.beforeEach(async ({ page }) => {
    await page.goto('/?view=gallery');
    await expect(page.getByLabel('Drawing area for a digit')).toBeVisible();
  });

  test('digits drawn on the canvas are recognised (CNTK)', async ({ page, pageErrors }) => {
    await drawStroke(page, [[0.5, 0.15], [0.5, 0.85]]);
    await expect(page.getByRole('status', { name: 'Recognised digit' })).toHaveText('1');
    await page.getByRole('button', { name: 'Clear' }).click();
    const circle = Array.from({ length: 25 }, (_, i) => [0.5 + 0.22 * Math.sin((i / 24) * 2 * Math.PI), 0.5 - 0.32 * Math.cos((i / 24) * 2 * Math.PI)] as [number, number]);
    await drawStroke(page, circle);
    await expect(page.getByRole('status', { name: 'Recognised digit' })).toHaveText('0');
    // The page names the model's source framework.
    await expect(page.locator('section').filter({ has: page.getByRole('heading', { name: 'Digit recognition' }) })).toContainText('CNTK');
    expect(pageErrors).toEqual([]);
  });

  test('a face box on messi5.jpg (PyTorch)', async ({ page, pageErrors }) => {
    const panel = page.getByRole('region', { name: 'Face detection' });
    await panel.getByRole('button', { name: 'messi5.jpg' }).click();
    await expect(panel.getByRole('list', { name: 'Detections' }).getByRole('listitem')).toHaveText([/^face \d+%$/]);
    await expect(panel.locator('.box')).toHaveCount(1);
    expect(pageErrors).toEqual([]);
  });

  test('a dog and a bicycle on dog.jpg (PyTorch 2, COCO names)', async ({ page, pageErrors }) => {
    const panel = page.getByRole('region', { name: 'Object detection' });
    await panel.getByRole('button', { name: 'dog.jpg' }).click();
    const found = panel.getByRole('list', { name: 'Detections' });
    await expect(found).toContainText('dog');
    await expect(found).toContainText('bicycle');
    expect(pageErrors).toEqual([]);
  });

  test('text found and read on imageTextN.png (PaddlePaddle OCR, three models)', async ({ page, pageErrors }) => {
    const panel = page.getByRole('region', { name: 'Text recognition' });
    await expect(panel).toContainText('PaddlePaddle');
    await panel.getByRole('button', { name: 'imageTextN.png' }).click();
    const lines = panel.getByRole('list', { name: 'Recognised text' }).getByRole('listitem');
    await expect(lines.first()).toContainText('technical details', { timeout: 60_000 });
    expect(await lines.count()).toBeGreaterThanOrEqual(10);
    await expect(panel.getByRole('list', { name: 'Recognised text' })).toContainText('computer vision problems');
    await expect(panel.locator('.box')).toHaveCount(await lines.count());
    expect(pageErrors).toEqual([]);
  });

  test('a file that is not an image gets a clear alert in the detection panel', async ({ page }) => {
    const panel = page.getByRole('region', { name: 'Object detection' });
    await panel.getByLabel('Choose an image for Object detection').setInputFiles({ name: 'notes.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('not an image at all') });
    await expect(panel.getByRole('alert')).toContainText('not an image');
  });

  test('the scikit-learn Titanic pipeline takes strings and int64 (tabular form)', async ({ page, pageErrors }) => {
    const form = page.locator('form').filter({ has: page.getByRole('button', { name: 'Predict' }) });
    await form.getByLabel('Class').selectOption('1');
    await form.getByLabel('Sex').selectOption('female');
    await form.getByLabel('Fare (£)').fill('100');
    await form.getByRole('button', { name: 'Predict' }).click();
    await expect(page.getByRole('status', { name: 'Prediction' })).toContainText('survived');
    await form.getByLabel('Class').selectOption('3');
    await form.getByLabel('Sex').selectOption('male');
    await form.getByLabel('Fare (£)').fill('8');
    await form.getByRole('button', { name: 'Predict' }).click();
    await expect(page.getByRole('status', { name: 'Prediction' })).toContainText('died');
    expect(pageErrors).toEqual([]);
  });
});

test('super-resolution (PyTorch) beats bicubic on a reduced photo, with a before/after comparison', async ({ page, pageErrors }) => {
  await page.goto('/?view=gallery');
  const panel = page.getByRole('region', { name: 'Super-resolution' });
  await panel.getByRole('button', { name: 'baboon.jpg' }).click();
  const quality = panel.getByRole('status', { name: 'Super-resolution quality' });
  await expect(quality).toContainText('PSNR', { timeout: 30_000 });
  const text = await quality.innerText();
  const [model, bicubic] = [/model ([\d.]+) dB/, /bicubic ([\d.]+) dB/].map((re) => Number(re.exec(text)![1]));
  console.info(`super-resolution on baboon: model ${model} dB, bicubic ${bicubic} dB`);
  expect(model).toBeGreaterThan(bicubic);
  await expect(panel.getByLabel('Model x3')).toBeVisible();
  await panel.getByLabel('Compare bicubic and model').fill('80');
  expect(pageErrors).toEqual([]);
});

test('the classifier starts only when its page is shown (no model download for other pages)', async ({ page }) => {
  const requested: string[] = [];
  page.on('request', (r) => requested.push(new URL(r.url()).pathname));
  await page.goto('/?view=gallery');
  await expect(page.getByLabel('Drawing area for a digit')).toBeVisible();
  await page.waitForTimeout(1000);
  expect(requested.filter((p) => p.endsWith('mobilenetv2-12-int8.onnx'))).toEqual([]);
  await page.getByRole('button', { name: 'Classify a photo' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Ready: session created' })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('alert')).toHaveCount(0);
});
