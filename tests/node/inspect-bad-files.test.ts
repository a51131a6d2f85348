/**
 * Bad model files: the reader names the problem, and onnxruntime-node (the same runtime core as the
 * browser's) refuses what cannot run with a message we can pass on. Nothing throws anything else.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-node';
import { readModelInfo, OnnxFormatError } from '../../src/engine/onnx-format/model-info';
import { bytesSource } from '../../src/engine/onnx-format/byte-source';
import { seededRandom } from '../../src/engine/bench/stats';
import { modelPath, samplePath } from '../helpers/assets';
import { deeplyNestedModel, oversizedFieldModel, toyModel } from '../helpers/onnx-builder';

const inspect = (bytes: Uint8Array) => readModelInfo(bytesSource(bytes));
const mnist = new Uint8Array(readFileSync(modelPath('mnist-8.onnx')));

describe('files that are not readable ONNX models get a specific message', () => {
  it('an empty file', async () => {
    await expect(inspect(new Uint8Array(0))).rejects.toThrow(/empty \(0 bytes\)/);
  });
  it('a PNG renamed .onnx', async () => {
    await expect(inspect(new Uint8Array(readFileSync(samplePath('digits.png'))))).rejects.toThrow(/PNG image, not an ONNX model/);
  });
  it('a JPEG, a ZIP (PyTorch checkpoint) and JSON', async () => {
    await expect(inspect(new Uint8Array(readFileSync(samplePath('dog.jpg'))))).rejects.toThrow(/JPEG image/);
    await expect(inspect(Uint8Array.from([0x50, 0x4b, 3, 4, 0, 0, 0, 0]))).rejects.toThrow(/torch\.onnx\.export/);
    await expect(inspect(new TextEncoder().encode('{"not": "a model"}'))).rejects.toThrow(/JSON document/);
  });
  it('random bytes (20 seeds): always an OnnxFormatError, never a crash or a made-up model', async () => {
    for (let seed = 1; seed <= 20; seed++) {
      const random = seededRandom(seed);
      const bytes = Uint8Array.from({ length: 4096 }, () => Math.floor(random() * 256));
      await expect(inspect(bytes), `seed ${seed}`).rejects.toBeInstanceOf(OnnxFormatError);
    }
  });
  it('a model truncated at several points says it is truncated or not a model', async () => {
    for (const fraction of [0.001, 0.1, 0.5, 0.9, 0.999]) {
      const cut = mnist.subarray(0, Math.floor(mnist.length * fraction));
      await expect(inspect(cut), `cut at ${fraction}`).rejects.toThrow(/truncated|not an ONNX model|not a valid ONNX model/);
    }
  });
  it('a cut model is told once, with separated byte counts, and what to do', async () => {
    const message = await inspect(mnist.subarray(0, mnist.length >> 1)).then(() => '', (e: Error) => e.message);
    expect(message).toBe('The file is truncated or not an ONNX model: a field of 26,418 bytes at byte 30 runs past the end (13,197 bytes left). Open the complete .onnx file (download or export it again if it was cut short).');
    expect(message.match(/truncated or not an ONNX model/g)).toHaveLength(1);
    // No run of five or more digits: every byte count is grouped.
    expect(message).not.toMatch(/\d{5}/);
  });
});

describe('readable models that cannot run', () => {
  it('an unknown op: the reader lists it; onnxruntime refuses it naming the op', async () => {
    const model = toyModel({ opType: 'FrobnicateV2', opDomain: 'com.example' });
    const info = await inspect(model);
    expect(info.opHistogram).toEqual({ 'com.example.FrobnicateV2': 1 });
    expect(info.opsets).toEqual({ 'ai.onnx': 13, 'com.example': 1 });
    await expect(ort.InferenceSession.create(model)).rejects.toThrow(/FrobnicateV2|com\.example/);
  });
  it('an opset from the future: read fine, refused by onnxruntime with the version', async () => {
    const model = toyModel({ opset: 99 });
    expect((await inspect(model)).opsets['ai.onnx']).toBe(99);
    await expect(ort.InferenceSession.create(model)).rejects.toThrow(/opset|99/i);
  });
  it('graphs nested 50,000 deep: refused with a message, not a stack overflow (found by the bad-input corpus)', async () => {
    expect((await inspect(deeplyNestedModel(10))).nodeCount).toBe(11);
    await expect(inspect(deeplyNestedModel(50_000))).rejects.toThrow(OnnxFormatError);
    await expect(inspect(deeplyNestedModel(50_000))).rejects.toThrow(/nested more than \d+ levels/);
    await expect(ort.InferenceSession.create(deeplyNestedModel(50_000))).rejects.toThrow(/protobuf parsing failed/);
  });
  it('a field declaring a terabyte: truncated, read without allocating it', async () => {
    await expect(inspect(oversizedFieldModel())).rejects.toThrow(/1,099,511,627,776 bytes .* runs past the end/);
  });
  it('symbolic, zero and negative dimensions are reported as declared', async () => {
    expect((await inspect(toyModel({ inputDims: ['batch', 0] }))).inputs[0].shape).toEqual(['batch', 0]);
    expect((await inspect(toyModel({ inputDims: [-3, 2] }))).inputs[0].shape).toEqual([-3, 2]);
  });
  it('a well-formed toy model reads completely and runs', async () => {
    const model = toyModel();
    const info = await inspect(model);
    expect(info).toMatchObject({
      irVersion: 8,
      producer: { name: 'onnx-playground tests', version: '1.0' },
      graphName: 'toy',
      inputs: [{ name: 'x', dtype: 'float32', shape: ['batch', 3] }],
      outputs: [{ name: 'y', dtype: 'float32', shape: ['batch', 3] }],
      nodeCount: 1,
      parameterCount: 6,
      weightBytes: 24,
      weightBytesByDtype: { float32: 24 },
    });
    const session = await ort.InferenceSession.create(model);
    const out = await session.run({ x: new ort.Tensor('float32', Float32Array.from([-1, 2, -3]), [1, 3]) });
    expect(Array.from(out.y.data as Float32Array)).toEqual([0, 2, 0]);
    await session.release();
  });
});

describe('external data', () => {
  it('lists the external file and its byte range, and runs natively when the file is given', async () => {
    const { externalWeightBytes } = await import('../helpers/onnx-builder');
    const model = toyModel({ externalData: 'toy.weights', inputDims: [1, 3] });
    const info = await inspect(model);
    expect(info.externalData).toEqual([{ tensor: 'w', location: 'toy.weights', offset: 0, length: 12 }]);
    expect(info.weightBytes).toBe(12);
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'external-'));
    writeFileSync(join(dir, 'toy.onnx'), model);
    writeFileSync(join(dir, 'toy.weights'), externalWeightBytes());
    const session = await ort.InferenceSession.create(join(dir, 'toy.onnx'));
    const out = await session.run({ x: new ort.Tensor('float32', Float32Array.from([1, 2, 3]), [1, 3]) });
    expect(Array.from(out.y.data as Float32Array)).toEqual([11, 22, 33]);
    await session.release();
  });
});
