/** The Model page's "Open a model" card: its controls stay inside the card's padding at desktop and phone widths. */
import { test, expect } from './fixtures';

for (const width of [1280, 390]) {
  test(`at ${width} px the gallery select, file inputs and URL field stay within the card's padding`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 });
    await page.goto('/?view=model');
    const card = page.locator('section.card', { has: page.getByRole('heading', { name: 'Open a model' }) });
    await expect(card.getByRole('combobox')).toBeVisible();
    const overflow = await card.evaluate((el) => {
      const box = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      const inner = { left: box.left + parseFloat(style.paddingLeft), right: box.right - parseFloat(style.paddingRight) };
      return [...el.querySelectorAll('select, input, button')].map((c) => {
        const r = c.getBoundingClientRect();
        return { control: c.getAttribute('aria-label') ?? c.id ?? c.tagName, past: Math.round(Math.max(r.right - inner.right, inner.left - r.left) * 10) / 10 };
      }).filter((c) => c.past > 0.5);
    });
    // The address field's placeholder shows whole (it was cut to "…/model.js" at 1280 px).
    const url = card.getByRole('textbox', { name: 'Model URL' });
    const placeholder = await url.evaluate((input: HTMLInputElement) => {
      const style = getComputedStyle(input);
      const context = document.createElement('canvas').getContext('2d')!;
      context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
      const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      return { text: input.placeholder, width: Math.ceil(context.measureText(input.placeholder).width), room };
    });
    expect(placeholder.width, `"${placeholder.text}" in ${placeholder.room} px`).toBeLessThanOrEqual(placeholder.room);
    if (process.env.SCREENSHOTS) {
      for (const scheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        await card.screenshot({ path: `${process.env.SCREENSHOTS}/model-opener-${width}-${scheme}.png` });
      }
    }
    expect(overflow).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
  });
}

test('at 390 px a model picked from disk brings its answer into view (the opener fills the screen)', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/?view=model');
  await page.getByLabel('Open an ONNX model').setInputFiles('public/models/mnist-8.onnx');
  const ready = page.getByText('is ready.');
  await expect(ready).toBeVisible();
  await expect(ready).toBeInViewport();
});
