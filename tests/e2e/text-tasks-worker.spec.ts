/**
 * The text tasks in Chromium, in the production build's own task worker (tokenizer bundled, ORT
 * WASM): a hub fixture's bytes and files handed over as the Model page will hand them, driven over
 * the worker's Comlink protocol directly (TryText is not mounted on a page yet). The answers are
 * the reference values of ../shared/assets/hub/README.md, which tests/node/text-tasks-native.test.ts
 * checks against onnxruntime-node on the same ids.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test } from './fixtures';

const ROOT = resolve(import.meta.dirname, '..', '..');
const fixture = (repo: string, file: string) => readFileSync(resolve(ROOT, 'tests', 'hub-fixtures', 'fixtures', repo, file));
const files = (repo: string) => Object.fromEntries(['config.json', 'tokenizer.json', 'tokenizer_config.json'].map((f) => [f, JSON.parse(fixture(repo, f).toString('utf8'))]));
const workerFile = () => readdirSync(resolve(ROOT, 'dist', 'assets')).find((f) => /^task\.worker-.*\.js$/.test(f));

test('the task worker tokenizes and answers text classification and similarity as onnxruntime-node does', async ({ page, pageErrors }) => {
  await page.goto('/');
  const models = ['tiny-bert-sentiment', 'tiny-minilm'].map((repo) => ({ repo, files: files(repo), base64: fixture(repo, 'onnx/model.onnx').toString('base64') }));
  const answers = await page.evaluate(
    async ({ url, models }) => {
      const worker = new Worker(url, { type: 'module' });
      let next = 0;
      // Comlink's wire format: APPLY a method with RAW arguments; a reply carries the same id.
      const call = (method: string, ...args: unknown[]) =>
        new Promise<{ ok: boolean; value: any }>((done) => {
          const id = String(++next);
          const listen = (event: MessageEvent) => {
            if (event.data?.id !== id) return;
            worker.removeEventListener('message', listen);
            done(event.data.type === 'RAW' ? { ok: true, value: event.data.value } : { ok: false, value: event.data.value?.value });
          };
          worker.addEventListener('message', listen);
          worker.postMessage({ id, type: 'APPLY', path: [method], argumentList: args.map((value) => ({ type: 'RAW', value })) });
        });
      const bytes = (base64: string) => Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      await call('init', 1, 'wasm');
      const [bert, minilm] = models;
      const origin = (repo: string) => ({ repo: `fixtures/${repo}`, variant: 'fp32', file: 'onnx/model.onnx' });
      const loaded = await call('loadText', { origin: origin(bert.repo), bytes: bytes(bert.base64), files: bert.files });
      const label = await call('runText', 'text-classification', loaded.value.id, { text: 'The movie was great!' });
      const encoder = await call('loadText', { origin: origin(minilm.repo), bytes: bytes(minilm.base64), files: minilm.files });
      const similarity = await call('runText', 'feature-extraction', encoder.value.id, { texts: ['The movie was great!', 'The film was really good.'] });
      const badTokenizer = await call('loadText', { origin: { ...origin(bert.repo), variant: 'other' }, bytes: bytes(bert.base64), files: { ...bert.files, 'tokenizer.json': { model: { type: 'Nonsense' } } } });
      worker.terminate();
      return { loaded: loaded.value, label: label.value, encoder: encoder.value, similarity: similarity.value, badTokenizer };
    },
    { url: `/assets/${workerFile()}`, models },
  );
  expect(answers.loaded).toMatchObject({ task: 'text-classification', backend: 'wasm' });
  expect(answers.label.label).toBe('POSITIVE');
  expect(answers.label.score).toBeCloseTo(0.8826, 4);
  expect(answers.label.tokens).toEqual(['[CLS]', 'the', 'movie', 'was', 'great', '!', '[SEP]']);
  expect(answers.label.timings.inferenceMs).toBeGreaterThan(0);
  expect(answers.encoder.task).toBe('feature-extraction');
  expect(answers.similarity.similarity).toBeCloseTo(0.7089, 4);
  expect(answers.badTokenizer.ok).toBe(false);
  expect(answers.badTokenizer.value).toMatchObject({ kind: 'bad-input', message: expect.stringContaining('tokenizer could not be read') });
  expect(pageErrors).toEqual([]);
});
