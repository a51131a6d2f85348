/**
 * The model lists on Compare and on the Model page show each model's name whole (issue 16, item 12:
 * "MobileNetV2 (int8) · image-cl"): what a model does is its group's label, so an option is its name
 * and size, and the longest one fits the select as drawn, at desktop and phone widths.
 */
import { test, expect } from './fixtures';
import type { Locator } from '@playwright/test';

async function widestOption(select: Locator) {
  return select.evaluate((element: HTMLSelectElement) => {
    const style = getComputedStyle(element);
    const context = document.createElement('canvas').getContext('2d')!;
    context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    const options = [...element.options].filter((o) => o.value !== '');
    const widest = options.reduce((a, o) => (context.measureText(o.text).width > context.measureText(a.text).width ? o : a));
    return {
      text: widest.text,
      width: Math.ceil(context.measureText(widest.text).width),
      room: element.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 20, // the arrow
      groups: [...element.querySelectorAll('optgroup')].map((g) => g.label),
    };
  });
}

for (const width of [1280, 390]) {
  test(`at ${width} px the Compare and Model page model lists show whole names, grouped by what the models do`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 });
    await page.goto('/?view=compare');
    const compare = await widestOption(page.getByRole('combobox', { name: 'Model to run' }));
    expect(compare.width, `"${compare.text}" in ${compare.room} px`).toBeLessThanOrEqual(compare.room);
    expect(compare.groups).toEqual(expect.arrayContaining(['Image classification', 'Digit recognition', 'OCR: text detection (DB)']));
    await page.goto('/?view=model');
    const opener = await widestOption(page.getByRole('combobox', { name: 'From the gallery' }));
    expect(opener.width, `"${opener.text}" in ${opener.room} px`).toBeLessThanOrEqual(opener.room);
    expect(opener.groups).toEqual(compare.groups);
  });
}
