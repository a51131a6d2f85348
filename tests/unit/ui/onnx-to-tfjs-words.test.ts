import { describe, expect, it } from 'vitest';
import { unzipSync } from 'fflate';
import { isHalfModel, mappingRows, parityVerdict, storageWords, tfjsStem, TFJS_PARITY_TOLERANCE, unsupportedList, zipTfjsFiles } from '../../../src/ui/state/onnx-to-tfjs-words';

describe('what "Convert to TensorFlow.js" says', () => {
  it('sizes each weight storage from the weight count: 4, 2 and 1 bytes a weight', () => {
    // A model of 5,998 weights.
    expect(storageWords('float32', 5998).cost).toContain('about 23.4 KB of weights');
    expect(storageWords('float16', 5998).cost).toContain('about 11.7 KB of weights');
    expect(storageWords('uint8', 5998).cost).toContain('about 5.9 KB of weights');
    expect(storageWords('uint8', null).cost).not.toContain('about');
    expect(storageWords('float16', 10).cost).toMatch(/no faster to run/);
  });

  it('float32 passes within 1e-4 of each output scale; quantized weights report their error as its cost', () => {
    expect(parityVerdict(0, 'float32')).toBe('pass');
    expect(parityVerdict(TFJS_PARITY_TOLERANCE, 'float32')).toBe('pass');
    expect(parityVerdict(1.01e-4, 'float32')).toBe('fail');
    expect(parityVerdict(Infinity, 'float32')).toBe('fail');
    expect(parityVerdict(3e-2, 'uint8')).toBe('quantized');
    expect(parityVerdict(2e-3, 'float16')).toBe('quantized');
    // A missing output or a shape mismatch is a failure whatever the weights.
    expect(parityVerdict(Infinity, 'float16')).toBe('fail');
  });

  it('a float16 model (squeezenet1.1-7-fp16: 2.2e-4 measured) is held to half precision, 1e-3', () => {
    const half = isHalfModel({ inputs: [{ name: 'data_0', type: 'float16', dims: [1, 3, 224, 224] }], outputs: [{ name: 'softmaxout_1', type: 'float16', dims: [1, 1000] }] });
    expect(half).toBe(true);
    expect(isHalfModel({ inputs: [{ name: 'x', type: 'float', dims: [1] }], outputs: [{ name: 'y', type: 'float', dims: [1] }] })).toBe(false);
    expect(parityVerdict(2.2e-4, 'float32', half)).toBe('half');
    expect(parityVerdict(2.2e-4, 'float32', false)).toBe('fail');
    expect(parityVerdict(1.1e-3, 'float32', half)).toBe('fail');
    expect(parityVerdict(5e-3, 'uint8', half)).toBe('quantized');
  });

  it('lists ONNX ops most frequent first, each with the TF ops it became', () => {
    const rows = mappingRows({
      onnxOps: { Relu: 2, Conv: 2, Reshape: 1, Shape: 1 },
      mapping: { Conv: { Conv2D: 2, BiasAdd: 2, Transpose: 1 }, Relu: { Relu: 2 }, Reshape: { Reshape: 1 } },
    });
    expect(rows).toEqual([
      { onnxOp: 'Conv', count: 2, tfOps: 'BiasAdd ×2, Conv2D ×2, Transpose ×1' },
      { onnxOp: 'Relu', count: 2, tfOps: 'Relu ×2' },
      { onnxOp: 'Reshape', count: 1, tfOps: 'Reshape ×1' },
      { onnxOp: 'Shape', count: 1, tfOps: 'no TF node (folded into constants or passed through)' },
    ]);
  });

  it('names unsupported ops with their domain and count', () => {
    expect(unsupportedList({ 'ai.onnx.ml:ZipMap': 1, 'ai.onnx.ml:Imputer': 2, NonMaxSuppression: 1200 })).toEqual([
      'NonMaxSuppression ×1,200',
      'Imputer (ai.onnx.ml) ×2',
      'ZipMap (ai.onnx.ml) ×1',
    ]);
    expect(unsupportedList({})).toEqual([]);
  });

  it('names downloads after the model, safe as a file name', () => {
    expect(tfjsStem('mnist-8.onnx')).toBe('mnist-8');
    expect(tfjsStem('Xenova/all-MiniLM-L6-v2 · q8')).toBe('Xenova-all-MiniLM-L6-v2-q8');
    expect(tfjsStem('.onnx')).toBe('model');
  });

  it('zips model.json and its shards at the root, shards stored as they are', () => {
    const json = new TextEncoder().encode(JSON.stringify({ format: 'graph-model', weightsManifest: [{ paths: ['group1-shard1of1.bin'], weights: [] }] }));
    const shard = Uint8Array.from({ length: 4096 }, (_, i) => (i * 7) & 255);
    const zip = zipTfjsFiles([{ name: 'model.json', bytes: json }, { name: 'group1-shard1of1.bin', bytes: shard }]);
    const files = unzipSync(zip);
    expect(Object.keys(files)).toEqual(['model.json', 'group1-shard1of1.bin']);
    expect(files['model.json']).toEqual(json);
    expect(files['group1-shard1of1.bin']).toEqual(shard);
    // Stored, not deflated: the shard's bytes appear in the zip as they are.
    expect(Buffer.from(zip).includes(Buffer.from(shard))).toBe(true);
  });
});
