import { describe, expect, it } from 'vitest';
import { frameworkSummary, rowFramework, rowTitle, type BenchResult } from '../../../src/engine/bench/report';

const row = (backend: BenchResult['backend'], runsMs: number[], framework?: BenchResult['framework']): BenchResult => ({
  backend, threads: 1, entry: '', sessionCreateMs: 1, firstRunMs: 1, runsMs, stats: null, stagesMs: null, ...(framework && { framework }),
});

describe('framework rows', () => {
  it('names rows by runtime and thread count', () => {
    expect(rowTitle(row('tfjs-wasm', []))).toBe('TF.js WASM ×1');
    expect(rowTitle(row('wasm', []))).toBe('WASM (CPU) ×1');
    // Exports made before `framework` existed read as onnxruntime-web.
    expect(rowFramework(row('wasm', []))).toBe('onnxruntime-web');
    expect(rowFramework(row('tfjs-wasm', []))).toBe('tensorflow.js');
  });

  it('says which framework is faster, by the ratio of medians with its interval, only when both ran', () => {
    const ort = row('wasm', [10, 10, 11, 10, 9], 'onnxruntime-web');
    const tf = row('tfjs-wasm', [20, 21, 19, 20, 20], 'tensorflow.js');
    expect(frameworkSummary([ort, tf], 'movenet-lightning')).toMatch(/^On this browser, ONNX Runtime WASM ×1 runs movenet-lightning 2\.00× faster than TensorFlow\.js WASM ×1 \(\d\.\d\d–\d\.\d\d\)\.$/);
    expect(frameworkSummary([tf, { ...ort, runsMs: [40, 40, 40] }], 'm')).toMatch(/^On this browser, TensorFlow\.js WASM ×1 runs m 2\.00× faster than ONNX Runtime WASM ×1/);
    expect(frameworkSummary([ort], 'm')).toBeNull();
    expect(frameworkSummary([ort, { ...tf, runsMs: [] }], 'm')).toBeNull();
  });
});
