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
    expect(frameworkSummary([ort, tf], 'movenet-lightning')).toMatch(
      /^On this browser, running movenet-lightning, ONNX Runtime WASM ×1 is 2\.00× faster than TensorFlow\.js WASM ×1 \(95% interval \d\.\d\d–\d\.\d\d\)\.$/,
    );
    expect(frameworkSummary([tf, { ...ort, runsMs: [40, 40, 40] }], 'm')).toMatch(/^On this browser, running m, TensorFlow\.js WASM ×1 is 2\.00× faster than ONNX Runtime WASM ×1 /);
    // A model without a TF.js original ran on TF.js as the tab converted it: the sentence says so.
    expect(frameworkSummary([ort, { ...tf, tfjsModel: 'converted' }], 'mnist-8')).toMatch(/^On this browser, running mnist-8 \(on TensorFlow\.js as converted from ONNX in this tab\), ONNX Runtime WASM ×1 is 2\.00× faster /);
    expect(frameworkSummary([ort, { ...tf, tfjsModel: 'original' }], 'm')).toMatch(/^On this browser, running m, ONNX/);
    expect(frameworkSummary([ort], 'm')).toBeNull();
    expect(frameworkSummary([ort, { ...tf, runsMs: [] }], 'm')).toBeNull();
  });

  it('claims no winner when the interval contains 1', () => {
    // Medians 11 and 11.5, but the runs overlap so much that either could be faster.
    const ort = row('wasm', [10, 14, 8, 12, 9, 13, 11], 'onnxruntime-web');
    const tf = row('tfjs-wasm', [11, 9, 13, 10, 12, 14, 11.5], 'tensorflow.js');
    const summary = frameworkSummary([ort, tf], 'MoveNet');
    expect(summary).toMatch(/^On this browser, running MoveNet, ONNX Runtime WASM ×1 and TensorFlow\.js WASM ×1 run at about the same speed \(1\.05×, 95% interval (\d\.\d\d)–(\d\.\d\d): no clear difference\)\.$/);
    const [, low, high] = summary!.match(/interval (\d\.\d\d)–(\d\.\d\d)/)!;
    expect(Number(low)).toBeLessThan(1);
    expect(Number(high)).toBeGreaterThan(1);
    expect(summary).not.toContain('faster than');
  });

  it('gives one clause per thread count both frameworks ran, each with its own verdict', () => {
    const ort1 = row('wasm', [30, 30, 31, 30, 29], 'onnxruntime-web', 1);
    const ort2 = row('wasm', [15, 15, 16, 15, 14], 'onnxruntime-web', 2);
    const tf1 = row('tfjs-wasm', [20, 21, 19, 20, 20], 'tensorflow.js', 1);
    const tf2 = row('tfjs-wasm', [21, 21, 20, 21, 22], 'tensorflow.js', 2);
    const gpu = row('webgpu', [1, 1, 1, 1, 1], 'onnxruntime-web', 2);
    // TF.js wins at x1 (1.50x), ORT at x2 (1.40x); the GPU row pairs with nothing.
    expect(frameworkSummary([ort2, gpu, ort1, tf2, tf1], 'MoveNet')).toMatch(
      /^On this browser, running MoveNet, TensorFlow\.js WASM ×1 is 1\.50× faster than ONNX Runtime WASM ×1 \(95% interval [\d.–]+\); ONNX Runtime WASM ×2 is 1\.40× faster than TensorFlow\.js WASM ×2 \(95% interval [\d.–]+\)\.$/,
    );
    // A clear verdict at one count beside no clear difference at the other.
    const tf2Noisy = row('tfjs-wasm', [10, 22, 14, 18, 13, 17, 15], 'tensorflow.js', 2);
    const ort2Noisy = row('wasm', [12, 20, 15, 16, 11, 19, 14], 'onnxruntime-web', 2);
    expect(frameworkSummary([ort1, ort2Noisy, tf1, tf2Noisy], 'MoveNet')).toMatch(/^On this browser, running MoveNet, TensorFlow\.js WASM ×1 is 1\.50× faster than ONNX Runtime WASM ×1 \([^)]+\); ONNX Runtime WASM ×2 and TensorFlow\.js WASM ×2 run at about the same speed \([^)]+: no clear difference\)\.$/);
    // Only x1 in common: x1 against x1 alone.
    expect(frameworkSummary([ort2, ort1, tf1], 'MoveNet')).toMatch(/^On this browser, running MoveNet, TensorFlow\.js WASM ×1 is 1\.50× faster than ONNX Runtime WASM ×1 \([^;]+\.$/);
    // A thread count that failed on one side does not pair.
    expect(frameworkSummary([ort1, ort2, tf1, { ...tf2, runsMs: [] }], 'MoveNet')).not.toContain('×2');
    // No common count (TF.js WebGL only): ORT WASM x1 against it, names saying what was compared.
    expect(frameworkSummary([ort2, ort1, { ...row('tfjs-webgl', [60, 60, 60], 'tensorflow.js') }], 'MoveNet')).toMatch(/^On this browser, running MoveNet, ONNX Runtime WASM ×1 is 2\.00× faster than TensorFlow\.js WebGL \(/);
  });
});
