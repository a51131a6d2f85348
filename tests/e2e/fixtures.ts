/** Shared Playwright helpers: console/page error capture, reference data and file payloads. */
import { test as base, expect, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..', '..');
export const samplePath = (file: string) => resolve(ROOT, 'public', 'samples', file);
export const sampleBytes = (file: string) => readFileSync(samplePath(file));

interface ReferenceClass {
  index: number;
  label: string;
  p: number;
}
export const referenceTop5: Record<string, Record<string, ReferenceClass[]>> = JSON.parse(
  readFileSync(resolve(ROOT, 'tests', 'reference', 'classification-top5.json'), 'utf8'),
).results;

/** "malamute, malemute, Alaskan malamute" → "malamute", as the page shows it. */
export const shortName = (label: string) => label.split(',')[0].trim();

/** Errors the page printed or threw; tests of bad input assert this stays empty. */
export const test = base.extend<{ pageErrors: string[] }>({
  pageErrors: async ({ page }, use) => {
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(`console.error: ${message.text()}`);
    });
    await use(errors);
  },
});
export { expect };

export const predictions = (page: Page) => page.getByRole('list', { name: 'Top-5 predictions' });

/** The class names shown, top first. */
export async function shownClasses(page: Page): Promise<string[]> {
  const items = predictions(page).getByRole('listitem');
  return (await items.locator('.name').allInnerTexts()).map((s) => s.trim());
}

/** Waits until the page's model is loaded (the ready status shows). */
export async function waitForModel(page: Page): Promise<void> {
  await expect(page.getByRole('status').filter({ hasText: 'Ready: session created' })).toBeVisible({ timeout: 30_000 });
}

/** Sets the file input and waits for a result caption naming that image's size to change. */
export async function chooseFile(page: Page, file: { name: string; mimeType: string; buffer: Buffer }): Promise<void> {
  await page.getByLabel('Choose an image').setInputFiles(file);
}

/** Dispatches a drop or paste of `bytes` as a file, as a user's drag or Ctrl+V would. */
export async function dispatchFile(page: Page, kind: 'drop' | 'paste', file: { name: string; mimeType: string; buffer: Buffer }) {
  await page.evaluate(
    ({ kind, name, mimeType, base64 }) => {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const transfer = new DataTransfer();
      transfer.items.add(new File([bytes], name, { type: mimeType }));
      if (kind === 'paste') {
        document.body.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }));
      } else {
        const zone = document.querySelector('[aria-label="Drop an image here"]')!;
        zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }));
        zone.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
      }
    },
    { kind, name: file.name, mimeType: file.mimeType, base64: file.buffer.toString('base64') },
  );
}

export const jpeg = (file: string) => ({ name: file, mimeType: 'image/jpeg', buffer: sampleBytes(file) });

/** The app's page tabs ("Classify a photo", "Model", "Compare backends", "Gallery"). */
export const pageTab = (page: Page, name: string) => page.getByRole('navigation', { name: 'Pages' }).getByRole('button', { name, exact: true });

/** Opens files on the Model page (switching to it first), as a user picking them would. */
export async function openModelFiles(page: Page, files: Parameters<import('@playwright/test').Locator['setInputFiles']>[0]): Promise<void> {
  await pageTab(page, 'Model').click();
  await page.getByLabel('Open an ONNX model').setInputFiles(files);
}

/** Takes the model open on the Model page to the comparison page. */
export async function compareOpenModel(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Compare backends on this model' }).click();
  await expect(page.getByRole('button', { name: 'Compare backends', exact: true })).toHaveAttribute('aria-current', 'page');
}
