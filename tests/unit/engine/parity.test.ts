import { describe, expect, it } from 'vitest';
import { compareOutputs } from '../../../src/engine/bench/parity';

const reference = Float32Array.from([-0.8, 2.5, 0.1, 7.25, -3, 0.5, 1.5]);

describe('compareOutputs', () => {
  it('identical outputs pass with zero difference', () => {
    const p = compareOutputs(reference, reference, { backend: 'wasm', dtype: 'float32', classifier: true });
    expect(p).toMatchObject({ maxAbsDiff: 0, maxRelDiff: 0, top1Agree: true, top5Overlap: 5, nonFinite: 0, pass: true });
    expect(p.cosine).toBeCloseTo(1, 12);
  });
  it('measures absolute and relative differences', () => {
    const candidate = Float32Array.from(reference);
    candidate[2] = 0.1 + 0.001; // relative 1e-2 on a small value
    const p = compareOutputs(candidate, reference, { backend: 'webgpu', dtype: 'float32', classifier: true });
    expect(p.maxAbsDiff).toBeCloseTo(0.001, 6);
    expect(p.maxRelDiff).toBeCloseTo(0.01, 4);
    expect(p.pass).toBe(true); // 0.001 <= 5e-3 x 7.25
  });
  it('a wrong GPU value fails: the JSEP MobileNet int8 case (6.9e8 where WASM gives -0.80)', () => {
    const candidate = Float32Array.from(reference);
    candidate[0] = 6.9e8;
    const p = compareOutputs(candidate, reference, { backend: 'webgpu-jsep', dtype: 'float32', classifier: true });
    expect(p.pass).toBe(false);
    expect(p.top1Agree).toBe(false);
    expect(p.maxAbsDiff).toBeGreaterThan(1e8);
  });
  it('NaN and infinities fail', () => {
    const candidate = Float32Array.from(reference);
    candidate[4] = NaN;
    const p = compareOutputs(candidate, reference, { backend: 'webgpu', dtype: 'float32', classifier: false });
    expect(p.nonFinite).toBe(1);
    expect(p.top1Agree).toBeNull();
    expect(p.pass).toBe(false);
  });
  it('WASM threads are held to a tighter tolerance than GPUs, float16 to a looser one', () => {
    const candidate = reference.map((v) => v + 0.01);
    expect(compareOutputs(candidate, reference, { backend: 'wasm', dtype: 'float32', classifier: false }).pass).toBe(false);
    expect(compareOutputs(candidate, reference, { backend: 'webgpu', dtype: 'float32', classifier: false }).pass).toBe(true);
    const far = reference.map((v) => v + 0.1);
    expect(compareOutputs(far, reference, { backend: 'webgpu', dtype: 'float16', classifier: false }).pass).toBe(true);
  });
  it('refuses outputs of different sizes', () => {
    expect(() => compareOutputs([1, 2], [1, 2, 3], { backend: 'wasm', dtype: 'float32', classifier: false })).toThrow(/differ in size/);
  });
  it('allows other kernels across frameworks, and keeps the tight CPU tolerance within one', () => {
    // Selfie on a synthetic input: outputs of ~3e-4 at most, TF.js and ORT WASM 3.2e-8 apart.
    const reference = [3.1e-4, 1e-5, 2e-4];
    const candidate = [3.1e-4 + 3.2e-8, 1e-5, 2e-4];
    expect(compareOutputs(candidate, reference, { backend: 'wasm', dtype: 'float32', classifier: false }).pass).toBe(false);
    expect(compareOutputs(candidate, reference, { backend: 'wasm', dtype: 'float32', classifier: false, reference: 'tfjs-wasm' }).pass).toBe(true);
    expect(compareOutputs(candidate, reference, { backend: 'tfjs-wasm', dtype: 'float32', classifier: false, reference: 'tfjs-wasm' }).pass).toBe(false);
    // Far off is still far off.
    expect(compareOutputs([4e-4, 1e-5, 2e-4], reference, { backend: 'wasm', dtype: 'float32', classifier: false, reference: 'tfjs-wasm' }).pass).toBe(false);
  });
  it('compares an output that is all but zero on its input at a floor of scale, not below float32 resolution', () => {
    // Selfie's mask on synthetic noise: TF.js ~1e-10, ORT WASM 3.2e-8.
    const reference = [1e-10, 2e-12, 0];
    expect(compareOutputs([3.2e-8, 2e-12, 0], reference, { backend: 'wasm', dtype: 'float32', classifier: false, reference: 'tfjs-wasm' }).pass).toBe(true);
    // Past the floor's tolerance (5e-3 of 1e-4) it is still a mismatch.
    expect(compareOutputs([1e-6, 2e-12, 0], reference, { backend: 'wasm', dtype: 'float32', classifier: false, reference: 'tfjs-wasm' }).pass).toBe(false);
  });
});
