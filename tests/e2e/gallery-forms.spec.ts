/**
 * The gallery's forms and results as a user meets them: the Titanic form's validation, drawing a
 * digit with the keyboard only, detection labels that stay apart, the OCR text shown whole and
 * copied, and no sideways scrolling at phone or desktop width in either theme.
 */
import AxeBuilder from '@axe-core/playwright';
import { test, expect } from './fixtures';
import type { Locator, Page } from '@playwright/test';

const openGallery = async (page: Page) => {
  await page.goto('/?view=gallery');
  await expect(page.getByLabel('Drawing area for a digit')).toBeVisible();
};

test.describe('Titanic form validation', () => {
  const form = (page: Page) => page.locator('form').filter({ has: page.getByRole('button', { name: 'Predict' }) });
  const prediction = (page: Page) => page.getByRole('status', { name: 'Prediction' });

  /** Fills one field, submits, and checks the message beside it and that no prediction is left. */
  async function expectRejected(page: Page, field: 'Age' | 'Fare (£)', value: string, message: RegExp) {
    const input = form(page).getByLabel(field, { exact: true });
    await input.fill(value);
    // Changing an input already takes away the answer to the old inputs.
    await expect(prediction(page)).toHaveCount(0);
    await form(page).getByRole('button', { name: 'Predict' }).click();
    await expect(input).toHaveAttribute('aria-invalid', 'true');
    const describedBy = await input.getAttribute('aria-describedby');
    expect(describedBy).toBeTruthy();
    await expect(page.locator(`[id="${describedBy}"]`)).toBeVisible();
    await expect(page.locator(`[id="${describedBy}"]`)).toHaveText(message);
    await expect(prediction(page)).toHaveCount(0);
    // The invalid field gets the focus, so a keyboard or screen reader user lands on the problem.
    await expect(input).toBeFocused();
  }

  async function predictValid(page: Page) {
    await form(page).getByLabel('Age', { exact: true }).fill('29');
    await form(page).getByLabel('Fare (£)', { exact: true }).fill('8');
    await form(page).getByRole('button', { name: 'Predict' }).click();
    await expect(prediction(page)).toContainText(/died|survived/);
    for (const field of ['Age', 'Fare (£)']) {
      await expect(form(page).getByLabel(field, { exact: true })).not.toHaveAttribute('aria-invalid', 'true');
    }
  }

  test('out-of-range and empty fields are named beside the field and leave no prediction', async ({ page, pageErrors }) => {
    await openGallery(page);
    await predictValid(page);
    await expectRejected(page, 'Age', '-5', /Age must be between 0 and 100/);
    await predictValid(page);
    await expectRejected(page, 'Age', '200', /Age must be between 0 and 100/);
    await predictValid(page);
    await expectRejected(page, 'Fare (£)', '-100', /Fare must be between £0 and £600/);
    await predictValid(page);
    await expectRejected(page, 'Age', '', /Enter an age/);
    // Fixing the field takes the message away and predicts again.
    await predictValid(page);
    await expect(page.getByText(/Enter an age/)).toHaveCount(0);
    expect(pageErrors).toEqual([]);
  });
});

test('a digit drawn with the keyboard only is recognised', async ({ page, pageErrors }) => {
  await openGallery(page);
  const canvas = page.getByLabel('Drawing area for a digit');
  // Tab from the top of the page until the drawing area has the focus: no mouse anywhere.
  for (let i = 0; i < 20 && !(await canvas.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
  await expect(canvas).toBeFocused();
  // The keys are explained beside the canvas, and the canvas points at that text.
  const help = page.locator(`[id="${await canvas.getAttribute('aria-describedby')}"]`);
  await expect(help).toBeVisible();
  await expect(help).toContainText('arrow keys');
  // A scribble cleared with Delete while it is still being recognised (the first time also loads
  // the model): its late answer must not show, nor the page wait for it forever.
  await page.keyboard.press('Space');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Space');
  await page.keyboard.press('Delete');
  await expect(page.getByRole('status').filter({ hasText: 'Recognising' })).toHaveCount(0);
  await expect(page.getByText('Draw a digit (0-9)')).toBeVisible();
  await page.waitForTimeout(1500);
  await expect(page.getByRole('status', { name: 'Recognised digit' })).toHaveCount(0);
  // From the centre: up to the top, pen down, down to the bottom, pen up → a vertical stroke.
  for (let i = 0; i < 7; i++) await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Space');
  for (let i = 0; i < 14; i++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Space');
  await expect(page.getByRole('status', { name: 'Recognised digit' })).toHaveText('1');
  // The page did not scroll away under the arrow keys or Space.
  await expect(canvas).toBeFocused();
  await expect(canvas).toBeInViewport();
  expect(pageErrors).toEqual([]);
});

interface Rect { x: number; y: number; width: number; height: number }
const overlaps = (a: Rect, b: Rect) => a.x < b.x + b.width - 0.5 && b.x < a.x + a.width - 0.5 && a.y < b.y + b.height - 0.5 && b.y < a.y + a.height - 0.5;

/** Boxes of the labels drawn on the photo, and of the photo's frame. */
async function labelRects(panel: Locator): Promise<{ labels: Rect[]; frame: Rect }> {
  const labels = await panel.locator('.frame span').evaluateAll((els) => els.map((el) => el.getBoundingClientRect().toJSON() as Rect));
  const frame = (await panel.locator('.frame').boundingBox())!;
  return { labels, frame };
}

for (const [width, height] of [[1280, 900], [390, 844]]) {
  test(`detection labels on horses.jpg do not overlap each other and stay on the photo at ${width} px`, async ({ page, pageErrors }) => {
    await page.setViewportSize({ width, height });
    await openGallery(page);
    const panel = page.getByRole('region', { name: 'Object detection' });
    await panel.getByRole('button', { name: 'horses.jpg' }).click();
    const items = panel.getByRole('list', { name: 'Detections' }).getByRole('listitem');
    await expect(items.first()).toHaveText(/^(horse|sheep|cow|dog) \d+%$/);
    const count = await items.count();
    expect(count).toBeGreaterThanOrEqual(3); // several boxes near each other: the case that overlapped
    await expect(panel.locator('.frame span')).toHaveCount(count);
    // Labels are placed once their size is known; wait for a layout that holds still.
    await expect.poll(async () => JSON.stringify(await labelRects(panel)), { intervals: [200] }).toBe(JSON.stringify(await labelRects(panel)));
    const { labels, frame } = await labelRects(panel);
    for (let i = 0; i < labels.length; i++) {
      for (let j = i + 1; j < labels.length; j++) expect(overlaps(labels[i], labels[j]), `label ${i} and label ${j} overlap`).toBe(false);
      const l = labels[i];
      expect(l.x).toBeGreaterThanOrEqual(frame.x - 0.5);
      expect(l.x + l.width).toBeLessThanOrEqual(frame.x + frame.width + 0.5);
      expect(l.y).toBeGreaterThanOrEqual(frame.y - 0.5);
      expect(l.y + l.height).toBeLessThanOrEqual(frame.y + frame.height + 0.5);
      // Readable: at least 10 CSS px of text at any width.
      expect(l.height).toBeGreaterThanOrEqual(12);
    }
    expect(pageErrors).toEqual([]);
  });
}

test.describe('OCR text', () => {
  test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

  test('the whole text of imageTextN.png is shown and "Copy text" puts it on the clipboard', async ({ page, pageErrors }) => {
    await openGallery(page);
    const panel = page.getByRole('region', { name: 'Text recognition' });
    await panel.getByRole('button', { name: 'imageTextN.png' }).click();
    const list = panel.getByRole('list', { name: 'Recognised text' });
    const lines = list.getByRole('listitem');
    await expect(lines.first()).toContainText('technical details', { timeout: 60_000 });
    expect(await lines.count()).toBeGreaterThanOrEqual(10);
    // Nothing is cut off: the list shows every line, the last one included, by scrolling the page only.
    expect(await list.evaluate((el) => el.scrollHeight - el.clientHeight)).toBeLessThanOrEqual(1);
    await expect(lines.last()).toContainText('approaches');
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await expect(lines.last()).toBeInViewport({ ratio: 1 });

    const texts = await list.locator('.text').allInnerTexts();
    expect(texts).toHaveLength(await lines.count());
    await panel.getByRole('button', { name: 'Copy text' }).click();
    await expect(panel.getByRole('status').filter({ hasText: /Copied/ })).toHaveText(`Copied ${texts.length} lines.`);
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe(texts.map((t) => t.trim()).join('\n'));
    expect(copied).toMatch(/^technical details/);
    expect(copied).toContain('computer vision problems');
    expect(copied).toMatch(/approaches:?$/);
    expect(pageErrors).toEqual([]);
  });

  test('a refused clipboard is explained, with what to do instead', async ({ page }) => {
    await openGallery(page);
    await page.evaluate(() => {
      navigator.clipboard.writeText = () => Promise.reject(new DOMException('Write permission denied.', 'NotAllowedError'));
    });
    const panel = page.getByRole('region', { name: 'Text recognition' });
    await panel.getByRole('button', { name: 'imageTextN.png' }).click();
    await expect(panel.getByRole('list', { name: 'Recognised text' }).getByRole('listitem').first()).toContainText('technical', { timeout: 60_000 });
    await panel.getByRole('button', { name: 'Copy text' }).click();
    await expect(panel.getByRole('alert')).toHaveText(/could not copy.*permission.*select the text/i);
    await expect(panel.getByRole('status').filter({ hasText: /Copied/ })).toHaveCount(0);
    // On plain http there is no Clipboard API at all: say so, and what works instead.
    await page.evaluate(() => Object.defineProperty(navigator, 'clipboard', { value: undefined }));
    await panel.getByRole('button', { name: 'Copy text' }).click();
    await expect(panel.getByRole('alert')).toHaveText(/could not copy.*https.*select the text/i);
  });
});

/** The page is never wider than the window, at phone and desktop width, light and dark. */
async function expectNoSidewaysScroll(page: Page, state: string) {
  for (const [width, height] of [[390, 844], [1280, 900]]) {
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.setViewportSize({ width, height });
      await page.emulateMedia({ colorScheme });
      const [scrollWidth, viewport] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
      expect(scrollWidth, `${state}: ${width} px, ${colorScheme}`).toBeLessThanOrEqual(viewport);
    }
  }
  await page.setViewportSize({ width: 390, height: 844 });
}

test('the gallery never scrolls sideways, with results, form errors or long file names (and axe finds nothing serious)', async ({ page, pageErrors }) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 390, height: 844 });
  await openGallery(page);
  await expectNoSidewaysScroll(page, 'empty');
  // Fill every panel with results, and the form with errors: the widest state of each.
  const runs: [string, string, (panel: Locator) => Locator][] = [
    ['Face detection', 'kimono.jpg', (panel) => panel.getByRole('list', { name: 'Detections' })],
    ['Object detection', 'horses.jpg', (panel) => panel.getByRole('list', { name: 'Detections' })],
    ['Super-resolution', 'baboon.jpg', (panel) => panel.getByRole('status', { name: 'Super-resolution quality' })],
    ['Text recognition', 'imageTextN.png', (panel) => panel.getByRole('list', { name: 'Recognised text' })],
  ];
  for (const [region, sample, result] of runs) {
    const panel = page.getByRole('region', { name: region });
    await panel.getByRole('button', { name: sample }).click();
    await expect(result(panel)).toBeVisible({ timeout: 60_000 });
  }
  const form = page.locator('form').filter({ has: page.getByRole('button', { name: 'Predict' }) });
  await form.getByLabel('Age', { exact: true }).fill('200');
  await form.getByLabel('Fare (£)', { exact: true }).fill('-100');
  await form.getByRole('button', { name: 'Predict' }).click();
  await expectNoSidewaysScroll(page, 'results');
  // The new states (labels on photos, field errors, Copy text, the focusable canvas) pass axe too.
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
    const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`), colorScheme).toEqual([]);
  }
  // Error messages quote the file's name, which can be one long word.
  const name = 'holiday_photos_from_the_summer_of_2023_at_the_beach_number_0001.jpg';
  for (const [region] of runs) {
    const panel = page.getByRole('region', { name: region });
    await panel.locator('input[type=file]').setInputFiles({ name, mimeType: 'image/jpeg', buffer: Buffer.from('not an image at all') });
    await expect(panel.getByRole('alert')).toContainText(name);
  }
  await expectNoSidewaysScroll(page, 'long file names in errors');
  expect(pageErrors).toEqual([]);
});
