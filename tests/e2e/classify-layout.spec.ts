/**
 * Where a newcomer's eye goes (issue 16, items 6, 7, 10 and 12): the stage table adds up to "Click to
 * result" when the click came before the model was ready; the samples are in view on a laptop screen
 * and the result is scrolled into view on a phone; a model given to the Classify page points to the
 * Model page; the comparison's five-row table fits at 1280 px and says where it scrolls at 390 px; the
 * footer lines up with the cards; the model list and the gallery's source badges are not cut or
 * broken. Each at 1280x900 and 390x844, light and dark where the look may differ.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, predictions, shownClasses, waitForModel, pageTab } from './fixtures';

const ROOT = resolve(import.meta.dirname, '..', '..');
const LAPTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };

/** The stage table's rows as [stage, ms]; "2,856 ms" reads 2856. */
async function stageTable(page: Page): Promise<[string, number][]> {
  const rows = page.getByRole('table', { name: 'Stage timings' }).locator('tr');
  return (await rows.evaluateAll((trs) => trs.map((tr) => [tr.querySelector('th')!.textContent!.trim(), tr.querySelector('td')!.textContent!.trim()]))).map(
    ([stage, ms]) => [stage, Number(ms.replace(/ ms$/, '').replaceAll(',', ''))],
  );
}

test('a sample clicked while the model still loads: the wait is a stage, and the stages add up to the total', async ({ page, pageErrors }) => {
  // The model arrives 1.5 s late, as on a slow first visit: the samples are enabled before it is ready.
  await page.route('**/models/mobilenetv2-12-int8.onnx', async (route) => {
    await new Promise((done) => setTimeout(done, 1500));
    await route.continue();
  });
  await page.goto('/');
  const sample = page.getByRole('button', { name: 'Eagle' });
  await expect(sample).toBeEnabled();
  await expect(page.getByRole('status').filter({ hasText: 'Ready: session created' })).toHaveCount(0);
  await sample.click();
  await expect.poll(async () => (await shownClasses(page))[0]).toBe('bald eagle');
  const rows = await stageTable(page);
  const total = rows.find(([stage]) => stage === 'Click to result')![1];
  const stages = rows.filter(([stage]) => stage !== 'Click to result');
  expect(stages.map(([stage]) => stage)).toEqual([
    'Waiting for the model to load',
    'Decode',
    'Preprocess',
    'Inference',
    'Postprocess',
    'Reading the photo, passing it to the worker',
  ]);
  expect(stages[0][1]).toBeGreaterThan(1000);
  // Each figure is rounded to the unit (to 0.1 under 10 ms): the sum is within half a unit per row.
  const sum = stages.reduce((s, [, ms]) => s + ms, 0);
  expect(Math.abs(sum - total), `stages ${JSON.stringify(stages)} against ${total} ms`).toBeLessThanOrEqual(stages.length * 0.5 + 0.5);

  // Once the model is ready, a click waits for nothing: no wait row, and the rows still add up.
  await page.getByRole('button', { name: 'Kimono' }).click();
  await expect.poll(async () => (await shownClasses(page))[0]).toBe('kimono');
  const again = await stageTable(page);
  expect(again.map(([stage]) => stage)).not.toContain('Waiting for the model to load');
  const againTotal = again.pop()![1];
  expect(Math.abs(again.reduce((s, [, ms]) => s + ms, 0) - againTotal)).toBeLessThanOrEqual(again.length * 0.5 + 0.5);
  expect(pageErrors).toEqual([]);
});

test.describe('a model given to the Classify page', () => {
  test('an .onnx picked as a photo is named a model, and opens on the Model page from the link', async ({ page, pageErrors }) => {
    await page.goto('/');
    await waitForModel(page);
    await page.getByLabel('Choose an image').setInputFiles(resolve(ROOT, 'public', 'models', 'mnist-8.onnx'));
    const notice = page.getByRole('alert').filter({ hasText: 'is a model, not a photo' });
    await expect(notice).toContainText('“mnist-8.onnx” is a model, not a photo');
    await expect(notice).toContainText('Model page');
    await expect(page.getByText('is not an image')).toHaveCount(0);
    await notice.getByRole('button', { name: 'Open mnist-8.onnx on the Model page' }).click();
    await expect(pageTab(page, 'Model')).toHaveAttribute('aria-current', 'page');
    await expect(page.getByRole('region', { name: 'Model details' })).toContainText('mnist-8.onnx', { timeout: 30_000 });
    expect(pageErrors).toEqual([]);
  });

  test('at 390x844 the note is scrolled into view, below the inputs', async ({ page }) => {
    await page.setViewportSize(PHONE);
    await page.goto('/');
    await waitForModel(page);
    await page.getByLabel('Choose an image').setInputFiles(resolve(ROOT, 'public', 'models', 'mnist-8.onnx'));
    await expect(page.getByRole('alert').filter({ hasText: 'is a model, not a photo' })).toBeInViewport({ ratio: 1 });
  });

  test('a TF.js model.json with its weights, dropped, is named a model too; the next photo clears the note', async ({ page }) => {
    await page.goto('/');
    await waitForModel(page);
    await page.evaluate(() => {
      const transfer = new DataTransfer();
      transfer.items.add(new File(['{"modelTopology":{}}'], 'model.json', { type: 'application/json' }));
      transfer.items.add(new File([new Uint8Array(8)], 'group1-shard1of1.bin'));
      for (const type of ['dragover', 'drop']) document.body.dispatchEvent(new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true }));
    });
    const notice = page.getByRole('alert').filter({ hasText: 'is a model, not a photo' });
    await expect(notice).toContainText('“model.json” is a model');
    await page.getByRole('button', { name: 'Eagle' }).click();
    await expect(notice).toHaveCount(0);
  });
});

for (const colorScheme of ['light', 'dark'] as const) {
  test.describe(`where the eye goes, ${colorScheme}`, () => {
    test.use({ colorScheme });

    test('at 1280x900 every sample is in view without scrolling, beside a model list that shows whole names', async ({ page }) => {
      await page.setViewportSize(LAPTOP);
      // Held back 2 s: the page is first seen while the model loads (its progress bar the tallest state).
      await page.route('**/models/mobilenetv2-12-int8.onnx', async (route) => {
        await new Promise((done) => setTimeout(done, 2000));
        await route.continue();
      });
      await page.goto('/');
      const samples = page.getByRole('list', { name: 'Sample photos' }).getByRole('button');
      const allInView = async (when: string) => {
        expect(await samples.count()).toBeGreaterThan(8);
        for (const box of await samples.evaluateAll((buttons) => buttons.map((b) => b.getBoundingClientRect().toJSON() as DOMRect))) {
          expect(box.bottom, `${when}: a sample below the fold`).toBeLessThanOrEqual(LAPTOP.height);
        }
        expect(await page.evaluate(() => scrollY)).toBe(0);
      };
      await expect(page.getByRole('progressbar')).toBeVisible();
      await allInView('loading');
      await waitForModel(page);
      await allInView('ready');
      // Every model's name fits its select, as the select shows it (the longest option, in its font).
      const fit = await page.getByLabel('Classifier').evaluate((select: HTMLSelectElement) => {
        const context = document.createElement('canvas').getContext('2d')!;
        context.font = getComputedStyle(select).font;
        const widest = Math.max(...[...select.options].map((o) => context.measureText(o.text).width));
        return { widest, room: select.clientWidth - 40 }; // padding and the arrow
      });
      expect(fit.widest).toBeLessThanOrEqual(fit.room);
    });

    test('at 390x844 a sample tapped below the fold brings its top-5 into view', async ({ page }) => {
      await page.setViewportSize(PHONE);
      await page.goto('/');
      await waitForModel(page);
      await page.getByRole('button', { name: 'Fruits' }).tap().catch(() => page.getByRole('button', { name: 'Fruits' }).click());
      await expect(predictions(page).getByRole('listitem')).toHaveCount(5);
      await expect
        .poll(async () => page.evaluate(() => {
          const box = document.querySelector('ol[aria-label="Top-5 predictions"]')!.getBoundingClientRect();
          return box.top >= 0 && box.bottom <= innerHeight;
        }))
        .toBe(true);
    });
  });
}

for (const viewport of [LAPTOP, PHONE]) {
  test(`at ${viewport.width} px the footer's expanders line up with the cards above them`, async ({ page }) => {
    await page.setViewportSize(viewport);
    await page.goto('/');
    const cards = await page.locator('main.page > *').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON() as DOMRect));
    const left = Math.min(...cards.map((c) => c.left));
    const right = Math.max(...cards.map((c) => c.right));
    for (const box of await page.locator('footer details').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON() as DOMRect))) {
      expect(Math.abs(box.left - left)).toBeLessThanOrEqual(1);
      expect(Math.abs(box.right - right)).toBeLessThanOrEqual(1);
    }
  });
}

test('at 390 px the Titanic model\'s source badge is a one-line pill', async ({ page }) => {
  await page.setViewportSize(PHONE);
  await page.goto('/?view=gallery');
  const panel = page.getByRole('region', { name: /Titanic/ });
  await expect(panel).toContainText('scikit-learn (ColumnTransformer + LogisticRegression), converted by skl2onnx');
  // An inline box broken over lines has one client rect per line.
  expect(await panel.locator('.badge').evaluate((badge) => badge.getClientRects().length)).toBe(1);
});

/** A five-row comparison, as one run of MobileNetV2 int8 on every backend left it (from the history). */
function fiveRows(): string {
  const saved = JSON.parse(readFileSync(resolve(ROOT, 'tests', 'fixtures', 'bench-exports', 'before-frameworks.json'), 'utf8'));
  const [wasm1, wasm2, webgpu] = saved.results;
  const cpuOps = ['QLinearAdd', 'QLinearConv', 'QLinearGlobalAveragePool', 'QLinearMatMul', 'QuantizeLinear', 'Transpose'];
  saved.results = [
    wasm1,
    wasm2,
    { ...webgpu, placement: { gpuNodes: 5, cpuNodes: 68, cpuOpTypes: cpuOps } },
    {
      ...webgpu,
      backend: 'webgpu-jsep',
      entry: 'onnxruntime-web/jsep',
      parity: { maxAbsDiff: 6.9e8, maxRelDiff: 6.9e14, cosine: -0.052685, top1Agree: false, top5Overlap: 0, nonFinite: 0, pass: false },
      placement: { gpuNodes: 2, cpuNodes: 69, cpuOpTypes: ['DequantizeLinear', ...cpuOps] },
    },
    {
      backend: 'webgl',
      threads: 2,
      entry: 'onnxruntime-web/webgl',
      error:
        "onnxruntime-web (WebGL2) could not load mobilenetv2-12-int8.onnx: cannot resolve operator 'QuantizeLinear' with opsets: ai.onnx v12, com.microsoft v1, com.microsoft.nchwc v1, ai.onnx.training v1, ai.onnx.preview.training v1, com.microsoft.experimental v1, ai.onnx.ml v2.",
      sessionCreateMs: null,
      firstRunMs: null,
      runsMs: [],
      stats: null,
      stagesMs: null,
    },
  ];
  return JSON.stringify(saved);
}

for (const [viewport, colorScheme] of [[LAPTOP, 'light'], [LAPTOP, 'dark'], [PHONE, 'light'], [PHONE, 'dark']] as const) {
  test(`the comparison's five-row table at ${viewport.width} px (${colorScheme}): ${viewport === LAPTOP ? 'no column cut off' : 'a cue where it scrolls'}`, async ({ page, pageErrors }, testInfo) => {
    await page.setViewportSize(viewport);
    await page.emulateMedia({ colorScheme });
    await page.addInitScript((saved) => localStorage.setItem('onnx-playground:bench-history', `[${saved}]`), fiveRows());
    await page.goto('/?view=compare');
    await page.getByRole('list', { name: 'Benchmark history' }).getByRole('button').click();
    const table = page.getByRole('table', { name: 'Benchmark results' });
    await expect(table.locator('tbody tr')).toHaveCount(5);
    await expect(table.locator('tr[data-backend="webgpu-jsep"]')).toContainText('2 nodes on the GPU, 69 on the CPU (2 threads): DequantizeLinear');
    const box = page.getByRole('group', { name: 'Benchmark results, scrolls sideways' });
    const hint = page.getByText('scroll sideways for more');
    const shade = (side: 'before' | 'after') => box.evaluate((el, pseudo) => getComputedStyle(el.parentElement!, `::${pseudo}`).opacity, side);
    const sizes = () => box.evaluate((el) => ({ scrollWidth: el.scrollWidth, clientWidth: el.clientWidth }));
    if (viewport === LAPTOP) {
      const { scrollWidth, clientWidth } = await sizes();
      expect(scrollWidth, 'the table is wider than its box: its last column is cut off').toBeLessThanOrEqual(clientWidth);
      // No cell's text runs past its cell either.
      expect(await table.locator('th, td').evaluateAll((cells) => cells.filter((c) => c.scrollWidth > c.clientWidth + 1).map((c) => c.textContent))).toEqual([]);
      await expect(table.getByRole('columnheader', { name: 'Where it ran' })).toBeInViewport({ ratio: 1 });
      await expect(hint).toHaveCount(0);
      expect(await shade('after')).toBe('0');
    } else {
      const { scrollWidth, clientWidth } = await sizes();
      expect(scrollWidth).toBeGreaterThan(clientWidth);
      await hint.scrollIntoViewIfNeeded();
      await expect(hint).toBeVisible();
      await expect.poll(() => shade('after')).toBe('1');
      expect(await shade('before')).toBe('0');
      // Scrolled to its end: the shade moves to the side with more.
      await box.evaluate((el) => el.scrollTo({ left: el.scrollWidth }));
      await expect.poll(() => shade('before')).toBe('1');
      await expect.poll(() => shade('after')).toBe('0');
      await box.evaluate((el) => el.scrollTo({ left: 0 }));
    }
    await table.scrollIntoViewIfNeeded();
    await page.screenshot({ path: testInfo.outputPath(`compare-table-${viewport.width}-${colorScheme}.png`) });
    expect(pageErrors).toEqual([]);
  });
}
