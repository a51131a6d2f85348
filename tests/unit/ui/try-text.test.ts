import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { formatScore, formatSimilarity, textStages, TryTextState, type TextClient, type TryTextModel } from '../../../src/ui/state/try-text.svelte';
import { hubFixturePath } from '../../helpers/assets';
import type { BackendId } from '../../../src/engine/backends/backend-id';

const files = (repo: string) => Object.fromEntries(['config.json', 'tokenizer.json', 'tokenizer_config.json'].map((f) => [f, JSON.parse(readFileSync(hubFixturePath(repo, f), 'utf8'))]));
const timings = { preprocessMs: 1, inferenceMs: 2, postprocessMs: 0.5 };

/** A worker client that answers at once and records what it was asked. */
function fakeClient() {
  const calls: string[] = [];
  const client: TextClient = {
    loadText: vi.fn(async ({ origin }) => {
      calls.push(`load ${origin.variant}`);
      return { id: `id-${origin.variant}`, task: null, backend: 'wasm' as BackendId, loadMs: 5 };
    }),
    runText: vi.fn(async (task: string, id: string, input: unknown) => {
      calls.push(`${task} ${id} ${JSON.stringify(input)}`);
      return (task === 'text-classification'
        ? { label: 'POSITIVE', score: 0.8826, scores: [{ label: 'POSITIVE', score: 0.8826 }, { label: 'NEGATIVE', score: 0.1174 }], tokens: [], truncated: false, timings }
        : { similarity: 0.70894, embeddings: [], output: 'last_hidden_state', pooled: true, tokens: [], truncated: [], timings }) as never;
    }) as TextClient['runText'],
    terminate: vi.fn(() => calls.push('terminate')),
  };
  return { client, calls };
}

const model = (repo: string, variant: string): TryTextModel => ({
  origin: { repo: `fixtures/${repo}`, variant, file: variant === 'q8' ? 'onnx/model_quantized.onnx' : 'onnx/model.onnx' },
  files: files(repo),
  payload: async () => ({ bytes: new Uint8Array(4) }),
});

describe('"try it" on a text model', () => {
  it('classifies the text typed and says which variant and backend answered, with each stage', async () => {
    const { client, calls } = fakeClient();
    const started: BackendId[] = [];
    const state = new TryTextState(async (backend) => (started.push(backend), client));
    state.text = 'The movie was great!';
    await state.run(model('tiny-bert-sentiment', 'fp32'), 'wasm');
    expect(state.error).toBeNull();
    expect(state.answer).toMatchObject({ kind: 'label', label: 'POSITIVE', score: 0.8826, variant: 'fp32', backend: 'WASM (CPU)' });
    expect(state.answer!.stages.map((s) => s.stage)).toEqual(['Open the model', 'Tokenize', 'Run', 'Post-process']);
    // Again: the model stays open (no load, no "Open the model"); another variant loads; another backend starts another worker.
    await state.run(model('tiny-bert-sentiment', 'fp32'), 'wasm');
    expect(state.answer!.stages.map((s) => s.stage)).toEqual(['Tokenize', 'Run', 'Post-process']);
    await state.run(model('tiny-bert-sentiment', 'q8'), 'wasm');
    await state.run(model('tiny-bert-sentiment', 'q8'), 'webgpu');
    expect(started).toEqual(['wasm', 'webgpu']);
    expect(calls.filter((c) => c.startsWith('load') || c === 'terminate')).toEqual(['load fp32', 'load q8', 'terminate', 'load q8']);
    expect(state.answer).toMatchObject({ variant: 'q8', backend: 'WebGPU (native EP)' });
    expect(state.busy).toBe(false);
  });

  it('gives the similarity of two sentences for a sentence encoder', async () => {
    const { client, calls } = fakeClient();
    const state = new TryTextState(async () => client);
    state.sentenceA = 'The movie was great!';
    state.sentenceB = 'The film was really good.';
    await state.run(model('tiny-minilm', 'fp32'), 'wasm');
    expect(state.answer).toMatchObject({ kind: 'similarity', similarity: 0.70894 });
    expect(calls.at(-1)).toBe('feature-extraction id-fp32 {"texts":["The movie was great!","The film was really good."]}');
  });

  it('says what is missing instead of running, and shows a failure in words', async () => {
    const { client, calls } = fakeClient();
    const state = new TryTextState(async () => client);
    await state.run(model('tiny-minilm', 'fp32'), 'wasm');
    expect(state.error).toBe('Type a sentence in both boxes first.');
    expect(calls).toEqual([]);
    state.text = 'x';
    await state.run({ ...model('tiny-bert-sentiment', 'fp32'), payload: () => Promise.reject(new Error('The download was cut short.')) }, 'wasm');
    expect([state.error, state.answer, state.busy]).toEqual(['The download was cut short.', null, false]);
    await state.run({ ...model('tiny-bert-sentiment', 'fp32'), files: {} }, 'wasm');
    expect(state.error).toMatch(/neither a text classifier/);
  });

  it('formats a score with three significant digits and stages in order', () => {
    expect([formatScore(0.8826), formatScore(0.0014), formatScore(0.5737)]).toEqual(['88.3%', '0.140%', '57.4%']);
    expect(formatSimilarity(0.70894)).toBe('0.7089');
    expect(textStages(timings, null).map((s) => s.ms)).toEqual([1, 2, 0.5]);
  });
});
