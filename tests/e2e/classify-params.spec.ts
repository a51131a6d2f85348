/**
 * The classify page's URL settings (?threads=, ?model=).
 */
import type { Page } from '@playwright/test';
import { test, expect, shownClasses, waitForModel, referenceTop5, shortName } from './fixtures';

const dogTop1 = shortName(referenceTop5['mobilenetv2-12-int8'].dog[0].label);

/** The thread count the page shows in its header ("WASM, 2 threads"), once the worker runs. */
async function headerThreads(page: Page): Promise<number> {
  const runtime = page.locator('header .runtime');
  await expect(runtime).toContainText(/WASM, \d+\s+threads?/);
  return Number(/WASM, (\d+)\s+thread/.exec(await runtime.innerText())![1]);
}

/** What the browser offers WASM here: every core (the preview server makes the page cross-origin isolated). */
async function cores(page: Page): Promise<number> {
  const { isolated, cores } = await page.evaluate(() => ({ isolated: crossOriginIsolated, cores: navigator.hardwareConcurrency }));
  expect(isolated, 'the preview server sends COOP/COEP headers').toBe(true);
  return cores;
}

test.describe('?threads= is checked against what the browser offers', () => {
  test('?threads=99 is lowered to the cores there are, and the page says so', async ({ page, pageErrors }) => {
    await page.goto('/?threads=99');
    const available = await cores(page);
    expect(available, 'this test needs fewer than 99 cores').toBeLessThan(99);
    await expect(page.getByRole('status').filter({ hasText: '?threads=99' })).toHaveText(`?threads=99: this browser offers ${available}, using ${available}.`);
    expect(await headerThreads(page)).toBe(available);
    await waitForModel(page);
    await page.getByRole('button', { name: 'Dog, bicycle and truck' }).click();
    await expect.poll(async () => (await shownClasses(page))[0]).toBe(dogTop1);
    expect(pageErrors).toEqual([]);
  });

  for (const nonsense of ['0', '-1', 'abc', '1.5']) {
    test(`?threads=${nonsense} is refused with a message and the default is used`, async ({ page, pageErrors }) => {
      await page.goto(`/?threads=${encodeURIComponent(nonsense)}`);
      const available = await cores(page);
      const fallback = Math.min(available, 8);
      await expect(page.getByRole('status').filter({ hasText: `?threads=${nonsense}` })).toHaveText(
        `?threads=${nonsense} is not a thread count: give a whole number from 1 to ${available}. Using ${fallback} (every core, up to 8).`,
      );
      expect(await headerThreads(page)).toBe(fallback);
      expect(pageErrors).toEqual([]);
    });
  }

  test('a thread count the browser offers is used as given, without a note', async ({ page }) => {
    await page.goto('/?threads=1');
    expect(await headerThreads(page)).toBe(1);
    await expect(page.getByRole('status').filter({ hasText: '?threads=' })).toHaveCount(0);
  });
});

test.describe('?model= that is not a classifier', () => {
  test('says so beside the model picker, lists the choices, and stays until another model is picked', async ({ page, pageErrors }) => {
    await page.goto('/?model=bogus-model');
    const notice = page.getByRole('alert').filter({ hasText: 'bogus-model' });
    await expect(notice).toContainText('There is no model "bogus-model" in the classifier catalogue: showing MobileNetV2 (int8).');
    await expect(notice).toContainText('mobilenetv2-12-fp32, shufflenet-v2-12-int8, squeezenet1.1-7-fp32, squeezenet1.1-7-fp16');
    await waitForModel(page);
    await expect(page.getByLabel('Classifier')).toHaveValue('mobilenetv2-12-int8');
    // Beside the picker: directly above the Model card, in the same column.
    const noticeBox = (await notice.boundingBox())!;
    const pickerBox = (await page.locator('section').filter({ has: page.getByRole('heading', { name: 'Model', exact: true }) }).boundingBox())!;
    expect(pickerBox.y - (noticeBox.y + noticeBox.height)).toBeLessThan(40);
    expect(Math.abs(pickerBox.x - noticeBox.x)).toBeLessThan(2);
    // Classifying a photo does not hide it: the fallback is still what is shown.
    await page.getByRole('button', { name: 'Dog, bicycle and truck' }).click();
    await expect.poll(async () => (await shownClasses(page))[0]).toBe(dogTop1);
    await expect(notice).toBeVisible();
    // Picking a model answers it.
    await page.getByLabel('Classifier').selectOption('squeezenet1.1-7-fp32');
    await waitForModel(page);
    await expect(notice).toHaveCount(0);
    expect(pageErrors).toEqual([]);
  });
});
