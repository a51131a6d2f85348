import AxeBuilder from '@axe-core/playwright';
import { test, expect } from './fixtures';
import type { Page } from '@playwright/test';

const graphRegion = (page: Page) => page.getByRole('region', { name: 'Model graph' });
/** The graph's nodes as listed (the drawing holds only what is in view), by the colouring's label. */
const listed = (page: Page, prefix = '') => graphRegion(page).getByRole('list', { name: 'Graph nodes' }).locator(prefix ? `button[data-overlay^="${prefix}"]` : 'button[data-id]');

async function checkBackends(page: Page, model: string, nodes: number): Promise<void> {
  await page.goto(`/?view=model&model=${model}`);
  await expect(listed(page)).toHaveCount(nodes, { timeout: 30_000 });
  await expect(graphRegion(page).locator('svg g[data-node]').first()).toBeVisible();
  await page.getByRole('button', { name: 'Check backends' }).click();
  await expect(page.getByRole('table', { name: 'Op support per backend' }).locator('tr')).toHaveCount(4, { timeout: 90_000 });
  await expect(page.getByRole('button', { name: 'Check backends' })).toBeEnabled({ timeout: 90_000 });
}

/** Chooses a colouring and returns its summary line. */
async function colourBy(page: Page, title: string): Promise<string> {
  const region = graphRegion(page);
  await region.getByLabel('Colour nodes by').selectOption({ label: title });
  const summary = region.getByRole('status').filter({ hasText: 'nodes on the' });
  await expect(summary).toBeVisible();
  return (await summary.textContent()) ?? '';
}

test.describe('placement on the model graph', () => {
  test('MobileNetV2 int8: the CPU nodes and copies of each WebGPU provider, drawn and counted', async ({ page, pageErrors }) => {
    test.setTimeout(180_000);
    await checkBackends(page, 'mobilenetv2-12-int8', 73);
    const measured = page.getByRole('table', { name: 'Op support per backend' });
    for (const [backend, title, gpuLabel] of [
      ['webgpu', 'WebGPU (native EP)', 'GPU (WebGPU EP)'],
      ['webgpu-jsep', 'WebGPU (JSEP)', 'GPU (JSEP)'],
    ] as const) {
      const summary = await colourBy(page, `Placement on ${title}`);
      const match = new RegExp(`^${title.replace(/[()]/g, '\\$&')}: (\\d+) of (\\d+) nodes on the CPU, (\\d+) cop(?:y|ies)`).exec(summary);
      expect(match, summary).not.toBeNull();
      const [cpu, total, copies] = match!.slice(1).map(Number);
      expect(total).toBe(73);
      expect(cpu).toBeGreaterThan(0);
      expect(cpu).toBeLessThan(total);
      expect(copies).toBeGreaterThan(0);
      // The graph shows what the summary says: as many CPU nodes, the rest on the GPU or fused away.
      await expect(listed(page, 'CPU')).toHaveCount(cpu);
      const gpu = await listed(page, 'GPU').count();
      const fused = await listed(page, 'fused').count();
      expect(gpu).toBeGreaterThan(0);
      expect(cpu + gpu + fused).toBe(total);
      if (fused) expect(summary).toContain(`${fused} fused or removed`);
      // Where the copies sit: nodes whose output ORT moves between the devices.
      expect(await graphRegion(page).getByRole('list', { name: 'Graph nodes' }).locator('button[data-overlay*="output copied"]').count()).toBeGreaterThan(0);
      // The drawn nodes carry the same colouring.
      await expect(graphRegion(page).locator('svg g[data-node]:not([data-overlay])')).toHaveCount(0);
      await expect(graphRegion(page).getByRole('list', { name: 'Legend' })).toContainText(gpuLabel);
      await expect(graphRegion(page).getByRole('list', { name: 'Legend' })).toContainText('CPU (WASM)');
      // Each entry of the legend has its own colour (both copy directions were one pink).
      const swatches = await graphRegion(page).getByRole('list', { name: 'Legend' }).locator('li').evaluateAll((items) => items.map((li) => `${li.textContent}: ${getComputedStyle(li.querySelector('.swatch')!).backgroundColor}`));
      expect(new Set(swatches.map((s) => s.slice(s.lastIndexOf(': ')))).size, swatches.join('; ')).toBe(swatches.length);
      // The support row states the same counts.
      const row = measured.locator(`tr[data-backend="${backend}"]`);
      await expect(row).toContainText(`${cpu} of ${total} nodes on the CPU`);
      await expect(row).toContainText(`${copies} ${copies === 1 ? 'copy' : 'copies'} between CPU and GPU`);
    }
    // A node's details say where it ran and under which name ORT ran it.
    await graphRegion(page).getByLabel('Colour nodes by').selectOption({ label: 'Placement on WebGPU (native EP)' });
    await graphRegion(page).getByRole('list', { name: 'Graph nodes' }).getByRole('button', { name: /Conv_0_quant$/ }).click();
    await expect(graphRegion(page).getByRole('region', { name: 'Selected node' })).toContainText('Placement on WebGPU (native EP): CPU (WASM) (ORT runs it as QLinearConv');
    // The colouring, legend and support rows read well in both themes and fit a phone.
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      const results = await new AxeBuilder({ page })
        .include('[aria-label="Model graph"]')
        .include('[aria-label="Backend support"]')
        .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
        .analyze();
      expect(results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${scheme} ${v.id}: ${v.nodes[0]?.target.join(' ')}`)).toEqual([]);
      if (process.env.SCREENSHOTS) await graphRegion(page).screenshot({ path: `${process.env.SCREENSHOTS}/placement-${scheme}.png` });
    }
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    expect(pageErrors).toEqual([]);
  });

  test('MobileNetV2 fp32 runs every node on the WebGPU EP', async ({ page, pageErrors }) => {
    test.setTimeout(180_000);
    await checkBackends(page, 'mobilenetv2-12-fp32', 139);
    const summary = await colourBy(page, 'Placement on WebGPU (native EP)');
    expect(summary).toMatch(/^WebGPU \(native EP\): all 139 nodes on the GPU \(run as \d+ after ORT's rewrites\), 0 copies$/);
    await expect(listed(page, 'GPU (WebGPU EP)')).toHaveCount(139);
    await expect(listed(page, 'CPU')).toHaveCount(0);
    expect(pageErrors).toEqual([]);
  });
});
