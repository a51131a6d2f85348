/**
 * Static shapes and element types of an ONNX graph's tensors, as far as they can be known: from the
 * graph's inputs, its initializers, its value_info, and a rule per op. A symbolic dimension is a
 * string; an unknown shape (even its rank) is null. Ops of the NCHW list that the layout pass marks
 * NHWC get their shapes channels-last.
 */
import { initValues, type Initializer, type OnnxGraph, type OnnxNode, type OnnxTypeName, type ValueInfo } from '../graph';
import type { Dims } from './tf-builder';
import { coverageShapeRules } from './coverage-shapes';

export interface TensorInfo {
  dims: Dims | null;
  type: OnnxTypeName | null;
}

export interface ShapeContext {
  node: OnnxNode;
  /** Input i's info (unknown for an omitted input). */
  in(i: number): TensorInfo;
  constant(i: number): Initializer | null;
  nhwc: boolean;
  opset: number;
}

/** Output dims for each output (null: unknown); types default to input 0's. */
export type ShapeRule = (ctx: ShapeContext) => (Dims | null)[];

const norm = (a: number, rank: number) => (a < 0 ? a + rank : a);
const known = (d: Dims | null): d is number[] => d !== null && d.every((x) => typeof x === 'number');
const same: ShapeRule = (c) => [c.in(0).dims];

export function broadcastDims(a: Dims | null, b: Dims | null): Dims | null {
  if (!a || !b) return null;
  const rank = Math.max(a.length, b.length);
  const out: Dims = [];
  for (let i = 0; i < rank; i++) {
    const x = a[a.length - rank + i] ?? 1;
    const y = b[b.length - rank + i] ?? 1;
    out.push(x === 1 ? y : y === 1 ? x : typeof x === 'number' ? x : y);
  }
  return out;
}

const broadcast: ShapeRule = (c) => {
  let d: Dims | null = c.in(0).dims;
  for (let i = 1; i < c.node.inputs.length; i++) d = broadcastDims(d, c.in(i).dims);
  return [d];
};

const attrInt = (n: OnnxNode, k: string, def: number) => (n.attrs[k] && 'i' in n.attrs[k] ? (n.attrs[k] as { i: number }).i : def);
const attrInts = (n: OnnxNode, k: string): number[] | null => (n.attrs[k] && 'ints' in n.attrs[k] ? (n.attrs[k] as { ints: number[] }).ints : null);
const attrStr = (n: OnnxNode, k: string, def: string) => (n.attrs[k] && 's' in n.attrs[k] ? (n.attrs[k] as { s: string }).s : def);

/** Split [N, C, ...spatial] (or NHWC) into its parts. */
function parts(d: Dims, nhwc: boolean): { n: number | string; c: number | string; spatial: Dims } {
  return nhwc ? { n: d[0], c: d[d.length - 1], spatial: d.slice(1, -1) } : { n: d[0], c: d[1], spatial: d.slice(2) };
}
const join = (n: number | string, c: number | string, spatial: Dims, nhwc: boolean): Dims => (nhwc ? [n, ...spatial, c] : [n, c, ...spatial]);

/** Output spatial sizes of a conv or pool (ONNX's formulas, auto_pad included). */
export function windowOutput(node: OnnxNode, spatial: Dims, kernel: number[], ceil = false): Dims {
  const k = spatial.length;
  const strides = attrInts(node, 'strides') ?? Array(k).fill(1);
  const dil = attrInts(node, 'dilations') ?? Array(k).fill(1);
  const pads = attrInts(node, 'pads') ?? Array(2 * k).fill(0);
  const auto = attrStr(node, 'auto_pad', 'NOTSET');
  return spatial.map((x, i) => {
    if (typeof x !== 'number') return `${node.outputs[0]}_s${i}`;
    if (auto === 'SAME_UPPER' || auto === 'SAME_LOWER') return Math.ceil(x / strides[i]);
    const ek = dil[i] * (kernel[i] - 1) + 1;
    const span = auto === 'VALID' ? x - ek : x + pads[i] + pads[i + k] - ek;
    const out = (ceil ? Math.ceil(span / strides[i]) : Math.floor(span / strides[i])) + 1;
    // ONNX (and PyTorch): a ceil-mode window must start inside the input or its left padding.
    return ceil && auto !== 'VALID' && (out - 1) * strides[i] >= x + pads[i] ? out - 1 : out;
  });
}

const conv: ShapeRule = (c) => {
  const x = c.in(0).dims;
  const w = c.in(1).dims;
  if (!x || !w) return [null];
  const { n, spatial } = parts(x, c.nhwc);
  const kernel = attrInts(c.node, 'kernel_shape') ?? (known(w) ? w.slice(2) : null);
  if (!kernel) return [null];
  return [join(n, w[0], windowOutput(c.node, spatial, kernel), c.nhwc)];
};

const pool: ShapeRule = (c) => {
  const x = c.in(0).dims;
  if (!x) return [null];
  const { n, c: ch, spatial } = parts(x, c.nhwc);
  const kernel = attrInts(c.node, 'kernel_shape');
  if (!kernel) return [null];
  return [join(n, ch, windowOutput(c.node, spatial, kernel, attrInt(c.node, 'ceil_mode', 0) === 1), c.nhwc)];
};

const globalPool: ShapeRule = (c) => {
  const x = c.in(0).dims;
  if (!x) return [null];
  const { n, c: ch, spatial } = parts(x, c.nhwc);
  return [join(n, ch, spatial.map(() => 1), c.nhwc)];
};

function reshaped(input: Dims | null, shape: number[], allowZero: boolean): Dims | null {
  const out: Dims = shape.map((s, i) => (s === 0 && !allowZero ? (input?.[i] ?? -1) : s));
  const minus = out.indexOf(-1);
  if (minus < 0) return out;
  if (!known(input)) {
    // The batch (the one symbolic dim) usually lands where -1 is: keep it symbolic.
    return out.map((d, i) => (i === minus ? `reshape_d${i}` : d));
  }
  const total = input.reduce((a, b) => a * b, 1);
  const rest = (out.filter((d, i) => i !== minus) as number[]).reduce((a, b) => a * b, 1);
  out[minus] = rest === 0 ? 0 : total / rest;
  return out;
}

function axesOf(c: ShapeContext, inputIndex: number): number[] | null {
  const fromAttr = attrInts(c.node, 'axes');
  if (fromAttr) return fromAttr;
  const init = c.constant(inputIndex);
  return init ? initValues(init) : null;
}

/** Element-wise ops of one tensor input: the output has its shape. */
const UNARY = ['Relu', 'LeakyRelu', 'Sigmoid', 'Tanh', 'Exp', 'Log', 'Sqrt', 'Neg', 'Abs', 'Clip', 'HardSigmoid', 'HardSwish', 'Softmax', 'LogSoftmax', 'Cast', 'Erf', 'Floor', 'Ceil', 'Round', 'Sign', 'Reciprocal', 'Softplus', 'Softsign', 'Elu', 'Selu', 'Celu', 'Sin', 'Cos', 'Not', 'Gelu', 'Mish', 'ThresholdedRelu', 'IsNaN', 'IsInf'];

export const SHAPE_RULES: Record<string, ShapeRule> = {
  ...coverageShapeRules,
  ...Object.fromEntries(UNARY.map((op) => [op, same])),
  Conv: conv,
  MaxPool: pool,
  AveragePool: pool,
  LpPool: pool,
  GlobalAveragePool: globalPool,
  GlobalMaxPool: globalPool,
  GlobalLpPool: globalPool,
  BatchNormalization: same,
  InstanceNormalization: same,
  LRN: same,
  Identity: same,
  Dropout: (c) => [c.in(0).dims, c.in(0).dims],
  Add: broadcast,
  Sub: broadcast,
  Mul: broadcast,
  Div: broadcast,
  Pow: broadcast,
  Max: broadcast,
  Min: broadcast,
  Sum: broadcast,
  Mean: broadcast,
  PRelu: broadcast,
  Where: broadcast,
  Equal: broadcast,
  Less: broadcast,
  Greater: broadcast,
  LessOrEqual: broadcast,
  GreaterOrEqual: broadcast,
  And: broadcast,
  Or: broadcast,
  Xor: broadcast,
  Mod: broadcast,
  Gemm: (c) => {
    const a = c.in(0).dims;
    const b = c.in(1).dims;
    if (!a || !b) return [null];
    return [[attrInt(c.node, 'transA', 0) ? a[1] : a[0], attrInt(c.node, 'transB', 0) ? b[0] : b[1]]];
  },
  MatMul: (c) => {
    const a = c.in(0).dims;
    const b = c.in(1).dims;
    if (!a || !b) return [null];
    const a2 = a.length === 1 ? [1, a[0]] : a;
    const b2 = b.length === 1 ? [b[0], 1] : b;
    const batch = broadcastDims(a2.slice(0, -2), b2.slice(0, -2))!;
    return [[...batch, ...(a.length === 1 ? [] : [a2[a2.length - 2]]), ...(b.length === 1 ? [] : [b2[b2.length - 1]])]];
  },
  Reshape: (c) => {
    const shape = c.constant(1);
    const fromAttr = attrInts(c.node, 'shape');
    const values = shape ? initValues(shape) : fromAttr;
    return [values ? reshaped(c.in(0).dims, values, attrInt(c.node, 'allowzero', 0) === 1) : null];
  },
  Flatten: (c) => {
    const x = c.in(0).dims;
    if (!x) return [null];
    const axis = norm(attrInt(c.node, 'axis', 1), x.length);
    const prod = (d: Dims) => (known(d) ? d.reduce((a, b) => a * b, 1) : `${c.node.outputs[0]}_f`);
    return [[prod(x.slice(0, axis)), prod(x.slice(axis))]];
  },
  Transpose: (c) => {
    const x = c.in(0).dims;
    if (!x) return [null];
    const perm = attrInts(c.node, 'perm') ?? x.map((_, i) => x.length - 1 - i);
    return [perm.map((p) => x[p])];
  },
  Squeeze: (c) => {
    const x = c.in(0).dims;
    if (!x) return [null];
    const axes = axesOf(c, 1);
    if (!axes) return [known(x) ? x.filter((d) => d !== 1) : null];
    const drop = new Set(axes.map((a) => norm(a, x.length)));
    return [x.filter((_, i) => !drop.has(i))];
  },
  Unsqueeze: (c) => {
    const x = c.in(0).dims;
    const axes = axesOf(c, 1);
    if (!x || !axes) return [null];
    const rank = x.length + axes.length;
    const add = new Set(axes.map((a) => norm(a, rank)));
    const out: Dims = [];
    for (let i = 0, k = 0; i < rank; i++) out.push(add.has(i) ? 1 : x[k++]);
    return [out];
  },
  Concat: (c) => {
    const dims = c.node.inputs.map((_, i) => c.in(i).dims);
    if (dims.some((d) => !d)) return [null];
    const first = dims[0]!;
    const axis = norm(attrInt(c.node, 'axis', 0), first.length);
    const sizes = dims.map((d) => d![axis]);
    const out = [...first];
    out[axis] = sizes.every((s) => typeof s === 'number') ? (sizes as number[]).reduce((a, b) => a + b, 0) : `${c.node.outputs[0]}_c`;
    return [out];
  },
  Shape: (c) => {
    const x = c.in(0).dims;
    if (!x) return [null];
    const start = norm(attrInt(c.node, 'start', 0), x.length);
    const end = c.node.attrs.end ? norm(attrInt(c.node, 'end', x.length), x.length) : x.length;
    return [[Math.max(0, Math.min(end, x.length) - Math.max(0, start))]];
  },
};

/** Ops whose output type is not input 0's. */
const TYPE_RULES: Record<string, (n: OnnxNode) => OnnxTypeName> = {
  Shape: () => 'int64',
  Size: () => 'int64',
  ArgMax: () => 'int64',
  ArgMin: () => 'int64',
  NonZero: () => 'int64',
  Equal: () => 'bool',
  Less: () => 'bool',
  Greater: () => 'bool',
  LessOrEqual: () => 'bool',
  GreaterOrEqual: () => 'bool',
  And: () => 'bool',
  Or: () => 'bool',
  Xor: () => 'bool',
  Not: () => 'bool',
  IsNaN: () => 'bool',
  IsInf: () => 'bool',
  Cast: (n) => ({ 1: 'float', 2: 'uint8', 6: 'int32', 7: 'int64', 9: 'bool', 10: 'float', 11: 'float', 3: 'int32', 5: 'int32', 4: 'int32', 12: 'int32', 13: 'int64' } as Record<number, OnnxTypeName>)[attrInt(n, 'to', 1)] ?? 'float',
};

export interface ShapeSources {
  /** The model's value_info: used where a rule knows nothing. */
  declared?: Map<string, ValueInfo>;
  /** Nodes that compute channels-last (layout.ts). */
  nhwc?: ReadonlySet<OnnxNode>;
  /** Dims already known by name (the folding pass's, or those before the layout pass): they win over rules. */
  known?: Map<string, Dims | null>;
  rules?: Record<string, ShapeRule>;
}

/**
 * Every tensor's info, nodes taken in order (the graph is topologically sorted). A tensor keeps its
 * meaning through the layout pass (new tensors get new names), so dims known before it stay true;
 * the new ones come from the rules, and a Transpose's input from its output where only that is known.
 */
export function inferShapes(g: OnnxGraph, opset: number, { declared = new Map(), nhwc = new Set(), known = new Map(), rules = SHAPE_RULES }: ShapeSources = {}): Map<string, TensorInfo> {
  const info = new Map<string, TensorInfo>();
  for (const i of g.inputs) info.set(i.name, { dims: i.dims, type: i.type });
  for (const [name, init] of g.initializers) info.set(name, { dims: init.dims, type: init.type });
  const unknown: TensorInfo = { dims: null, type: null };
  for (const node of g.nodes) {
    const ctx: ShapeContext = {
      node,
      in: (i) => (node.inputs[i] ? info.get(node.inputs[i]) ?? unknown : unknown),
      constant: (i) => (node.inputs[i] ? g.initializers.get(node.inputs[i]) ?? null : null),
      nhwc: nhwc.has(node),
      opset,
    };
    const rule: ShapeRule | undefined = Object.hasOwn(rules, node.op) ? rules[node.op] : undefined;
    let dims: (Dims | null)[] = [];
    if (rule && !node.domain && !node.outputs.every((o) => known.get(o))) {
      try {
        dims = rule(ctx);
      } catch {
        dims = [];
      }
    }
    const type = (Object.hasOwn(TYPE_RULES, node.op) ? TYPE_RULES[node.op](node) : null) ?? ctx.in(0).type;
    node.outputs.forEach((o, k) => {
      const d = known.get(o) ?? dims[k] ?? (nhwc.has(node) ? null : declared.get(o)?.dims ?? null);
      info.set(o, { dims: d, type: k === 0 ? type ?? declared.get(o)?.type ?? null : declared.get(o)?.type ?? type });
    });
  }
  // Backwards through Transposes: x = transpose(y, inverse perm).
  for (let k = g.nodes.length - 1; k >= 0; k--) {
    const t = g.nodes[k];
    if (t.op !== 'Transpose') continue;
    const out = info.get(t.outputs[0]);
    const x = info.get(t.inputs[0]);
    const perm = t.attrs.perm && 'ints' in t.attrs.perm ? t.attrs.perm.ints : null;
    if (!out?.dims || !perm || (x && x.dims)) continue;
    const dims: Dims = new Array(perm.length);
    perm.forEach((p, i) => (dims[p] = out.dims![i]));
    info.set(t.inputs[0], { dims, type: x?.type ?? out.type });
  }
  return info;
}
