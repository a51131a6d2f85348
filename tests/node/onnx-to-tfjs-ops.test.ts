/**
 * One-op ONNX models for the op families of ops/shape.ts and ops/more.ts, each with its attribute
 * variants: built as an OnnxGraph, written with onnx-writer.ts, converted, loaded by TF.js 4.22
 * (WASM) and held to onnxruntime-node on the same seeded input within 1e-4 of the output's scale.
 * Then the named refusals: an attribute value the mapping does not cover, a shape it cannot know.
 */
import { describe, expect, it } from 'vitest';
import { writeModel } from '../../src/engine/convert/onnx-writer';
import type { AttrValue, Initializer, OnnxGraph, OnnxTypeName, ValueInfo } from '../../src/engine/convert/graph';
import { convertOnnxModel, ConvertError } from '../../src/engine/convert/onnx-to-tfjs';
import { compare, runConverted, runOnnxNode, seeded, type Feed } from '../helpers/onnx-to-tfjs-check';

type Dims = (number | string)[];
interface In {
  name: string;
  type?: OnnxTypeName;
  /** null: the model does not say (not even the rank). */
  dims: Dims | null;
  /** Values fed at run time (default: seeded floats in [-2, 2), ints in [0, 5), bools). */
  values?: number[];
}
const input = (name: string, dims: Dims | null, type: OnnxTypeName = 'float', values?: number[]): In => ({ name, dims, type, values });

/** int64 values; +-2^63 (what 2 ** 63 - 1 rounds to as a double) stand for INT64_MAX / INT64_MIN. */
const i64 = (name: string, values: number[], dims: number[] = [values.length]): Initializer => ({
  name,
  type: 'int64',
  dims,
  data: BigInt64Array.from(values, (v) => (v >= 2 ** 63 ? 2n ** 63n - 1n : v <= -(2 ** 63) ? -(2n ** 63n) : BigInt(v))),
});
const f32 = (name: string, values: number[], dims: number[] = [values.length]): Initializer => ({ name, type: 'float', dims, data: Float32Array.from(values) });
const randomF32 = (name: string, dims: number[], seed = 7): Initializer => f32(name, Array.from(seeded(dims.reduce((a, b) => a * b, 1), seed), (v) => v * 2 - 1), dims);

const ints = (v: number[]): AttrValue => ({ ints: v });
const int = (v: number): AttrValue => ({ i: v });
const float = (v: number): AttrValue => ({ f: v });
const str = (v: string): AttrValue => ({ s: v });

interface Case {
  name: string;
  op: string;
  inputs: (In | Initializer | '')[];
  attrs?: Record<string, AttrValue>;
  outputs?: number;
  opset?: number;
  /** The op becomes no TF node at all (it passes its input on). */
  passThrough?: boolean;
}

const INT64_MAX = 2 ** 63 - 1;
const IMG: Dims = [1, 3, 6, 7];

function model(c: Case): { bytes: Uint8Array; feeds: Record<string, Feed> } {
  const graph: OnnxGraph = { nodes: [], initializers: new Map(), inputs: [], outputs: [] };
  const feeds: Record<string, Feed> = {};
  const names = c.inputs.map((x, k) => {
    if (x === '') return '';
    if ('data' in x) {
      graph.initializers.set(x.name, x);
      return x.name;
    }
    const type = x.type ?? 'float';
    graph.inputs.push({ name: x.name, type, dims: x.dims } as ValueInfo);
    const shape = (x.dims ?? [2, 4, 5, 6]).map((d) => (typeof d === 'number' ? d : 2));
    const n = shape.reduce((a, b) => a * b, 1);
    const r = x.values ?? Array.from(seeded(n, 100 + k), (v) => (type === 'float' ? v * 4 - 2 : type === 'bool' ? (v > 0.5 ? 1 : 0) : Math.floor(v * 5)));
    feeds[x.name] =
      type === 'float' ? { dtype: 'float32', shape, data: Float32Array.from(r) }
      : type === 'int64' ? { dtype: 'int64', shape, data: BigInt64Array.from(r, (v) => BigInt(v)) }
      : type === 'bool' ? { dtype: 'bool', shape, data: Uint8Array.from(r) }
      : { dtype: 'int32', shape, data: Int32Array.from(r) };
    return x.name;
  });
  const outputs = Array.from({ length: c.outputs ?? 1 }, (_, k) => `y${k}`);
  graph.nodes.push({ op: c.op, inputs: names, outputs, attrs: c.attrs ?? {}, name: c.op.toLowerCase() });
  // Output types: what onnxruntime infers; the writer needs one, ORT does not check it against value_info without shape.
  graph.outputs = outputs.map((name) => ({ name, type: outType(c), dims: null }));
  return { bytes: writeModel(graph, { opset: c.opset ?? 17, producerVersion: 'onnx-to-tfjs-ops.test' }), feeds };
}

function outType(c: Case): OnnxTypeName {
  if (['Equal', 'Less', 'Greater', 'LessOrEqual', 'GreaterOrEqual', 'And', 'Or', 'Xor', 'Not'].includes(c.op)) return 'bool';
  if (['Shape', 'Size', 'ArgMax', 'ArgMin'].includes(c.op)) return 'int64';
  if (c.op === 'Cast') return ({ 1: 'float', 6: 'int32', 7: 'int64', 9: 'bool' } as Record<number, OnnxTypeName>)[(c.attrs!.to as { i: number }).i];
  const first = c.inputs.find((x) => x !== '' && !('data' in x && c.op === 'ConstantOfShape'));
  if (c.op === 'ConstantOfShape') return 'float';
  if (c.op === 'Where') return 'float';
  return first && first !== '' ? ('data' in first ? first.type : (first.type ?? 'float')) : 'float';
}

async function check(c: Case): Promise<number> {
  const { bytes, feeds } = model(c);
  const result = await convertOnnxModel(bytes);
  const ref = await runOnnxNode(bytes, feeds);
  const { outputs } = await runConverted(result, feeds);
  let worst = 0;
  for (const name of Object.keys(ref)) {
    const d = compare(name, outputs[name], ref[name]);
    expect(d.shape, `${c.name}: ${name}'s shape`).toEqual(d.refShape);
    expect(d.relative, `${c.name}: ${name} max |diff| ${d.maxDiff} over scale ${d.scale}`).toBeLessThanOrEqual(1e-4);
    worst = Math.max(worst, d.relative);
  }
  if (c.passThrough) expect(result.modelJson.modelTopology.node.map((n: { op: string }) => n.op)).not.toContain('Sum');
  else expect(Object.keys(result.report.mapping)).toContain(c.op);
  return worst;
}

const X = input('x', [2, 4, 5, 6]);
const CASES: Case[] = [
  // Slice: inputs (opset 10+) and attributes (opset 1-9); negative, reversed, strided, to the end.
  { name: 'Slice one axis', op: 'Slice', inputs: [X, i64('s', [1]), i64('e', [3]), i64('a', [1])] },
  { name: 'Slice negative starts and ends', op: 'Slice', inputs: [X, i64('s', [-4, 1]), i64('e', [-1, 100]), i64('a', [2, -1])] },
  { name: 'Slice reversed to the start', op: 'Slice', inputs: [X, i64('s', [-1]), i64('e', [-INT64_MAX]), i64('a', [3]), i64('st', [-1])] },
  { name: 'Slice reversed, step -2', op: 'Slice', inputs: [X, i64('s', [4]), i64('e', [0]), i64('a', [3]), i64('st', [-2])] },
  { name: 'Slice step 2 to the end', op: 'Slice', inputs: [X, i64('s', [1, 0]), i64('e', [INT64_MAX, INT64_MAX]), i64('a', [1, 3]), i64('st', [2, 3])] },
  { name: 'Slice symbolic batch', op: 'Slice', inputs: [input('x', ['n', 4, 5]), i64('s', [1]), i64('e', [INT64_MAX]), i64('a', [2])] },
  { name: 'Slice opset 9 attributes', op: 'Slice', inputs: [X], attrs: { starts: ints([0, 2]), ends: ints([1, 5]), axes: ints([0, 2]) }, opset: 9 },
  // Split: sizes as input, equal parts, opset 18's uneven num_outputs, sizes as attribute (opset 11).
  { name: 'Split sizes input', op: 'Split', inputs: [X, i64('sp', [1, 3])], attrs: { axis: int(1) }, outputs: 2 },
  { name: 'Split equal', op: 'Split', inputs: [X], attrs: { axis: int(-1) }, outputs: 3 },
  { name: 'Split opset 18 uneven', op: 'Split', inputs: [X], attrs: { axis: int(2), num_outputs: int(2) }, outputs: 2, opset: 18 },
  { name: 'Split opset 11 attribute', op: 'Split', inputs: [X], attrs: { axis: int(3), split: ints([2, 4]) }, outputs: 2, opset: 11 },
  // Gather: constant (negative) indices, a scalar index, computed indices with negatives.
  { name: 'Gather constant negative indices', op: 'Gather', inputs: [X, i64('i', [-1, 0, 2])], attrs: { axis: int(1) } },
  { name: 'Gather scalar index', op: 'Gather', inputs: [X, i64('i', [3], [])], attrs: { axis: int(-1) } },
  { name: 'Gather computed indices', op: 'Gather', inputs: [input('table', [7, 3]), input('ids', [2, 3], 'int64', [0, 6, -1, 3, -7, 2])] },
  // Expand, both ways; Tile.
  { name: 'Expand', op: 'Expand', inputs: [input('x', [3, 1]), i64('s', [2, 3, 4])] },
  { name: 'Expand bidirectional', op: 'Expand', inputs: [input('x', [2, 1, 4]), i64('s', [1, 3, 1])] },
  { name: 'Tile', op: 'Tile', inputs: [input('x', [2, 3, 4]), i64('r', [1, 2, 3])] },
  // Pad: constant with a value, reflect, edge, axes (opset 18), the attribute form (opset 2).
  { name: 'Pad constant 1.5', op: 'Pad', inputs: [X, i64('p', [0, 0, 1, 2, 0, 0, 3, 0]), f32('v', [1.5], [])] },
  { name: 'Pad reflect', op: 'Pad', inputs: [X, i64('p', [0, 0, 2, 1, 0, 0, 1, 3])], attrs: { mode: str('reflect') } },
  { name: 'Pad edge', op: 'Pad', inputs: [X, i64('p', [0, 1, 2, 0, 0, 0, 1, 3])], attrs: { mode: str('edge') } },
  { name: 'Pad axes opset 18', op: 'Pad', inputs: [X, i64('p', [1, 2, 3, 0]), '', i64('a', [-1, 1])], opset: 18 },
  { name: 'Pad opset 2 attributes', op: 'Pad', inputs: [X], attrs: { pads: ints([0, 0, 1, 1, 0, 0, 1, 1]), value: float(-1) }, opset: 10 },
  // Reductions: axes as attribute (opset 13) and input (ReduceSum 13, the rest 18), keepdims, all axes, noop.
  { name: 'ReduceMean axes attribute', op: 'ReduceMean', inputs: [X], attrs: { axes: ints([2, 3]) }, opset: 13 },
  { name: 'ReduceMean axes input, keepdims 0', op: 'ReduceMean', inputs: [X, i64('a', [-1])], attrs: { keepdims: int(0) }, opset: 18 },
  { name: 'ReduceSum axes input', op: 'ReduceSum', inputs: [X, i64('a', [1])], opset: 13 },
  { name: 'ReduceSum all axes', op: 'ReduceSum', inputs: [X], attrs: { keepdims: int(0) }, opset: 13 },
  { name: 'ReduceSum noop_with_empty_axes', op: 'ReduceSum', inputs: [X], attrs: { noop_with_empty_axes: int(1) }, opset: 13, passThrough: true },
  { name: 'ReduceMax', op: 'ReduceMax', inputs: [X], attrs: { axes: ints([1]) }, opset: 13 },
  { name: 'ReduceMin', op: 'ReduceMin', inputs: [X], attrs: { axes: ints([0, 3]), keepdims: int(0) }, opset: 13 },
  { name: 'ReduceProd', op: 'ReduceProd', inputs: [input('x', [2, 3, 4])], attrs: { axes: ints([1]) }, opset: 13 },
  { name: 'ReduceL1', op: 'ReduceL1', inputs: [X], attrs: { axes: ints([3]) }, opset: 13 },
  { name: 'ReduceL2', op: 'ReduceL2', inputs: [X], attrs: { axes: ints([1]) }, opset: 13 },
  { name: 'ReduceSumSquare', op: 'ReduceSumSquare', inputs: [X], attrs: { axes: ints([2]) }, opset: 13 },
  { name: 'ReduceLogSumExp', op: 'ReduceLogSumExp', inputs: [X], attrs: { axes: ints([3]) }, opset: 13 },
  { name: 'ReduceLogSum', op: 'ReduceLogSum', inputs: [input('x', [2, 3, 4], 'float', Array.from({ length: 24 }, (_, i) => 0.5 + i / 8))], attrs: { axes: ints([2]) }, opset: 13 },
  // Normalizations.
  { name: 'LayerNormalization last axis', op: 'LayerNormalization', inputs: [input('x', [2, 5, 8]), randomF32('g', [8]), randomF32('b', [8], 8)], attrs: { epsilon: float(1e-5) } },
  { name: 'LayerNormalization axis 1, no bias', op: 'LayerNormalization', inputs: [input('x', [2, 3, 4]), randomF32('g', [3, 4])], attrs: { axis: int(1) } },
  { name: 'LayerNormalization symbolic rank-3', op: 'LayerNormalization', inputs: [input('x', ['n', 'seq', 8]), randomF32('g', [8]), randomF32('b', [8], 8)] },
  { name: 'InstanceNormalization', op: 'InstanceNormalization', inputs: [input('x', IMG), randomF32('s', [3]), randomF32('b', [3], 9)], attrs: { epsilon: float(1e-3) } },
  // ConvTranspose: strided with pads and output_padding, plain, SAME_UPPER, output_shape.
  { name: 'ConvTranspose stride 2, pads, output_padding', op: 'ConvTranspose', inputs: [input('x', IMG), randomF32('w', [3, 4, 3, 3]), randomF32('b', [4], 3)], attrs: { strides: ints([2, 2]), pads: ints([1, 1, 1, 1]), output_padding: ints([1, 1]) } },
  { name: 'ConvTranspose plain', op: 'ConvTranspose', inputs: [input('x', IMG), randomF32('w', [3, 2, 2, 3])] },
  { name: 'ConvTranspose asymmetric pads', op: 'ConvTranspose', inputs: [input('x', IMG), randomF32('w', [3, 2, 4, 4])], attrs: { strides: ints([2, 2]), pads: ints([1, 2, 2, 0]) } },
  { name: 'ConvTranspose SAME_UPPER', op: 'ConvTranspose', inputs: [input('x', IMG), randomF32('w', [3, 2, 3, 3])], attrs: { strides: ints([2, 2]), auto_pad: str('SAME_UPPER') } },
  { name: 'ConvTranspose output_shape', op: 'ConvTranspose', inputs: [input('x', IMG), randomF32('w', [3, 2, 3, 3])], attrs: { strides: ints([2, 2]), output_shape: ints([12, 14]) } },
  { name: 'ConvTranspose symbolic batch', op: 'ConvTranspose', inputs: [input('x', ['n', 3, 6, 7]), randomF32('w', [3, 2, 3, 3])], attrs: { strides: ints([2, 2]) } },
  // Resize and Upsample: the modes TF.js computes alike.
  { name: 'Resize nearest sizes (asymmetric, floor)', op: 'Resize', inputs: [input('x', IMG), '', '', i64('s', [1, 3, 12, 21])], attrs: { mode: str('nearest'), coordinate_transformation_mode: str('asymmetric'), nearest_mode: str('floor') }, opset: 13 },
  { name: 'Resize nearest x2 default modes', op: 'Resize', inputs: [input('x', IMG), '', f32('sc', [1, 1, 2, 2])], opset: 13 },
  { name: 'Resize nearest half_pixel round_prefer_ceil down', op: 'Resize', inputs: [input('x', [1, 2, 8, 8]), '', '', i64('s', [1, 2, 4, 4])], attrs: { nearest_mode: str('round_prefer_ceil') }, opset: 13 },
  { name: 'Resize linear half_pixel scales', op: 'Resize', inputs: [input('x', IMG), '', f32('sc', [1, 1, 2, 3])], attrs: { mode: str('linear') }, opset: 13 },
  { name: 'Resize linear pytorch_half_pixel sizes', op: 'Resize', inputs: [input('x', IMG), '', '', i64('s', [1, 3, 9, 5])], attrs: { mode: str('linear'), coordinate_transformation_mode: str('pytorch_half_pixel') }, opset: 13 },
  { name: 'Resize linear align_corners', op: 'Resize', inputs: [input('x', IMG), '', '', i64('s', [1, 3, 11, 13])], attrs: { mode: str('linear'), coordinate_transformation_mode: str('align_corners') }, opset: 13 },
  { name: 'Resize linear asymmetric', op: 'Resize', inputs: [input('x', IMG), '', f32('sc', [1, 1, 2, 2])], attrs: { mode: str('linear'), coordinate_transformation_mode: str('asymmetric') }, opset: 13 },
  { name: 'Resize opset 10 scales', op: 'Resize', inputs: [input('x', IMG), f32('sc', [1, 1, 2, 2])], attrs: { mode: str('nearest') }, opset: 10 },
  { name: 'Resize symbolic size, scales', op: 'Resize', inputs: [input('x', [1, 3, 'h', 'w']), '', f32('sc', [1, 1, 2, 2])], attrs: { mode: str('linear') }, opset: 13 },
  { name: 'Upsample opset 9 nearest', op: 'Upsample', inputs: [input('x', IMG), f32('sc', [1, 1, 2, 3])], attrs: { mode: str('nearest') }, opset: 9 },
  { name: 'Upsample opset 9 linear', op: 'Upsample', inputs: [input('x', IMG), f32('sc', [1, 1, 2, 2])], attrs: { mode: str('linear') }, opset: 9 },
  // Space/depth.
  { name: 'DepthToSpace DCR', op: 'DepthToSpace', inputs: [input('x', [1, 8, 3, 4])], attrs: { blocksize: int(2) } },
  { name: 'DepthToSpace CRD', op: 'DepthToSpace', inputs: [input('x', [1, 8, 3, 4])], attrs: { blocksize: int(2), mode: str('CRD') } },
  { name: 'SpaceToDepth', op: 'SpaceToDepth', inputs: [input('x', [1, 3, 4, 6])], attrs: { blocksize: int(2) } },
  // Activations and element-wise math.
  { name: 'Erf', op: 'Erf', inputs: [X] },
  { name: 'Gelu', op: 'Gelu', inputs: [X], opset: 20 },
  { name: 'Gelu tanh', op: 'Gelu', inputs: [X], attrs: { approximate: str('tanh') }, opset: 20 },
  { name: 'PRelu per channel', op: 'PRelu', inputs: [X, randomF32('slope', [4, 1, 1])] },
  { name: 'Elu', op: 'Elu', inputs: [X] },
  { name: 'Elu alpha 0.5', op: 'Elu', inputs: [X], attrs: { alpha: float(0.5) } },
  { name: 'Selu', op: 'Selu', inputs: [X] },
  { name: 'Selu custom', op: 'Selu', inputs: [X], attrs: { alpha: float(2), gamma: float(0.5) } },
  { name: 'Softplus', op: 'Softplus', inputs: [X] },
  { name: 'Softsign', op: 'Softsign', inputs: [X] },
  { name: 'Floor', op: 'Floor', inputs: [X] },
  { name: 'Ceil', op: 'Ceil', inputs: [X] },
  { name: 'Round (half to even)', op: 'Round', inputs: [input('x', [6], 'float', [-2.5, -1.5, -0.5, 0.5, 1.5, 2.4])] },
  { name: 'Sin', op: 'Sin', inputs: [X] },
  { name: 'Cos', op: 'Cos', inputs: [X] },
  { name: 'Reciprocal', op: 'Reciprocal', inputs: [input('x', [5], 'float', [0.5, -2, 4, 1.25, -0.1])] },
  { name: 'Sign', op: 'Sign', inputs: [input('x', [5], 'float', [0, -2, 4, 1.25, -0.1])] },
  // Logic, selection, casts.
  { name: 'Where', op: 'Where', inputs: [input('c', [2, 1, 6], 'bool'), input('a', [2, 5, 6]), input('b', [6])] },
  { name: 'Equal', op: 'Equal', inputs: [input('a', [3, 4], 'int64'), input('b', [4], 'int64')] },
  { name: 'Less', op: 'Less', inputs: [X, f32('z', [0], [])] },
  { name: 'Greater', op: 'Greater', inputs: [X, input('b', [6])] },
  { name: 'LessOrEqual', op: 'LessOrEqual', inputs: [input('a', [3, 4], 'int64'), input('b', [3, 1], 'int64')] },
  { name: 'GreaterOrEqual', op: 'GreaterOrEqual', inputs: [input('a', [3, 4], 'int64'), input('b', [4], 'int64')] },
  { name: 'And', op: 'And', inputs: [input('a', [3, 4], 'bool'), input('b', [3, 4], 'bool')] },
  { name: 'Or', op: 'Or', inputs: [input('a', [3, 4], 'bool'), input('b', [4], 'bool')] },
  { name: 'Xor', op: 'Xor', inputs: [input('a', [3, 4], 'bool'), input('b', [3, 4], 'bool')] },
  { name: 'Not', op: 'Not', inputs: [input('a', [3, 4], 'bool')] },
  { name: 'Cast float to int32 (truncates)', op: 'Cast', inputs: [X], attrs: { to: int(6) } },
  { name: 'Cast float to bool', op: 'Cast', inputs: [input('x', [4], 'float', [0, 0.5, -1, 0])], attrs: { to: int(9) } },
  { name: 'Cast int64 to float', op: 'Cast', inputs: [input('a', [3, 4], 'int64')], attrs: { to: int(1) } },
  // Shape arithmetic at run time (symbolic sizes).
  { name: 'Shape', op: 'Shape', inputs: [input('x', ['n', 3, 'w'])] },
  { name: 'Shape start/end', op: 'Shape', inputs: [input('x', ['n', 3, 'w', 5])], attrs: { start: int(1), end: int(-1) }, opset: 15 },
  { name: 'Size', op: 'Size', inputs: [input('x', ['n', 3, 5])] },
  { name: 'ConstantOfShape', op: 'ConstantOfShape', inputs: [input('s', [3], 'int64', [2, 3, 4])] },
  { name: 'Range float', op: 'Range', inputs: [input('a', [], 'float', [0.5]), input('b', [], 'float', [4]), input('d', [], 'float', [0.75])] },
  { name: 'Range int', op: 'Range', inputs: [input('a', [], 'int64', [10]), input('b', [], 'int64', [1]), input('d', [], 'int64', [-3])] },
  { name: 'ArgMax keepdims', op: 'ArgMax', inputs: [X], attrs: { axis: int(1) } },
  { name: 'ArgMin last axis, keepdims 0', op: 'ArgMin', inputs: [X], attrs: { axis: int(-1), keepdims: int(0) } },
];

describe('ONNX -> TF.js: one-op models against onnxruntime-node', () => {
  it(`${CASES.length} op variants match within 1e-4 of their scale`, { timeout: 120_000 }, async () => {
    const failures: string[] = [];
    const worst: [string, number][] = [];
    for (const c of CASES) {
      try {
        worst.push([c.name, await check(c)]);
      } catch (e) {
        failures.push(`${c.name}: ${(e as Error).message.split('\n')[0]}`);
      }
    }
    expect(failures, failures.join('\n')).toEqual([]);
    const top = worst.sort((a, b) => b[1] - a[1]).slice(0, 3);
    console.log(`worst relative errors: ${top.map(([n, w]) => `${n} ${w.toExponential(1)}`).join(', ')}`);
  });
});

const refusal = async (c: Case) => {
  const { bytes } = model(c);
  const error = await convertOnnxModel(bytes).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, `${c.name} converted`).toBeInstanceOf(ConvertError);
  return (error as Error).message;
};

describe('ONNX -> TF.js: named refusals', () => {
  it('an attribute value the mapping does not cover', async () => {
    expect(await refusal({ name: 'cubic', op: 'Resize', inputs: [input('x', IMG), '', f32('sc', [1, 1, 2, 2])], attrs: { mode: str('cubic') }, opset: 13 })).toMatch(/resize mode cubic is not supported/);
    expect(await refusal({ name: 'tf_crop_and_resize', op: 'Resize', inputs: [input('x', IMG), '', f32('sc', [1, 1, 2, 2])], attrs: { mode: str('linear'), coordinate_transformation_mode: str('tf_crop_and_resize') }, opset: 13 })).toMatch(/tf_crop_and_resize is not supported/);
    // Half-pixel nearest rounding ties down, TF.js up: they differ when downscaling by 2.
    expect(await refusal({ name: 'nearest down', op: 'Resize', inputs: [input('x', [1, 2, 8, 8]), '', '', i64('s', [1, 2, 4, 4])], opset: 13 })).toMatch(/nearest_mode round_prefer_floor is not supported/);
    expect(await refusal({ name: 'argmax last', op: 'ArgMax', inputs: [X], attrs: { select_last_index: int(1) } })).toMatch(/select_last_index/);
    expect(await refusal({ name: 'pad wrap', op: 'Pad', inputs: [X, i64('p', [0, 0, 1, 1, 0, 0, 1, 1])], attrs: { mode: str('wrap') }, opset: 19 })).toMatch(/pad mode wrap is not supported/);
    expect(await refusal({ name: 'dilated', op: 'ConvTranspose', inputs: [input('x', IMG), randomF32('w', [3, 2, 3, 3])], attrs: { dilations: ints([2, 2]) } })).toMatch(/dilated transposed convolutions are not supported/);
  });

  it('a shape or value the converter cannot know', async () => {
    // Slice bounds computed at run time, and an input of unknown rank.
    expect(await refusal({ name: 'runtime starts', op: 'Slice', inputs: [X, input('s', [1], 'int64'), i64('e', [3]), i64('a', [1])] })).toMatch(/Slice\) cannot be converted: its starts must be constant/);
    expect(await refusal({ name: 'unknown rank', op: 'Slice', inputs: [input('x', null), i64('s', [1]), i64('e', [3]), i64('a', [1])] })).toMatch(/its input's rank must be known/);
    expect(await refusal({ name: 'scale', op: 'Resize', inputs: [input('x', [1, 3, 5, 5]), '', f32('sc', [1, 1, 1.5, 1.5])], attrs: { mode: str('linear') }, opset: 13 })).toMatch(/does not give a whole size/);
    expect(await refusal({ name: 'negative index', op: 'Gather', inputs: [input('x', ['n', 4]), i64('i', [-1])] })).toMatch(/negative indices need the size of the gathered axis known/);
  });
});
