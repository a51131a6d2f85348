/**
 * A newcomer's first visit (issue 16): the first result downloads each file once and nothing it
 * does not need; the offline storage fills afterwards from what was fetched; dist/ holds one copy of
 * each runtime. What reached the server is counted by a proxy in front of it (the browser's caches
 * and the service worker's answer the rest), in a fresh in-memory context with service workers on.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { test, expect, predictions } from './fixtures';
import { waitForShellStored } from './offline-helpers';
import { startCountingProxy } from '../../scripts/lib/counting-proxy.mjs';

const ASSETS = resolve(import.meta.dirname, '..', '..', 'dist', 'assets');

test.use({ serviceWorkers: 'allow' });

test('first visit: each file crosses the network once, no photo but the clicked one before the top-5, and the offline storage fills afterwards', async ({ page, baseURL, pageErrors }) => {
  test.setTimeout(120_000);
  const proxy = await startCountingProxy(0, Number(new URL(baseURL!).port));
  try {
    await page.goto(proxy.url);
    await page.getByRole('list', { name: 'Sample photos' }).getByRole('button').first().click();
    await expect(predictions(page).getByRole('listitem')).toHaveCount(5, { timeout: 60_000 });
    const beforeResult = proxy.log.map((r) => r.path);
    await waitForShellStored(page);

    expect(beforeResult.filter((p) => p.startsWith('/samples/') && !p.startsWith('/samples/thumbs/'))).toEqual(['/samples/dog.jpg']);
    const paths = proxy.log.map((r) => r.path);
    expect(paths.filter((p) => /ort-wasm-simd-threaded-[\w-]+\.wasm$/.test(p))).toHaveLength(1);
    expect(paths.filter((p, i) => paths.indexOf(p) !== i)).toEqual([]);
    expect(pageErrors).toEqual([]);
  } finally {
    proxy.close();
  }
});

test('dist/ holds one copy of each runtime: ORT entries and runtime files once by name, TF.js code in one file', () => {
  const files = readdirSync(ASSETS);
  // onnxruntime-web's files keep their names: one file per name and extension.
  const ort = files.filter((f) => f.startsWith('ort')).map((f) => f.replace(/-[\w-]{8}(\.\w+)$/, '$1'));
  expect(ort.filter((f, i) => ort.indexOf(f) !== i)).toEqual([]);
  // TF.js is split into chunks: a message from each package's own code is in exactly one of them.
  const code = files.filter((f) => f.endsWith('.js')).map((f) => readFileSync(resolve(ASSETS, f), 'utf8'));
  const markers = ['Tensor is disposed', 'An ArrayBuffer of weights must be the second element of', 'Ragged splits may not be empty', 'The WASM backend was already initialized'];
  expect(markers.map((m) => `${m}: ${code.filter((text) => text.includes(m)).length}`)).toEqual(markers.map((m) => `${m}: 1`));
});
