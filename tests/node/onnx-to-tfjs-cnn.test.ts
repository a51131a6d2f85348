/**
 * The CNN op families of the ONNX -> TF.js converter, each on a small hand-built ONNX model (written
 * by the project's own ONNX writer), converted, loaded by TF.js 4.22 (WASM) and held to
 * onnxruntime-node on the same seeded input: convolutions (grouped, depthwise, dilated, every
 * padding form, 1-D), pools (ceil mode, pads, count_include_pad), batch norm, Gemm/MatMul, the
 * element-wise ops and activations, the reshaping ops, and quantized weights.
 */
import { describe, expect, it } from 'vitest';
import { checkOnnxToTfjs, seeded } from '../helpers/onnx-to-tfjs-check';
import { writeModel } from '../../src/engine/convert/onnx-writer';
import { convertOnnxModel, ConvertError } from '../../src/engine/convert/onnx-to-tfjs';
import type { AttrValue, Initializer, OnnxGraph, OnnxNode, ValueInfo } from '../../src/engine/convert/graph';

type Attrs = Record<string, AttrValue>;
interface Spec {
  nodes: [op: string, inputs: string[], outputs: string[], attrs?: Attrs][];
  inputs: [name: string, dims: (number | string)[]][];
  outputs: string[];
  weights?: Initializer[];
  opset?: number;
}

let seed = 1;
/** A float weight of seeded values in [-1, 1) (or [lo, hi)). */
function w(name: string, dims: number[], lo = -1, hi = 1): Initializer {
  const n = dims.reduce((a, b) => a * b, 1);
  return { name, type: 'float', dims, data: Float32Array.from(seeded(n, seed++), (v) => lo + v * (hi - lo)) };
}
const i64 = (name: string, values: number[]): Initializer => ({ name, type: 'int64', dims: [values.length], data: BigInt64Array.from(values, BigInt) });
const ints = (v: number[]): AttrValue => ({ ints: v });
const int = (v: number): AttrValue => ({ i: v });
const f = (v: number): AttrValue => ({ f: v });
const s = (v: string): AttrValue => ({ s: v });

function build({ nodes, inputs, outputs, weights = [], opset = 17 }: Spec): Uint8Array {
  const graph: OnnxGraph = {
    nodes: nodes.map(([op, ins, outs, attrs = {}], k): OnnxNode => ({ op, inputs: ins, outputs: outs, attrs, name: `n${k}_${op}` })),
    initializers: new Map(weights.map((x) => [x.name, x])),
    inputs: inputs.map(([name, dims]): ValueInfo => ({ name, type: 'float', dims })),
    outputs: outputs.map((name): ValueInfo => ({ name, type: 'float', dims: null })),
  };
  return writeModel(graph, { opset, producerVersion: 'test' });
}

async function expectMatch(spec: Spec, tolerance = 1e-4) {
  const check = await checkOnnxToTfjs(build(spec));
  for (const o of check.outputs) {
    expect(o.shape, `${o.name} shape`).toEqual(o.refShape);
    expect(o.relative, `${o.name}: max |diff| ${o.maxDiff} over scale ${o.scale}`).toBeLessThanOrEqual(tolerance);
  }
  return check;
}

const X = (c = 8, h = 12, wd = 12): [string, (number | string)[]] => ['x', [1, c, h, wd]];
const conv = (attrs: Attrs, wDims = [6, 8, 3, 3], bias = true): Spec => ({
  nodes: [['Conv', ['x', 'W', ...(bias ? ['B'] : [])], ['y'], attrs]],
  inputs: [X(wDims[1] * ((attrs.group as { i: number } | undefined)?.i ?? 1))],
  outputs: ['y'],
  weights: [w('W', wDims), ...(bias ? [w('B', [wDims[0]])] : [])],
});

describe('ONNX -> TF.js: convolutions', () => {
  it.each<[string, Spec]>([
    ['3x3, pads 1, bias', conv({ pads: ints([1, 1, 1, 1]) })],
    ['stride 2, no pads, no bias', conv({ strides: ints([2, 2]) }, [6, 8, 3, 3], false)],
    ['asymmetric explicit pads', conv({ pads: ints([0, 1, 2, 1]) })],
    ['auto_pad SAME_UPPER, stride 2', conv({ auto_pad: s('SAME_UPPER'), strides: ints([2, 2]) })],
    ['auto_pad SAME_LOWER, stride 2, odd size', { ...conv({ auto_pad: s('SAME_LOWER'), strides: ints([2, 2]) }), inputs: [X(8, 13, 13)] }],
    ['auto_pad VALID, 5x3 kernel', conv({ auto_pad: s('VALID') }, [6, 8, 5, 3])],
    ['dilated 2, pads 2', conv({ dilations: ints([2, 2]), pads: ints([2, 2, 2, 2]) })],
    ['depthwise (group 8), stride 2', conv({ group: int(8), strides: ints([2, 2]), pads: ints([1, 1, 1, 1]) }, [8, 1, 3, 3])],
    ['depthwise with multiplier 2', conv({ group: int(8), pads: ints([1, 1, 1, 1]) }, [16, 1, 3, 3])],
    ['depthwise dilated', conv({ group: int(8), dilations: ints([2, 2]), pads: ints([2, 2, 2, 2]) }, [8, 1, 3, 3])],
    ['grouped (2 groups)', conv({ group: int(2), pads: ints([1, 1, 1, 1]) }, [6, 4, 3, 3])],
    ['1-D, pads 1', { nodes: [['Conv', ['x', 'W', 'B'], ['y'], { pads: ints([1, 1]) }]], inputs: [['x', [1, 4, 20]]], outputs: ['y'], weights: [w('W', [6, 4, 3]), w('B', [6])] }],
  ])('%s', async (_, spec) => {
    await expectMatch(spec);
  });

  it('conv + relu and conv + clip(0, 6) fuse into one TF op each; Transposes cancel between them', async () => {
    const check = await expectMatch({
      nodes: [
        ['Conv', ['x', 'W1', 'B1'], ['a'], { pads: ints([1, 1, 1, 1]) }],
        ['Relu', ['a'], ['b']],
        ['Conv', ['b', 'W2'], ['c'], { group: int(6), pads: ints([1, 1, 1, 1]) }],
        ['Clip', ['c', 'lo', 'hi'], ['y']],
      ],
      inputs: [X()],
      outputs: ['y'],
      weights: [w('W1', [6, 8, 3, 3]), w('B1', [6]), w('W2', [6, 1, 3, 3]), w('lo', [], 0, 0), w('hi', [], 6, 6)],
    });
    const ops = check.result.modelJson.modelTopology.node.map((n) => n.op).filter((op) => op !== 'Const');
    expect(ops).toEqual(['Placeholder', 'Transpose', '_FusedConv2D', 'FusedDepthwiseConv2dNative', 'Transpose']);
    expect(check.result.report.mapping.Relu).toEqual({ 'fused into _FusedConv2D': 1 });
    expect(check.result.report.transposesBefore).toBe(4);
    expect(check.result.report.transposesAfter).toBe(2);
  });

  it('conv + batch norm: the norm folds into the conv', async () => {
    const check = await expectMatch({
      nodes: [
        ['Conv', ['x', 'W'], ['a'], { pads: ints([1, 1, 1, 1]) }],
        ['BatchNormalization', ['a', 'sc', 'sh', 'mu', 'var'], ['y'], { epsilon: f(1e-3) }],
      ],
      inputs: [X()],
      outputs: ['y'],
      weights: [w('W', [6, 8, 3, 3]), w('sc', [6]), w('sh', [6]), w('mu', [6]), w('var', [6], 0.5, 2)],
    });
    expect(check.result.report.mapping.BatchNormalization).toBeUndefined();
  });

  it('refuses weights computed at run time by name', async () => {
    const bytes = build({ nodes: [['Conv', ['x', 'w'], ['y']]], inputs: [X(), ['w', [6, 8, 3, 3]]], outputs: ['y'] });
    await expect(convertOnnxModel(bytes)).rejects.toThrow(/Conv\).*weights must be constant/);
  });
});

const pool = (op: string, attrs: Attrs, size = 12): Spec => ({ nodes: [[op, ['x'], ['y'], attrs]], inputs: [X(8, size, size)], outputs: ['y'] });

describe('ONNX -> TF.js: pools and norms', () => {
  it.each<[string, Spec]>([
    ['MaxPool 3x3 s2 pads 1', pool('MaxPool', { kernel_shape: ints([3, 3]), strides: ints([2, 2]), pads: ints([1, 1, 1, 1]) })],
    ['MaxPool 3x3 s2 ceil_mode', pool('MaxPool', { kernel_shape: ints([3, 3]), strides: ints([2, 2]), ceil_mode: int(1) })],
    ['MaxPool 2x2 SAME_UPPER, odd size', pool('MaxPool', { kernel_shape: ints([2, 2]), strides: ints([2, 2]), auto_pad: s('SAME_UPPER') }, 13)],
    ['AveragePool 3x3 s1 pads 1 (pads not counted)', pool('AveragePool', { kernel_shape: ints([3, 3]), pads: ints([1, 1, 1, 1]) })],
    ['AveragePool 3x3 s1 pads 1 count_include_pad', pool('AveragePool', { kernel_shape: ints([3, 3]), pads: ints([1, 1, 1, 1]), count_include_pad: int(1) })],
    ['AveragePool 3x3 s2 pads 1 count_include_pad ceil_mode', pool('AveragePool', { kernel_shape: ints([3, 3]), strides: ints([2, 2]), pads: ints([1, 1, 1, 1]), count_include_pad: int(1), ceil_mode: int(1) })],
    ['AveragePool 3x3 s2 ceil_mode, asymmetric pads', pool('AveragePool', { kernel_shape: ints([3, 3]), strides: ints([2, 2]), pads: ints([0, 1, 1, 0]), ceil_mode: int(1) }, 13)],
    ['AveragePool 2x2 SAME_UPPER, odd size', pool('AveragePool', { kernel_shape: ints([2, 2]), strides: ints([2, 2]), auto_pad: s('SAME_UPPER') }, 13)],
    ['GlobalAveragePool', pool('GlobalAveragePool', {})],
    ['GlobalMaxPool', pool('GlobalMaxPool', {})],
    ['BatchNormalization on its own', { nodes: [['BatchNormalization', ['x', 'sc', 'sh', 'mu', 'var'], ['y']]], inputs: [X()], outputs: ['y'], weights: [w('sc', [8]), w('sh', [8]), w('mu', [8]), w('var', [8], 0.5, 2)] }],
    ['BatchNormalization of [N, C]', { nodes: [['BatchNormalization', ['x', 'sc', 'sh', 'mu', 'var'], ['y']]], inputs: [['x', [3, 8]]], outputs: ['y'], weights: [w('sc', [8]), w('sh', [8]), w('mu', [8]), w('var', [8], 0.5, 2)] }],
  ])('%s', async (_, spec) => {
    await expectMatch(spec);
  });
});

describe('ONNX -> TF.js: matrix products', () => {
  it.each<[string, Spec]>([
    ['Gemm transA transB alpha beta, C of [N]', { nodes: [['Gemm', ['x', 'B', 'C'], ['y'], { transA: int(1), transB: int(1), alpha: f(0.5), beta: f(2) }]], inputs: [['x', [5, 3]]], outputs: ['y'], weights: [w('B', [4, 5]), w('C', [4])] }],
    ['Gemm with C of [M, N]', { nodes: [['Gemm', ['x', 'B', 'C'], ['y']]], inputs: [['x', [3, 5]]], outputs: ['y'], weights: [w('B', [5, 4]), w('C', [3, 4])] }],
    ['Gemm without C, computed B', { nodes: [['Gemm', ['x', 'b'], ['y'], { alpha: f(3) }]], inputs: [['x', [3, 5]], ['b', [5, 4]]], outputs: ['y'] }],
    ['MatMul batched by a matrix', { nodes: [['MatMul', ['x', 'B'], ['y']]], inputs: [['x', [2, 3, 4, 5]]], outputs: ['y'], weights: [w('B', [5, 6])] }],
    ['MatMul broadcasting batches', { nodes: [['MatMul', ['x', 'b'], ['y']]], inputs: [['x', [2, 1, 4, 5]], ['b', [3, 5, 2]]], outputs: ['y'] }],
    ['MatMul of a vector', { nodes: [['MatMul', ['v', 'x'], ['y']]], inputs: [['v', [5]], ['x', [2, 5, 3]]], outputs: ['y'] }],
    ['MatMul + Add of a vector (fused)', { nodes: [['MatMul', ['x', 'B'], ['a']], ['Add', ['a', 'C'], ['b']], ['Relu', ['b'], ['y']]], inputs: [['x', ['batch', 5]]], outputs: ['y'], weights: [w('B', [5, 4]), w('C', [4])] }],
  ])('%s', async (_, spec) => {
    await expectMatch(spec);
  });
});

describe('ONNX -> TF.js: element-wise ops and activations', () => {
  const unary = (op: string, attrs: Attrs = {}, opset = 17): Spec => ({ nodes: [[op, ['x'], ['y'], attrs]], inputs: [['x', [2, 3, 4]]], outputs: ['y'], opset });
  it.each<[string, Spec]>([
    ['binary ops with broadcasting', {
      nodes: [
        ['Add', ['x', 'A'], ['a']],
        ['Sub', ['a', 'x'], ['b']],
        ['Mul', ['b', 'x'], ['c']],
        ['Div', ['c', 'P'], ['d']],
        ['Pow', ['P', 'x'], ['e']],
        ['Max', ['d', 'e', 'x'], ['g']],
        ['Min', ['g', 'A'], ['y']],
      ],
      inputs: [['x', [2, 3, 4]]],
      outputs: ['y', 'e'],
      weights: [w('A', [3, 1]), w('P', [4], 0.5, 2)],
    }],
    ['unary math', {
      nodes: [
        ['Abs', ['x'], ['a']],
        ['Neg', ['a'], ['b']],
        ['Exp', ['b'], ['c']],
        ['Sqrt', ['c'], ['d']],
        ['Log', ['d'], ['y']],
      ],
      inputs: [['x', [2, 3, 4]]],
      outputs: ['y'],
    }],
    ['Relu', unary('Relu')],
    ['LeakyRelu 0.1', unary('LeakyRelu', { alpha: f(0.1) })],
    ['Sigmoid', unary('Sigmoid')],
    ['Tanh', unary('Tanh')],
    ['HardSigmoid alpha 0.3 beta 0.4', unary('HardSigmoid', { alpha: f(0.3), beta: f(0.4) })],
    ['HardSwish', unary('HardSwish')],
    ['Clip with attributes (opset 10)', unary('Clip', { min: f(0.2), max: f(0.7) }, 10)],
    ['Clip with min only', { nodes: [['Clip', ['x', 'lo'], ['y']]], inputs: [['x', [2, 3, 4]]], outputs: ['y'], weights: [w('lo', [], 0.3, 0.3)] }],
    ['Clip with computed bounds', { nodes: [['Clip', ['x', 'lo', 'hi'], ['y']]], inputs: [['x', [2, 3, 4]], ['lo', []], ['hi', []]], outputs: ['y'] }],
    ['Softmax on axis 1', unary('Softmax', { axis: int(1) })],
    ['Softmax default axis', unary('Softmax')],
    ['LogSoftmax on axis 0', unary('LogSoftmax', { axis: int(0) })],
    ['Softmax of opset 11 (flattened from axis 1)', unary('Softmax', { axis: int(1) }, 11)],
    ['LogSoftmax of opset 11, default axis', unary('LogSoftmax', {}, 11)],
  ])('%s', async (_, spec) => {
    await expectMatch(spec);
  });
});

describe('ONNX -> TF.js: reshaping ops', () => {
  it.each<[string, Spec]>([
    ['Reshape with 0 and -1', { nodes: [['Reshape', ['x', 'shape'], ['y']]], inputs: [['x', [2, 3, 4]]], outputs: ['y'], weights: [i64('shape', [0, -1, 2])] }],
    ['Reshape keeping a symbolic batch', { nodes: [['Reshape', ['x', 'shape'], ['y']]], inputs: [['x', ['batch', 3, 4]]], outputs: ['y'], weights: [i64('shape', [0, 12])] }],
    ['Flatten axis 2', { nodes: [['Flatten', ['x'], ['y'], { axis: int(2) }]], inputs: [['x', [2, 3, 4, 5]]], outputs: ['y'] }],
    ['Flatten of a symbolic batch', { nodes: [['Flatten', ['x'], ['y']]], inputs: [['x', ['batch', 3, 4, 5]]], outputs: ['y'] }],
    ['Transpose', { nodes: [['Transpose', ['x'], ['y'], { perm: ints([2, 0, 1]) }]], inputs: [['x', [2, 3, 4]]], outputs: ['y'] }],
    ['Transpose reversing', { nodes: [['Transpose', ['x'], ['y']]], inputs: [['x', [2, 3, 4]]], outputs: ['y'] }],
    ['Squeeze / Unsqueeze with axes inputs', { nodes: [['Unsqueeze', ['x', 'ax'], ['a']], ['Squeeze', ['a', 'ax2'], ['y']]], inputs: [['x', [2, 1, 4]]], outputs: ['y', 'a'], weights: [i64('ax', [0, -1]), i64('ax2', [0, 2])] }],
    ['Squeeze / Unsqueeze with axes attributes (opset 11)', { nodes: [['Unsqueeze', ['x'], ['a'], { axes: ints([1]) }], ['Squeeze', ['a'], ['y']]], inputs: [['x', [2, 1, 4]]], outputs: ['y'], opset: 11 }],
    ['Concat on -1, Identity, Dropout', { nodes: [['Identity', ['x'], ['a']], ['Dropout', ['x'], ['b']], ['Concat', ['a', 'b', 'C'], ['y'], { axis: int(-1) }]], inputs: [['x', [2, 3, 4]]], outputs: ['y'], weights: [w('C', [2, 3, 2])] }],
  ])('%s', async (_, spec) => {
    await expectMatch(spec);
  });
});

describe('ONNX -> TF.js: layout of a small CNN', () => {
  const cnn: Spec = {
    nodes: [
      ['Conv', ['x', 'W1', 'B1'], ['a'], { pads: ints([1, 1, 1, 1]) }],
      ['Relu', ['a'], ['b']],
      ['MaxPool', ['b'], ['c'], { kernel_shape: ints([2, 2]), strides: ints([2, 2]) }],
      ['Conv', ['c', 'W2', 'B2'], ['d'], { group: int(6), pads: ints([1, 1, 1, 1]) }],
      ['Add', ['d', 'c'], ['e']],
      ['Conv', ['e', 'W3'], ['e2']],
      ['Concat', ['e', 'e2'], ['f'], { axis: int(1) }],
      ['Softmax', ['f'], ['g'], { axis: int(1) }],
      ['GlobalAveragePool', ['g'], ['h']],
      ['Flatten', ['h'], ['i']],
      ['Gemm', ['i', 'Wf', 'Bf'], ['y'], { transB: int(1) }],
    ],
    inputs: [['x', ['batch', 3, 16, 16]]],
    outputs: ['y'],
    weights: [w('W1', [6, 3, 3, 3]), w('B1', [6]), w('W2', [6, 1, 3, 3]), w('B2', [6]), w('W3', [4, 6, 1, 1]), w('Wf', [5, 10]), w('Bf', [5])],
  };

  it('runs channels-last inside, NCHW at its boundary, with the Transposes between ops cancelled', async () => {
    const check = await expectMatch(cnn);
    const { report } = check.result;
    expect(report.transposesBefore).toBe(10);
    // Left: the input's, and the one back to NCHW before Flatten.
    expect(report.transposesAfter).toBe(2);
    expect(report.nodesBefore).toBe(11);
  });

  it('an NCHW tensor inside that is also an output comes out NCHW', async () => {
    const check = await expectMatch({ ...cnn, outputs: ['y', 'f'] });
    expect(check.outputs.map((o) => [o.name, o.shape])).toEqual([
      ['y', [1, 5]],
      ['f', [1, 10, 8, 8]],
    ]);
  });

  it('without the optimizer, matches too, every NCHW op wrapped', async () => {
    const check = await checkOnnxToTfjs(build(cnn), { optimize: false });
    for (const o of check.outputs) expect(o.relative).toBeLessThanOrEqual(1e-4);
    // Every wrapping Transpose stays (and Softmax over axis 1 adds its own two).
    expect(check.result.report.transposesAfter).toBe(check.result.report.transposesBefore + 2);
  });

  it.each<['float16' | 'uint8', number]>([
    ['float16', 2e-3],
    ['uint8', 5e-2],
  ])('with %s weights, as tensorflowjs_converter quantizes them, loads and stays close', async (quantize, tolerance) => {
    const plain = await convertOnnxModel(build(cnn));
    const check = await checkOnnxToTfjs(build(cnn), { quantize });
    const weights = check.result.modelJson.weightsManifest[0].weights;
    const floats = weights.filter((x) => x.dtype === 'float32');
    expect(floats.length).toBeGreaterThan(0);
    for (const x of floats) expect(x.quantization?.dtype).toBe(quantize);
    if (quantize === 'uint8') for (const x of floats) expect(x.quantization).toMatchObject({ min: expect.any(Number), scale: expect.any(Number), original_dtype: 'float32' });
    // Float weights shrink to 2 or 1 bytes a value; the int32 constants (shapes, axes) stay.
    const size = (x: { shape: number[] }) => x.shape.reduce((a, b) => a * b, 1);
    const floatBytes = floats.reduce((a, x) => a + size(x), 0) * 4;
    expect(check.result.report.weightBytes).toBe(plain.report.weightBytes - floatBytes + floatBytes / (quantize === 'uint8' ? 4 : 2));
    for (const o of check.outputs) {
      expect(o.relative, `${o.name}`).toBeLessThanOrEqual(tolerance);
      expect(o.relative, `${o.name}: quantization changes the numbers`).toBeGreaterThan(0);
    }
  });
});

describe('ONNX -> TF.js: refusals', () => {
  it('names the ops no mapping covers, with counts, before writing anything', async () => {
    const bytes = build({ nodes: [['Relu', ['x'], ['a']], ['Celu', ['a'], ['b']], ['Celu', ['b'], ['y']]], inputs: [['x', [2, 3]]], outputs: ['y'] });
    const error = await convertOnnxModel(bytes).catch((e) => e);
    expect(error).toBeInstanceOf(ConvertError);
    expect(error.message).toMatch(/unsupported ONNX ops: Celu x2/);
    expect(error.unsupportedOps).toEqual({ Celu: 2 });
  });
});
