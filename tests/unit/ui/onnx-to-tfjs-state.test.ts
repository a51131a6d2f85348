import { describe, expect, it } from 'vitest';
import { OnnxToTfjsState, type ExportWorker, type ExportedModel } from '../../../src/ui/state/onnx-to-tfjs.svelte';
import type { ChosenModel } from '../../../src/ui/state/model-choice.svelte';
import type { ConvertedToTfjs, OnnxToTfjsStep } from '../../../src/workers/convert-protocol';
import type { ModelInfo } from '../../../src/engine/onnx-format/model-info';

let nextKey = 1;
const chosen = (name: string, info: Partial<ModelInfo> | null = {}): ChosenModel => ({
  key: nextKey++,
  origin: 'gallery',
  name,
  gallery: null,
  url: null,
  status: info ? 'ready' : 'reading',
  info: info ? ({ externalData: [], parameterCount: 10, ...info } as ModelInfo) : null,
  error: null,
  notStoredOffline: false,
  tfjsSource: null,
  hub: null,
});

const made = (name: string): ConvertedToTfjs => ({ files: [{ name: 'model.json', bytes: new TextEncoder().encode(name) }], report: {} as never, ms: 1, parity: null, parityError: null });

/** A model page whose model is `current`, and workers that answer when the test says. */
function setup(unsupported: Record<string, number> = {}) {
  const log: string[] = [];
  const model: ExportedModel & { current: ChosenModel } = {
    current: chosen('a.onnx'),
    payload: async () => ({ bytes: new TextEncoder().encode(model.current.name), name: model.current.name, externalData: [] }),
    whenGraphRead: async () => null,
  };
  const pending: { name: string; onStep: (s: OnnxToTfjsStep) => void; resolve: (r: ConvertedToTfjs) => void }[] = [];
  let workers = 0;
  const start = (label: string): ExportWorker => {
    const id = ++workers;
    log.push(`start ${id} ${label}`);
    return {
      unsupportedOnnx: async () => unsupported,
      convertOnnx: (bytes, name, storage, onStep) => {
        log.push(`convert ${id} ${name} ${storage}`);
        return new Promise((resolve) => pending.push({ name, onStep, resolve }));
      },
      terminate: () => log.push(`terminate ${id}`),
    };
  };
  const state = new OnnxToTfjsState(model, start, () => start('TF.js export (op check)'));
  return { state, model, log, pending };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('Convert to TensorFlow.js: the state', () => {
  it('lists the ops before anything converts, in a worker ended as soon as it answers', async () => {
    const { state, model, log } = setup();
    state.follow(model.current);
    expect(state.canConvert).toBe(false);
    await settle();
    expect(state.unsupported).toEqual({});
    expect(state.canConvert).toBe(true);
    expect(log).toEqual(['start 1 TF.js export (op check)', 'terminate 1']);
    // The same model again changes nothing; a model still being read asks nothing.
    state.follow(model.current);
    state.follow(chosen('b.onnx', null));
    await settle();
    expect(log).toHaveLength(2);
    expect(state.unsupported).toBeNull();
  });

  it('unmappable ops leave Convert off; external data is refused before any worker starts', async () => {
    const { state, model, log } = setup({ 'ai.onnx.ml:ZipMap': 1 });
    state.follow(model.current);
    await settle();
    expect(state.unsupported).toEqual({ 'ai.onnx.ml:ZipMap': 1 });
    expect(state.canConvert).toBe(false);
    await state.convert();
    expect(log.filter((l) => l.startsWith('convert'))).toEqual([]);

    model.current = chosen('big.onnx', { externalData: [{ location: 'big.onnx.data' } as never] });
    state.follow(model.current);
    expect(state.blocked).toMatch(/big\.onnx keeps its weights in separate data files/);
    expect(state.canConvert).toBe(false);
    expect(log.filter((l) => l.startsWith('start'))).toHaveLength(1);
  });

  it('converts with the storage chosen, shows each step, keeps the result and ends the worker', async () => {
    const { state, model, log, pending } = setup();
    state.follow(model.current);
    await settle();
    state.storage = 'float16';
    const done = state.convert();
    await settle();
    expect(state.running).toBe(true);
    expect(state.canConvert).toBe(false);
    pending[0].onStep({ stage: 'map', fraction: 0.5 });
    expect(state.step).toEqual({ stage: 'map', fraction: 0.5 });
    pending[0].resolve(made('a'));
    await done;
    expect(state.running).toBe(false);
    expect(state.result).toMatchObject({ source: 'a.onnx', storage: 'float16' });
    expect(log.slice(2)).toEqual(['start 2 TF.js export', 'convert 2 a.onnx float16', 'terminate 2']);
  });

  it('Cancel ends the worker and keeps nothing of it, even what it sends afterwards', async () => {
    const { state, model, log, pending } = setup();
    state.follow(model.current);
    await settle();
    const done = state.convert();
    await settle();
    state.cancel();
    expect(log.at(-1)).toBe('terminate 2');
    expect(state.running).toBe(false);
    expect(state.step).toBeNull();
    pending[0].onStep({ stage: 'write', fraction: 1 });
    pending[0].resolve(made('late'));
    await done;
    expect(state.result).toBeNull();
    expect(state.step).toBeNull();
    expect(state.canConvert).toBe(true);
  });

  it('a new model ends the running conversion; its result never shows under the new model', async () => {
    const { state, model, log, pending } = setup();
    state.follow(model.current);
    await settle();
    const done = state.convert();
    await settle();
    model.current = chosen('b.onnx');
    state.follow(model.current);
    expect(log).toContain('terminate 2');
    pending[0].resolve(made('a'));
    await done;
    await settle();
    expect(state.result).toBeNull();
    expect(state.unsupported).toEqual({});
    expect(log.at(-2)).toBe('start 3 TF.js export (op check)');
  });
});
