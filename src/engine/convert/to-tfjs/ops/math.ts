/** Element-wise ONNX ops, activations and matrix products -> TF ops. */
import type { AttrJson } from '../../tfjs-model';
import { broadcastDims } from '../shapes';
import { tfAttr, type Dims, type OnnxOpContext, type OnnxOpHandler, type TfDtype } from '../tf-builder';

const binary =
  (tfOp: string): OnnxOpHandler =>
  (c) => {
    // Variadic in ONNX (Max, Min, Sum): a chain of binary ops.
    let acc = c.input(0);
    for (let i = 1; i < c.node.inputs.length; i++) acc = c.b.typed(tfOp, [acc, c.input(i)], c.dtype(0), {}, c.node.name);
    return [acc];
  };

const unary =
  (tfOp: string): OnnxOpHandler =>
  (c) => [c.b.typed(tfOp, [c.input(0)], c.dtype(0), {}, c.node.name)];

/** The integer ONNX Div truncates; TF.js's int32 Div floors: only float division is mapped as is. */
const div: OnnxOpHandler = (c) => {
  if (c.dtype(0) !== 'float32') c.fail('integer division (ONNX truncates, TF.js floors) is not supported');
  return binary('RealDiv')(c);
};

/** A scalar constant of input 0's type. */
const scalar = (c: OnnxOpContext, v: number, dtype: TfDtype = c.dtype(0)) => c.b.scalar(v, dtype, `${c.node.name}/c`);

/** Clip's bounds: attributes before opset 11, optional inputs since. */
function clipBounds(c: OnnxOpContext): { min: number | string | null; max: number | string | null } {
  if (c.opset < 11 || c.attrs.has('min') || c.attrs.has('max')) {
    return { min: c.attrs.has('min') ? c.attrs.float('min') : null, max: c.attrs.has('max') ? c.attrs.float('max') : null };
  }
  const bound = (i: number) => {
    if (!c.has(i)) return null;
    const v = c.constValues(i);
    if (v) {
      if (v.length !== 1) c.fail(`its bound ${i === 1 ? 'min' : 'max'} must be a single value`);
      return v[0];
    }
    return c.input(i);
  };
  return { min: bound(1), max: bound(2) };
}

const clip: OnnxOpHandler = (c) => {
  const { min, max } = clipBounds(c);
  const x = c.input(0);
  const dtype = c.dtype(0);
  const name = c.node.name;
  if (min === 0 && max === 6 && dtype === 'float32') return [c.b.typed('Relu6', [x], dtype, {}, name)];
  if (min === 0 && max === null) return [c.b.typed('Relu', [x], dtype, {}, name)];
  if (typeof min === 'number' && typeof max === 'number') return [c.b.typed('ClipByValue', [x, scalar(c, min), scalar(c, max)], dtype, {}, name)];
  let y = x;
  if (min !== null) y = c.b.typed('Maximum', [y, typeof min === 'number' ? scalar(c, min) : min], dtype, {}, name);
  if (max !== null) y = c.b.typed('Minimum', [y, typeof max === 'number' ? scalar(c, max) : max], dtype, {}, name);
  return [y];
};

/** max(0, min(1, alpha * x + beta)). */
function hardSigmoid(c: OnnxOpContext, x: string, alpha: number, beta: number): string {
  const name = c.node.name;
  const ax = c.b.typed('Mul', [x, scalar(c, alpha)], 'float32', {}, name);
  const axb = c.b.typed('AddV2', [ax, scalar(c, beta)], 'float32', {}, name);
  return c.b.typed('ClipByValue', [axb, scalar(c, 0), scalar(c, 1)], 'float32', {}, name);
}

/** The perm moving `axis` last (null when it is last already). */
function axisLast(rank: number, axis: number): number[] | null {
  if (axis === rank - 1) return null;
  const perm = [...Array(rank).keys()].filter((i) => i !== axis);
  return [...perm.slice(0, axis), ...perm.slice(axis), axis];
}

/** TF's Softmax works on the last axis: other axes are moved there and back. */
const softmax =
  (tfOp: string): OnnxOpHandler =>
  (c) => {
    const dims = c.shape(0);
    const axisAttr = c.attrs.int('axis', -1);
    if (axisAttr === -1) return [c.b.typed(tfOp, [c.input(0)], 'float32', {}, c.node.name)];
    if (!dims) return c.fail(`its input's rank must be known for axis ${axisAttr}`);
    const rank = dims.length;
    const axis = axisAttr < 0 ? axisAttr + rank : axisAttr;
    const perm = axisLast(rank, axis);
    if (!perm) return [c.b.typed(tfOp, [c.input(0)], 'float32', {}, c.node.name)];
    const inv = perm.map((_, i) => perm.indexOf(i));
    const t = c.b.typed('Transpose', [c.input(0), c.b.ints(perm, [rank], `${c.node.name}/perm`)], 'float32', {}, c.node.name);
    const s = c.b.typed(tfOp, [t], 'float32', {}, c.node.name);
    return [c.b.typed('Transpose', [s, c.b.ints(inv, [rank], `${c.node.name}/perm`)], 'float32', {}, c.node.name)];
  };

/**
 * ONNX MatMul: numpy's matmul. A batch times a matrix is one 2-D MatMul on the batch flattened
 * (TF.js's fastest path); batches that broadcast are broadcast first (TF.js 4.22's BatchMatMulV2
 * drops rows when a batch size 1 meets a larger one); a 1-D operand gets a unit axis, removed after.
 */
const matmul: OnnxOpHandler = (c) => {
  const a = c.shape(0);
  const bShape = c.shape(1);
  if (!a || !bShape) return c.fail('the ranks of its operands must be known');
  const name = c.node.name;
  const dtype = c.dtype(0);
  const reshape = (t: string, dims: Dims) => c.b.typed('Reshape', [t, c.b.ints(dims.map((d) => (typeof d === 'number' ? d : -1)), [dims.length], `${name}/shape`)], dtype, { Tshape: tfAttr.type('int32') }, name);
  const lead = a.slice(0, -2);
  if (a.length >= 3 && bShape.length === 2 && lead.filter((d) => typeof d !== 'number').length <= 1 && typeof a[a.length - 2] === 'number') {
    const k = a[a.length - 1];
    const flat = reshape(c.input(0), [-1, typeof k === 'number' ? k : -1]);
    const mm = c.b.typed('MatMul', [flat, c.input(1)], dtype, { transpose_a: tfAttr.b(false), transpose_b: tfAttr.b(false) }, name);
    return [reshape(mm, [...lead, a[a.length - 2], bShape[1]])];
  }
  let x = c.input(0);
  let y = c.input(1);
  const expand = (t: string, axis: number) => c.b.typed('ExpandDims', [t, c.b.ints([axis], [], `${name}/axis`)], dtype, { Tdim: tfAttr.type('int32') }, name);
  if (a.length === 1) x = expand(x, 0);
  if (bShape.length === 1) y = expand(y, 1);
  if (a.length >= 3 && bShape.length >= 3) {
    const batchA = a.slice(0, -2);
    const batchB = bShape.slice(0, -2);
    const batch = broadcastDims(batchA, batchB)!;
    const pad = (d: Dims) => [...Array(batch.length - d.length).fill(1), ...d];
    const widen = (t: string, own: Dims, dims: Dims) => {
      // Only a size 1 against another size broadcasts (equal or unknown sizes are ONNX's promise to match).
      if (!pad(own).some((d, i) => d === 1 && batch[i] !== 1)) return t;
      if (![...batch, ...dims].every((d) => typeof d === 'number')) return c.fail(`its batches [${batchA.join(', ')}] and [${batchB.join(', ')}] broadcast over sizes known only at run time`);
      const shape = [...batch, ...dims] as number[];
      return c.b.typed('BroadcastTo', [t, c.b.ints(shape, [shape.length], `${name}/shape`)], dtype, { Tidx: tfAttr.type('int32') }, name);
    };
    x = widen(x, batchA, a.slice(-2));
    y = widen(y, batchB, bShape.slice(-2));
  }
  const op = a.length <= 2 && bShape.length <= 2 ? 'MatMul' : 'BatchMatMulV2';
  const flags: Record<string, AttrJson> = op === 'MatMul' ? { transpose_a: tfAttr.b(false), transpose_b: tfAttr.b(false) } : { adj_x: tfAttr.b(false), adj_y: tfAttr.b(false) };
  let out = c.b.typed(op, [x, y], dtype, flags, name);
  const drop = [...(a.length === 1 ? [-2] : []), ...(bShape.length === 1 ? [-1] : [])];
  if (drop.length) out = c.b.typed('Squeeze', [out], dtype, { squeeze_dims: tfAttr.ints(drop) }, name);
  return [out];
};

const gemm: OnnxOpHandler = (c) => {
  const name = c.node.name;
  const alpha = c.attrs.float('alpha', 1);
  const beta = c.attrs.float('beta', 1);
  const transA = c.attrs.int('transA', 0) === 1;
  const transB = c.attrs.int('transB', 0) === 1;
  let b = c.input(1);
  const bConst = c.constant(1);
  if (alpha !== 1 && bConst && bConst.type === 'float') {
    const scaled = Float32Array.from(bConst.data as Float32Array, (v) => v * alpha);
    b = c.b.const(scaled, 'float32', bConst.dims, `${name}/B`);
  }
  let y = c.b.typed('MatMul', [c.input(0), b], 'float32', { transpose_a: tfAttr.b(transA), transpose_b: tfAttr.b(transB) }, name);
  if (alpha !== 1 && !bConst) y = c.b.typed('Mul', [y, scalar(c, alpha)], 'float32', {}, name);
  if (c.has(2) && beta !== 0) {
    const cConst = c.constant(2);
    let bias = c.input(2);
    if (beta !== 1) bias = cConst ? c.b.const(Float32Array.from(cConst.data as Float32Array, (v) => v * beta), 'float32', cConst.dims, `${name}/C`) : c.b.typed('Mul', [bias, scalar(c, beta)], 'float32', {}, name);
    const cDims = c.shape(2);
    y = cDims && cDims.length === 1 ? c.b.typed('BiasAdd', [y, bias], 'float32', { data_format: tfAttr.s('NHWC') }, name) : c.b.typed('AddV2', [y, bias], 'float32', {}, name);
  }
  return [y];
};

export const mathOps: Record<string, OnnxOpHandler> = {
  Add: binary('AddV2'),
  Sub: binary('Sub'),
  Mul: binary('Mul'),
  Div: div,
  Pow: binary('Pow'),
  Max: binary('Maximum'),
  Min: binary('Minimum'),
  Sum: binary('AddV2'),
  Sqrt: unary('Sqrt'),
  Exp: unary('Exp'),
  Log: unary('Log'),
  Neg: unary('Neg'),
  Abs: unary('Abs'),
  Relu: unary('Relu'),
  Sigmoid: unary('Sigmoid'),
  Tanh: unary('Tanh'),
  LeakyRelu: (c) => [c.b.typed('LeakyRelu', [c.input(0)], 'float32', { alpha: tfAttr.f(c.attrs.float('alpha', 0.01)) }, c.node.name)],
  Clip: clip,
  HardSigmoid: (c) => [hardSigmoid(c, c.input(0), c.attrs.float('alpha', 0.2), c.attrs.float('beta', 0.5))],
  HardSwish: (c) => {
    const name = c.node.name;
    const x = c.input(0);
    // x * relu6(x + 3) / 6: one op fewer than x * hardsigmoid(x).
    const r = c.b.typed('Relu6', [c.b.typed('AddV2', [x, scalar(c, 3)], 'float32', {}, name)], 'float32', {}, name);
    return [c.b.typed('Mul', [x, c.b.typed('Mul', [r, scalar(c, 1 / 6)], 'float32', {}, name)], 'float32', {}, name)];
  },
  Softmax: softmax('Softmax'),
  LogSoftmax: softmax('LogSoftmax'),
  MatMul: matmul,
  Gemm: gemm,
};
