/** Shape and indexing ops: reshapes, slices, gathers, concatenation, casts, fills. */
import { ConvertError } from '../errors';
import type { OpContext, OpHandler, Tensor, TfDtype } from '../builder';

const INT64_MAX = 2 ** 62; // ONNX clamps out-of-range slice bounds; this stays exact in a double
const same = (ctx: OpContext, name: string, dtype: TfDtype = ctx.inputs[0].dtype): Tensor[] => [{ name, dtype }];

function bitSet(mask: number, i: number): boolean {
  return ((mask >> i) & 1) === 1;
}

/**
 * TF's begin/end/strides with masks -> Slice, then Squeeze (shrink) and Unsqueeze (new axes).
 * Specs after an ellipsis count from the last axis (negative axes), so no rank is needed.
 */
const stridedSlice: OpHandler = (ctx) => {
  const { b, attrs } = ctx;
  const [x, bt, et, st] = ctx.inputs;
  const begin = b.requireConst(bt, 'begin');
  const end = b.requireConst(et, 'end');
  const strides = b.requireConst(st, 'strides');
  const [bm, em, ellipsisMask, newAxis, shrink] = ['begin_mask', 'end_mask', 'ellipsis_mask', 'new_axis_mask', 'shrink_axis_mask'].map((k) => attrs.int(k, 0));
  const ellipsis = ellipsisMask ? Math.log2(ellipsisMask & -ellipsisMask) : begin.length;
  const after = (i: number, test: (j: number) => boolean) => Array.from({ length: begin.length - i }, (_, k) => i + k).filter(test).length;
  const starts: number[] = [], ends: number[] = [], axes: number[] = [], steps: number[] = [];
  const squeeze: number[] = [], unsqueeze: number[] = [];
  let dim = 0, outDim = 0;
  for (let i = 0; i < begin.length; i++) {
    if (i === ellipsis) continue;
    const tail = i > ellipsis;
    if (bitSet(newAxis, i)) {
      unsqueeze.push(tail ? -after(i, (j) => bitSet(newAxis, j) || !bitSet(shrink, j)) : outDim++);
      continue;
    }
    const axis = tail ? -after(i, (j) => !bitSet(newAxis, j)) : dim++;
    const s = strides[i];
    let from = begin[i], to = end[i];
    if (bitSet(shrink, i)) {
      to = from === -1 ? INT64_MAX : from + 1;
      squeeze.push(axis);
    } else {
      if (bitSet(bm, i)) from = s > 0 ? 0 : INT64_MAX;
      if (bitSet(em, i)) to = s > 0 ? INT64_MAX : -INT64_MAX;
      if (!tail) outDim++;
    }
    starts.push(from), ends.push(to), axes.push(axis), steps.push(bitSet(shrink, i) ? 1 : s);
  }
  let y = starts.length ? b.op('Slice', [x.name, b.int64(starts), b.int64(ends), b.int64(axes), b.int64(steps)]) : x.name;
  if (squeeze.length) y = b.op('Squeeze', [y, b.int64(squeeze)]);
  if (unsqueeze.length) y = b.op('Unsqueeze', [y, b.int64(unsqueeze)]);
  return same(ctx, y === x.name ? b.op('Identity', [y]) : y);
};

const slice: OpHandler = (ctx) => {
  const { b } = ctx;
  const begin = b.requireConst(ctx.inputs[1], 'begin');
  const size = b.requireConst(ctx.inputs[2], 'size');
  const ends = size.map((s, i) => (s === -1 ? INT64_MAX : begin[i] + s));
  return same(ctx, b.op('Slice', [ctx.inputs[0].name, b.int64(begin), b.int64(ends), b.int64(begin.map((_, i) => i))]));
};

const pack: OpHandler = (ctx) => {
  const { b } = ctx;
  const axis = ctx.attrs.int('axis', 0);
  const parts = ctx.inputs.map((t) => b.op('Unsqueeze', [t.name, b.int64([axis])]));
  return same(ctx, parts.length === 1 ? parts[0] : b.op('Concat', parts, { axis: { i: axis } }));
};

/** Split into equal parts along an axis; Unpack also drops that axis. */
function splitEqual(ctx: OpContext, x: string, axis: number, n: number, drop: boolean): Tensor[] {
  const { b } = ctx;
  const parts = n === 1 ? [b.op('Identity', [x])] : b.node('Split', [x], { axis: { i: axis }, num_outputs: { i: n } }, 'Split', n);
  return parts.map((p) => ({ name: drop ? b.op('Squeeze', [p, b.int64([axis])]) : p, dtype: ctx.inputs[drop ? 0 : 1].dtype }));
}

const pad = (mode: string): OpHandler => (ctx) => {
  const { b } = ctx;
  const p = b.requireConst(ctx.inputs[1], 'paddings');
  const rank = p.length / 2;
  const pads = [...Array.from({ length: rank }, (_, i) => p[2 * i]), ...Array.from({ length: rank }, (_, i) => p[2 * i + 1])];
  const inputs = [ctx.inputs[0].name, b.int64(pads)];
  if (ctx.inputs[2]) inputs.push(ctx.inputs[2].name);
  if (mode === 'reflect' && ctx.attrs.str('mode', 'REFLECT') !== 'REFLECT') throw new ConvertError(`${ctx.node.name}: MirrorPad mode SYMMETRIC is not supported`);
  return same(ctx, b.op('Pad', inputs, { mode: { s: mode } }));
};

/** Computed when every input is a constant (as in nanodet, where it builds fixed index tables). */
const sparseToDense: OpHandler = (ctx) => {
  const { b } = ctx;
  const [indicesT, shapeT, valuesT, defaultT] = ctx.inputs;
  const shape = b.requireConst(shapeT, 'output shape');
  const indices = b.requireConst(indicesT, 'indices');
  const values = b.requireConst(valuesT, 'values');
  const fill = b.requireConst(defaultT, 'default value')[0];
  const rank = shape.length;
  const strides = shape.map((_, i) => shape.slice(i + 1).reduce((a, c) => a * c, 1));
  const dense = new Array<number>(shape.reduce((a, c) => a * c, 1)).fill(fill);
  const count = indices.length / Math.max(rank, 1);
  for (let k = 0; k < count; k++) {
    const at = strides.reduce((acc, st, i) => acc + st * indices[k * rank + i], 0);
    dense[at] = values.length === 1 ? values[0] : values[k];
  }
  const dtype = valuesT.dtype;
  const data = dtype === 'float32' ? Float32Array.from(dense) : dtype === 'bool' ? Uint8Array.from(dense) : Int32Array.from(dense);
  return same(ctx, b.addInit({ name: b.fresh(ctx.node.name), type: dtype === 'float32' ? 'float' : dtype, dims: shape, data }), dtype);
};

export const tensorOps: Record<string, OpHandler> = {
  // Pass-throughs: no node (a graph output that is one gets its renaming Identity in convert.ts).
  Identity: (ctx) => [ctx.inputs[0]],
  StopGradient: (ctx) => [ctx.inputs[0]],
  Snapshot: (ctx) => [ctx.inputs[0]],
  Cast: (ctx) => {
    const to = ctx.attrs.type('DstT');
    return same(ctx, to === ctx.inputs[0].dtype ? ctx.b.op('Identity', [ctx.inputs[0].name]) : ctx.b.cast(ctx.inputs[0].name, to), to);
  },
  Reshape: (ctx) => same(ctx, ctx.b.op('Reshape', [ctx.inputs[0].name, ctx.b.toInt64(ctx.inputs[1])])),
  Squeeze: (ctx) => {
    const dims = ctx.attrs.ints('squeeze_dims', ctx.attrs.ints('axis', []));
    return same(ctx, ctx.b.op('Squeeze', dims.length ? [ctx.inputs[0].name, ctx.b.int64(dims)] : [ctx.inputs[0].name]));
  },
  ExpandDims: (ctx) => same(ctx, ctx.b.op('Unsqueeze', [ctx.inputs[0].name, ctx.b.int64(ctx.b.requireConst(ctx.inputs[1], 'axis'))])),
  ConcatV2: (ctx) => {
    const axis = ctx.b.requireConst(ctx.inputs[ctx.inputs.length - 1], 'axis')[0];
    const parts = ctx.inputs.slice(0, -1).map((t) => t.name);
    return same(ctx, parts.length === 1 ? ctx.b.op('Identity', parts) : ctx.b.op('Concat', parts, { axis: { i: axis } }));
  },
  Pack: pack,
  Unpack: (ctx) => splitEqual(ctx, ctx.inputs[0].name, ctx.attrs.int('axis', 0), ctx.attrs.int('num'), true),
  Split: (ctx) => splitEqual(ctx, ctx.inputs[1].name, ctx.b.requireConst(ctx.inputs[0], 'axis')[0], ctx.attrs.int('num_split'), false),
  SplitV: (ctx) => {
    const { b } = ctx;
    const sizes = b.requireConst(ctx.inputs[1], 'size_splits');
    if (sizes.includes(-1)) throw new ConvertError(`${ctx.node.name}: SplitV with a -1 size is not supported`);
    const axis = b.requireConst(ctx.inputs[2], 'axis')[0];
    return b.node('Split', [ctx.inputs[0].name, b.int64(sizes)], { axis: { i: axis } }, 'Split', sizes.length).map((name) => ({ name, dtype: ctx.inputs[0].dtype }));
  },
  StridedSlice: stridedSlice,
  Slice: slice,
  Transpose: (ctx) => same(ctx, ctx.b.op('Transpose', [ctx.inputs[0].name], { perm: { ints: ctx.b.requireConst(ctx.inputs[1], 'perm') } })),
  GatherV2: (ctx) => {
    if (ctx.attrs.int('batch_dims', 0) !== 0) throw new ConvertError(`${ctx.node.name}: GatherV2 with batch_dims is not supported`);
    const axis = ctx.b.requireConst(ctx.inputs[2], 'axis')[0];
    return same(ctx, ctx.b.op('Gather', [ctx.inputs[0].name, ctx.inputs[1].name], { axis: { i: axis } }));
  },
  GatherNd: (ctx) => same(ctx, ctx.b.op('GatherND', [ctx.inputs[0].name, ctx.b.toInt64(ctx.inputs[1])])),
  Shape: (ctx) => same(ctx, ctx.b.cast(ctx.b.op('Shape', [ctx.inputs[0].name]), 'int32'), 'int32'),
  Size: (ctx) => same(ctx, ctx.b.cast(ctx.b.op('Size', [ctx.inputs[0].name]), 'int32'), 'int32'),
  Fill: (ctx) => same(ctx, ctx.b.op('Expand', [ctx.inputs[1].name, ctx.b.toInt64(ctx.inputs[0])]), ctx.inputs[1].dtype),
  ZerosLike: (ctx) => same(ctx, ctx.b.op('Mul', [ctx.inputs[0].name, ctx.b.scalar(0, ctx.inputs[0].dtype)])),
  OnesLike: (ctx) => same(ctx, ctx.b.op('Add', [ctx.b.op('Mul', [ctx.inputs[0].name, ctx.b.scalar(0, ctx.inputs[0].dtype)]), ctx.b.scalar(1, ctx.inputs[0].dtype)])),
  BroadcastTo: (ctx) => same(ctx, ctx.b.op('Expand', [ctx.inputs[0].name, ctx.b.toInt64(ctx.inputs[1])])),
  Tile: (ctx) => same(ctx, ctx.b.op('Tile', [ctx.inputs[0].name, ctx.b.toInt64(ctx.inputs[1])])),
  Range: (ctx) => same(ctx, ctx.b.op('Range', ctx.inputs.map((t) => t.name))),
  Select: (ctx) => same(ctx, ctx.b.op('Where', ctx.inputs.map((t) => t.name)), ctx.inputs[1].dtype),
  SelectV2: (ctx) => same(ctx, ctx.b.op('Where', ctx.inputs.map((t) => t.name)), ctx.inputs[1].dtype),
  SparseToDense: sparseToDense,
  Pad: pad('constant'),
  PadV2: pad('constant'),
  MirrorPad: pad('reflect'),
  TopKV2: (ctx) => {
    const { b } = ctx;
    const k = b.constValues(ctx.inputs[1]);
    // ONNX wants k as a 1-element int64 tensor, TF gives a scalar.
    const kName = k ? b.int64([k[0]]) : b.op('Reshape', [b.toInt64(ctx.inputs[1]), b.int64([1])]);
    const [values, indices] = b.node('TopK', [ctx.inputs[0].name, kName], { axis: { i: -1 }, largest: { i: 1 }, sorted: { i: 1 } }, 'TopK', 2);
    return [
      { name: values, dtype: ctx.inputs[0].dtype },
      { name: b.cast(indices, 'int32'), dtype: 'int32' },
    ];
  },
};
