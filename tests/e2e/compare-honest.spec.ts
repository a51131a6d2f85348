/**
 * The comparison page tells the truth about every row: WebGL2 runs, a failing backend does not slow
 * the others, and the small print (threads, native parity, GPU adapter) says what was measured.
 */
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';

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
  await expect(webgl.locator('td.strong')).toHaveText(/^[\d.]+$/);
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
