/**
 * Every file of the generated bad-input corpus (scripts/make-bad-inputs.ts → tests/fixtures/bad-inputs)
 * through the UI: a specific message within 5 seconds (or normal handling, for unusual but valid
 * files), nothing uncaught in the page, and the next good file works.
 */
import { test, expect, shownClasses, waitForModel, jpeg, openModelFiles, compareOpenModel } from './fixtures';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CorpusEntry } from '../../scripts/make-bad-inputs';

const dir = resolve(import.meta.dirname, '..', 'fixtures', 'bad-inputs');
const corpus: { entries: CorpusEntry[] } = JSON.parse(readFileSync(resolve(dir, 'corpus.json'), 'utf8'));
const models = corpus.entries.filter((e) => e.kind === 'model');
const images = corpus.entries.filter((e) => e.kind === 'image');
const RESPONSE_MS = 5_000;
const mnist = resolve(import.meta.dirname, '..', '..', 'public', 'models', 'mnist-8.onnx');

/** An alert a user can act on: not a bare exception name, no "undefined" or "[object". */
const specific = (text: string) => text.length > 30 && !/undefined|\[object|^Error$/.test(text);

test('the corpus covers every kind of bad input the issue lists', () => {
  expect(models.length).toBeGreaterThanOrEqual(20);
  expect(images.length).toBeGreaterThanOrEqual(10);
  console.log(`bad-input corpus: ${models.length} models, ${images.length} images`);
});

test('bad images on the classify page', async ({ page, pageErrors }) => {
  test.setTimeout(180_000);
  await page.goto('/');
  await waitForModel(page);
  const alert = page.getByRole('alert');
  for (const entry of images) {
    const started = Date.now();
    await page.getByLabel('Choose an image').setInputFiles({ name: entry.file, mimeType: '', buffer: readFileSync(resolve(dir, 'images', entry.file)) });
    if (entry.outcome === 'refused') {
      await expect(alert, entry.what).toContainText(new RegExp(entry.message!), { timeout: RESPONSE_MS });
      await expect(alert, entry.what).toContainText(entry.file);
    } else {
      await expect(page.locator('.results'), entry.what).toContainText('320x240 image', { timeout: RESPONSE_MS });
      await expect(alert, entry.what).toHaveCount(0);
    }
    const tookMs = Date.now() - started;
    // The next good photo works and clears the message.
    await page.getByLabel('Choose an image').setInputFiles(jpeg('eagle.jpg'));
    await expect.poll(async () => (await shownClasses(page))[0], entry.what).toBe('bald eagle');
    await expect(alert).toHaveCount(0);
    console.log(`${entry.file}: ${entry.outcome} in ${tookMs} ms`);
  }
  expect(pageErrors).toEqual([]);
});

test('bad models on the Model page, and run on the compare page', async ({ page, pageErrors }) => {
  test.setTimeout(300_000);
  await page.goto('/?view=compare&backends=wasm&threads=1&warmup=0&runs=2');
  const details = page.getByRole('region', { name: 'Model details' });
  const alert = page.getByRole('alert');
  const open = (file: string) => openModelFiles(page, file);
  const run = page.getByRole('button', { name: 'Run benchmark' });
  const summary = page.getByRole('table', { name: 'Output summary' });
  // A backend that cannot load or run the model says so in its row of the results.
  const failure = page.getByRole('cell', { name: /could not (load|run)/ });
  const problem = alert.or(failure).first();
  await expect(run).toBeEnabled({ timeout: 30_000 });
  for (const entry of models) {
    const started = Date.now();
    await open(resolve(dir, 'models', entry.file));
    let verdict: string;
    if (entry.outcome === 'refused') {
      await expect(alert, entry.what).toContainText(new RegExp(entry.message!), { timeout: RESPONSE_MS });
      verdict = 'refused';
    } else {
      // Opened (details of this file) or, for bit flips, possibly refused.
      const shown = details.filter({ hasText: entry.file });
      await expect(shown.or(alert).first(), entry.what).toBeVisible({ timeout: RESPONSE_MS });
      if (await alert.count()) {
        expect(entry.outcome, `${entry.what}: refused: ${await alert.innerText()}`).toBe('either');
        expect(specific(await alert.innerText()), await alert.innerText()).toBe(true);
        verdict = 'refused on opening';
      } else {
        if (entry.outcome === 'accepted' && entry.message && !entry.atRun) {
          await expect(details.getByRole('note').first(), entry.what).toContainText(new RegExp(entry.message));
        }
        await compareOpenModel(page);
        await expect(run).toBeEnabled();
        const clicked = Date.now();
        await run.click();
        await expect(summary.or(problem).first(), entry.what).toBeVisible({ timeout: RESPONSE_MS * 2 });
        if (await problem.isVisible()) {
          const text = await problem.innerText();
          if (entry.atRun) expect(text, entry.what).toMatch(new RegExp(entry.message!));
          else expect(entry.outcome, `${entry.what}: ${text}`).toBe('either');
          expect(specific(text), text).toBe(true);
          verdict = `refused when run (${Date.now() - clicked} ms)`;
        } else {
          expect(entry.atRun, `${entry.what} ran, but it should have been refused`).toBeFalsy();
          verdict = 'ran';
        }
      }
    }
    console.log(`${entry.file}: ${verdict}, ${Date.now() - started} ms`);
    // The next good model opens and its details replace the message.
    await open(mnist);
    await expect(details).toContainText('mnist-8.onnx');
    await expect(alert).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Compare backends on this model' })).toBeEnabled();
  }
  expect(pageErrors).toEqual([]);
});
