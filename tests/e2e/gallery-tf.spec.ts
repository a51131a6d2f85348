/**
 * The gallery's TensorFlow and Keras models, converted to ONNX by this app at setup: each panel on a
 * sample shows its result and names its source framework; no panel widens the page on a phone.
 * Screenshots of each go to test-results/gallery-tf/ (1280 and 390 px, light and dark).
 */
import AxeBuilder from '@axe-core/playwright';
import { test, expect } from './fixtures';
import type { Page } from '@playwright/test';

const SHOTS = 'test-results/gallery-tf';

async function noSidewaysScroll(page: Page) {
  const { scrollWidth, width } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, width: window.innerWidth }));
  expect(scrollWidth, `page is ${scrollWidth}px wide in a ${width}px window`).toBeLessThanOrEqual(width);
}

test.describe('gallery: TensorFlow and Keras models converted here', () => {
  test.beforeEach(async ({ page }) => {
    await page.goto('/?view=gallery');
    await expect(page.getByRole('region', { name: 'Pose estimation' })).toBeVisible();
  });

  test('pose: a skeleton on person.jpg and messi5.jpg (TensorFlow, converted)', async ({ page, pageErrors }) => {
    const panel = page.getByRole('region', { name: 'Pose estimation' });
    await expect(panel).toContainText('TensorFlow (TF Hub), converted by onnx-playground');
    await expect(panel).toContainText('onnx-playground tfjs-to-onnx');
    for (const sample of ['person.jpg', 'messi5.jpg']) {
      await panel.getByRole('button', { name: sample }).click();
      const found = panel.getByLabel('Keypoints found');
      await expect(found).toContainText(/(1[2-7]|[0-9]) of 17 keypoints visible: nose/, { timeout: 30_000 });
      const count = Number((await found.innerText()).match(/(\d+) of 17/)![1]);
      expect(count).toBeGreaterThanOrEqual(12);
      const skeleton = panel.locator('.frame svg.skeleton');
      await expect(skeleton).toHaveAttribute('data-visible-keypoints', String(count));
      await expect(skeleton.locator('circle')).toHaveCount(count);
      expect(await skeleton.locator('line').count()).toBeGreaterThanOrEqual(10);
    }
    await panel.screenshot({ path: `${SHOTS}/pose-1280-light.png` });
    expect(pageErrors).toEqual([]);
  });

  test('pose on live camera frames, with frames per second', async ({ page, pageErrors }) => {
    const panel = page.getByRole('region', { name: 'Pose estimation' });
    await panel.getByRole('button', { name: 'Start camera' }).click();
    await expect(panel.getByRole('status', { name: 'Camera frames per second' })).toContainText(/\d+(\.\d)? frames per second/, { timeout: 30_000 });
    await expect(panel.getByLabel('Camera keypoints')).toContainText(/\d+ of 17 keypoints visible/);
    await expect(panel.locator('.stage svg.skeleton')).toBeAttached();
    await panel.screenshot({ path: `${SHOTS}/pose-camera-1280-light.png` });
    await panel.getByRole('button', { name: 'Stop camera' }).click();
    await expect(panel.getByRole('button', { name: 'Start camera' })).toBeVisible();
    expect(pageErrors).toEqual([]);
  });

  test('facial expression and gender on each face of messi5.jpg and kimono.jpg (Keras, converted)', async ({ page, pageErrors }) => {
    const panel = page.getByRole('region', { name: 'Facial expression' });
    await expect(panel).toContainText('Keras, converted by onnx-playground');
    for (const [sample, gender] of [['messi5.jpg', 'man'], ['kimono.jpg', 'woman']]) {
      await panel.getByRole('button', { name: sample }).click();
      const faces = panel.getByRole('list', { name: 'Detections' }).getByRole('listitem');
      await expect(faces).toHaveText([new RegExp(`^happy \\d+% · ${gender} \\d+%$`)], { timeout: 30_000 });
      await expect(panel.locator('.box')).toHaveCount(1);
      await expect(panel.locator('.label')).toHaveText([/^happy \d+% · (wo)?man \d+%$/]);
    }
    await panel.screenshot({ path: `${SHOTS}/faces-1280-light.png` });
    expect(pageErrors).toEqual([]);
  });

  test('person segmentation on person.jpg: mask shown, background blurred then replaced (MediaPipe, converted)', async ({ page, pageErrors }) => {
    const panel = page.getByRole('region', { name: 'Person segmentation' });
    await expect(panel).toContainText('converted by onnx-playground');
    await panel.getByRole('button', { name: 'person.jpg' }).click();
    const summary = panel.getByLabel('Segmentation summary');
    await expect(summary).toContainText(/calls \d+% of the photo person/, { timeout: 30_000 });
    const share = Number((await summary.innerText()).match(/(\d+)%/)![1]);
    expect(share).toBeGreaterThan(3);
    expect(share).toBeLessThan(60);
    const pixel = (label: string, x: number, y: number) =>
      panel.getByLabel(label).evaluate((canvas: HTMLCanvasElement, [px, py]) => {
        const context = canvas.getContext('2d')!;
        return [...context.getImageData(Math.round(px * canvas.width), Math.round(py * canvas.height), 1, 1).data.slice(0, 3)];
      }, [x, y]);
    // The mask is dark in the photo's corner (background).
    const corner = await pixel('The person mask (white: person)', 0.01, 0.01);
    expect(Math.max(...corner)).toBeLessThan(30);
    await expect(panel.getByLabel('The photo with its background blurred')).toBeVisible();
    await panel.getByRole('radio', { name: 'replaced' }).check();
    // The corner now shows the replacement backdrop's top colour.
    const replaced = await pixel('The photo with its background replaced', 0.01, 0.005);
    expect(replaced.map((v, c) => Math.abs(v - [40, 110, 200][c])).every((d) => d <= 6), `corner ${replaced}`).toBe(true);
    await panel.screenshot({ path: `${SHOTS}/segmentation-1280-light.png` });
    expect(pageErrors).toEqual([]);
  });

  test('the converted models are gallery ids elsewhere: the comparison runs MoveNet and the selfie model on a photo through their tasks', async ({ page, pageErrors }) => {
    for (const model of ['movenet-lightning', 'selfie']) {
      await page.goto(`/?view=compare&model=${model}&backends=wasm&threads=1&warmup=1&runs=2&input=sample:person.jpg&autorun=1`);
      await expect(page.getByRole('region', { name: 'Model to benchmark' })).toContainText('onnx-playground tfjs-to-onnx', { timeout: 30_000 });
      await expect(page.getByText(model === 'selfie' ? "the segmentation task's own preprocessing" : "the pose task's own preprocessing")).toBeVisible();
      await expect(page.getByRole('table', { name: 'Benchmark results' })).toContainText('WASM', { timeout: 90_000 });
    }
    expect(pageErrors).toEqual([]);
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    for (const width of [1280, 390]) {
      test(`results at ${width} px, ${colorScheme}: no sideways scroll (and at 1280, no serious axe violations)`, async ({ page, pageErrors }) => {
        await page.emulateMedia({ colorScheme });
        await page.setViewportSize({ width, height: 900 });
        const pose = page.getByRole('region', { name: 'Pose estimation' });
        await pose.getByRole('button', { name: 'messi5.jpg' }).click();
        await expect(pose.getByLabel('Keypoints found')).toContainText('keypoints visible', { timeout: 30_000 });
        const faces = page.getByRole('region', { name: 'Facial expression' });
        await faces.getByRole('button', { name: 'messi5.jpg' }).click();
        await expect(faces.getByRole('list', { name: 'Detections' })).toContainText('happy', { timeout: 30_000 });
        const segmentation = page.getByRole('region', { name: 'Person segmentation' });
        await segmentation.getByRole('button', { name: 'person.jpg' }).click();
        await expect(segmentation.getByLabel('Segmentation summary')).toBeVisible({ timeout: 30_000 });
        await noSidewaysScroll(page);
        if (width === 1280) {
          const { violations } = await new AxeBuilder({ page }).include('.gallery').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
          expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`)).toEqual([]);
        }
        await segmentation.screenshot({ path: `${SHOTS}/segmentation-${width}-${colorScheme}.png` });
        await pose.screenshot({ path: `${SHOTS}/pose-${width}-${colorScheme}.png` });
        await faces.screenshot({ path: `${SHOTS}/faces-${width}-${colorScheme}.png` });
        expect(pageErrors).toEqual([]);
      });
    }
  }
});
