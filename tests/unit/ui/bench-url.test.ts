import { describe, expect, it } from 'vitest';
import { BACKEND_IDS, type BackendId } from '../../../src/engine/backends/backend-id';
import { readBenchUrl, unknownBackendsNote, urlPlan, writeBenchUrl, type BenchPlan } from '../../../src/ui/state/bench-url';

const counts = { warmupRuns: 3, timedRuns: 20, minSeconds: 0 };
const plan = (search: string, maxThreads = 4, isolated = true) => urlPlan(readBenchUrl(search), counts, maxThreads, isolated);
const ticked = (selected: Record<BackendId, boolean> | null) => selected && BACKEND_IDS.filter((id) => selected[id]);
const IDS = BACKEND_IDS.join(', ');

describe('readBenchUrl', () => {
  it('reads the plan the CLI writes', () => {
    const url = readBenchUrl('?model=squeezenet1.1-7.onnx&backends=wasm,webgpu&threads=1,4&warmup=2&runs=50&seconds=5&input=sample:cat.jpg&autorun=1&bare=1&loseGpuAfter=3');
    expect(url).toEqual({
      model: 'squeezenet1.1-7.onnx', modelUrl: null, hub: null, revision: '', file: null, inputWasCurrent: false,
      backends: ['wasm', 'webgpu'], unknownBackends: [], threads: '1,4', warmup: 2, runs: 50, seconds: 5,
      input: { kind: 'sample', file: 'cat.jpg' }, text: null, autorun: true, bareLoop: true, loseGpuAfter: 3,
      variants: null, variantUrls: [], batch: null, sequence: null, vocabularySize: null, notes: [],
    });
  });

  it('reads variants, batch, seq and variant addresses, and says what it cannot use', () => {
    const url = readBenchUrl('?variants=fp32,quantized,q3&batch=1,8&seq=128&vocab=403&variantUrl=q8:https://x.test/onnx/model_quantized.onnx&variantUrl=zz:https://x.test/a.onnx');
    expect(url.variants).toEqual(['fp32', 'q8']);
    expect(url.variantUrls).toEqual([{ name: 'q8', url: 'https://x.test/onnx/model_quantized.onnx' }]);
    expect([url.batch, url.sequence, url.vocabularySize]).toEqual([1, 128, 403]);
    expect(url.notes).toHaveLength(3);
    expect(url.notes[0]).toMatch(/"q3" is not a model variant: use one of fp32, fp16, q8/);
    expect(url.notes[2]).toBe('batch=1,8: one batch size a run; 1 is used (run the others one by one).');
    expect(readBenchUrl('?seq=0').sequence).toBeNull();
  });

  it('writes variants, batch and seq back, so the plan round-trips', () => {
    const model = { gallery: { id: 'mobilenetv2-12-fp32' }, origin: 'gallery' as const, url: null, name: 'mobilenetv2-12-fp32.onnx' };
    const selected = Object.fromEntries(BACKEND_IDS.map((id) => [id, id === 'wasm'])) as Record<BackendId, boolean>;
    const params = writeBenchUrl({ model, selected, wasmThreads: [1], warmupRuns: 0, timedRuns: 3, minSeconds: 0, input: { kind: 'synthetic' }, variants: ['fp32', 'q8'], tokens: { batch: 8, sequence: 16 } });
    const back = readBenchUrl(`?${params}`);
    expect([back.variants, back.batch, back.sequence]).toEqual([['fp32', 'q8'], 8, 16]);
  });

  it('leaves out what the URL does not say, or says as nonsense', () => {
    const url = readBenchUrl('?runs=many&warmup=&input=current');
    expect(url.backends).toBeNull();
    expect(url.runs).toBeNull();
    expect(url.warmup).toBeNull();
    expect(url.input).toBeNull();
    expect(url.inputWasCurrent).toBe(true);
  });

  it('sets apart the backend ids it does not know', () => {
    const url = readBenchUrl('?backends=wasm, cuda ,,webgpu,tfjs-cpu');
    expect(url.backends).toEqual(['wasm', 'webgpu']);
    expect(url.unknownBackends).toEqual(['cuda', 'tfjs-cpu']);
  });
});

describe('urlPlan', () => {
  it('ticks the known backends of a list with unknown ids in it, naming the unknown ones', () => {
    const { selected, notes } = plan('?backends=wasm,cuda');
    expect(ticked(selected)).toEqual(['wasm']);
    expect(notes).toEqual([`"cuda" is not a backend; the ids are ${IDS}.`]);
  });

  it('keeps the default ticks when no id in the list is known', () => {
    const { selected, notes } = plan('?backends=cuda,metal');
    expect(selected).toBeNull();
    expect(notes).toEqual([`"cuda", "metal" are not backends; the ids are ${IDS}. Nothing known was left, so the default backends stay ticked.`]);
    expect(plan('?backends=').notes).toEqual([unknownBackendsNote([], 0)]);
    expect(unknownBackendsNote([], 0)).toBe(`backends= names no backend; the ids are ${IDS}. Nothing known was left, so the default backends stay ticked.`);
  });

  it('leaves the ticks as they are without a backends list', () => {
    expect(plan('?runs=5')).toEqual({ selected: null, threads: null, counts: { ...counts, timedRuns: 5 }, notes: [] });
  });

  it('lowers thread counts above what the browser offers, saying so', () => {
    expect(plan('?threads=1,16', 4)).toMatchObject({ threads: [1, 4], notes: ['?threads=16: this browser offers 4, using 4.'] });
    // Two counts lowered to the same one are one row.
    expect(plan('?threads=8,16', 4)).toMatchObject({ threads: [4] });
    expect(plan('?threads=2', 1, false).notes).toEqual(['?threads=2: this page is not cross-origin isolated (serve it with COOP/COEP headers for more threads), using 1.']);
  });

  it('keeps the thread counts it had when none given is usable', () => {
    expect(plan('?threads=lots', 4)).toMatchObject({ threads: null, notes: ['?threads=lots is not a thread count: give a whole number from 1 to 4.'] });
  });

  it('clamps run counts to what the page allows, saying so', () => {
    const { counts: clamped, notes } = plan('?warmup=-1&runs=5000&seconds=2.5');
    expect(clamped).toEqual({ warmupRuns: 0, timedRuns: 1000, minSeconds: 3 });
    expect(notes).toEqual(['warmup=-1 is outside 0-100: 0 is used.', 'runs=5000 is outside 1-1000: 1000 is used.', 'seconds=2.5 is outside 0-600: 3 is used.']);
  });

  it('orders its notes: backends, threads, then run counts', () => {
    expect(plan('?runs=0&threads=9&backends=gpu', 4).notes.map((n) => n.slice(0, 12))).toEqual(['"gpu" is not', '?threads=9: ', 'runs=0 is ou']);
  });
});

describe('writeBenchUrl', () => {
  const base: BenchPlan = {
    model: { gallery: { id: 'squeezenet1.1-7.onnx' }, origin: 'gallery', url: null, name: 'squeezenet1.1-7.onnx' },
    selected: Object.fromEntries(BACKEND_IDS.map((id) => [id, id === 'wasm' || id === 'webgl'])) as Record<BackendId, boolean>,
    wasmThreads: [4, 1],
    ...counts,
    input: { kind: 'sample', file: 'dog.jpg' },
  };

  it('writes what readBenchUrl reads back', () => {
    const search = writeBenchUrl(base).toString();
    expect(search).toBe('model=squeezenet1.1-7.onnx&backends=wasm%2Cwebgl&threads=1%2C4&warmup=3&runs=20&input=sample%3Adog.jpg');
    const read = readBenchUrl(`?${search}`);
    expect(ticked(urlPlan(read, counts, 4, true).selected)).toEqual(['wasm', 'webgl']);
    expect(read).toMatchObject({ model: 'squeezenet1.1-7.onnx', threads: '1,4', warmup: 3, runs: 20, seconds: null, input: { kind: 'sample', file: 'dog.jpg' } });
  });

  it('carries typed text with input=text, and only then', () => {
    const params = writeBenchUrl({ ...base, input: { kind: 'text' }, text: 'The movie was great!' });
    expect([params.get('input'), params.get('text')]).toEqual(['text', 'The movie was great!']);
    expect(readBenchUrl(`?${params}`)).toMatchObject({ input: { kind: 'text' }, text: 'The movie was great!' });
    expect(writeBenchUrl({ ...base, text: 'unused' }).has('text')).toBe(false);
  });

  it('carries a hub repository and its revision (main left out), which readBenchUrl reads back', () => {
    const hub = { repo: 'Xenova/all-MiniLM-L6-v2', revision: 'v2', variant: 'q8' as const };
    const params = writeBenchUrl({ ...base, model: { gallery: null, origin: 'hub', url: null, name: 'Xenova/all-MiniLM-L6-v2 · q8', hub } });
    expect(params.get('hub')).toBe('Xenova/all-MiniLM-L6-v2');
    const back = readBenchUrl(`?${params}`);
    expect([back.hub, back.revision]).toEqual(['Xenova/all-MiniLM-L6-v2', 'v2']);
    expect(writeBenchUrl({ ...base, model: { gallery: null, origin: 'hub', url: null, name: 'x', hub: { ...hub, revision: 'main' } } }).has('revision')).toBe(false);
  });

  it('carries a model’s address, and only the name of the user’s own file', () => {
    const fromUrl = writeBenchUrl({ ...base, model: { gallery: null, origin: 'url', url: 'https://example.org/m.onnx', name: 'm.onnx' }, minSeconds: 10, input: { kind: 'synthetic' } });
    expect(fromUrl.get('modelUrl')).toBe('https://example.org/m.onnx');
    expect(fromUrl.get('seconds')).toBe('10');
    expect(fromUrl.get('input')).toBe('synthetic');
    const ownFile = writeBenchUrl({ ...base, model: { gallery: null, origin: 'file', url: null, name: 'mine.onnx' }, input: { kind: 'current' } });
    expect([ownFile.get('model'), ownFile.get('file'), ownFile.get('input')]).toEqual([null, 'mine.onnx', 'current']);
  });
});
