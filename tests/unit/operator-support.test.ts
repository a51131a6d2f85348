import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { OPERATOR_TABLE_VERSION, splitOpKey, staticSupport } from '../../src/engine/backends/operator-support';
import { readModelInfo } from '../../src/engine/onnx-format/model-info';
import { bytesSource } from '../../src/engine/onnx-format/byte-source';
import { modelPath, ROOT } from '../helpers/assets';

const info = async (file: string) => readModelInfo(bytesSource(new Uint8Array(readFileSync(modelPath(file)))));

describe('operator support tables (from the onnxruntime-web docs)', () => {
  it('were made from the installed onnxruntime-web', () => {
    const installed = JSON.parse(readFileSync(resolve(ROOT, 'node_modules', 'onnxruntime-web', 'package.json'), 'utf8')).version;
    expect(OPERATOR_TABLE_VERSION).toBe(installed);
  });

  it('splits domain-qualified op keys', () => {
    expect(splitOpKey('Conv')).toEqual(['ai.onnx', 'Conv']);
    expect(splitOpKey('com.microsoft.QLinearConv')).toEqual(['com.microsoft', 'QLinearConv']);
    expect(splitOpKey('ai.onnx.ml.LabelEncoder')).toEqual(['ai.onnx.ml', 'LabelEncoder']);
  });

  it('checks the model opset against the implemented ranges', () => {
    const conv = { Conv: 3, Relu: 3 };
    expect(staticSupport('webgl', conv, { 'ai.onnx': 12 }).missing).toEqual([]);
    // Gelu exists from opset 20: a model stamped 19 cannot use JSEP's kernel.
    expect(staticSupport('webgpu-jsep', { Gelu: 2 }, { 'ai.onnx': 19 }).missing).toEqual([{ op: 'Gelu', count: 2, implemented: '20+' }]);
    const webgl = staticSupport('webgl', { Gelu: 2, Relu: 1 }, { 'ai.onnx': 20 });
    expect(webgl.missing).toEqual([{ op: 'Gelu', count: 2, implemented: null }]);
    expect(webgl.whenMissing).toBe('fails');
    expect(staticSupport('wasm', { Whatever: 1 }, {}).missing).toEqual([]);
  });

  it('names what the GPU backends miss in the quantized MobileNet and the scikit-learn pipeline', async () => {
    const mobilenet = await info('mobilenetv2-12-int8.onnx');
    const jsep = staticSupport('webgpu-jsep', mobilenet.opHistogram, mobilenet.opsets);
    expect(jsep.missing.map((m) => m.op)).toContain('QLinearConv');
    expect(jsep.whenMissing).toBe('cpu-fallback');
    expect(jsep.source).toMatch(/^onnxruntime-web@\d+\.\d+\.\d+ docs\/webgpu-operators\.md$/);
    // Measured live (docs/PERFORMANCE.md): JSEP keeps only 2 of 71 nodes of this model on the GPU.
    expect(jsep.missingNodes / jsep.totalNodes).toBeGreaterThan(0.5);
    expect(staticSupport('webgpu', mobilenet.opHistogram, mobilenet.opsets).approximate).toBe(true);

    const titanic = await info('titanic-pipeline.onnx');
    const webgl = staticSupport('webgl', titanic.opHistogram, titanic.opsets);
    expect(webgl.missing.some((m) => m.op.startsWith('ai.onnx.ml.'))).toBe(true);
    const squeezenet = await info('squeezenet1.1-7-fp32.onnx');
    expect(staticSupport('webgl', squeezenet.opHistogram, squeezenet.opsets).missing).toEqual([]);
  });
});
