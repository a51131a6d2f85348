/**
 * The header's runtime line is true from the start on every page, not only once the classify page
 * has started its worker: onnxruntime-web's version (the installed package's) and the threads on offer.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { test, expect, waitForModel } from './fixtures';

const ortVersion: string = JSON.parse(readFileSync(resolve(import.meta.dirname, '..', '..', 'node_modules', 'onnxruntime-web', 'package.json'), 'utf8')).version;

for (const view of ['model', 'compare', 'gallery']) {
  test(`opened on ?view=${view}, the header names onnxruntime-web ${ortVersion} and the threads WASM is offered`, async ({ page, pageErrors }) => {
    await page.goto(`/?view=${view}`);
    const runtime = page.locator('header .runtime');
    await expect(runtime).toContainText(`onnxruntime-web ${ortVersion} · WASM`);
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    // The preview server makes the page cross-origin isolated: every core is on offer.
    await expect(runtime).toContainText(`up to ${cores} thread${cores === 1 ? '' : 's'}`);
    await expect(runtime).not.toContainText('unknown');
    expect(pageErrors).toEqual([]);
  });
}

test('on the classify page, the header says what WASM is offered in the same words, then what the classifier uses', async ({ page }) => {
  await page.goto('/?threads=1');
  await waitForModel(page);
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  const offered = `onnxruntime-web ${ortVersion} · WASM, up to ${cores} thread${cores === 1 ? '' : 's'}`;
  await expect(page.locator('header .runtime')).toHaveText(`${offered} · this page uses 1 thread`);
  // Another page's header does not keep the classify page's count, and its first words do not change.
  await page.getByRole('navigation', { name: 'Pages' }).getByRole('button', { name: 'Gallery', exact: true }).click();
  await expect(page.locator('header .runtime')).toHaveText(offered);
});
