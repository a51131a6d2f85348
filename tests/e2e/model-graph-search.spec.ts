import { test, expect } from './fixtures';

test('graph search: Enter and "Next" step through every match, and typing starts again from the first', async ({ page, pageErrors }) => {
  await page.goto('/?view=model&model=mobilenetv2-12-int8');
  const region = page.getByRole('region', { name: 'Model graph' });
  await expect(region.getByRole('list', { name: 'Graph nodes' }).getByRole('listitem')).toHaveCount(73, { timeout: 30_000 });
  const box = region.getByRole('searchbox');
  const status = region.getByRole('status').filter({ hasText: 'matches' });
  const selected = region.getByRole('region', { name: 'Selected node' }).locator('.name');
  await box.fill('Conv');
  const total = Number(/(\d+) matches/.exec((await status.textContent()) ?? '')![1]);
  expect(total).toBeGreaterThan(2);
  await box.press('Enter');
  await expect(status).toHaveText(`1 of ${total} matches`);
  const first = await selected.textContent();
  await region.getByRole('button', { name: 'Next' }).click();
  await expect(status).toHaveText(`2 of ${total} matches`);
  await expect(selected).not.toHaveText(first!);
  await box.press('Enter');
  await expect(status).toHaveText(`3 of ${total} matches`);
  // Past the last match it wraps to the first.
  for (let i = 3; i < total; i++) await region.getByRole('button', { name: 'Next' }).click();
  await expect(status).toHaveText(`${total} of ${total} matches`);
  await region.getByRole('button', { name: 'Next' }).click();
  await expect(status).toHaveText(`1 of ${total} matches`);
  await expect(selected).toHaveText(first!);
  // A new query starts from its first match.
  await box.fill('Conv_');
  await box.press('Enter');
  await expect(status).toContainText('1 of');
  expect(pageErrors).toEqual([]);
});

test('a wide graph opens readable, at its topmost node (MoveNet was drawn at ~7 px text)', async ({ page, pageErrors }) => {
  await page.goto('/?view=model&model=movenet-lightning');
  const region = page.getByRole('region', { name: 'Model graph' });
  const first = region.locator('svg g[data-node] rect').first();
  await expect(first).toBeVisible({ timeout: 30_000 });
  const canvas = (await region.getByRole('img', { name: /^Graph drawing/ }).boundingBox())!;
  // Boxes are 28 units tall: at the readable scale (0.75) at least 21 px on screen.
  const heights = await region.locator('svg g[data-node] rect').evaluateAll((rects) => rects.map((r) => r.getBoundingClientRect().height));
  expect(Math.min(...heights)).toBeGreaterThanOrEqual(20.5);
  // The top of the graph is in view: some node box lies inside the drawing's top half.
  const tops = await region.locator('svg g[data-node] rect').evaluateAll((rects) => rects.map((r) => { const b = r.getBoundingClientRect(); return { x: b.x, y: b.y, w: b.width }; }));
  expect(tops.some((b) => b.y >= canvas.y && b.y < canvas.y + canvas.height / 2 && b.x >= canvas.x && b.x + b.w <= canvas.x + canvas.width)).toBe(true);
  expect(pageErrors).toEqual([]);
});
