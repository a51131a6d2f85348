import AxeBuilder from '@axe-core/playwright';
import { test, expect } from './fixtures';

const graphRegion = (page: import('@playwright/test').Page) => page.getByRole('region', { name: 'Model graph' });

test.describe('model graph', () => {
  test('MobileNetV2 fp32: drawn, listed (139 nodes), searched and selected', async ({ page, pageErrors }) => {
    await page.goto('/?view=model&model=mobilenetv2-12-fp32');
    const region = graphRegion(page);
    await expect(region.locator('svg g[data-node]')).toHaveCount(139, { timeout: 30_000 });
    const list = region.getByRole('list', { name: 'Graph nodes' });
    await expect(list.getByRole('listitem')).toHaveCount(139);
    await expect(list.getByRole('listitem').first()).toHaveText('Identity · input_quantized_fq_preclip');

    await region.getByRole('searchbox').fill('Conv');
    await expect(region.getByRole('status').filter({ hasText: 'matches' })).toContainText('52 matches');
    await expect(region.locator('svg g.node.match')).toHaveCount(52);

    await list.getByRole('button', { name: 'Gather · Gather_100' }).click();
    const details = region.getByRole('region', { name: 'Selected node' });
    await expect(details.getByRole('heading', { level: 3 })).toHaveText('Gather');
    await expect(details).toContainText('Gather_100');
    await expect(details).toContainText('axis');

    // Keyboard: arrows move through the list and select (the MatMul is 4 nodes on).
    for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowDown');
    await expect(details.getByRole('heading', { level: 3 })).toHaveText('MatMul');
    await expect(details).toContainText('classifier.1.weight_quantized_f');
    await expect(details).toContainText('float32 [1280, 1000]');

    // The first node's input is the graph input: its shape is shown.
    await list.getByRole('button', { name: 'Identity · input_quantized_fq_preclip' }).click();
    await expect(details).toContainText('float32 [batch_size, 3, 224, 224]');

    // Zoom, pan and fit change the view without errors.
    const inner = region.locator('svg > g');
    await region.getByRole('button', { name: 'Fit' }).click();
    const before = await inner.getAttribute('transform');
    await region.getByRole('button', { name: 'Zoom in' }).click();
    await expect(inner).not.toHaveAttribute('transform', before!);
    await region.getByRole('button', { name: 'Fit' }).click();
    await expect(inner).toHaveAttribute('transform', before!);
    const box = (await region.locator('svg').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, -300);
    await expect(inner).not.toHaveAttribute('transform', before!);
    const zoomed = await inner.getAttribute('transform');
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 60, box.y + box.height / 2 + 40, { steps: 4 });
    await page.mouse.up();
    await expect(inner).not.toHaveAttribute('transform', zoomed!);
    expect(pageErrors).toEqual([]);
  });

  test('no sideways page scroll at 390 px', async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto('/?view=model&model=mobilenetv2-12-fp32');
    await expect(graphRegion(page).getByRole('list', { name: 'Graph nodes' }).getByRole('listitem')).toHaveCount(139, { timeout: 30_000 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });

  for (const scheme of ['light', 'dark'] as const) {
    test(`axe finds no serious violations in the graph, matches highlighted and a node selected (${scheme})`, async ({ page }) => {
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto('/?view=model&model=mobilenetv2-12-fp32');
      const region = graphRegion(page);
      await expect(region.getByRole('list', { name: 'Graph nodes' }).getByRole('listitem')).toHaveCount(139, { timeout: 30_000 });
      await region.getByRole('searchbox').fill('Add');
      await region.getByRole('button', { name: 'Next' }).click();
      const results = await new AxeBuilder({ page }).include('[aria-label="Model graph"]').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
      const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`);
      expect(serious).toEqual([]);
    });
  }
});
