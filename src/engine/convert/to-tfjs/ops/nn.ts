/**
 * Convolutions, pools and batch norm. Their mappings run channels-last (layout.ts wraps them):
 * input 0 and output 0 are NHWC (NWC for 1-D); weights stay as ONNX holds them until mapped here.
 */
import { transposeData, type Initializer } from '../../graph';
import { tfAttr, type Dims, type OnnxOpContext, type OnnxOpHandler } from '../tf-builder';
import type { AttrJson } from '../../tfjs-model';

/** The most negative float32: the pad value under a max pool (JSON has no -Infinity). */
const LOWEST = -3.4028234663852886e38;

interface Window {
  kernel: number[];
  strides: number[];
  dilations: number[];
  /** 'same' and 'valid' as TF means them, else explicit [begin..., end...] pads. */
  padding: 'SAME' | 'VALID' | number[];
}

/** The 2-D spatial sizes of a channels-last input (1-D inputs get a unit height). */
function spatialOf(c: OnnxOpContext): Dims {
  const dims = c.shape(0);
  if (!dims) return c.fail("its input's rank must be known");
  const s = dims.slice(1, -1);
  if (s.length === 1) return [1, s[0]];
  if (s.length !== 2) c.fail(`only 1-D and 2-D ${c.node.op}s are supported, not ${s.length}-D`);
  return s;
}

const pair = (v: number[]) => (v.length === 1 ? [1, v[0]] : v);
const padPair = (p: number[]) => (p.length === 2 ? [0, p[0], 0, p[1]] : p);

function windowOf(c: OnnxOpContext, kernel: number[], spatial: Dims): Window {
  const k = kernel.length;
  const strides = pair(c.attrs.ints('strides', Array(k).fill(1)));
  const dilations = pair(c.attrs.ints('dilations', Array(k).fill(1)));
  kernel = pair(kernel);
  const auto = c.attrs.str('auto_pad', 'NOTSET');
  if (auto === 'VALID') return { kernel, strides, dilations, padding: 'VALID' };
  if (auto === 'SAME_UPPER') return { kernel, strides, dilations, padding: 'SAME' };
  let pads: number[];
  if (auto === 'SAME_LOWER') {
    if (!spatial.every((d) => typeof d === 'number')) return c.fail('SAME_LOWER padding needs the input size known');
    pads = [0, 0, 0, 0];
    (spatial as number[]).forEach((x, i) => {
      const out = Math.ceil(x / strides[i]);
      const total = Math.max(0, (out - 1) * strides[i] + dilations[i] * (kernel[i] - 1) + 1 - x);
      pads[i] = Math.ceil(total / 2);
      pads[i + 2] = total - pads[i];
    });
  } else if (auto === 'NOTSET') {
    pads = padPair(c.attrs.ints('pads', Array(2 * k).fill(0)));
  } else c.fail(`auto_pad ${auto} is not an ONNX padding mode`);
  if (pads.some((p) => p < 0)) c.fail('negative pads (cropping) are not supported');
  return { kernel, strides, dilations, padding: pads.every((p) => p === 0) ? 'VALID' : pads };
}

/** TF's conv attrs for a window. */
function convAttrs(w: Window): Record<string, AttrJson> {
  const explicit = typeof w.padding !== 'string';
  const p = w.padding as number[];
  return {
    T: tfAttr.type('float32'),
    strides: tfAttr.ints([1, ...w.strides, 1]),
    padding: tfAttr.s(explicit ? 'EXPLICIT' : (w.padding as string)),
    explicit_paddings: tfAttr.ints(explicit ? [0, 0, p[0], p[2], p[1], p[3], 0, 0] : []),
    dilations: tfAttr.ints([1, ...w.dilations, 1]),
    data_format: tfAttr.s('NHWC'),
  };
}

/** A rank-3 (1-D) channels-last input gets a unit height for TF's 2-D ops; undone by `back`. */
function as2d(c: OnnxOpContext): { x: string; back: (y: string) => string } {
  const rank = c.shape(0)!.length;
  if (rank === 4) return { x: c.input(0), back: (y) => y };
  const name = c.node.name;
  const x = c.b.typed('ExpandDims', [c.input(0), c.b.ints([1], [], `${name}/axis`)], 'float32', { Tdim: tfAttr.type('int32') }, name);
  return { x, back: (y) => c.b.typed('Squeeze', [y], 'float32', { squeeze_dims: tfAttr.ints([1]) }, name) };
}

function requireNhwc(c: OnnxOpContext): void {
  if (!c.nhwc) return c.fail("its input's rank must be known to lay it out channels-last");
}

/** ONNX [O, I/g, kh, kw] (or [O, I/g, k]) -> TF's filter for a group: [kh, kw, I/g, O] or depthwise [kh, kw, C, m]. */
function filterConst(c: OnnxOpContext, w: Initializer, depthwise: boolean, hint: string): string {
  const dims = w.dims.length === 3 ? [w.dims[0], w.dims[1], 1, w.dims[2]] : w.dims;
  const [o, i, kh, kw] = dims;
  const data = w.data as Float32Array;
  if (depthwise) {
    // [C*m, 1, kh, kw] -> [kh, kw, C*m] is [kh, kw, C, m]: output channel c*m + j, as TF numbers it.
    const group = c.attrs.int('group');
    return c.b.const(transposeData(data, [o, kh, kw], [1, 2, 0]), 'float32', [kh, kw, group, o / group], hint);
  }
  return c.b.const(transposeData(data, [o, i, kh, kw], [2, 3, 1, 0]), 'float32', [kh, kw, i, o], hint);
}

const conv: OnnxOpHandler = (c) => {
  requireNhwc(c);
  const name = c.node.name;
  const w = c.constant(1);
  if (!w) return c.fail('its weights must be constant');
  if (w.type !== 'float') c.fail(`its weights are ${w.type}; float weights are supported`);
  const spatial = spatialOf(c);
  const kernel = c.attrs.ints('kernel_shape', w.dims.slice(2));
  const win = windowOf(c, kernel, spatial);
  const group = c.attrs.int('group', 1);
  const cin = w.dims[1] * group;
  const depthwise = group > 1 && w.dims[1] === 1;
  const { x, back } = as2d(c);
  const bias = c.has(2) ? c.input(2) : null;
  const attrs = convAttrs(win);
  if (depthwise && win.strides.some((s) => s > 1) && win.dilations.some((d) => d > 1)) c.fail('a depthwise conv both strided and dilated is not supported by TF.js');
  const convOp = (input: string, filter: string, withBias: string | null, dw: boolean) => {
    if (!withBias) return c.b.node(dw ? 'DepthwiseConv2dNative' : 'Conv2D', [input, filter], attrs, name);
    return c.b.node(dw ? 'FusedDepthwiseConv2dNative' : '_FusedConv2D', [input, filter, withBias], { ...attrs, num_args: tfAttr.i(1), fused_ops: tfAttr.strs(['BiasAdd']), epsilon: tfAttr.f(0) }, name);
  };
  // Without a bias, a zero one: the fused op can then take the activation after it too.
  const withBias = bias ?? c.b.floats(new Float32Array(w.dims[0]), [w.dims[0]], `${name}/bias`);
  if (group === 1 || depthwise) return [back(convOp(x, filterConst(c, w, depthwise, `${name}/filter`), withBias, depthwise))];
  // Grouped: TF.js has no groups. Split the channels, convolve each group, concatenate.
  if (cin % group || w.dims[0] % group) c.fail(`its ${cin} input and ${w.dims[0]} output channels do not divide into ${group} groups`);
  const parts = c.b.nodeN('Split', [c.b.ints([3], [], `${name}/axis`), x], { T: tfAttr.type('float32'), num_split: tfAttr.i(group) }, name, group);
  const per = w.dims[0] / group;
  const size = w.data.length / group;
  const outs = parts.map((p, g) => {
    const wg: Initializer = { ...w, dims: [per, ...w.dims.slice(1)], data: (w.data as Float32Array).subarray(g * size, (g + 1) * size) };
    return convOp(p, filterConst(c, wg, false, `${name}/filter${g}`), null, false);
  });
  let y = c.b.node('ConcatV2', [...outs, c.b.ints([3], [], `${name}/axis`)], { T: tfAttr.type('float32'), N: tfAttr.i(group), Tidx: tfAttr.type('int32') }, name);
  if (bias) y = c.b.typed('BiasAdd', [y, bias], 'float32', { data_format: tfAttr.s('NHWC') }, name);
  return [back(y)];
};

/** ONNX's output size rule for ceil_mode, as extra padding at the end. */
function ceilExtra(c: OnnxOpContext, win: Window, spatial: Dims): number[] {
  if (c.attrs.int('ceil_mode', 0) !== 1 || win.padding === 'SAME') return [0, 0];
  if (!spatial.every((d) => typeof d === 'number')) return c.fail('ceil_mode needs the input size known');
  const pads = typeof win.padding === 'string' ? [0, 0, 0, 0] : win.padding;
  return (spatial as number[]).map((x, i) => {
    const ek = win.dilations[i] * (win.kernel[i] - 1) + 1;
    const span = x + pads[i] + pads[i + 2] - ek;
    let out = Math.ceil(span / win.strides[i]) + 1;
    if ((out - 1) * win.strides[i] >= x + pads[i]) out--;
    return Math.max(0, (out - 1) * win.strides[i] + ek - (x + pads[i] + pads[i + 2]));
  });
}

/** The pads TF's SAME would use, when the sizes are known (else null). */
function samePads(win: Window, spatial: Dims): number[] | null {
  if (!spatial.every((d) => typeof d === 'number')) return null;
  const pads = [0, 0, 0, 0];
  (spatial as number[]).forEach((x, i) => {
    const out = Math.ceil(x / win.strides[i]);
    const total = Math.max(0, (out - 1) * win.strides[i] + win.kernel[i] - x);
    pads[i] = Math.floor(total / 2);
    pads[i + 2] = total - pads[i];
  });
  return pads;
}

function padNode(c: OnnxOpContext, x: string, pads: number[], value: number): string {
  const name = c.node.name;
  const paddings = c.b.ints([0, 0, pads[0], pads[2], pads[1], pads[3], 0, 0], [4, 2], `${name}/paddings`);
  return c.b.node('PadV2', [x, paddings, c.b.scalar(value, 'float32', `${name}/value`)], { T: tfAttr.type('float32'), Tpaddings: tfAttr.type('int32') }, name);
}

const pool =
  (kind: 'max' | 'avg'): OnnxOpHandler =>
  (c) => {
    requireNhwc(c);
    const name = c.node.name;
    if (c.node.outputs.length > 1 && c.node.outputs[1]) c.fail('its Indices output is not supported');
    if (c.attrs.has('storage_order') && c.attrs.int('storage_order') !== 0) c.fail('storage_order 1 is not supported');
    const spatial = spatialOf(c);
    const kernel = c.attrs.ints('kernel_shape');
    const win = windowOf(c, kernel, spatial);
    if (win.dilations.some((d) => d !== 1)) c.fail('dilated pools are not supported by TF.js');
    const extra = ceilExtra(c, win, spatial);
    const { x, back } = as2d(c);
    const tfOp = kind === 'max' ? 'MaxPool' : 'AvgPool';
    const attrs = (padding: string) => ({ T: tfAttr.type('float32'), ksize: tfAttr.ints([1, ...win.kernel, 1]), strides: tfAttr.ints([1, ...win.strides, 1]), padding: tfAttr.s(padding), data_format: tfAttr.s('NHWC') });
    const includePad = kind === 'avg' && c.attrs.int('count_include_pad', 0) === 1;
    let pads = win.padding === 'VALID' ? [0, 0, 0, 0] : win.padding === 'SAME' ? samePads(win, spatial) : win.padding;
    if (!pads) {
      // SAME on unknown sizes: TF's SAME is ONNX's SAME_UPPER, pads left out of averages.
      if (includePad) c.fail('count_include_pad with SAME padding needs the input size known');
      return [back(c.b.node(tfOp, [x], attrs('SAME'), name))];
    }
    const same = samePads(win, spatial);
    const noExtra = extra.every((e) => e === 0);
    if (noExtra && pads.every((p) => p === 0)) return [back(c.b.node(tfOp, [x], attrs('VALID'), name))];
    // TF's SAME leaves pads out of maxima and averages, as ONNX does without count_include_pad.
    if (noExtra && !includePad && same && same.join() === pads.join()) return [back(c.b.node(tfOp, [x], attrs('SAME'), name))];
    const full = [pads[0], pads[1], pads[2] + extra[0], pads[3] + extra[1]];
    const padded = padNode(c, x, full, kind === 'max' ? LOWEST : 0);
    let y = c.b.node(tfOp, [padded], attrs('VALID'), name);
    if (kind === 'avg') {
      // Averages over the padded input count every position; ONNX counts the input (and, with
      // count_include_pad, its pads) but never the ceil-mode overhang: rescale where they differ.
      const sizes = spatial as number[];
      const outSizes = sizes.map((s, i) => Math.floor((s + full[i] + full[i + 2] - win.kernel[i]) / win.strides[i]) + 1);
      const k = win.kernel[0] * win.kernel[1];
      const scale = new Float32Array(outSizes[0] * outSizes[1]);
      let differs = false;
      for (let oh = 0; oh < outSizes[0]; oh++)
        for (let ow = 0; ow < outSizes[1]; ow++) {
          const span = (o: number, i: number) => {
            const start = o * win.strides[i] - full[i];
            const lo = includePad ? -pads[i] : 0;
            const hi = includePad ? sizes[i] + pads[i + 2] : sizes[i];
            return Math.max(0, Math.min(start + win.kernel[i], hi) - Math.max(start, lo));
          };
          const count = span(oh, 0) * span(ow, 1);
          scale[oh * outSizes[1] + ow] = count > 0 ? k / count : 0;
          if (count !== k) differs = true;
        }
      if (differs) y = c.b.typed('Mul', [y, c.b.const(scale, 'float32', [1, outSizes[0], outSizes[1], 1], `${name}/count`)], 'float32', {}, name);
    }
    return [back(y)];
  };

const globalPool =
  (tfOp: 'Mean' | 'Max'): OnnxOpHandler =>
  (c) => {
    requireNhwc(c);
    const rank = c.shape(0)!.length;
    const axes = Array.from({ length: rank - 2 }, (_, i) => i + 1);
    return [c.b.typed(tfOp, [c.input(0), c.b.ints(axes, [axes.length], `${c.node.name}/axes`)], 'float32', { keep_dims: tfAttr.b(true), Tidx: tfAttr.type('int32') }, c.node.name)];
  };

const batchNorm: OnnxOpHandler = (c) => {
  requireNhwc(c);
  const name = c.node.name;
  if (c.attrs.int('training_mode', 0) === 1) c.fail('training mode is not supported (export the model in eval mode)');
  const eps = c.attrs.float('epsilon', 1e-5);
  const rank = c.shape(0)!.length;
  const consts = [1, 2, 3, 4].map((i) => c.constant(i));
  if (consts.every((k) => k && k.type === 'float')) {
    // Folded into one scale and one offset: y = x * s + t, two element-wise ops on constants.
    const [scale, bias, mean, variance] = consts.map((k) => k!.data as Float32Array);
    const s = new Float32Array(scale.length);
    const t = new Float32Array(scale.length);
    for (let i = 0; i < s.length; i++) {
      s[i] = scale[i] / Math.sqrt(variance[i] + eps);
      t[i] = bias[i] - mean[i] * s[i];
    }
    if (rank === 4) {
      // TF.js's batch norm kernel is one pass; with unit variance and zero mean it computes x * s + t.
      const n = s.length;
      const args = [c.b.floats(s, [n], `${name}/scale`), c.b.floats(t, [n], `${name}/offset`), c.b.floats(new Float32Array(n), [n], `${name}/mean`), c.b.floats(new Float32Array(n).fill(1), [n], `${name}/variance`)];
      return [c.b.node('FusedBatchNormV3', [c.input(0), ...args], { T: tfAttr.type('float32'), U: tfAttr.type('float32'), epsilon: tfAttr.f(0), data_format: tfAttr.s('NHWC'), is_training: tfAttr.b(false) }, name)];
    }
    const mul = c.b.typed('Mul', [c.input(0), c.b.floats(s, [s.length], `${name}/scale`)], 'float32', {}, name);
    return [c.b.typed('AddV2', [mul, c.b.floats(t, [t.length], `${name}/offset`)], 'float32', {}, name)];
  }
  const [scale, bias, mean, variance] = [1, 2, 3, 4].map((i) => c.input(i));
  return [c.b.node('FusedBatchNormV3', [c.input(0), scale, bias, mean, variance], { T: tfAttr.type('float32'), U: tfAttr.type('float32'), epsilon: tfAttr.f(eps), data_format: tfAttr.s('NHWC'), is_training: tfAttr.b(false) }, name)];
};

export const nnOps: Record<string, OnnxOpHandler> = {
  Conv: conv,
  MaxPool: pool('max'),
  AveragePool: pool('avg'),
  GlobalAveragePool: globalPool('Mean'),
  GlobalMaxPool: globalPool('Max'),
  BatchNormalization: batchNorm,
};
