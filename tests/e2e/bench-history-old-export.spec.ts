/**
 * An export saved before the framework fields (framework, frameworkVersion, parityReference) still
 * opens from the page's history: its rows read as onnxruntime-web, parity as measured against WASM
 * ×1, and its exports gain the framework columns. The results' "what each figure includes" fits at
 * 1280 and 390 px, light and dark.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { test, expect } from './fixtures';
import { csvRecords } from '../helpers/csv';

const OLD = readFileSync(resolve(import.meta.dirname, '..', 'fixtures', 'bench-exports', 'before-frameworks.json'), 'utf8');

for (const [width, colorScheme] of [[1280, 'light'], [390, 'dark']] as const) {
  test(`an export from before the framework fields opens from the history (${width} px, ${colorScheme})`, async ({ page, pageErrors }) => {
    await page.emulateMedia({ colorScheme });
    await page.setViewportSize({ width, height: 900 });
    await page.addInitScript((saved) => localStorage.setItem('onnx-playground:bench-history', `[${saved}]`), OLD);
    await page.goto('/?view=compare');
    const history = page.getByRole('list', { name: 'Benchmark history' });
    await expect(history.getByRole('listitem')).toHaveCount(1);
    await expect(history).toContainText('WASM (CPU) ×1 35 ms · WASM (CPU) ×2 19 ms · WebGPU (native EP) 89 ms');
    await history.getByRole('button').click();

    const table = page.getByRole('table', { name: 'Benchmark results' });
    await expect(table.locator('tbody tr')).toHaveCount(4);
    await expect(table.getByRole('columnheader', { name: 'Parity with WASM (CPU) ×1' })).toBeVisible();
    await expect(table.locator('tr[data-backend="webnn"]')).toContainText('navigator.ml is absent');
    const figures = page.getByRole('region', { name: 'What each figure includes' });
    await expect(figures).toContainText('Creating the session from the model');
    await expect(figures).not.toContainText('TensorFlow.js');
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), 'nothing scrolls sideways').toBeLessThanOrEqual(0);

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export CSV' }).click();
    const rows = csvRecords(readFileSync(await (await download).path(), 'utf8'));
    expect(rows.map((r) => [r.backend, r.framework, r['framework version'], r['parity against']])).toEqual([
      ['wasm', 'onnxruntime-web', '1.30.0', 'wasm ×1'],
      ['wasm', 'onnxruntime-web', '1.30.0', 'wasm ×1'],
      ['webgpu', 'onnxruntime-web', '1.30.0', 'wasm ×1'],
      ['webnn', 'onnxruntime-web', '1.30.0', ''],
    ]);
    expect(pageErrors).toEqual([]);
  });
}
