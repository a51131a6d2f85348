/**
 * The comparison page tells the truth about every row: WebGL2 runs, a failing backend does not slow
 * the others, and the small print (threads, native parity, GPU adapter) says what was measured.
 */
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { csvRecords } from '../helpers/csv';

const results = (page: Page) => page.getByRole('table', { name: 'Benchmark results' });
const row = (page: Page, backend: string, threads?: number) =>
  results(page).locator(`tr[data-backend="${backend}"]${threads ? `[data-threads="${threads}"]` : ''}`);

/** Runs the page's benchmark from a URL and returns the exported JSON once the run is done. */
async function benchmark(page: Page, query: string): Promise<BenchJson> {
  await page.goto(`/?view=compare&${query}&autorun=1`);
  await expect(results(page)).toBeVisible({ timeout: 170_000 });
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export JSON' }).click();
  return JSON.parse(readFileSync((await (await download).path())!, 'utf8'));
}

interface BenchJson {
  environment: { webgpuAdapter: { isFallbackAdapter: boolean } | null };
  results: { backend: string; threads: number; error?: string; runsMs: number[]; stats: { median: number } | null; parity?: { pass: boolean } }[];
}

test('WebGL2 runs mnist-8: timings, and parity with WASM ×1', async ({ page, pageErrors }) => {
  test.setTimeout(120_000);
  const json = await benchmark(page, 'model=mnist-8&backends=wasm,webgl&threads=1&warmup=1&runs=5');
  const webgl = row(page, 'webgl');
  await expect(webgl.locator('.error')).toHaveCount(0);
  await expect(webgl.locator('td.strong')).toHaveText(/^[\d.,]+$/);
  await expect(webgl.locator('.badge').first()).toHaveText('match');
  const gl = json.results.find((r) => r.backend === 'webgl')!;
  expect(gl.error).toBeUndefined();
  expect(gl.runsMs).toHaveLength(5);
  expect(gl.parity?.pass).toBe(true);
  expect(pageErrors).toEqual([]);
});

test('a backend that fails leaves the others’ medians alone (UltraFace: WASM ×1 with and without JSEP)', async ({ page }) => {
  test.setTimeout(600_000);
  const settings = 'model=ultraface-rfb-320&input=synthetic&threads=1&warmup=2&runs=10';
  const median = (json: BenchJson, backend: string) => json.results.find((r) => r.backend === backend)!.stats!.median;
  // Other people's tests share this machine's two cores and can slow any one run: a pair (alone, then
  // with JSEP) is measured up to three times, and one clean pair shows the failure costs nothing.
  // Before the fix every pair was slow (x2.4-3.2): the failed run's GPU work ran under WASM's runs.
  const ratios: number[] = [];
  const lines: string[] = [];
  for (let attempt = 0; attempt < 3; attempt++) {
    const alone = median(await benchmark(page, `${settings}&backends=wasm`), 'wasm');
    const together = await benchmark(page, `${settings}&backends=wasm,webgpu-jsep`);
    const jsep = together.results.find((r) => r.backend === 'webgpu-jsep')!;
    // JSEP's Mul kernel fails on this model in onnxruntime-web 1.30; if a later version runs it,
    // this test no longer shows the failure case and must pick another.
    expect(jsep.error, 'JSEP was expected to fail on UltraFace').toMatch(/Mul/);
    await expect(row(page, 'webgpu-jsep').locator('.error')).toContainText('Kernel "[Mul] " failed');
    const ratio = median(together, 'wasm') / alone;
    ratios.push(ratio);
    lines.push(`alone ${alone.toFixed(1)} ms, with JSEP ${median(together, 'wasm').toFixed(1)} ms (x${ratio.toFixed(2)})`);
    if (ratio < 1.6) break;
  }
  console.info(`UltraFace WASM x1 median: ${lines.join('; ')}`);
  expect(Math.min(...ratios)).toBeLessThan(1.6);
});

/** A chart's text boxes: the x-axis title, the tick labels of both axes, and the svg's own box. */
async function chartGeometry(page: Page, figure: string) {
  return page.getByRole('figure', { name: figure }).locator('svg[role="img"]').evaluate((svg) => {
    const boxes = (selector: string) => [...svg.querySelectorAll(selector)].map((t) => t.getBoundingClientRect().toJSON() as DOMRect);
    return {
      /** Drawn at the width it was laid out for, not shrunk to fit (shrinking shrinks its text too). */
      scale: svg.getBoundingClientRect().width / (svg as SVGSVGElement).width.baseVal.value,
      svg: svg.getBoundingClientRect().toJSON() as DOMRect,
      figure: svg.closest('figure[aria-label]')!.getBoundingClientRect().toJSON() as DOMRect,
      xTitle: boxes('g[data-mark="x-axis label"] text'),
      xTicks: boxes('g[data-mark="x-axis tick label"] text'),
      yTicks: boxes('g[data-mark="y-axis tick label"] text'),
    };
  });
}

const overlaps = (a: DOMRect, b: DOMRect) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

test('the small print is honest: threads, CPU fallback, native parity in the exports; charts readable at 1280 and 390 px', async ({ page, pageErrors }) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1280, height: 900 });
  const json = await benchmark(page, 'model=mnist-8&backends=wasm,webgpu,webgl&threads=1,2&warmup=1&runs=5');
  // Threads run the model on WASM only: a GPU row names its CPU fallback's threads only where nodes ran
  // on the CPU (none here: all on the GPU), WebGL2 has no fallback.
  await expect(row(page, 'wasm', 1).locator('th')).toContainText('×1');
  await expect(row(page, 'wasm', 1).locator('th')).not.toContainText('fallback');
  await expect(row(page, 'webgpu')).toContainText(/all [\d,]+ nodes on the GPU/);
  await expect(row(page, 'webgpu')).not.toContainText('thread');
  await expect(row(page, 'webgl')).toContainText('not reported (no CPU fallback)');
  expect(json.results.map((r) => [r.backend, r.threads, (r as { cpuFallbackThreads?: number }).cpuFallbackThreads])).toEqual([
    ['wasm', 1, undefined],
    ['wasm', 2, undefined],
    ['webgpu', 2, 2],
    ['webgl', 2, undefined],
  ]);

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const csv = csvRecords(readFileSync((await (await download).path())!, 'utf8'));
  expect(csv.map((r) => [r.backend, r.threads, r['cpu fallback threads']])).toEqual([
    ['wasm', '1', ''],
    ['wasm', '2', ''],
    ['webgpu', '', '2'],
    ['webgl', '', ''],
  ]);
  for (const r of csv) expect(r.native).toMatch(/^ok max\|d\| \S+ \(10 values\)$/);

  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    for (const figure of ['Run times per backend', 'Stage split per backend']) {
      await expect(async () => {
        const g = await chartGeometry(page, figure);
        expect(g.xTitle, `${figure} at ${width} px: x-axis title`).toHaveLength(1);
        for (const tick of g.xTicks) expect(overlaps(g.xTitle[0], tick), `${figure} at ${width} px: title over a tick label`).toBe(false);
        // Every backend's name is inside the chart, not cut at its left edge, and the chart fits its figure.
        for (const tick of g.yTicks) expect(tick.left).toBeGreaterThanOrEqual(g.svg.left);
        expect(g.svg.right).toBeLessThanOrEqual(g.figure.right + 1);
        expect(g.scale).toBeCloseTo(1, 2);
      }).toPass({ timeout: 10_000 });
    }
  }
  expect(pageErrors).toEqual([]);
});

test('a run where every backend failed draws no chart and says so', async ({ page }) => {
  const json = await benchmark(page, 'model=mnist-8&backends=webnn&warmup=0&runs=2');
  expect(json.results.every((r) => r.runsMs.length === 0)).toBe(true);
  await expect(page.getByText('No runs to chart')).toBeVisible();
  await expect(page.locator('figure svg')).toHaveCount(0);
  await expect(page.getByText('0.000000')).toHaveCount(0);
});
