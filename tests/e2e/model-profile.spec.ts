import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { SUM_MARGIN } from '../../src/engine/profile/profile';

const panel = (page: Page) => page.getByRole('region', { name: 'Where the time goes' });
const graphList = (page: Page) => page.getByRole('region', { name: 'Model graph' }).getByRole('list', { name: 'Graph nodes' });

/** The graph's nodes as the page lists them ("Conv · Convolution28"). */
async function graphNodes(page: Page): Promise<{ opType: string; name: string }[]> {
  const items = graphList(page).getByRole('listitem');
  await expect(items.first()).toBeVisible({ timeout: 30_000 });
  // Text content, not inner text: the same whether or not a row is rendered.
  return (await items.allTextContents()).map((text) => {
    const [opType, name] = text.trim().split(' · ');
    return { opType, name };
  });
}

async function chooseOnly(page: Page, title: string) {
  for (const box of await panel(page).getByRole('checkbox').all()) {
    if (await box.isEnabled()) await box.setChecked(false);
  }
  await panel(page).getByRole('checkbox', { name: title, exact: true }).check();
}

test.describe('profiling on the Model page', () => {
  test('WASM profile of mnist-8: every op type, times that add up, a trace with one event per node run', async ({ page, pageErrors }) => {
    const runs = 8;
    await page.goto('/?view=model&model=mnist-8');
    const nodes = await graphNodes(page);
    const opTypes = [...new Set(nodes.map((n) => n.opType))];
    expect(opTypes.length).toBeGreaterThan(3);

    await chooseOnly(page, 'WASM (CPU)');
    await panel(page).getByRole('spinbutton', { name: 'Runs' }).fill(String(runs));
    await panel(page).getByRole('button', { name: 'Profile', exact: true }).click();
    const table = panel(page).getByRole('table', { name: 'Time by operator' });
    await expect(table).toBeVisible({ timeout: 60_000 });

    // Every op type of the model has its row; those with a kernel of their own have a time.
    const rowNames = await table.locator('tbody th[scope=row]').allInnerTexts();
    expect(rowNames.map((s) => s.trim()).sort()).toEqual([...opTypes].sort());
    const times = (await table.locator('td[data-ms]').evaluateAll((cells) => cells.map((c) => Number(c.getAttribute('data-ms')))));
    expect(times.length).toBeGreaterThan(0);
    const sum = times.reduce((a, b) => a + b, 0);

    // The table's times add up to the measured inference time within the margin the page states.
    const check = panel(page).getByRole('region', { name: 'Time on WASM (CPU)' }).locator('[data-measured-ms]');
    await expect(check).toContainText('within the stated margin', { ignoreCase: true });
    const measured = Number(await check.getAttribute('data-measured-ms'));
    const allowed = Math.max(SUM_MARGIN.absoluteMs, SUM_MARGIN.relative * measured);
    expect(sum).toBeGreaterThan(0);
    expect(sum).toBeLessThanOrEqual(measured);
    expect(measured - sum).toBeLessThanOrEqual(allowed);
    await expect(panel(page)).toContainText('benchmark figures never come from them');

    // The slowest-nodes list has every kernel (mnist-8 has fewer than 20), each a graph node.
    const slow = panel(page).getByRole('table', { name: '20 slowest nodes on WASM (CPU)' });
    const kernels = await slow.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-kernel')!));
    expect(kernels.length).toBeGreaterThan(0);

    const [download] = await Promise.all([page.waitForEvent('download'), panel(page).getByRole('button', { name: 'Download trace (JSON)' }).click()]);
    const trace = JSON.parse(readFileSync((await download.path())!, 'utf8')) as { traceEvents: { ph: string; name: string; args: { run: number; graphNode: string | null } }[] };
    const events = trace.traceEvents.filter((e) => e.ph === 'X');
    expect(events).toHaveLength(kernels.length * runs);
    for (const kernel of kernels) expect(events.filter((e) => e.name === kernel)).toHaveLength(runs);
    const names = new Set(nodes.map((n) => n.name));
    for (const e of events) expect(names.has(e.args.graphNode!)).toBe(true);

    // The graph can be coloured by the time: every node gets a label.
    const graph = page.getByRole('region', { name: 'Model graph' });
    await graph.getByRole('combobox', { name: 'Colour nodes by' }).selectOption({ label: 'Time on WASM (CPU)' });
    await expect(graph.locator('svg g[data-node][data-overlay]')).toHaveCount(nodes.length);
    await expect(graph.locator('svg g[data-overlay$="of the time"]').first()).toBeVisible();
    expect(pageErrors).toEqual([]);
  });

  test('a node of the 20 slowest, clicked, is selected in the graph, drawn in view and current in its list', async ({ page, pageErrors }) => {
    await page.goto('/?view=model&model=mnist-8');
    const nodes = await graphNodes(page);
    await chooseOnly(page, 'WASM (CPU)');
    await panel(page).getByRole('spinbutton', { name: 'Runs' }).fill('2');
    await panel(page).getByRole('button', { name: 'Profile', exact: true }).click();
    const slow = panel(page).getByRole('table', { name: '20 slowest nodes on WASM (CPU)' });
    const first = slow.locator('tbody tr').first();
    await expect(first).toBeVisible({ timeout: 60_000 });

    // The row names the graph node its kernel came from; the graph lists that node with its op type.
    const name = (await first.getAttribute('data-graph-node'))!;
    const target = nodes.find((n) => n.name === name);
    expect(target, `${name} among the graph's nodes`).toBeDefined();
    await first.getByRole('button').click();

    const graph = page.getByRole('region', { name: 'Model graph' });
    const details = graph.getByRole('region', { name: 'Selected node' });
    await expect(details.getByRole('heading', { level: 3 })).toHaveText(target!.opType);
    await expect(details.locator('.name')).toHaveText(name);
    await expect(graphList(page).getByRole('button', { name: `${target!.opType} · ${name}` })).toHaveAttribute('aria-current', 'true');
    await expect(graphList(page).getByRole('button', { name: `${target!.opType} · ${name}` })).toBeFocused();
    // Its box is drawn, marked selected, inside the drawing's visible area.
    const canvas = (await graph.getByRole('img', { name: /^Graph drawing/ }).boundingBox())!;
    const box = (await graph.locator('svg g.node.selected rect').boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(canvas.x);
    expect(box.y).toBeGreaterThanOrEqual(canvas.y);
    expect(box.x + box.width).toBeLessThanOrEqual(canvas.x + canvas.width);
    expect(box.y + box.height).toBeLessThanOrEqual(canvas.y + canvas.height);
    expect(pageErrors).toEqual([]);
  });

  test('WebGPU (JSEP) profile of mnist-8 on SwiftShader: GPU timestamps, or why not', async ({ page, pageErrors }) => {
    await page.goto('/?view=model&model=mnist-8');
    await graphNodes(page);
    const box = panel(page).getByRole('checkbox', { name: 'WebGPU (JSEP)', exact: true });
    if (!(await box.isEnabled())) {
      // No WebGPU here: the page says why in the box's title.
      expect(await box.locator('xpath=..').getAttribute('title')).toBeTruthy();
      return;
    }
    await chooseOnly(page, 'WebGPU (JSEP)');
    await panel(page).getByRole('spinbutton', { name: 'Runs' }).fill('3');
    await panel(page).getByRole('button', { name: 'Profile', exact: true }).click();
    const table = panel(page).getByRole('table', { name: 'Time by operator' });
    await expect(table).toBeVisible({ timeout: 120_000 });
    await expect(table.getByRole('columnheader', { name: 'WebGPU (JSEP)' })).toBeVisible();
    const region = panel(page).getByRole('region', { name: 'Time on WebGPU (JSEP)' });
    // SwiftShader offers timestamp queries; an adapter without says the times are CPU-side.
    await expect(region).toContainText(/GPU timestamps|no timestamp queries/);
    // Conv, the model's heaviest op, has GPU time.
    await expect(table.locator('tr[data-op="Conv"] td[data-ms]')).toHaveCount(1);
    expect(pageErrors).toEqual([]);
  });

  test('backends without per-node data say why; the panel fits 390 px after a profile', async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto('/?view=model&model=mnist-8');
    await graphNodes(page);
    for (const title of ['WebGL2', 'TF.js WASM']) {
      await expect(panel(page).getByRole('checkbox', { name: title, exact: true })).toBeDisabled();
    }
    await panel(page).getByText('Why some backends cannot be profiled').click();
    await expect(panel(page)).toContainText('WebGL backend has no session profiling');
    await chooseOnly(page, 'WASM (CPU)');
    await panel(page).getByRole('button', { name: 'Profile', exact: true }).click();
    await expect(panel(page).getByRole('table', { name: 'Time by operator' })).toBeVisible({ timeout: 60_000 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });

  test('a profile that fails says why in an alert and leaves the page usable', async ({ page }) => {
    // tests/fixtures/bad-inputs (npm run make:fixtures): a model with an op no onnxruntime knows.
    await page.goto('/?view=model');
    await page.getByLabel('Open an ONNX model').setInputFiles(resolve(import.meta.dirname, '..', 'fixtures', 'bad-inputs', 'models', 'unknown-op.onnx'));
    await expect(page.getByRole('region', { name: 'Model details' })).toBeVisible({ timeout: 30_000 });
    await chooseOnly(page, 'WASM (CPU)');
    const button = panel(page).getByRole('button', { name: 'Profile', exact: true });
    await button.click();
    const alert = panel(page).getByRole('alert');
    await expect(alert).toContainText('Profiling unknown-op.onnx on WASM (CPU) failed');
    await expect(alert).toContainText('No Op registered');
    // ORT's reason made plain: no C++ source locations; no advice to try the backend that just failed.
    await expect(alert).not.toContainText(/\.(cc|h):\d+/);
    await expect(alert).not.toContainText('try WASM', { ignoreCase: true });
    await expect(button).toBeEnabled();
    await expect(page.getByRole('region', { name: 'Model graph' })).toBeVisible();
    await expect(panel(page).getByRole('table', { name: 'Time by operator' })).toHaveCount(0);
  });

  for (const scheme of ['light', 'dark'] as const) {
    test(`axe: the profile's results and the time-coloured graph have no serious violations (${scheme})`, async ({ page }) => {
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto('/?view=model&model=mnist-8');
      await graphNodes(page);
      await chooseOnly(page, 'WASM (CPU)');
      await panel(page).getByRole('button', { name: 'Profile', exact: true }).click();
      await expect(panel(page).getByRole('table', { name: 'Time by operator' })).toBeVisible({ timeout: 60_000 });
      await page.getByRole('region', { name: 'Model graph' }).getByRole('combobox', { name: 'Colour nodes by' }).selectOption({ label: 'Time on WASM (CPU)' });
      const results = await new AxeBuilder({ page }).include('main').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
      const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`);
      expect(serious).toEqual([]);
    });
  }
});
