import AxeBuilder from '@axe-core/playwright';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { MAX_DRAWN_NODES } from '../../src/engine/graph/layout';
import { bytesSource } from '../../src/engine/onnx-format/byte-source';
import { countNodes, readModelGraph } from '../../src/engine/onnx-format/model-graph';
import { dagModel, subgraphModel } from '../helpers/graph-models';

const graphRegion = (page: Page) => page.getByRole('region', { name: 'Model graph' });

async function openModelFile(page: Page, name: string, bytes: Uint8Array) {
  await page.goto('/?view=model');
  await page.getByLabel('Open an ONNX model').setInputFiles({ name, mimeType: 'application/octet-stream', buffer: Buffer.from(bytes) });
}

test.describe('model graph', () => {
  test('MobileNetV2 fp32: drawn, listed (139 nodes), searched and selected', async ({ page, pageErrors }) => {
    await page.goto('/?view=model&model=mobilenetv2-12-fp32');
    const region = graphRegion(page);
    const list = region.getByRole('list', { name: 'Graph nodes' });
    await expect(list.getByRole('listitem')).toHaveCount(139, { timeout: 30_000 });
    await expect(list.getByRole('listitem').first()).toHaveText('Identity · input_quantized_fq_preclip');
    // The first view shows the top of the graph: only what meets it is drawn. Fitted, all of it is.
    const drawn = region.locator('svg g[data-node]');
    await expect(drawn.first()).toBeVisible();
    expect(await drawn.count()).toBeLessThan(139);
    await region.getByRole('button', { name: 'Fit' }).click();
    await expect(drawn).toHaveCount(139);

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

    // Zoom, pan and fit change the view without errors: pan moves the drawing (a CSS transform), zoom scales inside it.
    const drawing = region.getByRole('img', { name: /^Graph drawing/ });
    const view = () => drawing.evaluate((el) => {
      const svg = el.querySelector('svg')!;
      return `${svg.style.transform} ${svg.querySelector(':scope > g')!.getAttribute('transform')}`;
    });
    await region.getByRole('button', { name: 'Fit' }).click();
    const before = await view();
    await region.getByRole('button', { name: 'Zoom in' }).click();
    await expect.poll(view).not.toBe(before);
    await region.getByRole('button', { name: 'Fit' }).click();
    await expect.poll(view).toBe(before);
    const box = (await drawing.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, -300);
    await expect.poll(view).not.toBe(before);
    const zoomed = await view();
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 60, box.y + box.height / 2 + 40, { steps: 4 });
    await page.mouse.up();
    await expect.poll(view).not.toBe(zoomed);
    // A drag moves the drawing and keeps the zoom.
    const scaleOf = (v: string) => v.slice(v.indexOf('scale('));
    expect(scaleOf(await view())).toBe(scaleOf(zoomed));
    expect(pageErrors).toEqual([]);
  });

  test('edges are labelled with tensor shapes, stated or worked out, hidden when zoomed far out', async ({ page, pageErrors }) => {
    // SqueezeNet states every intermediate shape (value_info); MobileNetV2 fp32 states none.
    await page.goto('/?view=model&model=squeezenet1.1-7-fp32');
    const region = graphRegion(page);
    const labels = region.locator('svg text.edge-label');
    await expect(labels.first()).toBeVisible({ timeout: 30_000 });
    await expect(labels.filter({ hasText: /^1×64×\d+×\d+$/ }).first()).toBeVisible();
    for (let i = 0; i < 8; i++) await region.getByRole('button', { name: 'Zoom out' }).click();
    await expect(labels).toHaveCount(0);
    await expect(region.locator('svg g[data-node]').first()).toBeVisible();

    // MobileNetV2 fp32 states no intermediate shapes: its labels are worked out from the ops.
    await page.goto('/?view=model&model=mobilenetv2-12-fp32');
    await expect(labels.filter({ hasText: /^batch_size×32×112×112$/ }).first()).toBeVisible({ timeout: 30_000 });
    expect(pageErrors).toEqual([]);
  });

  test('a TF.js gallery model, converted in the tab, draws as many nodes as its ONNX file holds', async ({ page, pageErrors }) => {
    const file = resolve(import.meta.dirname, '../../public/models/movenet-lightning.onnx');
    const count = countNodes(await readModelGraph(bytesSource(new Uint8Array(readFileSync(file)))));
    await page.goto('/?view=model&model=movenet-lightning');
    const region = graphRegion(page);
    await expect(region.getByRole('list', { name: 'Graph nodes' }).getByRole('listitem')).toHaveCount(count, { timeout: 60_000 });
    await region.getByRole('button', { name: 'Fit' }).click();
    await expect(region.locator('svg g[data-node]')).toHaveCount(count);
    expect(pageErrors).toEqual([]);
  });

  test('a large graph fitted whole is drawn as an overview; zoomed in, only the nodes in view are in the page', async ({ page, pageErrors }) => {
    await page.goto('/?view=model&model=ch_PP-OCRv4_rec_infer');
    const region = graphRegion(page);
    await expect(region.getByRole('list', { name: 'Graph nodes' }).getByRole('listitem')).toHaveCount(765, { timeout: 60_000 });
    const drawn = region.locator('svg g[data-node]');
    await region.getByRole('button', { name: 'Fit' }).click();
    await expect(drawn).toHaveCount(0);
    expect(await region.locator('svg path.overview').count()).toBeGreaterThan(0);
    // A match shows in the overview too, as its own path.
    await region.getByRole('searchbox').fill('Softmax');
    await expect(region.locator('svg path.overview.match')).toHaveCount(1);
    for (let i = 0; i < 12; i++) await region.getByRole('button', { name: 'Zoom in' }).click();
    await expect(drawn.first()).toBeVisible();
    expect(await drawn.count()).toBeLessThan(400);
    expect(pageErrors).toEqual([]);
  });

  test('a graph over the drawing limit says so and still offers the list and search', async ({ page, pageErrors }) => {
    test.slow(); // a list of 5,001 items on a busy 2-core machine
    const nodes = MAX_DRAWN_NODES + 1;
    await openModelFile(page, 'generated-dag.onnx', dagModel(nodes));
    const region = graphRegion(page);
    await expect(region).toContainText(`This graph has ${nodes.toLocaleString('en')} nodes, too many to draw here`, { timeout: 30_000 });
    await expect(region.locator('svg')).toHaveCount(0);
    const list = region.getByRole('list', { name: 'Graph nodes' });
    await expect(list.getByRole('listitem')).toHaveCount(nodes);
    await region.getByRole('searchbox').fill('concat');
    await expect(region.getByRole('status').filter({ hasText: 'matches' })).toContainText(/\d+ matches/);
    await region.getByRole('button', { name: 'Next' }).click();
    await expect(region.getByRole('region', { name: 'Selected node' }).getByRole('heading', { level: 3 })).toHaveText('Concat');
    expect(pageErrors).toEqual([]);
  });

  test('If and Loop show their subgraphs collapsed; one opens, the breadcrumb leads back, search finds inside', async ({ page, pageErrors }) => {
    await openModelFile(page, 'subgraphs.onnx', subgraphModel());
    const region = graphRegion(page);
    const list = region.getByRole('list', { name: 'Graph nodes' });
    await expect(list.getByRole('listitem')).toHaveCount(9, { timeout: 30_000 });
    const drawn = region.locator('svg g[data-node]');
    await expect(drawn).toHaveCount(4);
    await expect(drawn.filter({ hasText: 'If · 2 subgraphs' })).toHaveCount(1);
    await expect(drawn.filter({ hasText: 'Loop · 1 subgraph' })).toHaveCount(1);

    // Keyboard: select the If in the list, open its then_branch from the details.
    await list.getByRole('button', { name: 'If · branch' }).focus();
    await page.keyboard.press('Enter');
    await region.getByRole('button', { name: 'Open then_branch (2 nodes)' }).focus();
    await page.keyboard.press('Enter');
    const crumbs = region.getByRole('navigation', { name: 'Graph path' });
    await expect(crumbs.locator('[aria-current="location"]')).toHaveText('branch › then_branch');
    await expect(drawn).toHaveCount(2);
    await expect(drawn.filter({ hasText: 'Relu' })).toHaveCount(1);
    await crumbs.getByRole('button', { name: 'Main graph' }).click();
    await expect(drawn).toHaveCount(4);
    await expect(crumbs).toHaveCount(0);

    // Search reaches into the Loop's body and draws it.
    await region.getByRole('searchbox').fill('body_add');
    await region.getByRole('button', { name: 'Next' }).click();
    await expect(crumbs.locator('[aria-current="location"]')).toHaveText('repeat › body');
    await expect(region.locator('svg g.node.selected')).toHaveText('Add');
    // A double click on a drawn Loop opens its body too.
    await crumbs.getByRole('button', { name: 'Main graph' }).click();
    await region.getByRole('button', { name: 'Fit' }).click();
    await drawn.filter({ hasText: 'Loop' }).dblclick();
    await expect(crumbs.locator('[aria-current="location"]')).toHaveText('repeat › body');
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
