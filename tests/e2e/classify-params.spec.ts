/**
 * The classify page's URL settings (?threads=, ?model=), drops anywhere on any page, and its layout
 * on a phone and a desktop, light and dark.
 */
import type { Page } from '@playwright/test';
import { test, expect, shownClasses, waitForModel, jpeg, referenceTop5, shortName } from './fixtures';

const dogTop1 = shortName(referenceTop5['mobilenetv2-12-int8'].dog[0].label);
const notAnImage = { name: 'holiday.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('this is not an image\n'.repeat(20)) };
const DROP_HINT = /Dropping files here does nothing: drop photos on the “Classify a photo” page and models on the “Model” page/;

/** The thread count the page shows in its header ("WASM, 2 threads"), once the worker runs. */
async function headerThreads(page: Page): Promise<number> {
  const runtime = page.locator('header .runtime');
  await expect(runtime).toContainText(/this page uses \d+\s+threads?/);
  return Number(/this page uses (\d+)\s+thread/.exec(await runtime.innerText())![1]);
}

/** What the browser offers WASM here: every core (the preview server makes the page cross-origin isolated). */
async function cores(page: Page): Promise<number> {
  const { isolated, cores } = await page.evaluate(() => ({ isolated: crossOriginIsolated, cores: navigator.hardwareConcurrency }));
  expect(isolated, 'the preview server sends COOP/COEP headers').toBe(true);
  return cores;
}

/**
 * Dispatches dragover then drop of `file` on `selector` (not the drop box) and returns whether each
 * was cancelled. Synthetic events cannot make Chromium open the file; a cancelled dragover and drop
 * are what stop a real one from doing so.
 */
async function dropOn(page: Page, selector: string, file: { name: string; mimeType: string; buffer: Buffer }) {
  return page.evaluate(
    ({ selector, name, mimeType, base64 }) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))], name, { type: mimeType }));
      const target = document.querySelector(selector)!;
      const send = (type: string) => !target.dispatchEvent(new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true }));
      return { dragoverCancelled: send('dragover'), dropCancelled: send('drop') };
    },
    { selector, name: file.name, mimeType: file.mimeType, base64: file.buffer.toString('base64') },
  );
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

test.describe('drops anywhere never take the page away', () => {
  test('on the classify page, a photo dropped outside the drop box is classified', async ({ page, pageErrors }) => {
    await page.goto('/');
    await waitForModel(page);
    const url = page.url();
    expect(await dropOn(page, 'body', jpeg('dog.jpg'))).toEqual({ dragoverCancelled: true, dropCancelled: true });
    await expect.poll(async () => (await shownClasses(page))[0]).toBe(dogTop1);
    await expect(page.getByText('on a 768x576 image')).toBeVisible();
    // Dropped on a heading of another card, too.
    expect(await dropOn(page, '#results-heading', jpeg('eagle.jpg'))).toEqual({ dragoverCancelled: true, dropCancelled: true });
    await expect.poll(async () => (await shownClasses(page))[0]).toBe('bald eagle');
    expect(page.url()).toBe(url);
    await expect(page.getByRole('heading', { name: 'onnx-playground' })).toBeVisible();
    await expect(page.getByRole('status').filter({ hasText: DROP_HINT })).toHaveCount(0);
    expect(pageErrors).toEqual([]);
  });

  test('on the classify page, a text file named .jpg dropped on the page gets the same message as in the drop box', async ({ page, pageErrors }) => {
    await page.goto('/');
    await waitForModel(page);
    expect(await dropOn(page, 'body', notAnImage)).toEqual({ dragoverCancelled: true, dropCancelled: true });
    await expect(page.getByRole('alert')).toContainText(/holiday\.jpg.*not an image|not an image.*holiday\.jpg/);
    expect(pageErrors).toEqual([]);
  });

  test('a drop in the drop box is classified once', async ({ page }) => {
    await page.goto('/');
    await waitForModel(page);
    const calls = await page.evaluate(() => {
      // Count the worker requests the drop causes (Comlink posts one message per call).
      const w = window as unknown as { posted: number };
      w.posted = 0;
      const post = Worker.prototype.postMessage;
      Worker.prototype.postMessage = function (this: Worker, ...args: Parameters<Worker['postMessage']>) {
        if (JSON.stringify(args[0] ?? null).includes('classifyFile')) w.posted++;
        return post.apply(this, args);
      } as Worker['postMessage'];
      return w.posted;
    });
    expect(calls).toBe(0);
    expect(await dropOn(page, '[aria-label="Drop an image here"]', jpeg('dog.jpg'))).toEqual({ dragoverCancelled: true, dropCancelled: true });
    await expect.poll(async () => (await shownClasses(page))[0]).toBe(dogTop1);
    expect(await page.evaluate(() => (window as unknown as { posted: number }).posted)).toBe(1);
  });

  for (const view of ['gallery', 'compare']) {
    test(`on the ${view} page, a drop is cancelled and a hint says where drops work`, async ({ page, pageErrors }) => {
      await page.goto(`/?view=${view}`);
      await page.waitForTimeout(500); // the compare page mirrors its plan in the address once it is set up
      const url = page.url();
      expect(await dropOn(page, 'body', jpeg('dog.jpg'))).toEqual({ dragoverCancelled: true, dropCancelled: true });
      await expect(page.getByRole('status').filter({ hasText: DROP_HINT })).toBeVisible();
      expect(page.url()).toBe(url);
      await expect(page.getByRole('heading', { name: 'onnx-playground' })).toBeVisible();
      // The hint goes away by itself.
      await expect(page.getByRole('status').filter({ hasText: DROP_HINT })).toHaveCount(0, { timeout: 10_000 });
      expect(pageErrors).toEqual([]);
    });
  }

  test('text fields keep their own drop (the model URL field on the Model page)', async ({ page }) => {
    await page.goto('/?view=model');
    await expect(page.getByLabel('Model URL')).toBeVisible();
    const result = await page.evaluate(() => {
      const transfer = new DataTransfer();
      transfer.setData('text/plain', 'https://example.org/model.onnx');
      const field = document.getElementById('model-url')!;
      const send = (type: string) => !field.dispatchEvent(new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true }));
      return { dragoverCancelled: send('dragover'), dropCancelled: send('drop') };
    });
    expect(result).toEqual({ dragoverCancelled: false, dropCancelled: false });
    await expect(page.getByRole('status').filter({ hasText: DROP_HINT })).toHaveCount(0);
  });
});

for (const colorScheme of ['light', 'dark'] as const) {
  for (const viewport of [{ width: 390, height: 844 }, { width: 1280, height: 900 }]) {
    test.describe(`layout at ${viewport.width}x${viewport.height}, ${colorScheme}`, () => {
      test.use({ viewport, colorScheme });

      test('the classify page never scrolls sideways, with notes, a result and an error with long unbroken words', async ({ page }, testInfo) => {
        const noSideways = async (stage: string) => {
          const { scrollWidth, width } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, width: window.innerWidth }));
          expect(scrollWidth, `${stage}: page is ${scrollWidth}px wide in a ${width}px window`).toBeLessThanOrEqual(width);
        };
        await page.goto(`/?model=${'no_such_classifier_'.repeat(4)}x&threads=${'9'.repeat(40)}`);
        await waitForModel(page);
        await noSideways('notes');
        await page.getByRole('button', { name: 'Dog, bicycle and truck' }).click();
        await expect.poll(async () => (await shownClasses(page))[0]).toBe(dogTop1);
        await noSideways('result');
        await dropOn(page, 'body', { ...notAnImage, name: `${'a_very_long_file_name_'.repeat(6)}.jpg` });
        await expect(page.getByRole('alert').filter({ hasText: 'not an image' })).toBeVisible();
        await noSideways('error');
        await page.screenshot({ path: testInfo.outputPath(`classify-${viewport.width}-${colorScheme}.png`), fullPage: true });
      });
    });
  }
}
