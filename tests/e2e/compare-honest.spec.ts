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
