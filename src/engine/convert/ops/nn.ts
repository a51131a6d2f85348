/**
 * Convolutions, pools, resizes: ONNX computes them in NCHW, so each is wrapped in Transposes
 * (NHWC -> NCHW before, back after); optimize.ts then cancels the pairs between layers.
 */
import { ConvertError } from '../errors';
import { transposeData, type AttrValue } from '../graph';
import type { Builder, OpContext, OpHandler, Tensor } from '../builder';
import { activation } from './math';

export const TO_NCHW = [0, 3, 1, 2];
export const TO_NHWC = [0, 2, 3, 1];

function checkNhwc(ctx: OpContext): void {
  const format = ctx.attrs.str('data_format', 'NHWC');
  if (format !== 'NHWC') throw new ConvertError(`${ctx.node.name} (${ctx.node.op}): data_format ${format} is not supported (NHWC is)`);
}

/** Runs `inner` on x in NCHW: Transpose in, the op, Transpose out. */
export function inNchw(b: Builder, x: string, inner: (xNchw: string) => string): string {
  const y = inner(b.op('Transpose', [x], { perm: { ints: TO_NCHW } }));
  return b.op('Transpose', [y], { perm: { ints: TO_NHWC } });
}

/** ONNX padding attributes for TF's SAME/VALID/EXPLICIT on the two spatial dims. */
function padding(ctx: OpContext, kernel: number[], strides: number[], dilations: number[]): Record<string, AttrValue> {
  const mode = ctx.attrs.str('padding');
  if (mode === 'VALID') return {};
  if (mode === 'EXPLICIT') {
    const p = ctx.attrs.ints('explicit_paddings');
    return { pads: { ints: [p[2], p[4], p[3], p[5]] } };
  }
  if (mode !== 'SAME') throw new ConvertError(`${ctx.node.name}: padding ${mode} is not supported`);
  if (dilations.every((d) => d === 1)) return { auto_pad: { s: 'SAME_UPPER' } };
  // onnxruntime refuses SAME_UPPER with dilations; at stride 1 the total padding does not depend on the input size.
  if (strides.some((s) => s !== 1)) throw new ConvertError(`${ctx.node.name}: SAME padding with both dilations and strides is not supported`);
  const total = kernel.map((k, i) => dilations[i] * (k - 1));
  const begin = total.map((t) => Math.floor(t / 2));
  return { pads: { ints: [...begin, ...total.map((t, i) => t - begin[i])] } };
}

/** A kernel as ONNX wants it: permuted constant, or a Transpose node when it is computed. */
function kernel(b: Builder, w: Tensor, perm: number[], reshapeTo?: (dims: number[]) => number[]): string {
  const init = b.init(w.name);
  if (!init) {
    if (reshapeTo) throw new ConvertError(`${b.currentTfOp}: a depthwise filter must be a constant`);
    return b.op('Transpose', [w.name], { perm: { ints: perm } });
  }
  if (init.dims.length !== 4) throw new ConvertError(`${b.currentTfOp}: its filter ${w.name} has shape [${init.dims}], not 4-D`);
  const dims = perm.map((p) => init.dims[p]);
  return b.addInit({ name: b.fresh(`${w.name}_onnx`), type: 'float', dims: reshapeTo ? reshapeTo(init.dims) : dims, data: transposeData(init.data as Float32Array, init.dims, perm) });
}

function fusedExtras(ctx: OpContext, first: number): { bias?: string; act?: string; alpha?: Tensor } {
  const ops = ctx.attrs.strs('fused_ops');
  const n = ctx.attrs.int('num_args', 0);
  const args = ctx.inputs.slice(first, first + n);
  if (ops.length === 0) return {};
  const [head, act] = ops;
  if (head !== 'BiasAdd' && head !== 'NoOp') throw new ConvertError(`${ctx.node.name}: fused op ${head} is not supported (TF.js accepts BiasAdd or NoOp first)`);
  const bias = head === 'BiasAdd' ? args[0]?.name : undefined;
  const alpha = act === 'Prelu' ? args[head === 'BiasAdd' ? 1 : 0] : undefined;
  return { bias, act, alpha };
}

function applyFused(ctx: OpContext, y: string, act: string | undefined, alpha: Tensor | undefined): string {
  if (!act) return y;
  return activation(ctx, act, y, alpha, ctx.attrs.float('leakyrelu_alpha', 0.2));
}

function conv(depthwise: boolean, fused: boolean): OpHandler {
  return (ctx) => {
    checkNhwc(ctx);
    const { b, inputs } = ctx;
    const [x, w] = inputs;
    const strides = ctx.attrs.ints('strides', [1, 1, 1, 1]).slice(1, 3);
    const dilations = ctx.attrs.ints('dilations', [1, 1, 1, 1]).slice(1, 3);
    const wInit = b.init(w.name);
    const kdims = wInit?.dims;
    if (!kdims && (depthwise || dilations.some((d) => d !== 1))) throw new ConvertError(`${ctx.node.name}: a ${depthwise ? 'depthwise' : 'dilated'} filter must be a constant`);
    const attrs: Record<string, AttrValue> = { strides: { ints: strides }, dilations: { ints: dilations } };
    if (kdims) attrs.kernel_shape = { ints: kdims.slice(0, 2) };
    Object.assign(attrs, padding(ctx, kdims ? kdims.slice(0, 2) : [1, 1], strides, dilations));
    // HWIO -> OIHW; depthwise [kh,kw,C,M] -> [C*M,1,kh,kw] with one group per input channel.
    const weights = depthwise
      ? kernel(b, w, [2, 3, 0, 1], ([kh, kw, c, m]) => [c * m, 1, kh, kw])
      : kernel(b, w, [3, 2, 0, 1]);
    if (depthwise) attrs.group = { i: kdims![2] };
    const extras = fused ? fusedExtras(ctx, 2) : {};
    const convInputs = [x.name, weights, ...(extras.bias ? [extras.bias] : [])];
    const y = inNchw(b, x.name, (xn) => b.op('Conv', convInputs.map((n, i) => (i === 0 ? xn : n)), attrs));
    return [{ name: applyFused(ctx, y, extras.act, extras.alpha), dtype: 'float32' }];
  };
}

function pool(op: 'MaxPool' | 'AveragePool'): OpHandler {
  return (ctx) => {
    checkNhwc(ctx);
    const k = ctx.attrs.ints('ksize').slice(1, 3);
    const strides = ctx.attrs.ints('strides').slice(1, 3);
    const attrs = { kernel_shape: { ints: k }, strides: { ints: strides }, ...padding(ctx, k, strides, [1, 1]) };
    return [{ name: inNchw(ctx.b, ctx.inputs[0].name, (xn) => ctx.b.op(op, [xn], attrs)), dtype: ctx.inputs[0].dtype }];
  };
}

/**
 * TF's resize flags -> ONNX Resize in NHWC, with full-rank `sizes` (batch and channels read from the
 * input's shape; onnxruntime folds that when it is static). Not `axes`: onnxruntime's own transpose
 * optimizer empties `sizes` when it moves a Transpose past a Resize with `axes`.
 */
function resize(mode: 'linear' | 'nearest'): OpHandler {
  return ({ b, inputs, attrs }) => {
    const [x, size] = inputs;
    const alignCorners = attrs.bool('align_corners');
    const halfPixel = attrs.bool('half_pixel_centers');
    const ctm = alignCorners ? 'align_corners' : halfPixel ? (mode === 'linear' ? 'half_pixel' : 'tf_half_pixel_for_nn') : 'asymmetric';
    const onnxAttrs: Record<string, AttrValue> = { mode: { s: mode }, coordinate_transformation_mode: { s: ctm } };
    if (mode === 'nearest') onnxAttrs.nearest_mode = { s: alignCorners || halfPixel ? 'round_prefer_ceil' : 'floor' };
    if (ctm === 'tf_half_pixel_for_nn') onnxAttrs.coordinate_transformation_mode = { s: 'half_pixel' };
    // TF's resizes return float32 whatever they are given.
    const xf = x.dtype === 'float32' ? x.name : b.cast(x.name, 'float32');
    const shape = b.op('Shape', [xf]);
    const dim = (from: number) => b.op('Slice', [shape, b.int64([from]), b.int64([from + 1])]);
    const sizes = b.op('Concat', [dim(0), b.toInt64(size), dim(3)], { axis: { i: 0 } });
    return [{ name: b.op('Resize', [xf, '', '', sizes], onnxAttrs), dtype: 'float32' }];
  };
}

const conv2dBackpropInput: OpHandler = (ctx) => {
  checkNhwc(ctx);
  const { b, inputs } = ctx;
  const [sizes, w, x] = inputs;
  const wInit = b.init(w.name);
  if (!wInit) throw new ConvertError(`${ctx.node.name}: the filter must be a constant`);
  const k = wInit.dims.slice(0, 2);
  const strides = ctx.attrs.ints('strides').slice(1, 3);
  const dilations = ctx.attrs.ints('dilations', [1, 1, 1, 1]).slice(1, 3);
  const mode = ctx.attrs.str('padding');
  const ke = k.map((kk, i) => dilations[i] * (kk - 1) + 1);
  const weights = kernel(b, w, [3, 2, 0, 1]);
  const baseAttrs: Record<string, AttrValue> = { kernel_shape: { ints: k }, strides: { ints: strides }, dilations: { ints: dilations } };
  const outConst = b.constValues(sizes);
  if (!outConst) {
    // Computed from the input's shape (Keras Conv2DTranspose): that size is in*stride under SAME and
    // (in-1)*stride+k under VALID, which these pads give for any input size.
    if (mode === 'EXPLICIT') throw new ConvertError(`${ctx.node.name}: EXPLICIT padding needs a constant output size`);
    const total = ke.map((kk, i) => (mode === 'SAME' ? Math.max(0, kk - strides[i]) : 0));
    const begin = total.map((t) => Math.floor(t / 2));
    const attrs = { ...baseAttrs, pads: { ints: [...begin, ...total.map((t, i) => t - begin[i])] }, output_padding: { ints: ke.map((kk, i) => (mode === 'SAME' ? Math.max(0, strides[i] - kk) : 0)) } };
    return [{ name: inNchw(b, x.name, (xn) => b.op('ConvTranspose', [xn, weights], attrs)), dtype: 'float32' }];
  }
  const outSize = outConst.slice(1, 3);
  // The forward conv this inverts: its input is our output, its output our input.
  const inSize = outSize.map((o, i) => (mode === 'VALID' ? Math.floor((o - ke[i]) / strides[i]) + 1 : Math.ceil(o / strides[i])));
  let begin: number[], end: number[];
  if (mode === 'EXPLICIT') {
    const p = ctx.attrs.ints('explicit_paddings');
    begin = [p[2], p[4]];
    end = [p[3], p[5]];
  } else {
    const total = outSize.map((o, i) => (mode === 'VALID' ? 0 : Math.max(0, (inSize[i] - 1) * strides[i] + ke[i] - o)));
    begin = total.map((t) => Math.floor(t / 2));
    end = total.map((t, i) => t - begin[i]);
  }
  const outputPadding = outSize.map((o, i) => o - ((inSize[i] - 1) * strides[i] + ke[i] - begin[i] - end[i]));
  const attrs = { ...baseAttrs, pads: { ints: [...begin, ...end] }, output_padding: { ints: outputPadding } };
  return [{ name: inNchw(b, x.name, (xn) => b.op('ConvTranspose', [xn, weights], attrs)), dtype: 'float32' }];
};

const depthToSpace: OpHandler = (ctx) => {
  checkNhwc(ctx);
  const bs = ctx.attrs.int('block_size');
  return [{ name: inNchw(ctx.b, ctx.inputs[0].name, (xn) => ctx.b.op('DepthToSpace', [xn], { blocksize: { i: bs }, mode: { s: 'DCR' } })), dtype: ctx.inputs[0].dtype }];
};

/**
 * Inference-mode batch norm on the last (channel) axis, as one multiply and one add with
 * constants computed here in float32 as TF.js's kernels do (scale / sqrt(variance + epsilon)).
 */
const fusedBatchNorm: OpHandler = (ctx) => {
  checkNhwc(ctx);
  const { b } = ctx;
  if (ctx.attrs.bool('is_training')) throw new ConvertError(`${ctx.node.name}: training-mode FusedBatchNorm is not supported`);
  const [x, scaleT, offsetT, meanT, varT] = ctx.inputs;
  const [scale, offset, mean, variance] = [scaleT, offsetT, meanT, varT].map((t, i) => b.requireConst(t, ['scale', 'offset', 'mean', 'variance'][i]));
  const eps = ctx.attrs.float('epsilon', 0.001);
  const mul = scale.map((s, i) => Math.fround(s / Math.fround(Math.sqrt(Math.fround(variance[i] + eps)))));
  const add = offset.map((o, i) => Math.fround(o - Math.fround(mean[i] * mul[i])));
  return [{ name: b.op('Add', [b.op('Mul', [x.name, b.float(mul)]), b.float(add)]), dtype: 'float32' }];
};

/** TF's LRN sums squares over depth_radius on each side; ONNX's divides alpha by the window size. */
const lrn: OpHandler = (ctx) => {
  const radius = ctx.attrs.int('depth_radius', 5);
  const size = 2 * radius + 1;
  const attrs = { size: { i: size }, alpha: { f: ctx.attrs.float('alpha', 1) * size }, beta: { f: ctx.attrs.float('beta', 0.5) }, bias: { f: ctx.attrs.float('bias', 1) } };
  return [{ name: inNchw(ctx.b, ctx.inputs[0].name, (xn) => ctx.b.op('LRN', [xn], attrs)), dtype: 'float32' }];
};

export const nnOps: Record<string, OpHandler> = {
  FusedBatchNorm: fusedBatchNorm,
  FusedBatchNormV2: fusedBatchNorm,
  FusedBatchNormV3: fusedBatchNorm,
  LRN: lrn,
  Conv2D: conv(false, false),
  _FusedConv2D: conv(false, true),
  DepthwiseConv2dNative: conv(true, false),
  DepthwiseConv2D: conv(true, false),
  FusedDepthwiseConv2dNative: conv(true, true),
  MaxPool: pool('MaxPool'),
  AvgPool: pool('AveragePool'),
  ResizeBilinear: resize('linear'),
  ResizeNearestNeighbor: resize('nearest'),
  Conv2DBackpropInput: conv2dBackpropInput,
  DepthToSpace: depthToSpace,
};
