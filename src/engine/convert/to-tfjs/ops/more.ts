/**
 * Transposed convolution, resizing, reductions, normalizations and the activations beyond
 * math.ts. ConvTranspose, Resize/Upsample and InstanceNormalization are on layout.ts's NCHW list:
 * their input 0 and output 0 are channels-last here.
 */
import { transposeData } from '../../graph';
import { tfAttr, type OnnxOpContext, type OnnxOpHandler, type TfDtype } from '../tf-builder';
import { constInput, rankOf, stridedSlice } from './shape';

const norm = (a: number, rank: number) => (a < 0 ? a + rank : a);
const f32 = (c: OnnxOpContext, v: number) => c.b.scalar(v, 'float32', `${c.node.name}/c`);
const op = (c: OnnxOpContext, tfOp: string, inputs: string[], dtype: TfDtype = 'float32') => c.b.typed(tfOp, inputs, dtype, {}, c.node.name);
const ints = (c: OnnxOpContext, v: number[], hint: string) => c.b.ints(v, [v.length], `${c.node.name}/${hint}`);

function requireNhwc4(c: OnnxOpContext): void {
  if (!c.nhwc || rankOf(c, 'to lay it out channels-last') !== 4) c.fail('only 2-D images (4-D inputs) laid out channels-last are supported');
}

/** ConvTranspose as TF's Conv2DBackpropInput (VALID, full size), then cropped to ONNX's pads. */
const convTranspose: OnnxOpHandler = (c) => {
  requireNhwc4(c);
  const name = c.node.name;
  const w = c.constant(1) ?? c.fail('its weights must be constant');
  if (w.type !== 'float' || w.dims.length !== 4) c.fail('only float 2-D kernels are supported');
  if (c.attrs.int('group', 1) !== 1) c.fail('grouped transposed convolutions are not supported');
  const dil = c.attrs.ints('dilations', [1, 1]);
  if (dil.some((d) => d !== 1)) c.fail('dilated transposed convolutions are not supported by TF.js');
  const [cin, cout, kh, kw] = w.dims;
  const kernel = c.attrs.ints('kernel_shape', [kh, kw]);
  const strides = c.attrs.ints('strides', [1, 1]);
  const outPad = c.attrs.ints('output_padding', [0, 0]);
  const [, h, wd] = c.shape(0)!;
  const spatial = [h, wd];
  // Full output of a VALID transposed conv, plus output_padding (TF accepts a size up to stride - 1 larger).
  const full = spatial.map((d, i) => (typeof d === 'number' ? strides[i] * (d - 1) + kernel[i] + outPad[i] : null));
  let pads = c.attrs.ints('pads', [0, 0, 0, 0]);
  const auto = c.attrs.str('auto_pad', 'NOTSET');
  const outputShape = c.attrs.has('output_shape') ? c.attrs.ints('output_shape').slice(-2) : null;
  if (outputShape || auto === 'SAME_UPPER' || auto === 'SAME_LOWER') {
    if (full.some((f) => f === null)) c.fail('its padding rule needs the input size known');
    const target = outputShape ?? spatial.map((d, i) => (d as number) * strides[i]);
    const total = full.map((f, i) => f! - target[i]);
    if (total.some((t) => t < 0)) c.fail('its output shape is larger than the transposed convolution gives');
    // ONNX: SAME_UPPER puts the odd pixel at the end, SAME_LOWER and an explicit output_shape at the start.
    const begin = total.map((t) => (auto === 'SAME_UPPER' ? Math.floor(t / 2) : Math.ceil(t / 2)));
    pads = [...begin, ...total.map((t, i) => t - begin[i])];
  } else if (auto === 'VALID') pads = [0, 0, 0, 0];
  if (pads.some((p) => p < 0)) c.fail('negative pads are not supported');
  // ONNX [Cin, Cout, kh, kw] -> TF's [kh, kw, Cout, Cin].
  const filter = c.b.const(transposeData(w.data as Float32Array, w.dims, [2, 3, 1, 0]), 'float32', [kh, kw, cout, cin], `${name}/filter`);
  let sizes: string;
  if (full.every((f) => f !== null) && typeof c.shape(0)![0] === 'number') sizes = ints(c, [c.shape(0)![0] as number, full[0]!, full[1]!, cout], 'sizes');
  else {
    // At run time: [n, h, w, c] * [1, sh, sw, 0] + [0, kh - sh + oph, kw - sw + opw, cout].
    const s = c.b.node('Shape', [c.input(0)], { T: tfAttr.type('float32'), out_type: tfAttr.type('int32') }, name);
    const scaled = op(c, 'Mul', [s, ints(c, [1, strides[0], strides[1], 0], 'scale')], 'int32');
    sizes = op(c, 'AddV2', [scaled, ints(c, [0, kernel[0] - strides[0] + outPad[0], kernel[1] - strides[1] + outPad[1], cout], 'offset')], 'int32');
  }
  let y = c.b.node(
    'Conv2DBackpropInput',
    [sizes, filter, c.input(0)],
    { T: tfAttr.type('float32'), strides: tfAttr.ints([1, strides[0], strides[1], 1]), padding: tfAttr.s('VALID'), data_format: tfAttr.s('NHWC'), dilations: tfAttr.ints([1, 1, 1, 1]), explicit_paddings: tfAttr.ints([]) },
    name,
  );
  if (pads.some((p) => p > 0)) {
    // Crop [pad_begin, size - pad_end) on H and W; an end pad of 0 is "to the end".
    const endMask = 0b1001 | (pads[2] === 0 ? 0b10 : 0) | (pads[3] === 0 ? 0b100 : 0);
    y = stridedSlice(c, y, 'float32', [0, pads[0], pads[1], 0], [0, -pads[2], -pads[3], 0], [1, 1, 1, 1], 0b1001, endMask);
  }
  if (c.has(2)) y = c.b.typed('BiasAdd', [y, c.input(2)], 'float32', { data_format: tfAttr.s('NHWC') }, name);
  return [y];
};

type Coord = 'half_pixel' | 'align_corners' | 'asymmetric';

/**
 * ONNX's resize modes as TF's ResizeBilinear / ResizeNearestNeighbor compute them (its source
 * coordinate is (x + 0.5) * in/out - 0.5 with half_pixel_centers, x * (in-1)/(out-1) with
 * align_corners, x * in/out otherwise; nearest floors, or rounds half up with align_corners);
 * anything else is refused by name.
 */
function resizeMode(c: OnnxOpContext, mode: string, coord: string, nearest: string, upscaleOnly: boolean): { tfOp: string; coord: Coord } {
  if (mode === 'linear' || mode === 'bilinear') {
    if (coord === 'half_pixel' || coord === 'pytorch_half_pixel') return { tfOp: 'ResizeBilinear', coord: 'half_pixel' };
    if (coord === 'align_corners' || coord === 'asymmetric') return { tfOp: 'ResizeBilinear', coord };
    return c.fail(`linear resizing with coordinate_transformation_mode ${coord} is not supported by TF.js`);
  }
  if (mode !== 'nearest') return c.fail(`resize mode ${mode} is not supported (nearest and linear are)`);
  if (coord === 'asymmetric' && nearest === 'floor') return { tfOp: 'ResizeNearestNeighbor', coord };
  if (coord === 'align_corners' && nearest === 'round_prefer_ceil') return { tfOp: 'ResizeNearestNeighbor', coord };
  // floor((x + 0.5) * in/out) is round_prefer_ceil of the half-pixel coordinate, and round_prefer_floor
  // too when the coordinate is never a half (upscaling by a whole factor).
  if ((coord === 'half_pixel' || coord === 'pytorch_half_pixel') && (nearest === 'round_prefer_ceil' || (nearest === 'round_prefer_floor' && upscaleOnly)))
    return { tfOp: 'ResizeNearestNeighbor', coord: 'half_pixel' };
  return c.fail(`nearest resizing with coordinate_transformation_mode ${coord} and nearest_mode ${nearest} is not supported by TF.js`);
}

function resizeWith(c: OnnxOpContext, mode: string, coord: string, nearest: string, scales: number[] | null, sizesRef: string | null, sizes: number[] | null): string[] {
  requireNhwc4(c);
  const name = c.node.name;
  const dims = c.shape(0)!;
  const inHW = [dims[1], dims[2]];
  let outHW: number[] | null = null;
  let size: string;
  if (sizes) {
    if (sizes.length !== 4) c.fail('sizes for other than all 4 axes are not supported');
    if (sizes[0] !== dims[0] && typeof dims[0] === 'number') c.fail('resizing the batch is not supported');
    if (typeof dims[3] === 'number' && sizes[1] !== dims[3]) c.fail('resizing the channels is not supported');
    outHW = [sizes[2], sizes[3]];
    size = ints(c, outHW, 'size');
  } else if (scales) {
    if (scales.length !== 4 || scales[0] !== 1 || scales[1] !== 1) c.fail('only scales of 1 on the batch and channels are supported');
    if (inHW.every((d) => typeof d === 'number')) {
      outHW = inHW.map((d, i) => Math.floor((d as number) * scales[i + 2]));
      // ONNX maps back by 1/scale, TF by in/out: the same only when in * scale is whole.
      if (outHW.some((o, i) => o !== (inHW[i] as number) * scales[i + 2])) c.fail('a scale that does not give a whole size is not supported');
      size = ints(c, outHW, 'size');
    } else {
      if (scales.some((s) => !Number.isInteger(s))) c.fail('a fractional scale needs the input size known');
      const s = c.b.node('Shape', [c.input(0)], { T: tfAttr.type('float32'), out_type: tfAttr.type('int32') }, name);
      size = op(c, 'Mul', [stridedSlice(c, s, 'int32', [1], [3], [1], 0, 0), ints(c, scales.slice(2), 'scale')], 'int32');
    }
  } else if (sizesRef) {
    size = stridedSlice(c, sizesRef, 'int32', [2], [4], [1], 0, 0);
  } else return c.fail('it needs scales or sizes');
  const upscaleOnly = outHW !== null && outHW.every((o, i) => typeof inHW[i] === 'number' && o % (inHW[i] as number) === 0);
  const m = resizeMode(c, mode, coord, nearest, upscaleOnly || (!!scales && scales.slice(2).every((s) => Number.isInteger(s) && s >= 1)));
  return [
    c.b.typed(m.tfOp, [c.input(0), size], 'float32', { align_corners: tfAttr.b(m.coord === 'align_corners'), half_pixel_centers: tfAttr.b(m.coord === 'half_pixel') }, name),
  ];
}

const resize: OnnxOpHandler = (c) => {
  if (c.attrs.int('antialias', 0) === 1) c.fail('antialiased resizing is not supported');
  if (c.attrs.has('axes')) c.fail('resizing selected axes is not supported');
  if (c.attrs.str('keep_aspect_ratio_policy', 'stretch') !== 'stretch') c.fail('keep_aspect_ratio_policy other than stretch is not supported');
  const mode = c.attrs.str('mode', 'nearest');
  if (c.opset < 11) return resizeWith(c, mode, 'asymmetric', 'floor', constInput(c, 1, 'scales'), null, null);
  const coord = c.attrs.str('coordinate_transformation_mode', 'half_pixel');
  const nearest = c.attrs.str('nearest_mode', 'round_prefer_floor');
  const scales = c.has(2) ? c.constValues(2) : null;
  if (scales && scales.length) return resizeWith(c, mode, coord, nearest, scales, null, null);
  if (!c.has(3)) {
    if (c.has(2)) c.fail('its scales must be constant');
    return c.fail('it needs scales or sizes');
  }
  const sizes = c.constValues(3);
  return resizeWith(c, mode, coord, nearest, null, sizes ? null : c.input(3), sizes);
};

/** Upsample (opset 7-9): scales as an attribute, then as input 1; asymmetric coordinates. */
const upsample: OnnxOpHandler = (c) => {
  const scales = c.attrs.has('scales') ? c.attrs.floats('scales') : constInput(c, 1, 'scales');
  return resizeWith(c, c.attrs.str('mode', 'nearest'), 'asymmetric', 'floor', scales, null, null);
};

/** A reduction's axes (attribute, or input 1 since opset 13/18) with ONNX's empty-axes rules; null: identity. */
function reduceAxes(c: OnnxOpContext): number[] | null {
  let axes: number[] | null = c.attrs.has('axes') ? c.attrs.ints('axes') : c.has(1) ? constInput(c, 1, 'axes') : null;
  if (axes && axes.length === 0) axes = null;
  if (axes) return axes;
  if (c.attrs.int('noop_with_empty_axes', 0) === 1) return null;
  return Array.from({ length: rankOf(c, 'to reduce over all axes') }, (_, i) => i);
}

const reduce =
  (tfOp: string, before?: (c: OnnxOpContext, x: string) => string, after?: (c: OnnxOpContext, y: string) => string): OnnxOpHandler =>
  (c) => {
    const axes = reduceAxes(c);
    const x = before ? before(c, c.input(0)) : c.input(0);
    if (!axes) return [after ? after(c, x) : x];
    const keep = c.attrs.int('keepdims', 1) === 1;
    const y = c.b.typed(tfOp, [x, ints(c, axes, 'axes')], c.dtype(0), { Tidx: tfAttr.type('int32'), keep_dims: tfAttr.b(keep) }, c.node.name);
    return [after ? after(c, y) : y];
  };

const square = (c: OnnxOpContext, x: string) => op(c, 'Square', [x], c.dtype(0));

/** (x - mean) / sqrt(var + eps) over `axes`, as TF ops; also the mean and 1/stddev. */
function normalize(c: OnnxOpContext, x: string, axes: number[], eps: number): { y: string; mean: string; inv: string } {
  const name = c.node.name;
  const axesRef = ints(c, axes, 'axes');
  const mean = c.b.typed('Mean', [x, axesRef], 'float32', { Tidx: tfAttr.type('int32'), keep_dims: tfAttr.b(true) }, name);
  const d = op(c, 'Sub', [x, mean]);
  const variance = c.b.typed('Mean', [op(c, 'Square', [d]), axesRef], 'float32', { Tidx: tfAttr.type('int32'), keep_dims: tfAttr.b(true) }, name);
  const inv = op(c, 'Rsqrt', [op(c, 'AddV2', [variance, f32(c, eps)])]);
  return { y: op(c, 'Mul', [d, inv]), mean, inv };
}

const layerNorm: OnnxOpHandler = (c) => {
  const axisAttr = c.attrs.int('axis', -1);
  const dims = c.shape(0);
  if (axisAttr >= 0 && !dims) c.fail("its input's rank must be known for a non-negative axis");
  if (c.attrs.int('stash_type', 1) !== 1) c.fail('stash_type other than float32 is not supported');
  const rank = dims?.length ?? 0;
  const first = dims ? norm(axisAttr, rank) : axisAttr;
  // Negative axes up to -1 need no rank: TF.js reads them from the end.
  const axes = dims ? Array.from({ length: rank - first }, (_, i) => first + i) : Array.from({ length: -axisAttr }, (_, i) => axisAttr + i);
  const { y, mean, inv } = normalize(c, c.input(0), axes, c.attrs.float('epsilon', 1e-5));
  let out = op(c, 'Mul', [y, c.input(1)]);
  if (c.has(2)) out = op(c, 'AddV2', [out, c.input(2)]);
  return [out, mean, inv];
};

/** Channels-last: statistics over the spatial axes, scale and bias on the last. */
const instanceNorm: OnnxOpHandler = (c) => {
  if (!c.nhwc) c.fail("its input's rank must be known to lay it out channels-last");
  const rank = rankOf(c, 'to lay it out channels-last');
  const { y } = normalize(c, c.input(0), Array.from({ length: rank - 2 }, (_, i) => i + 1), c.attrs.float('epsilon', 1e-5));
  return [op(c, 'AddV2', [op(c, 'Mul', [y, c.input(1)]), c.input(2)])];
};

const unary =
  (tfOp: string): OnnxOpHandler =>
  (c) => [op(c, tfOp, [c.input(0)], c.dtype(0))];

/** 0.5 x (1 + erf(x / sqrt 2)), or the tanh approximation. */
const gelu: OnnxOpHandler = (c) => {
  const x = c.input(0);
  const approx = c.attrs.str('approximate', 'none');
  let inner: string;
  if (approx === 'tanh') {
    const cube = op(c, 'Mul', [op(c, 'Mul', [x, x]), x]);
    const arg = op(c, 'Mul', [op(c, 'AddV2', [x, op(c, 'Mul', [cube, f32(c, 0.044715)])]), f32(c, Math.sqrt(2 / Math.PI))]);
    inner = op(c, 'Tanh', [arg]);
  } else if (approx === 'none') inner = op(c, 'Erf', [op(c, 'Mul', [x, f32(c, Math.SQRT1_2)])]);
  else return c.fail(`approximate ${approx} is not a Gelu mode`);
  return [op(c, 'Mul', [op(c, 'Mul', [x, f32(c, 0.5)]), op(c, 'AddV2', [inner, f32(c, 1)])])];
};

const SELU_ALPHA = 1.67326319217681884765625;
const SELU_GAMMA = 1.05070102214813232421875;

/** alpha * (exp(x) - 1) below 0, x above, times gamma: TF's Elu/Selu where the constants match. */
function elu(c: OnnxOpContext, alpha: number, gamma: number): string {
  const x = c.input(0);
  if (alpha === 1 && gamma === 1) return op(c, 'Elu', [x]);
  if (Math.abs(alpha - SELU_ALPHA) < 1e-6 && Math.abs(gamma - SELU_GAMMA) < 1e-6) return op(c, 'Selu', [x]);
  const neg = op(c, 'Mul', [op(c, 'Elu', [x]), f32(c, alpha)]);
  const y = op(c, 'SelectV2', [op(c, 'Greater', [x, f32(c, 0)], 'float32'), x, neg]);
  return gamma === 1 ? y : op(c, 'Mul', [y, f32(c, gamma)]);
}

/**
 * TF.js WASM's Prelu reads the slope as repeating over the flat input (index i % slope size): right
 * only when the slope's shape is a trailing part of the input's. Other slopes (an NCHW [C, 1, 1])
 * are x < 0 ? slope * x : x.
 */
const prelu: OnnxOpHandler = (c) => {
  const x = c.shape(0);
  const s = c.shape(1);
  const x0 = c.input(0);
  if (x && s) {
    const trimmed = s.slice(s.findIndex((d) => d !== 1) === -1 ? s.length : s.findIndex((d) => d !== 1));
    if (trimmed.length <= x.length && trimmed.every((d, i) => d === x[x.length - trimmed.length + i])) return [op(c, 'Prelu', [x0, c.input(1)])];
  }
  return [op(c, 'SelectV2', [op(c, 'Less', [x0, f32(c, 0)]), op(c, 'Mul', [x0, c.input(1)]), x0])];
};

export const moreOps: Record<string, OnnxOpHandler> = {
  ConvTranspose: convTranspose,
  Resize: resize,
  Upsample: upsample,
  ReduceMean: reduce('Mean'),
  ReduceSum: reduce('Sum'),
  ReduceMax: reduce('Max'),
  ReduceMin: reduce('Min'),
  ReduceProd: reduce('Prod'),
  ReduceL1: reduce('Sum', (c, x) => op(c, 'Abs', [x], c.dtype(0))),
  ReduceL2: reduce('Sum', square, (c, y) => op(c, 'Sqrt', [y])),
  ReduceSumSquare: reduce('Sum', square),
  ReduceLogSum: reduce('Sum', undefined, (c, y) => op(c, 'Log', [y])),
  ReduceLogSumExp: reduce('Sum', (c, x) => op(c, 'Exp', [x]), (c, y) => op(c, 'Log', [y])),
  LayerNormalization: layerNorm,
  InstanceNormalization: instanceNorm,
  Erf: unary('Erf'),
  Gelu: gelu,
  PRelu: prelu,
  Elu: (c) => [elu(c, c.attrs.float('alpha', 1), 1)],
  Selu: (c) => [elu(c, c.attrs.float('alpha', SELU_ALPHA), c.attrs.float('gamma', SELU_GAMMA))],
  Softplus: unary('Softplus'),
  Softsign: (c) => [op(c, 'RealDiv', [c.input(0), op(c, 'AddV2', [op(c, 'Abs', [c.input(0)]), f32(c, 1)])])],
  Floor: unary('Floor'),
  Ceil: unary('Ceil'),
  Round: unary('Round'),
  Sin: unary('Sin'),
  Cos: unary('Cos'),
  Reciprocal: unary('Reciprocal'),
  Sign: unary('Sign'),
};
