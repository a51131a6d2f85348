/**
 * Shape rules for the ops of ops/shape.ts and ops/more.ts, in shapes.ts's ShapeRule form (spread
 * into its SHAPE_RULES). The context type is restated here so that this file does not import
 * shapes.ts (which imports it). Ops on layout.ts's NCHW list get channels-last shapes when
 * `nhwc` is set.
 */
import { initValues, type Initializer, type OnnxNode, type OnnxTypeName } from '../graph';
import type { Dims } from './tf-builder';

interface RuleContext {
  node: OnnxNode;
  in(i: number): { dims: Dims | null; type: OnnxTypeName | null };
  constant(i: number): Initializer | null;
  nhwc: boolean;
  opset: number;
}
type Rule = (c: RuleContext) => (Dims | null)[];

const norm = (a: number, rank: number) => (a < 0 ? a + rank : a);
const attr = (n: OnnxNode, k: string) => n.attrs[k];
const attrInt = (n: OnnxNode, k: string, def: number) => {
  const a = attr(n, k);
  return a && 'i' in a ? a.i : def;
};
const attrInts = (n: OnnxNode, k: string): number[] | null => {
  const a = attr(n, k);
  return a && 'ints' in a ? a.ints : a && 'floats' in a ? a.floats : null;
};
const attrStr = (n: OnnxNode, k: string, def: string) => {
  const a = attr(n, k);
  return a && 's' in a ? a.s : def;
};
const values = (c: RuleContext, i: number) => {
  const init = c.node.inputs[i] ? c.constant(i) : null;
  return init ? initValues(init) : null;
};
/** A size the rules cannot know: named after the tensor, so two unknown sizes never look equal. */
const unknown = (c: RuleContext, i: number) => `${c.node.outputs[0]}_d${i}`;

const slice: Rule = (c) => {
  const x = c.in(0).dims;
  if (!x) return [null];
  const old = c.opset < 10 || !!attr(c.node, 'starts');
  const starts = old ? attrInts(c.node, 'starts') : values(c, 1);
  const ends = old ? attrInts(c.node, 'ends') : values(c, 2);
  if (!starts || !ends) return [x.map((_, i) => unknown(c, i))];
  const axes = (old ? attrInts(c.node, 'axes') : c.node.inputs[3] ? values(c, 3) : null) ?? starts.map((_, i) => i);
  const steps = (!old && c.node.inputs[4] ? values(c, 4) : null) ?? starts.map(() => 1);
  const out = [...x];
  axes.forEach((raw, i) => {
    const a = norm(raw, x.length);
    const d = x[a];
    const st = steps[i];
    if (typeof d !== 'number') {
      out[a] = starts[i] === 0 && st === 1 && ends[i] >= 2147483647 ? d : unknown(c, a);
      return;
    }
    let s = starts[i] < 0 ? starts[i] + d : starts[i];
    let e = ends[i] < 0 ? ends[i] + d : ends[i];
    if (st > 0) {
      s = Math.min(Math.max(s, 0), d);
      e = Math.min(Math.max(e, 0), d);
      out[a] = Math.max(0, Math.ceil((e - s) / st));
    } else {
      s = Math.min(Math.max(s, 0), d - 1);
      e = Math.min(Math.max(e, -1), d - 1);
      out[a] = Math.max(0, Math.ceil((s - e) / -st));
    }
  });
  return [out];
};

const split: Rule = (c) => {
  const x = c.in(0).dims;
  const n = c.node.outputs.length;
  if (!x) return c.node.outputs.map(() => null);
  const axis = norm(attrInt(c.node, 'axis', 0), x.length);
  let sizes = c.node.inputs[1] ? values(c, 1) : attrInts(c.node, 'split');
  const d = x[axis];
  if (!sizes && typeof d === 'number') {
    const chunk = Math.ceil(d / n);
    sizes = Array.from({ length: n }, (_, i) => Math.max(0, Math.min(chunk, d - i * chunk)));
  }
  return Array.from({ length: n }, (_, k) => {
    const out = [...x];
    out[axis] = sizes ? sizes[k] : unknown(c, axis);
    return out;
  });
};

const gather: Rule = (c) => {
  const x = c.in(0).dims;
  const idx = c.in(1).dims;
  if (!x || !idx) return [null];
  const axis = norm(attrInt(c.node, 'axis', 0), x.length);
  return [[...x.slice(0, axis), ...idx, ...x.slice(axis + 1)]];
};

const broadcastTo = (c: RuleContext, x: Dims, target: Dims): Dims => {
  const rank = Math.max(x.length, target.length);
  return Array.from({ length: rank }, (_, i) => {
    const a = x[x.length - rank + i] ?? 1;
    const b = target[target.length - rank + i] ?? 1;
    return a === 1 ? b : b === 1 ? a : typeof a === 'number' ? a : b;
  }).map((d, i) => (typeof d === 'number' && d < 0 ? unknown(c, i) : d));
};

const expand: Rule = (c) => {
  const x = c.in(0).dims;
  const target = values(c, 1);
  if (!x) return [null];
  if (target) return [broadcastTo(c, x, target)];
  const len = c.in(1).dims?.[0];
  return [typeof len === 'number' ? Array.from({ length: Math.max(len, x.length) }, (_, i) => unknown(c, i)) : null];
};

const tile: Rule = (c) => {
  const x = c.in(0).dims;
  const reps = values(c, 1);
  if (!x) return [null];
  return [x.map((d, i) => (reps && typeof d === 'number' ? d * reps[i] : reps && reps[i] === 1 ? d : unknown(c, i)))];
};

const pad: Rule = (c) => {
  const x = c.in(0).dims;
  if (!x) return [null];
  const pads = c.opset < 11 ? attrInts(c.node, 'pads') : values(c, 1);
  if (!pads) return [x.map((_, i) => unknown(c, i))];
  const axes = (c.node.inputs[3] ? values(c, 3) : null)?.map((a) => norm(a, x.length)) ?? x.map((_, i) => i);
  const out = [...x];
  axes.forEach((a, i) => {
    const add = pads[i] + pads[i + axes.length];
    const d = out[a];
    out[a] = typeof d === 'number' ? d + add : add === 0 ? d : unknown(c, a);
  });
  return [out];
};

const argReduce: Rule = (c) => {
  const x = c.in(0).dims;
  if (!x) return [null];
  const axis = norm(attrInt(c.node, 'axis', 0), x.length);
  return [attrInt(c.node, 'keepdims', 1) ? x.map((d, i) => (i === axis ? 1 : d)) : x.filter((_, i) => i !== axis)];
};

const reduce: Rule = (c) => {
  const x = c.in(0).dims;
  if (!x) return [null];
  let axes = attrInts(c.node, 'axes') ?? (c.node.inputs[1] ? values(c, 1) : []);
  if (!axes) return [null];
  if (!axes.length) {
    if (attrInt(c.node, 'noop_with_empty_axes', 0)) return [x];
    axes = x.map((_, i) => i);
  }
  const drop = new Set(axes.map((a) => norm(a, x.length)));
  const keep = attrInt(c.node, 'keepdims', 1) === 1;
  return [keep ? x.map((d, i) => (drop.has(i) ? 1 : d)) : x.filter((_, i) => !drop.has(i))];
};

const layerNorm: Rule = (c) => {
  const x = c.in(0).dims;
  if (!x) return [null, null, null];
  const axis = norm(attrInt(c.node, 'axis', -1), x.length);
  const stats = x.map((d, i) => (i < axis ? d : 1));
  return [x, stats, stats];
};

/** Channels-last (nhwc) or channels-first dims of a 4-D image op's output. */
const image = (c: RuleContext, n: Dims[number], ch: Dims[number], h: Dims[number], w: Dims[number]): Dims => (c.nhwc ? [n, h, w, ch] : [n, ch, h, w]);
const parts = (c: RuleContext, x: Dims) => (c.nhwc ? { n: x[0], h: x[1], w: x[2], ch: x[3] } : { n: x[0], ch: x[1], h: x[2], w: x[3] });
const times = (c: RuleContext, d: Dims[number], k: number, i: number): Dims[number] => (typeof d === 'number' ? d * k : unknown(c, i));

const depthToSpace: Rule = (c) => {
  const x = c.in(0).dims;
  if (!x || x.length !== 4) return [null];
  const bs = attrInt(c.node, 'blocksize', 1);
  const { n, ch, h, w } = parts(c, x);
  const out = c.node.op === 'DepthToSpace'
    ? image(c, n, typeof ch === 'number' ? ch / (bs * bs) : unknown(c, 1), times(c, h, bs, 2), times(c, w, bs, 3))
    : image(c, n, times(c, ch, bs * bs, 1), typeof h === 'number' ? h / bs : unknown(c, 2), typeof w === 'number' ? w / bs : unknown(c, 3));
  return [out];
};

const convTranspose: Rule = (c) => {
  const x = c.in(0).dims;
  const wt = c.in(1).dims;
  if (!x || !wt || x.length !== 4) return [null];
  const { n, h, w } = parts(c, x);
  const group = attrInt(c.node, 'group', 1);
  const cout = typeof wt[1] === 'number' ? wt[1] * group : unknown(c, 1);
  const strides = attrInts(c.node, 'strides') ?? [1, 1];
  const kernel = attrInts(c.node, 'kernel_shape') ?? (wt.slice(2) as number[]);
  const dil = attrInts(c.node, 'dilations') ?? [1, 1];
  const outPad = attrInts(c.node, 'output_padding') ?? [0, 0];
  const pads = attrInts(c.node, 'pads') ?? [0, 0, 0, 0];
  const auto = attrStr(c.node, 'auto_pad', 'NOTSET');
  const given = attrInts(c.node, 'output_shape');
  const size = (d: Dims[number], i: number): Dims[number] => {
    if (given) return given[given.length - 2 + i];
    if (typeof d !== 'number') return unknown(c, i + 2);
    if (auto === 'SAME_UPPER' || auto === 'SAME_LOWER') return d * strides[i];
    const p = auto === 'VALID' ? 0 : pads[i] + pads[i + 2];
    return strides[i] * (d - 1) + outPad[i] + (kernel[i] - 1) * dil[i] + 1 - p;
  };
  return [image(c, n, cout, size(h, 0), size(w, 1))];
};

const resize: Rule = (c) => {
  const x = c.in(0).dims;
  if (!x || x.length !== 4) return [null];
  const { n, ch, h, w } = parts(c, x);
  const upsample = c.node.op === 'Upsample';
  const sizes = !upsample && c.opset >= 11 && c.node.inputs[3] ? values(c, 3) : null;
  if (sizes && sizes.length === 4) return [image(c, sizes[0], sizes[1], sizes[2], sizes[3])];
  const scaleInput = upsample || c.opset < 11 ? 1 : 2;
  const scales = attrInts(c.node, 'scales') ?? (c.node.inputs[scaleInput] ? values(c, scaleInput) : null);
  if (!scales || scales.length !== 4) return [image(c, n, ch, unknown(c, 2), unknown(c, 3))];
  const scaled = (d: Dims[number], s: number, i: number) => (typeof d === 'number' ? Math.floor(d * s) : s === 1 ? d : unknown(c, i));
  return [image(c, n, ch, scaled(h, scales[2], 2), scaled(w, scales[3], 3))];
};

const constantOfShape: Rule = (c) => {
  const v = values(c, 0);
  const len = c.in(0).dims?.[0];
  return [v ?? (typeof len === 'number' ? Array.from({ length: len }, (_, i) => unknown(c, i)) : null)];
};

const range: Rule = (c) => {
  const [a, b, d] = [values(c, 0), values(c, 1), values(c, 2)];
  return [[a && b && d ? Math.max(0, Math.ceil((b[0] - a[0]) / d[0])) : unknown(c, 0)]];
};

export const coverageShapeRules: Record<string, Rule> = {
  Slice: slice,
  Split: split,
  Gather: gather,
  Expand: expand,
  Tile: tile,
  Pad: pad,
  Size: () => [[]],
  ConstantOfShape: constantOfShape,
  Range: range,
  ArgMax: argReduce,
  ArgMin: argReduce,
  ReduceMean: reduce,
  ReduceSum: reduce,
  ReduceMax: reduce,
  ReduceMin: reduce,
  ReduceProd: reduce,
  ReduceL1: reduce,
  ReduceL2: reduce,
  ReduceSumSquare: reduce,
  ReduceLogSum: reduce,
  ReduceLogSumExp: reduce,
  LayerNormalization: layerNorm,
  DepthToSpace: depthToSpace,
  SpaceToDepth: depthToSpace,
  ConvTranspose: convTranspose,
  Resize: resize,
  Upsample: resize,
};
