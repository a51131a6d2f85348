import { describe, expect, it } from 'vitest';
import { frameworkSummary, rowFramework, rowTitle, type BenchResult } from '../../../src/engine/bench/report';

const row = (backend: BenchResult['backend'], runsMs: number[], framework?: BenchResult['framework'], threads = 1): BenchResult => ({
  backend, threads, entry: '', sessionCreateMs: 1, firstRunMs: 1, runsMs, stats: null, stagesMs: null, ...(framework && { framework }),
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
  it('compares like with like: both frameworks’ WASM rows at the same thread count, the highest both ran', () => {
    const ort1 = row('wasm', [30, 30, 31, 30, 29], 'onnxruntime-web', 1);
    const ort2 = row('wasm', [15, 15, 16, 15, 14], 'onnxruntime-web', 2);
    const tf1 = row('tfjs-wasm', [20, 21, 19, 20, 20], 'tensorflow.js', 1);
    const tf2 = row('tfjs-wasm', [21, 21, 20, 21, 22], 'tensorflow.js', 2);
    const gpu = row('webgpu', [1, 1, 1, 1, 1], 'onnxruntime-web', 2);
    // x2 against x2 (1.40x), not ORT x1 against TF.js x1 (TF.js 1.5x faster) nor the GPU row.
    expect(frameworkSummary([ort1, gpu, ort2, tf1, tf2], 'MoveNet')).toMatch(/^On this browser, ONNX Runtime WASM ×2 runs MoveNet 1\.40× faster than TensorFlow\.js WASM ×2 \(\d\.\d\d–\d\.\d\d\)\.$/);
    // Only x1 in common: x1 against x1.
    expect(frameworkSummary([ort2, ort1, tf1], 'MoveNet')).toMatch(/^On this browser, TensorFlow\.js WASM ×1 runs MoveNet 1\.50× faster than ONNX Runtime WASM ×1 /);
    // A thread count that failed on one side does not pair.
    expect(frameworkSummary([ort1, ort2, tf1, { ...tf2, runsMs: [] }], 'MoveNet')).toMatch(/WASM ×1 .* WASM ×1/);
    // No common count (TF.js WebGL only): ORT WASM ×1 against it, names saying what was compared.
    expect(frameworkSummary([ort2, ort1, { ...row('tfjs-webgl', [60, 60, 60], 'tensorflow.js') }], 'MoveNet')).toMatch(/^On this browser, ONNX Runtime WASM ×1 runs MoveNet 2\.00× faster than TensorFlow\.js WebGL \(/);
  });
});
