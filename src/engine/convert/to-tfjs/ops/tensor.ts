/** ONNX ops that move or relabel data (reshapes, transposes, concatenation) -> TF ops. */
import { sizeOf } from '../../graph';
import { tfAttr, type Dims, type OnnxOpContext, type OnnxOpHandler } from '../tf-builder';

const norm = (a: number, rank: number) => (a < 0 ? a + rank : a);

/** TF Reshape to a constant shape; at most one unknown size (written -1). */
function reshapeTo(c: OnnxOpContext, x: string, shape: Dims): string {
  const unknown = shape.filter((d) => typeof d !== 'number' || d < 0).length;
  if (unknown > 1) c.fail(`its output shape [${shape.join(', ')}] has more than one size known only at run time`);
  const values = shape.map((d) => (typeof d === 'number' ? d : -1));
  return c.b.typed('Reshape', [x, c.b.ints(values, [values.length], `${c.node.name}/shape`)], c.dtype(0), { Tshape: tfAttr.type('int32') }, c.node.name);
}

/**
 * A shape computed at run time. TF's Reshape reads it as ONNX does but for 0, which ONNX (without
 * allowzero) reads as "the input's size there": those are swapped for the input's sizes first.
 */
function dynamicReshape(c: OnnxOpContext): string {
  const name = c.node.name;
  const dtype = c.dtype(0);
  const target = c.input(1);
  const attrs = { Tshape: tfAttr.type('int32') };
  if (c.attrs.int('allowzero', 0) === 1) return c.b.typed('Reshape', [c.input(0), target], dtype, attrs, name);
  const rankOut = c.shape(1)?.[0];
  const rankIn = c.shape(0)?.length;
  if (typeof rankOut !== 'number' || rankIn === undefined) return c.fail('its computed shape needs known ranks (a 0 in it copies an input size)');
  const int32 = { T: tfAttr.type('int32') };
  let sizes = c.b.node('Shape', [c.input(0)], { T: tfAttr.type(dtype), out_type: tfAttr.type('int32') }, name);
  // The input's sizes lined up with the target's entries (1s past the input's rank: a 0 there is invalid ONNX).
  if (rankIn > rankOut) sizes = c.b.node('Slice', [sizes, c.b.ints([0], [1], `${name}/begin`), c.b.ints([rankOut], [1], `${name}/size`)], { ...int32, Index: tfAttr.type('int32') }, name);
  else if (rankIn < rankOut) sizes = c.b.node('ConcatV2', [sizes, c.b.ints(Array(rankOut - rankIn).fill(1), [rankOut - rankIn], `${name}/ones`), c.b.ints([0], [], `${name}/axis`)], { ...int32, N: tfAttr.i(2), Tidx: tfAttr.type('int32') }, name);
  const zero = c.b.node('Equal', [target, c.b.ints([0], [], `${name}/zero`)], int32, name);
  const shape = c.b.node('SelectV2', [zero, sizes, target], int32, name);
  return c.b.typed('Reshape', [c.input(0), shape], dtype, attrs, name);
}

const reshape: OnnxOpHandler = (c) => {
  const values = c.constValues(1);
  if (!values) return [dynamicReshape(c)];
  const input = c.shape(0);
  const allowZero = c.attrs.int('allowzero', 0) === 1;
  const shape: Dims = values.map((v, i) => {
    if (v !== 0 || allowZero) return v;
    const d = input?.[i];
    if (d === undefined) return c.fail(`its shape copies size ${i} of an input whose shape is unknown`);
    return d;
  });
  // A copied symbolic size and a -1 together: the copied one is the batch, -1 what is left, and
  // only the output shape (when known) can say it.
  const out = c.outShape(0);
  const unknown = shape.filter((d) => typeof d !== 'number' || d < 0).length;
  if (unknown > 1 && out && out.filter((d) => typeof d !== 'number').length <= 1) return [reshapeTo(c, c.input(0), out)];
  return [reshapeTo(c, c.input(0), shape)];
};

const flatten: OnnxOpHandler = (c) => {
  const dims = c.shape(0);
  if (!dims) return c.fail("its input's rank must be known");
  const axis = norm(c.attrs.int('axis', 1), dims.length);
  const prod = (d: Dims) => (d.every((x) => typeof x === 'number') ? sizeOf(d as number[]) : -1);
  const outer = prod(dims.slice(0, axis));
  const inner = prod(dims.slice(axis));
  if (outer < 0 && inner < 0) c.fail(`its input [${dims.join(', ')}] has unknown sizes on both sides of axis ${axis}`);
  return [reshapeTo(c, c.input(0), [outer, inner])];
};

const transpose: OnnxOpHandler = (c) => {
  const dims = c.shape(0);
  const perm = c.attrs.has('perm') ? c.attrs.ints('perm') : dims ? dims.map((_, i) => dims.length - 1 - i) : c.fail("its input's rank must be known (no perm given)");
  return [c.b.typed('Transpose', [c.input(0), c.b.ints(perm, [perm.length], `${c.node.name}/perm`)], c.dtype(0), { Tperm: tfAttr.type('int32') }, c.node.name)];
};

/** Axes from the attribute (before opset 13) or the constant input 1. */
function axesOf(c: OnnxOpContext): number[] | null {
  if (c.attrs.has('axes')) return c.attrs.ints('axes');
  if (!c.has(1)) return null;
  return c.constValues(1) ?? c.fail('its axes must be constant');
}

const squeeze: OnnxOpHandler = (c) => {
  const dims = c.shape(0);
  let axes = axesOf(c);
  if (!axes) {
    if (!dims || dims.some((d) => typeof d !== 'number')) return c.fail('without axes, its input shape must be known');
    axes = dims.flatMap((d, i) => (d === 1 ? [i] : []));
  }
  const list = dims ? axes.map((a) => norm(a, dims.length)) : axes;
  return [c.b.typed('Squeeze', [c.input(0)], c.dtype(0), { squeeze_dims: tfAttr.ints(list) }, c.node.name)];
};

const unsqueeze: OnnxOpHandler = (c) => {
  const dims = c.shape(0);
  const axes = axesOf(c) ?? c.fail('it needs axes');
  if (!dims && axes.some((a) => a < 0)) return c.fail("its input's rank must be known for negative axes");
  const rank = (dims?.length ?? 0) + axes.length;
  let y = c.input(0);
  for (const a of axes.map((a) => norm(a, rank)).sort((p, q) => p - q)) {
    y = c.b.typed('ExpandDims', [y, c.b.ints([a], [], `${c.node.name}/axis`)], c.dtype(0), { Tdim: tfAttr.type('int32') }, c.node.name);
  }
  return [y];
};

const concat: OnnxOpHandler = (c) => {
  const inputs = c.node.inputs.map((_, i) => c.input(i));
  if (inputs.length === 1) return [inputs[0]];
  const axis = c.attrs.int('axis');
  return [c.b.typed('ConcatV2', [...inputs, c.b.ints([axis], [], `${c.node.name}/axis`)], c.dtype(0), { N: tfAttr.i(inputs.length), Tidx: tfAttr.type('int32') }, c.node.name)];
};

/** Identity and inference-time Dropout pass their input on: no TF node at all (Dropout's mask is not given). */
const passThrough: OnnxOpHandler = (c) => [c.input(0)];

export const tensorOps: Record<string, OnnxOpHandler> = {
  Reshape: reshape,
  Flatten: flatten,
  Transpose: transpose,
  Squeeze: squeeze,
  Unsqueeze: unsqueeze,
  Concat: concat,
  Identity: passThrough,
  Dropout: passThrough,
};
