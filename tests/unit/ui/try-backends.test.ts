import { describe, expect, it } from 'vitest';
import { BACKEND_IDS, type BackendId } from '../../../src/engine/backends/backend-id';
import type { Capabilities } from '../../../src/engine/backends/detect';
import { tryBackendsFor } from '../../../src/ui/state/try-backends';

/** A browser offering `available` (every backend when none is named). */
const browser = (available: readonly BackendId[] = BACKEND_IDS): Capabilities => ({
  wasmSimd: true,
  crossOriginIsolated: true,
  maxThreads: 2,
  webgpu: null,
  backends: [...BACKEND_IDS].reverse().map((id) => ({ id, available: available.includes(id), details: {} })),
});
// The ops of tiny-minilm (opset 17): WebGL2's list has no LayerNormalization, and WebGL has no CPU fallback.
const minilm = { opHistogram: { Gather: 4, LayerNormalization: 5, MatMul: 18, Add: 20, Softmax: 2 }, opsets: { '': 17 } };

describe('the backends "try it" offers', () => {
  it('WASM alone before the browser or the model is known', () => {
    expect(tryBackendsFor(null, minilm)).toEqual(['wasm']);
    expect(tryBackendsFor(browser(), null)).toEqual(['wasm']);
  });

  it('onnxruntime-web backends the browser offers, WASM first; not WebGL2 for an op it lacks, not TF.js', () => {
    const offered = tryBackendsFor(browser(), minilm);
    expect(offered[0]).toBe('wasm');
    expect(offered).toEqual(expect.arrayContaining(['webgpu', 'webgpu-jsep']));
    expect(offered).not.toContain('webgl');
    for (const id of offered) expect(id.startsWith('tfjs')).toBe(false);
    // An op list that covers the model: WebGL2 is offered again.
    expect(tryBackendsFor(browser(), { opHistogram: { Add: 1 }, opsets: { '': 13 } })).toContain('webgl');
  });

  it('not a backend the browser lacks, nor one the measured check could not load the model on', () => {
    expect(tryBackendsFor(browser(['wasm', 'webgl']), minilm)).toEqual(['wasm']);
    expect(tryBackendsFor(browser(), minilm, new Set<BackendId>(['webgpu']))).not.toContain('webgpu');
    // An opset past the runtime: only WebGL2's legacy runtime, which checks ops and not the opset;
    // where nothing can load it, WASM stays (its run says why).
    const future = { opHistogram: { Add: 1 }, opsets: { '': 99 } };
    expect(tryBackendsFor(browser(), future)).toEqual(['webgl']);
    expect(tryBackendsFor(browser(['wasm', 'webgpu']), future)).toEqual(['wasm']);
  });
});
