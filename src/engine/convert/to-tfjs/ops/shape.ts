/**
 * ONNX ops that select, repeat or pad data, compare and cast, and the shape arithmetic that is
 * left once fold.ts has folded what the shapes allow (Shape, Range, ConstantOfShape at run time).
 */
import { tfAttr, tfDtypeOf, type OnnxOpContext, type OnnxOpHandler, type TfDtype } from '../tf-builder';
import type { OnnxTypeName } from '../../graph';

const INT32_MAX = 2147483647;
const norm = (a: number, rank: number) => (a < 0 ? a + rank : a);
const clampInt = (v: number) => Math.max(-INT32_MAX, Math.min(INT32_MAX, v));

/** Input 0's rank, or a refusal saying why it is needed. */
export function rankOf(c: OnnxOpContext, why: string): number {
  const dims = c.shape(0);
  if (!dims) return c.fail(`its input's rank must be known ${why}`);
  return dims.length;
}

/** A constant input's values, or a refusal naming what must be constant. */
export function constInput(c: OnnxOpContext, i: number, what: string): number[] {
  return c.constValues(i) ?? c.fail(`its ${what} must be constant (computed from shapes the converter could not know)`);
}

const axisConst = (c: OnnxOpContext, axis: number) => c.b.ints([axis], [], `${c.node.name}/axis`);

/** TF's StridedSlice with the masks for "from the start" / "to the end". */
export function stridedSlice(c: OnnxOpContext, x: string, dtype: TfDtype, begin: number[], end: number[], strides: number[], beginMask: number, endMask: number): string {
  const name = c.node.name;
  const n = begin.length;
  return c.b.typed(
    'StridedSlice',
    [x, c.b.ints(begin.map(clampInt), [n], `${name}/begin`), c.b.ints(end.map(clampInt), [n], `${name}/end`), c.b.ints(strides, [n], `${name}/strides`)],
    dtype,
    { Index: tfAttr.type('int32'), begin_mask: tfAttr.i(beginMask), end_mask: tfAttr.i(endMask), ellipsis_mask: tfAttr.i(0), new_axis_mask: tfAttr.i(0), shrink_axis_mask: tfAttr.i(0) },
    name,
  );
}

/** x[start:end] along one axis of a rank-`rank` tensor (end null: to the end). */
function sliceAxis(c: OnnxOpContext, x: string, rank: number, axis: number, start: number, end: number | null): string {
  const begin = new Array<number>(rank).fill(0);
  const stop = new Array<number>(rank).fill(0);
  begin[axis] = start;
  stop[axis] = end ?? 0;
  const all = (1 << rank) - 1;
  return stridedSlice(c, x, c.dtype(0), begin, stop, new Array<number>(rank).fill(1), all & ~(1 << axis), end === null ? all : all & ~(1 << axis));
}

const slice: OnnxOpHandler = (c) => {
  const dims = c.shape(0) ?? c.fail("its input's rank must be known");
  const rank = dims.length;
  let starts: number[], ends: number[], axes: number[], steps: number[];
  if (c.opset < 10 || c.attrs.has('starts')) {
    starts = c.attrs.ints('starts');
    ends = c.attrs.ints('ends');
    axes = c.attrs.ints('axes', starts.map((_, i) => i));
    steps = starts.map(() => 1);
  } else {
    starts = constInput(c, 1, 'starts');
    ends = constInput(c, 2, 'ends');
    axes = c.has(3) ? constInput(c, 3, 'axes') : starts.map((_, i) => i);
    steps = c.has(4) ? constInput(c, 4, 'steps') : starts.map(() => 1);
  }
  const begin = new Array<number>(rank).fill(0);
  const end = new Array<number>(rank).fill(0);
  const strides = new Array<number>(rank).fill(1);
  let beginMask = (1 << rank) - 1;
  let endMask = (1 << rank) - 1;
  axes.forEach((raw, i) => {
    const a = norm(raw, rank);
    const bit = 1 << a;
    const st = steps[i];
    if (st === 0) c.fail('a step of 0 is not valid');
    const d = dims[a];
    let s = starts[i];
    let e = ends[i];
    strides[a] = st;
    beginMask &= ~bit;
    endMask &= ~bit;
    if (typeof d === 'number') {
      // ONNX's clamping, done here: TF's differs for a negative step ending before index 0.
      if (s < 0) s += d;
      if (e < 0) e += d;
      if (st > 0) {
        s = Math.min(Math.max(s, 0), d);
        e = Math.min(Math.max(e, 0), d);
      } else {
        s = Math.min(Math.max(s, 0), d - 1);
        e = Math.min(Math.max(e, -1), d - 1);
      }
      begin[a] = s;
      if (e === -1 && st < 0) endMask |= bit;
      else end[a] = e;
    } else {
      // Unknown size: TF reads negative indices from the end as ONNX does; the "to the end" markers become masks.
      if (st < 0 && s >= INT32_MAX) beginMask |= bit;
      else begin[a] = s;
      if ((st > 0 && e >= INT32_MAX) || (st < 0 && e <= -INT32_MAX)) endMask |= bit;
      else end[a] = e;
    }
  });
  return [stridedSlice(c, c.input(0), c.dtype(0), begin, end, strides, beginMask, endMask)];
};

const split: OnnxOpHandler = (c) => {
  const name = c.node.name;
  const axis = c.attrs.int('axis', 0);
  const n = c.node.outputs.length;
  let sizes: number[] | null = c.has(1) ? constInput(c, 1, 'split sizes') : c.attrs.has('split') ? c.attrs.ints('split') : null;
  if (!sizes) {
    const dims = c.shape(0);
    const d = dims ? dims[norm(axis, dims.length)] : undefined;
    if (typeof d === 'number' && d % n !== 0) {
      // Opset 18's num_outputs on an uneven size: equal chunks, the last smaller.
      const chunk = Math.ceil(d / n);
      sizes = Array.from({ length: n }, (_, i) => Math.max(0, Math.min(chunk, d - i * chunk)));
    }
  }
  if (!sizes) return c.b.nodeN('Split', [axisConst(c, axis), c.input(0)], { T: tfAttr.type(c.dtype(0)), num_split: tfAttr.i(n) }, name, n);
  if (sizes.length !== n) c.fail(`it has ${n} outputs for ${sizes.length} split sizes`);
  return c.b.nodeN('SplitV', [c.input(0), c.b.ints(sizes, [n], `${name}/sizes`), axisConst(c, axis)], { T: tfAttr.type(c.dtype(0)), Tlen: tfAttr.type('int32'), num_split: tfAttr.i(n) }, name, n);
};

const scalarOf = (c: OnnxOpContext, v: number, dtype: TfDtype) => c.b.scalar(v, dtype, `${c.node.name}/c`);

const gather: OnnxOpHandler = (c) => {
  const name = c.node.name;
  const dims = c.shape(0);
  const axisAttr = c.attrs.int('axis', 0);
  if (axisAttr < 0 && !dims) c.fail("its input's rank must be known for a negative axis");
  const axis = dims ? norm(axisAttr, dims.length) : axisAttr;
  const d = dims?.[axis];
  let indices = c.input(1);
  const idx = c.constant(1);
  if (idx) {
    // Negative indices count from the end in ONNX; TF.js has no such rule: resolve them here.
    const values = c.constValues(1)!;
    if (values.some((v) => v < 0)) {
      const size = typeof d === 'number' ? d : c.fail('its negative indices need the size of the gathered axis known');
      indices = c.b.ints(values.map((v) => (v < 0 ? v + size : v)), idx.dims, `${name}/indices`);
    }
  } else if (typeof d === 'number') {
    const i = c.input(1);
    const neg = c.b.typed('Less', [i, scalarOf(c, 0, 'int32')], 'int32', {}, name);
    indices = c.b.typed('SelectV2', [neg, c.b.typed('AddV2', [i, scalarOf(c, d, 'int32')], 'int32', {}, name), i], 'int32', {}, name);
  }
  return [c.b.node('GatherV2', [c.input(0), indices, axisConst(c, axis)], { Tparams: tfAttr.type(c.dtype(0)), Tindices: tfAttr.type('int32'), Taxis: tfAttr.type('int32'), batch_dims: tfAttr.i(0) }, name)];
};

const shapeOf = (c: OnnxOpContext, x: string) => c.b.node('Shape', [x], { T: tfAttr.type(c.dtype(0)), out_type: tfAttr.type('int32') }, c.node.name);

/** ONNX Expand broadcasts both ways (a target dim of 1 keeps the input's): BroadcastTo the broadcast of both shapes. */
const expand: OnnxOpHandler = (c) => {
  const name = c.node.name;
  const dims = c.shape(0);
  const target = c.constValues(1);
  if (target && dims && dims.every((x) => typeof x === 'number')) {
    const rank = Math.max(dims.length, target.length);
    const out = Array.from({ length: rank }, (_, i) => {
      const a = (dims[dims.length - rank + i] as number | undefined) ?? 1;
      const b = target[target.length - rank + i] ?? 1;
      if (a !== 1 && b !== 1 && a !== b) c.fail(`its input [${dims.join(', ')}] does not broadcast to [${target.join(', ')}]`);
      return a === 1 ? b : a;
    });
    return [c.b.typed('BroadcastTo', [c.input(0), c.b.ints(out, [rank], `${name}/shape`)], c.dtype(0), { Tidx: tfAttr.type('int32') }, name)];
  }
  const shape = c.b.node('BroadcastArgs', [shapeOf(c, c.input(0)), c.input(1)], { T: tfAttr.type('int32') }, name);
  return [c.b.typed('BroadcastTo', [c.input(0), shape], c.dtype(0), { Tidx: tfAttr.type('int32') }, name)];
};

const tile: OnnxOpHandler = (c) => [c.b.typed('Tile', [c.input(0), c.input(1)], c.dtype(0), { Tmultiples: tfAttr.type('int32') }, c.node.name)];

const pad: OnnxOpHandler = (c) => {
  const name = c.node.name;
  const mode = c.attrs.str('mode', 'constant');
  const old = c.opset < 11;
  const pads = old ? c.attrs.ints('pads') : constInput(c, 1, 'pads');
  const value = old ? c.attrs.float('value', 0) : c.has(2) ? constInput(c, 2, 'constant value')[0] ?? 0 : 0;
  const dims = c.shape(0);
  const rank = dims?.length ?? (c.has(3) ? c.fail("its input's rank must be known when axes are given") : pads.length / 2);
  const axes = c.has(3) ? constInput(c, 3, 'axes').map((a) => norm(a, rank)) : Array.from({ length: rank }, (_, i) => i);
  if (pads.length !== 2 * axes.length) c.fail(`it has ${pads.length} pads for ${axes.length} axes`);
  if (pads.some((p) => p < 0)) c.fail('negative pads (cropping) are not supported');
  const paddings = new Array<number>(2 * rank).fill(0);
  axes.forEach((a, i) => {
    paddings[2 * a] = pads[i];
    paddings[2 * a + 1] = pads[i + axes.length];
  });
  const x = c.input(0);
  const dtype = c.dtype(0);
  if (paddings.every((p) => p === 0)) return [x];
  const padConst = () => c.b.ints(paddings, [rank, 2], `${name}/paddings`);
  if (mode === 'constant') return [c.b.typed('PadV2', [x, padConst(), scalarOf(c, value, dtype)], dtype, { Tpaddings: tfAttr.type('int32') }, name)];
  if (mode === 'reflect') return [c.b.typed('MirrorPad', [x, padConst()], dtype, { Tpaddings: tfAttr.type('int32'), mode: tfAttr.s('REFLECT') }, name)];
  if (mode !== 'edge') return c.fail(`pad mode ${mode} is not supported (constant, reflect and edge are)`);
  // Edge: the first and last slices of each padded axis, repeated, concatenated around the input.
  let y = x;
  for (let a = 0; a < rank; a++) {
    const [before, after] = [paddings[2 * a], paddings[2 * a + 1]];
    if (!before && !after) continue;
    const reps = (k: number) => c.b.ints(Array.from({ length: rank }, (_, i) => (i === a ? k : 1)), [rank], `${name}/reps`);
    const parts: string[] = [];
    if (before) parts.push(c.b.typed('Tile', [sliceAxis(c, y, rank, a, 0, 1), reps(before)], dtype, { Tmultiples: tfAttr.type('int32') }, name));
    parts.push(y);
    if (after) parts.push(c.b.typed('Tile', [sliceAxis(c, y, rank, a, -1, null), reps(after)], dtype, { Tmultiples: tfAttr.type('int32') }, name));
    y = c.b.typed('ConcatV2', [...parts, axisConst(c, a)], dtype, { N: tfAttr.i(parts.length), Tidx: tfAttr.type('int32') }, name);
  }
  return [y];
};

const where: OnnxOpHandler = (c) => [c.b.typed('SelectV2', [c.input(0), c.input(1), c.input(2)], c.dtype(1), {}, c.node.name)];

const compare =
  (tfOp: string): OnnxOpHandler =>
  (c) =>
    [c.b.typed(tfOp, [c.input(0), c.input(1)], c.dtype(0), tfOp === 'Equal' || tfOp === 'NotEqual' ? { incompatible_shape_error: tfAttr.b(true) } : {}, c.node.name)];

const logical =
  (tfOp: string): OnnxOpHandler =>
  (c) =>
    [c.b.node(tfOp, c.node.inputs.map((_, i) => c.input(i)), {}, c.node.name)];

/** ONNX TensorProto.DataType -> the type TF.js holds it as. */
const CAST_TO: Record<number, OnnxTypeName> = { 1: 'float', 2: 'uint8', 3: 'int32', 4: 'int32', 5: 'int32', 6: 'int32', 7: 'int64', 9: 'bool', 10: 'float', 11: 'float', 12: 'int32', 13: 'int64', 16: 'float' };

const cast: OnnxOpHandler = (c) => {
  const to = c.attrs.int('to');
  const type = CAST_TO[to] ?? c.fail(`casting to ONNX type ${to} is not supported (TF.js holds float32, int32 and bool)`);
  const dst = tfDtypeOf(type);
  if (dst === c.dtype(0)) return [c.input(0)];
  // TF.js WASM casts float -1 to bool as 255 (a byte, not a truth value): x != 0 says it.
  if (dst === 'bool') return [c.b.typed('NotEqual', [c.input(0), scalarOf(c, 0, c.dtype(0))], c.dtype(0), { incompatible_shape_error: tfAttr.b(true) }, c.node.name)];
  return [c.b.node('Cast', [c.input(0)], { SrcT: tfAttr.type(c.dtype(0)), DstT: tfAttr.type(dst), Truncate: tfAttr.b(false) }, c.node.name)];
};

const shape: OnnxOpHandler = (c) => {
  const s = shapeOf(c, c.input(0));
  if (!c.attrs.has('start') && !c.attrs.has('end')) return [s];
  const rank = rankOf(c, 'for Shape with start or end');
  const start = Math.min(Math.max(norm(c.attrs.int('start', 0), rank), 0), rank);
  const end = Math.min(Math.max(norm(c.attrs.int('end', rank), rank), 0), rank);
  return [stridedSlice(c, s, 'int32', [start], [Math.max(start, end)], [1], 0, 0)];
};

const size: OnnxOpHandler = (c) => [c.b.node('Size', [c.input(0)], { T: tfAttr.type(c.dtype(0)), out_type: tfAttr.type('int32') }, c.node.name)];

const constantOfShape: OnnxOpHandler = (c) => {
  const t = c.attrs.tensor('value');
  const dtype = t ? tfDtypeOf(t.type) : 'float32';
  const value = t ? Number(t.data[0] ?? 0) : 0;
  return [c.b.node('Fill', [c.input(0), scalarOf(c, value, dtype)], { T: tfAttr.type(dtype), index_type: tfAttr.type('int32') }, c.node.name)];
};

const range: OnnxOpHandler = (c) => [c.b.node('Range', [c.input(0), c.input(1), c.input(2)], { Tidx: tfAttr.type(c.dtype(0)) }, c.node.name)];

const argReduce =
  (tfOp: string): OnnxOpHandler =>
  (c) => {
    const name = c.node.name;
    if (c.attrs.int('select_last_index', 0) === 1) c.fail('select_last_index is not supported (TF.js returns the first index of ties)');
    const axis = c.attrs.int('axis', 0);
    const y = c.b.node(tfOp, [c.input(0), axisConst(c, axis)], { T: tfAttr.type(c.dtype(0)), Tidx: tfAttr.type('int32'), output_type: tfAttr.type('int32') }, name);
    if (c.attrs.int('keepdims', 1) === 0) return [y];
    return [c.b.typed('ExpandDims', [y, axisConst(c, axis)], 'int32', { Tdim: tfAttr.type('int32') }, name)];
  };

/** Channels-last (layout.ts): TF's DepthToSpace is ONNX's DCR order; CRD reorders the channels first. */
const depthToSpace: OnnxOpHandler = (c) => {
  if (!c.nhwc || rankOf(c, 'to lay it out channels-last') !== 4) c.fail('only 4-D inputs laid out channels-last are supported');
  const name = c.node.name;
  const bs = c.attrs.int('blocksize');
  let x = c.input(0);
  if (c.attrs.str('mode', 'DCR') === 'CRD') {
    const dim = c.shape(0)![3];
    const ch = typeof dim === 'number' ? dim : c.fail('CRD mode needs the channel count known');
    const cOut = ch / (bs * bs);
    // Channel k of DCR order, (i * bs + j) * cOut + c, is channel c * bs * bs + i * bs + j of CRD order.
    const order = Array.from({ length: ch }, (_, k) => (k % cOut) * bs * bs + Math.floor(k / cOut));
    x = c.b.node('GatherV2', [x, c.b.ints(order, [ch], `${name}/order`), axisConst(c, 3)], { Tparams: tfAttr.type('float32'), Tindices: tfAttr.type('int32'), Taxis: tfAttr.type('int32'), batch_dims: tfAttr.i(0) }, name);
  }
  return [c.b.typed('DepthToSpace', [x], c.dtype(0), { block_size: tfAttr.i(bs), data_format: tfAttr.s('NHWC') }, name)];
};

/** Channels-last SpaceToDepth (TF.js has none): reshape, transpose, reshape; sizes must be known. */
const spaceToDepth: OnnxOpHandler = (c) => {
  if (!c.nhwc || rankOf(c, 'to lay it out channels-last') !== 4) c.fail('only 4-D inputs laid out channels-last are supported');
  const name = c.node.name;
  const bs = c.attrs.int('blocksize');
  const [, h, w, ch] = c.shape(0)!;
  if (typeof h !== 'number' || typeof w !== 'number' || typeof ch !== 'number') return c.fail('its input height, width and channels must be known');
  const dtype = c.dtype(0);
  const reshape = (t: string, s: number[]) => c.b.typed('Reshape', [t, c.b.ints(s, [s.length], `${name}/shape`)], dtype, { Tshape: tfAttr.type('int32') }, name);
  const r = reshape(c.input(0), [-1, h / bs, bs, w / bs, bs, ch]);
  const t = c.b.typed('Transpose', [r, c.b.ints([0, 1, 3, 2, 4, 5], [6], `${name}/perm`)], dtype, { Tperm: tfAttr.type('int32') }, name);
  return [reshape(t, [-1, h / bs, w / bs, bs * bs * ch])];
};

export const shapeOps: Record<string, OnnxOpHandler> = {
  Slice: slice,
  Split: split,
  Gather: gather,
  Expand: expand,
  Tile: tile,
  Pad: pad,
  Where: where,
  Equal: compare('Equal'),
  Less: compare('Less'),
  Greater: compare('Greater'),
  LessOrEqual: compare('LessEqual'),
  GreaterOrEqual: compare('GreaterEqual'),
  Xor: compare('NotEqual'),
  And: logical('LogicalAnd'),
  Or: logical('LogicalOr'),
  Not: logical('LogicalNot'),
  Cast: cast,
  Shape: shape,
  Size: size,
  ConstantOfShape: constantOfShape,
  Range: range,
  ArgMax: argReduce('ArgMax'),
  ArgMin: argReduce('ArgMin'),
  DepthToSpace: depthToSpace,
  SpaceToDepth: spaceToDepth,
};
