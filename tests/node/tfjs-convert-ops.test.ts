/**
 * Op variants the real models do not all use, each in a one-op TF.js model checked against TF.js:
 * every fused activation (LeakyRelu's alpha copied, NoOp in place of BiasAdd), SAME/VALID/EXPLICIT
 * padding with strides and dilations, depthwise multipliers, TF's three resize modes, pools,
 * transposed convolution and MatMul flags.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkConversion } from '../helpers/convert-check';
import { attr, SyntheticGraph } from '../helpers/tfjs-synthetic';
import { readModelInfo } from '../../src/engine/onnx-format/model-info';
import * as ort from 'onnxruntime-node';
import { convertTfjsModel } from '../../src/engine/convert/convert';
import { readModelFiles } from '../helpers/tfjs-reference';
import { bytesSource } from '../../src/engine/onnx-format/byte-source';

const dir = mkdtempSync(join(tmpdir(), 'tfjs-ops-'));
const IMAGE = [1, 15, 15, 3];

interface Case {
  name: string;
  input?: number[];
  build: (g: SyntheticGraph) => string;
}

const conv = (padding: string, strides: number[], dilations: number[], fused: string[], extra: Record<string, ReturnType<typeof attr.f>> = {}, explicit: number[] = []) => ({
  padding: attr.s(padding),
  strides: attr.ints(strides),
  dilations: attr.ints(dilations),
  data_format: attr.s('NHWC'),
  explicit_paddings: attr.ints(explicit),
  fused_ops: attr.strs(fused),
  ...extra,
});

const fusedConv = (act: string, opts: { bias?: boolean; alpha?: number; padding?: string; strides?: number[]; dilations?: number[]; explicit?: number[] } = {}) => (g: SyntheticGraph) => {
  const bias = opts.bias ?? true;
  const args = [...(bias ? [g.const('b', [4])] : []), ...(act === 'Prelu' ? [g.const('alpha', [4])] : [])];
  const extra = { num_args: attr.i(args.length), ...(opts.alpha !== undefined ? { leakyrelu_alpha: attr.f(opts.alpha) } : {}) };
  return g.op('conv', '_FusedConv2D', ['x', g.const('w', [3, 3, 3, 4]), ...args], conv(opts.padding ?? 'SAME', opts.strides ?? [1, 2, 2, 1], opts.dilations ?? [1, 1, 1, 1], [bias ? 'BiasAdd' : 'NoOp', ...(act ? [act] : [])], extra, opts.explicit));
};

const resize = (op: string, size: number[], alignCorners: boolean, halfPixel: boolean) => (g: SyntheticGraph) =>
  g.op('resize', op, ['x', g.const('size', [2], size, 'int32')], { align_corners: attr.b(alignCorners), half_pixel_centers: attr.b(halfPixel) });

const pool = (op: string, padding: string) => (g: SyntheticGraph) =>
  g.op('pool', op, ['x'], { ksize: attr.ints([1, 3, 3, 1]), strides: attr.ints([1, 2, 2, 1]), padding: attr.s(padding), data_format: attr.s('NHWC') });

const CASES: Case[] = [
  ...['Relu', 'Relu6', 'Elu', 'Sigmoid', 'Prelu'].map((act) => ({ name: `_FusedConv2D BiasAdd+${act}`, build: fusedConv(act) })),
  { name: '_FusedConv2D BiasAdd+LeakyRelu, alpha 0.3 (not ONNX 0.01 nor TF 0.2)', build: fusedConv('LeakyRelu', { alpha: 0.3 }) },
  { name: '_FusedConv2D NoOp+Relu (no bias)', build: fusedConv('Relu', { bias: false }) },
  { name: '_FusedConv2D NoOp+Prelu (alpha is the only argument)', build: fusedConv('Prelu', { bias: false }) },
  { name: 'conv VALID stride 2', build: fusedConv('', { padding: 'VALID' }) },
  { name: 'conv SAME dilation 2', build: fusedConv('Relu', { strides: [1, 1, 1, 1], dilations: [1, 2, 2, 1] }) },
  { name: 'conv VALID dilation 3', build: fusedConv('Relu', { padding: 'VALID', strides: [1, 1, 1, 1], dilations: [1, 3, 3, 1] }) },
  { name: 'conv EXPLICIT padding', build: fusedConv('Relu', { padding: 'EXPLICIT', explicit: [0, 0, 1, 2, 2, 0, 0, 0] }) },
  {
    name: 'FusedDepthwiseConv2dNative multiplier 2, BiasAdd+Relu6, SAME stride 2',
    build: (g) => g.op('dw', 'FusedDepthwiseConv2dNative', ['x', g.const('w', [3, 3, 3, 2]), g.const('b', [6])], conv('SAME', [1, 2, 2, 1], [1, 1, 1, 1], ['BiasAdd', 'Relu6'], { num_args: attr.i(1) })),
  },
  {
    name: 'DepthwiseConv2dNative SAME dilation 2',
    build: (g) => g.op('dw', 'DepthwiseConv2dNative', ['x', g.const('w', [3, 3, 3, 1])], conv('SAME', [1, 1, 1, 1], [1, 2, 2, 1], [])),
  },
  {
    name: '_FusedMatMul transpose_b, BiasAdd+LeakyRelu 0.1',
    input: [2, 12],
    build: (g) =>
      g.op('mm', '_FusedMatMul', ['x', g.const('w', [5, 12]), g.const('b', [5])], { transpose_a: attr.b(false), transpose_b: attr.b(true), fused_ops: attr.strs(['BiasAdd', 'LeakyRelu']), num_args: attr.i(1), leakyrelu_alpha: attr.f(0.1) }),
  },
  ...[
    [false, false],
    [true, false],
    [false, true],
  ].flatMap(([ac, hp]) =>
    ['ResizeBilinear', 'ResizeNearestNeighbor'].flatMap((op) =>
      [
        [29, 23],
        [7, 11],
      ].map((size) => ({ name: `${op} to ${size} align_corners=${ac} half_pixel_centers=${hp}`, build: resize(op, size, ac, hp) })),
    ),
  ),
  { name: 'MaxPool 3x3 SAME stride 2', build: pool('MaxPool', 'SAME') },
  { name: 'AvgPool 3x3 SAME stride 2 (padding not counted)', build: pool('AvgPool', 'SAME') },
  { name: 'AvgPool 3x3 VALID stride 2', build: pool('AvgPool', 'VALID') },
  {
    name: 'Conv2DBackpropInput SAME stride 2 to an odd size',
    build: (g) => g.op('deconv', 'Conv2DBackpropInput', [g.const('sizes', [4], [1, 29, 29, 4], 'int32'), g.const('w', [3, 3, 4, 3]), 'x'], conv('SAME', [1, 2, 2, 1], [1, 1, 1, 1], [])),
  },
  {
    name: 'Conv2DBackpropInput VALID stride 2',
    build: (g) => g.op('deconv', 'Conv2DBackpropInput', [g.const('sizes', [4], [1, 32, 32, 4], 'int32'), g.const('w', [4, 4, 4, 3]), 'x'], conv('VALID', [1, 2, 2, 1], [1, 1, 1, 1], [])),
  },
  ...(['DepthwiseConv2dNative', '_FusedConv2D'] as const).map((op) => ({
    name: `SpaceToBatchND -> ${op} VALID -> BatchToSpaceND (TF's dilated conv) becomes one dilated conv`,
    build: (g: SyntheticGraph) => {
      const s2b = g.op('s2b', 'SpaceToBatchND', ['x', g.const('block', [2], [2, 2], 'int32'), g.const('pads', [2, 2], [2, 3, 2, 3], 'int32')]);
      const fused: Record<string, ReturnType<typeof attr.i>> = op === '_FusedConv2D' ? { fused_ops: attr.strs(['BiasAdd', 'Relu']), num_args: attr.i(1) } : {};
      const w = op === '_FusedConv2D' ? g.const('w', [3, 3, 3, 4]) : g.const('w', [3, 3, 3, 1]);
      const c = g.op('conv', op, [s2b, w, ...(op === '_FusedConv2D' ? [g.const('b', [4])] : [])], { ...conv('VALID', [1, 1, 1, 1], [1, 1, 1, 1], []), ...fused });
      return g.op('b2s', 'BatchToSpaceND', [c, g.const('block2', [2], [2, 2], 'int32'), g.const('crops', [2, 2], [0, 1, 0, 1], 'int32')]);
    },
  })),
  ...[true, false].map((flag) => ({
    name: `Switch/Merge on a constant predicate (${flag}): only the live branch is converted`,
    build: (g: SyntheticGraph) => {
      const sw = g.op('sw', 'Switch', ['x', g.const('training', [], [Number(flag)], 'bool')]);
      const onFalse = g.op('f', 'Sigmoid', [`${sw}:0`]);
      const onTrue = g.op('t', 'Relu6', [g.op('t0', 'Mul', [`${sw}:1`, g.const('k', [], [9])])]);
      return g.op('merge', 'Merge', [onFalse, onTrue], { N: attr.i(2) });
    },
  })),
  ...(
    [
      // [begin, end, strides, begin_mask, end_mask, ellipsis_mask, shrink_axis_mask]
      ['x[:, 1:10:2, ::-1, 1:3]', [0, 1, 0, 1], [0, 10, 0, 3], [1, 2, -1, 1], 0b0101, 0b0101, 0, 0],
      ['x[..., 1:3]', [0, 1], [0, 3], [1, 1], 0, 0, 0b01, 0],
      ['x[0, -3:, ..., -1]', [0, -3, 0, -1], [1, 0, 0, 0], [1, 1, 1, 1], 0, 0b0010, 0b0100, 0b1001],
    ] as const
  ).map(([text, begin, end, strides, bm, em, ellipsis, shrink]) => ({
    name: `StridedSlice ${text}`,
    build: (g: SyntheticGraph) =>
      g.op('ss', 'StridedSlice', ['x', g.const('begin', [begin.length], [...begin], 'int32'), g.const('end', [end.length], [...end], 'int32'), g.const('strides', [strides.length], [...strides], 'int32')], {
        begin_mask: attr.i(bm),
        end_mask: attr.i(em),
        ellipsis_mask: attr.i(ellipsis),
        new_axis_mask: attr.i(0),
        shrink_axis_mask: attr.i(shrink),
      }),
  })),
  {
    name: 'FusedBatchNormV3 (inference)',
    build: (g) =>
      g.op('bn', 'FusedBatchNormV3', ['x', g.const('scale', [3]), g.const('offset', [3]), g.const('mean', [3]), g.const('var', [3], [0.5, 1.5, 0.02])], { epsilon: attr.f(0.001), data_format: attr.s('NHWC'), is_training: attr.b(false) }),
  },
  { name: 'LRN', build: (g) => g.op('lrn', 'LRN', ['x'], { depth_radius: attr.i(1), bias: attr.f(1), alpha: attr.f(0.3), beta: attr.f(0.75) }) },
  { name: 'ClipByValue', build: (g) => g.op('clip', 'ClipByValue', ['x', g.const('lo', [], [0.2]), g.const('hi', [], [0.7])]) },
  ...[
    [false, false],
    [true, true],
  ].map(([exclusive, reverse]) => ({
    name: `Cumsum exclusive=${exclusive} reverse=${reverse}`,
    build: (g: SyntheticGraph) => g.op('cs', 'Cumsum', ['x', g.const('axis', [], [2], 'int32')], { exclusive: attr.b(exclusive), reverse: attr.b(reverse) }),
  })),
  { name: 'Einsum ij,jk->ik', input: [2, 12], build: (g) => g.op('e', 'Einsum', ['x', g.const('w', [12, 5])], { equation: attr.s('ij,jk->ik'), N: attr.i(2) }) },
  { name: 'Where (indices of true elements)', build: (g) => g.op('w', 'Where', [g.op('gt', 'Greater', ['x', g.const('half', [], [0.5])])]) },
  ...['NonMaxSuppressionV3', 'NonMaxSuppressionV5'].map((op) => ({
    name: `${op} on 40 boxes`,
    input: [40],
    build: (g: SyntheticGraph) => {
      // Distinct scores (photo pixels repeat), boxes as corners in any order as TF allows.
      const scores = g.op('scores', 'AddV2', [g.op('scaled', 'Mul', ['x', g.const('k', [], [0.5])]), g.const('jitter', [40])]);
      const inputs = ['boxes', scores, g.const('max', [], [10], 'int32'), g.const('iou', [], [0.3]), g.const('min_score', [], [-0.2])];
      g.const('boxes', [40, 4]);
      if (op === 'NonMaxSuppressionV5') inputs.push(g.const('sigma', [], [0]));
      const nms = g.op('nms', op, inputs);
      return op === 'NonMaxSuppressionV5' ? `${nms}:1` : nms;
    },
  })),
];

describe('op variants against TF.js', () => {
  it.each(CASES.map((c, i) => [c.name, i] as const))('%s', async (_name, i) => {
    const c = CASES[i];
    const g = new SyntheticGraph(c.input ?? IMAGE);
    const path = g.write(join(dir, `case${i}`), c.build(g));
    const check = await checkConversion(path);
    expect(check.outputs.map((o) => o.name)).toEqual(['Identity']);
    for (const o of check.outputs) {
      expect(o.onnxShape).toEqual(o.shape);
      expect(o.maxDiff, `max |diff| ${o.maxDiff} over scale ${o.scale}`).toBeLessThanOrEqual(o.tolerance);
    }
  });
});

describe('graph optimisation against TF.js', () => {
  it('folds a zero Pad before a VALID conv into the conv, and removes every inner Transpose', async () => {
    const g = new SyntheticGraph(IMAGE);
    const c0 = g.op('c0', '_FusedConv2D', ['x', g.const('w0', [1, 1, 3, 3]), g.const('b0', [3])], conv('SAME', [1, 1, 1, 1], [1, 1, 1, 1], ['BiasAdd', 'Relu'], { num_args: attr.i(1) }));
    const padded = g.op('pad', 'Pad', [c0, g.const('paddings', [4, 2], [0, 0, 1, 2, 2, 1, 0, 0], 'int32')]);
    const c1 = g.op('c1', '_FusedConv2D', [padded, g.const('w1', [3, 3, 3, 4]), g.const('b1', [4])], conv('VALID', [1, 1, 1, 1], [1, 1, 1, 1], ['BiasAdd', 'Relu'], { num_args: attr.i(1) }));
    const c2 = g.op('c2', '_FusedConv2D', [c1, g.const('w2', [1, 1, 4, 4]), g.const('b2', [4])], conv('SAME', [1, 1, 1, 1], [1, 1, 1, 1], ['BiasAdd', 'Relu6'], { num_args: attr.i(1) }));
    const sum = g.op('sum', 'AddV2', [c1, c2]);
    const check = await checkConversion(g.write(join(dir, 'pad-fold'), sum));
    for (const o of check.outputs) expect(o.maxDiff, `max |diff| ${o.maxDiff}`).toBeLessThanOrEqual(o.tolerance);
    const info = await readModelInfo(bytesSource(check.onnx));
    expect(info.opHistogram.Pad).toBeUndefined();
    // One Transpose into NCHW at the input, one back at the output.
    expect(info.opHistogram.Transpose).toBe(2);
    expect(check.report.transposesBefore).toBe(6);
    expect(info.inputs).toEqual([{ name: 'x', dtype: 'float32', shape: IMAGE }]);
  });

  it.each([
    ['Squeeze of the 1x1 spatial dims', (g: SyntheticGraph, c: string) => g.op('sq', 'Squeeze', [c], { squeeze_dims: attr.ints([1, 2]) })],
    ['ArgMax over channels', (g: SyntheticGraph, c: string) => g.op('am', 'ArgMax', [c, g.const('dim', [], [3], 'int32')], { output_type: { type: 'DT_INT32' } })],
    ['Mean over space, keep_dims false', (g: SyntheticGraph, c: string) => g.op('mean', 'Mean', [c, g.const('axes', [2], [1, 2], 'int32')], { keep_dims: attr.b(false) })],
  ] as const)('lets Transposes through %s: only the input one is left', async (name, tail) => {
    const g = new SyntheticGraph(IMAGE);
    const size = name.startsWith('Squeeze') ? 15 : 3;
    const c = g.op('c', '_FusedConv2D', ['x', g.const('w', [size, size, 3, 4]), g.const('b', [4])], conv('VALID', [1, 1, 1, 1], [1, 1, 1, 1], ['BiasAdd', 'Relu'], { num_args: attr.i(1) }));
    const check = await checkConversion(g.write(join(dir, name.replace(/\W+/g, '-')), tail(g, c)));
    for (const o of check.outputs) expect(o.maxDiff, `max |diff| ${o.maxDiff}`).toBeLessThanOrEqual(o.tolerance);
    expect(check.report.transposesAfter).toBe(1);
  });

  it('StridedSlice x[:, 1:10:2, ::-1, 0] follows TF semantics (TF.js itself returns other values for this one)', async () => {
    const g = new SyntheticGraph([2, 5, 4, 3]);
    const out = g.op('ss', 'StridedSlice', ['x', g.const('begin', [4], [0, 1, 0, 0], 'int32'), g.const('end', [4], [0, 10, 0, 1], 'int32'), g.const('strides', [4], [1, 2, -1, 1], 'int32')], {
      begin_mask: attr.i(0b0101),
      end_mask: attr.i(0b0101),
      ellipsis_mask: attr.i(0),
      new_axis_mask: attr.i(0),
      shrink_axis_mask: attr.i(0b1000),
    });
    const { onnx } = await convertTfjsModel(readModelFiles(g.write(join(dir, 'reverse-slice'), out)));
    const session = await ort.InferenceSession.create(onnx);
    const x = Float32Array.from({ length: 120 }, (_, i) => i);
    const y = (await session.run({ x: new ort.Tensor('float32', x, [2, 5, 4, 3]) })).Identity;
    // The slice by its definition: every batch, rows 1, 3 (5 rows, step 2), columns reversed, channel 0.
    const expected: number[] = [];
    for (let n = 0; n < 2; n++) for (let h = 1; h < 5; h += 2) for (let w = 3; w >= 0; w--) expected.push(x[((n * 5 + h) * 4 + w) * 3]);
    expect(y.dims).toEqual([2, 2, 4]);
    expect(Array.from(y.data as Float32Array)).toEqual(expected);
  });
});
