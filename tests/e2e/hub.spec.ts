/**
 * Hugging Face hub models against the local test hub (scripts/hub-server.mjs, started by
 * playwright.config.ts; the e2e build points at it: scripts/e2e-build.mjs): open by id, variants
 * with sizes, a download with progress, storage (a reload and an offline visit download nothing),
 * a dropped connection resumed, named failures, and a CSP that allows that hub and nothing else.
 */
import AxeBuilder from '@axe-core/playwright';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { APIRequestContext, Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { hubEnvFor } from '../../scripts/hub-server.mjs';
import { hubFixturePath } from '../helpers/assets';

const hubOf = (baseURL: string | undefined) => hubEnvFor(new URL(baseURL!).port);
const BERT = 'fixtures/tiny-bert-sentiment';
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const hubStats = async (request: APIRequestContext, hub: string): Promise<{ cdn: Record<string, number>; ranges: Record<string, (string | null)[]> }> =>
  (await request.get(`${hub}/__control/stats`)).json();
const cdnStats = async (request: APIRequestContext, hub: string) => (await hubStats(request, hub)).cdn;

async function openHub(page: Page, id: string): Promise<void> {
  await page.getByLabel('Hugging Face model (id or address)').fill(id);
  await page.getByRole('button', { name: 'Open from the hub' }).click();
}

test.beforeEach(async ({ request, baseURL, page }) => {
  const { HUB_ENDPOINT } = hubOf(baseURL);
  await request.get(`${HUB_ENDPOINT}/__control/reset`);
  // A build made without the e2e hub (plain `vite build`) points at huggingface.co: say so. (The
  // build's own headers file tells; the preview's CSP follows the env playwright.config.ts gives it.)
  const built = readFileSync(resolve(import.meta.dirname, '..', '..', 'dist', '_headers'), 'utf8');
  expect(built, 'build with `node scripts/e2e-build.mjs` (npm run test:e2e does) so the app uses the local hub').toContain(HUB_ENDPOINT);
  await page.goto('/?view=model');
});

// The offline service worker on (as users have it): the app's own files stay available offline, and
// it must leave the hub's cross-origin downloads alone.
test.describe(() => {
test.use({ serviceWorkers: 'allow' });
test('open by id: variants with sizes, a download with progress, details; then from storage, online and offline, with no download', async ({ page, context, request, baseURL, pageErrors }) => {
  const { HUB_ENDPOINT, HUB_CDN_ORIGINS } = hubOf(baseURL);
  const requests: string[] = [];
  context.on('request', (r) => requests.push(r.url()));
  await request.get(`${HUB_ENDPOINT}/__control/throttle?bytesPerSecond=900000`);
  await openHub(page, BERT);

  const variants = page.getByRole('list', { name: 'Variants' }).getByRole('listitem');
  await expect(variants).toHaveText([/fp32\s+1\.3 MB\s+full precision/, /q8\s+625\.5 KB\s+8-bit quantized/]);
  await expect(page.getByRole('status', { name: 'Download progress' })).toHaveText(/Downloading onnx\/model\.onnx: [\d.]+ [KM]?B of 1\.3 MB, [\d.]+ [KM]?B\/s, \d+ s left/);
  const details = page.getByRole('region', { name: 'Model details' });
  await expect(details).toContainText('input_ids');
  await expect(details).toContainText(/Architecture\s*BertForSequenceClassification \(bert\)\s*Labels\s*NEGATIVE, POSITIVE\s*Files read\s*config\.json, tokenizer\.json, tokenizer_config\.json/);
  await expect(page.getByText(`${BERT} · fp32 (Hugging Face hub) is ready.`)).toBeVisible();
  expect(await cdnStats(request, HUB_ENDPOINT)).toEqual({ [`${BERT}/onnx/model.onnx`]: 1 });
  await request.get(`${HUB_ENDPOINT}/__control/reset`);

  // Another variant: one click.
  await variants.filter({ hasText: 'q8' }).getByRole('button').click();
  await expect(page.getByText(`${BERT} · q8 (Hugging Face hub) is ready.`)).toBeVisible();
  expect(await cdnStats(request, HUB_ENDPOINT)).toEqual({ [`${BERT}/onnx/model_quantized.onnx`]: 1 });

  // A reload (a link to the model): from Cache Storage, no model file downloaded again.
  await page.goto(`/?view=model&hub=${BERT}`);
  await expect(page.getByRole('region', { name: 'Model details' })).toContainText('input_ids');
  await expect(page.getByRole('button', { name: /fp32/, pressed: true })).toBeVisible();
  expect(await cdnStats(request, HUB_ENDPOINT)).toEqual({ [`${BERT}/onnx/model_quantized.onnx`]: 1 });

  // Offline: it opens from storage, with no request at all.
  await page.goto('/?view=model');
  await context.setOffline(true);
  const offlineRequests: string[] = [];
  context.on('request', (r) => offlineRequests.push(r.url()));
  await openHub(page, `${BERT}`);
  await expect(page.getByText(`${BERT} · fp32 (Hugging Face hub) is ready.`)).toBeVisible();
  expect(offlineRequests.filter((u) => !u.startsWith(baseURL!))).toEqual([]);
  // Not stored: said so.
  await openHub(page, 'fixtures/tiny-minilm');
  await expect(page.getByRole('alert')).toContainText('is not stored in this browser, and the browser is offline');
  await context.setOffline(false);

  // "Offline use and storage" lists it with its size, and removes it.
  await page.getByText('Offline use and storage').click();
  const stored = page.getByRole('table', { name: 'Hugging Face models stored' });
  // Its file list, 3 JSON files and the 2 variants: 1.9 MB.
  await expect(stored.getByRole('row').filter({ hasText: BERT }).getByRole('cell')).toHaveText([BERT, 'main', '6', '1.9 MB', 'Remove']);
  await stored.getByRole('button', { name: `Remove ${BERT}` }).click();
  await expect(stored).toBeHidden();

  // Nothing went anywhere but this origin and the configured hub.
  const allowed = [baseURL!, HUB_ENDPOINT, HUB_CDN_ORIGINS];
  expect(requests.filter((u) => !allowed.some((o) => u.startsWith(o)) && !u.startsWith('blob:') && !u.startsWith('data:'))).toEqual([]);
  expect(pageErrors).toEqual([]);
});
});

test('a dropped connection resumes with Range, and what is kept is whole', async ({ page, request, baseURL }) => {
  const { HUB_ENDPOINT } = hubOf(baseURL);
  await request.get(`${HUB_ENDPOINT}/__control/drop?after=400000`);
  await openHub(page, 'fixtures/tiny-minilm');
  await expect(page.getByText('fixtures/tiny-minilm · fp32 (Hugging Face hub) is ready.')).toBeVisible();
  // The whole file asked for, cut off after 400,000 bytes, then the rest from where it stopped.
  expect((await hubStats(request, HUB_ENDPOINT)).ranges['fixtures/tiny-minilm/onnx/model.onnx']).toEqual([null, expect.stringMatching(/^bytes=[1-9]\d*-$/)]);
  const kept = await page.evaluate(async () => {
    const cache = await caches.open('onnx-playground-hub');
    const key = (await cache.keys()).find((r) => r.url.endsWith('/onnx/model.onnx'))!;
    const bytes = await (await cache.match(key))!.arrayBuffer();
    const digest = await crypto.subtle.digest('SHA-256', bytes);
    return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
  });
  expect(kept).toBe(sha256(readFileSync(hubFixturePath('tiny-minilm', 'onnx/model.onnx'))));
  // The hub field and the variants list are usable by everyone.
  const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
});

test('named messages: a gated model, a repository without ONNX files, a missing one, a cancelled download', async ({ page, request, baseURL }) => {
  const { HUB_ENDPOINT } = hubOf(baseURL);
  await openHub(page, 'gated/tiny-bert-sentiment');
  await expect(page.getByRole('alert')).toContainText('(HTTP 401): the model is gated or private');
  await openHub(page, 'no-onnx/tiny-minilm');
  await expect(page.getByRole('alert')).toContainText('no ONNX model (.onnx): it is not exported for the browser');
  await openHub(page, 'https://huggingface.co/Xenova/all-MiniLM-L6-v2');
  await expect(page.getByRole('alert')).toContainText('is not on 127.0.0.1:');
  await openHub(page, 'fixtures/not-there');
  await expect(page.getByRole('alert')).toContainText('has no public model "fixtures/not-there"');
  await request.get(`${HUB_ENDPOINT}/__control/throttle?bytesPerSecond=200000`);
  await openHub(page, BERT);
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('alert')).toContainText('was cancelled: nothing of it was kept');
  expect(await page.evaluate(async () => (await (await caches.open('onnx-playground-hub')).keys()).filter((r) => r.url.endsWith('.onnx')).length)).toBe(0);
  // The cancelled variant is one click away again.
  await request.get(`${HUB_ENDPOINT}/__control/reset`);
  await page.getByRole('list', { name: 'Variants' }).getByRole('button', { name: /fp32/ }).click();
  await expect(page.getByText(`${BERT} · fp32 (Hugging Face hub) is ready.`)).toBeVisible();
});

test('the CSP allows the configured hub and blocks any other host, huggingface.co included', async ({ page, baseURL }) => {
  const { HUB_ENDPOINT, HUB_CDN_ORIGINS } = hubOf(baseURL);
  const policy = (await page.goto('/'))!.headers()['content-security-policy'];
  expect(policy).toContain(`connect-src 'self' blob: data: ${HUB_ENDPOINT} ${HUB_CDN_ORIGINS};`);
  const outcome = await page.evaluate(async (hub) => {
    const blocked: string[] = [];
    document.addEventListener('securitypolicyviolation', (e) => blocked.push(e.blockedURI));
    const tryFetch = (url: string) => fetch(url).then(() => 'fetched', () => 'failed');
    const results = [await tryFetch(`${hub}/api/models/fixtures/tiny-minilm`), await tryFetch('https://huggingface.co/api/models/Xenova/all-MiniLM-L6-v2'), await tryFetch('https://cdn-lfs.hf.co/x')];
    await new Promise((r) => setTimeout(r, 100));
    return { results, blocked };
  }, HUB_ENDPOINT);
  expect(outcome.results).toEqual(['fetched', 'failed', 'failed']);
  expect(outcome.blocked).toEqual(['https://huggingface.co/api/models/Xenova/all-MiniLM-L6-v2', 'https://cdn-lfs.hf.co/x']);
});
