// TF.js WASM thread counts: more than one needs a cross-origin isolated page, and the refusal says so.
import { describe, expect, it } from 'vitest';
import { wasmThreadsRefusal } from '../../../src/engine/tfjs/reference';

describe('wasmThreadsRefusal', () => {
  it('allows one thread anywhere and several threads on an isolated page', () => {
    expect(wasmThreadsRefusal(1, false)).toBeNull();
    expect(wasmThreadsRefusal(1, true)).toBeNull();
    expect(wasmThreadsRefusal(4, true)).toBeNull();
  });

  it('refuses several threads without isolation, naming what is missing and what to do', () => {
    const reason = wasmThreadsRefusal(2, false);
    expect(reason).toContain('TensorFlow.js WASM ×2');
    expect(reason).toContain('cross-origin isolated (COOP/COEP headers)');
    expect(reason).toContain('compare with 1 thread');
  });
});
