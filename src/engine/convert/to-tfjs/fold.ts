/**
 * Shape inference and constant folding over an ONNX graph, before it is mapped to TF ops.
 *
 * torch.onnx wraps every flatten, view and attention reshape in shape arithmetic (Shape -> Gather
 * -> Unsqueeze -> Concat -> Reshape, ConstantOfShape/Equal/Where around Expand, Cast, Div on
 * int64 dims). Where the shapes are known, all of it becomes initializers here, so the TF graph
 * holds plain Reshapes with constant shapes. A symbolic dimension (a BERT's batch and sequence) is
 * carried as its name: Shape of a [batch, 3, 64, 64] tensor is the value [batch, 3, 64, 64], and
 * Gather of its element 1 is the constant 3. What depends on a symbolic value stays in the graph
 * as runtime ops, except a Reshape whose target has exactly one symbolic entry, which gets a
 * constant target with -1 there. Identity and Dropout (inference) are removed, and so is every
 * node nothing reads any more.
 */
import { initValues, sizeOf, type AttrValue, type Initializer, type OnnxGraph, type OnnxNode, type OnnxTypeName, type TensorData } from '../graph';

export type Dim = number | string;
export type Shape = Dim[] | null;

export interface FoldResult {
  /** ONNX nodes removed: folded to initializers, Identity/Dropout, or dead once the folding was done. */
  folded: number;
  /** Every tensor's shape where it could be inferred (null where not); symbolic dims by name. */
  shapes: Map<string, Shape>;
}

/** A constant's value: numbers in row-major order (int64 as Number: dims and indices are small). */
interface Value {
  type: OnnxTypeName;
  dims: number[];
  data: number[];
}

/** A small integer tensor (a shape or a dim) whose elements may be symbolic. */
interface SymValue {
  dims: number[];
  elems: Dim[];
}

/** Tensors larger than this are not folded (weights arithmetic stays what the model says). */
const MAX_FOLD_ELEMENTS = 1 << 18;

/** ONNX TensorProto.DataType -> the converter's element types (TF.js has no float64 or int8 math). */
const TYPE_OF: Record<number, OnnxTypeName> = {
  1: 'float', 2: 'uint8', 3: 'int32', 4: 'int32', 5: 'int32', 6: 'int32', 7: 'int64', 9: 'bool', 10: 'float16',
  11: 'float', 12: 'int64', 13: 'int64', 16: 'float',
};

const INT_TYPES = new Set<OnnxTypeName>(['int32', 'int64', 'uint8', 'bool']);

function attrInt(node: OnnxNode, name: string, fallback: number): number {
  const a = node.attrs[name];
  return a && 'i' in a ? a.i : fallback;
}

function attrInts(node: OnnxNode, name: string): number[] | null {
  const a = node.attrs[name];
  if (!a) return null;
  if ('ints' in a) return a.ints;
  if ('i' in a) return [a.i];
  return null;
}

function attrFloat(node: OnnxNode, name: string, fallback: number): number {
  const a = node.attrs[name];
  return a && 'f' in a ? a.f : fallback;
}

const normAxis = (axis: number, rank: number) => (axis < 0 ? axis + rank : axis);

function stridesOf(dims: readonly number[]): number[] {
  const s = new Array<number>(dims.length);
  let acc = 1;
  for (let i = dims.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= dims[i];
  }
  return s;
}

/** Output shape of numpy broadcasting over known dims. */
function broadcastDims(shapes: readonly number[][]): number[] | null {
  const rank = Math.max(...shapes.map((s) => s.length));
  const out = new Array<number>(rank).fill(1);
  for (const s of shapes) {
    for (let i = 0; i < s.length; i++) {
      const o = rank - s.length + i;
      if (s[i] === 1) continue;
      if (out[o] !== 1 && out[o] !== s[i]) return null;
      out[o] = s[i];
    }
  }
  return out;
}

/** Index of the element of a tensor with `dims` that broadcasts to flat index `flat` of `outDims`. */
function broadcastIndexer(dims: readonly number[], outDims: readonly number[]): (flat: number) => number {
  const outStrides = stridesOf(outDims);
  const inStrides = stridesOf(dims);
  const off = outDims.length - dims.length;
  return (flat) => {
    let idx = 0;
    for (let i = 0; i < dims.length; i++) {
      if (dims[i] === 1) continue;
      const coord = Math.floor(flat / outStrides[i + off]) % outDims[i + off];
      idx += coord * inStrides[i];
    }
    return idx;
  };
}

function elementwise(values: Value[], type: OnnxTypeName, f: (...xs: number[]) => number): Value | null {
  const dims = broadcastDims(values.map((v) => v.dims));
  if (!dims) return null;
  const n = sizeOf(dims);
  const idx = values.map((v) => broadcastIndexer(v.dims, dims));
  const data = new Array<number>(n);
  const args = new Array<number>(values.length);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < values.length; k++) args[k] = values[k].data[idx[k](i)];
    data[i] = f(...args);
  }
  return { type, dims, data };
}

/** Rounds a result to its element type, as ONNX Runtime would store it. */
function castTo(x: number, type: OnnxTypeName): number {
  switch (type) {
    case 'bool':
      return x ? 1 : 0;
    case 'int32':
    case 'int64':
      return Number.isFinite(x) ? Math.trunc(x) : x;
    case 'uint8':
      return Math.trunc(x) & 0xff;
    case 'float':
    case 'float16':
      return Math.fround(x);
  }
}

const isInt = (type: OnnxTypeName) => INT_TYPES.has(type);

const BINARY: Record<string, (a: number, b: number, int: boolean) => number> = {
  Add: (a, b) => a + b,
  Sub: (a, b) => a - b,
  Mul: (a, b) => a * b,
  Div: (a, b, int) => (int ? Math.trunc(a / b) : a / b),
  Pow: (a, b) => a ** b,
  Max: (a, b) => Math.max(a, b),
  Min: (a, b) => Math.min(a, b),
};

const COMPARE: Record<string, (a: number, b: number) => boolean> = {
  Equal: (a, b) => a === b,
  Less: (a, b) => a < b,
  Greater: (a, b) => a > b,
  LessOrEqual: (a, b) => a <= b,
  GreaterOrEqual: (a, b) => a >= b,
  And: (a, b) => !!a && !!b,
  Or: (a, b) => !!a || !!b,
  Xor: (a, b) => !!a !== !!b,
};

const UNARY: Record<string, (a: number) => number> = {
  Neg: (a) => -a,
  Abs: Math.abs,
  Sqrt: Math.sqrt,
  Floor: Math.floor,
  Ceil: Math.ceil,
  Reciprocal: (a) => 1 / a,
  Exp: Math.exp,
  Log: Math.log,
  Relu: (a) => Math.max(a, 0),
  Sign: Math.sign,
};

/** Slice parameters, opset 10+ as inputs or opset 1-9 as attributes, resolved against `dims`. */
function sliceSpec(
  dims: readonly number[],
  starts: number[],
  ends: number[],
  axes: number[] | null,
  steps: number[] | null,
): { begin: number[]; step: number[]; size: number[] } {
  const rank = dims.length;
  const begin = new Array<number>(rank).fill(0);
  const step = new Array<number>(rank).fill(1);
  const size = [...dims];
  starts.forEach((s, i) => {
    const ax = normAxis(axes ? axes[i] : i, rank);
    const st = steps ? steps[i] : 1;
    const d = dims[ax];
    let b = s < 0 ? s + d : s;
    let e = ends[i] < 0 ? ends[i] + d : ends[i];
    if (st > 0) {
      b = Math.min(Math.max(b, 0), d);
      e = Math.min(Math.max(e, 0), d);
      size[ax] = Math.max(0, Math.ceil((e - b) / st));
    } else {
      b = Math.min(Math.max(b, -1), d - 1);
      e = Math.min(Math.max(e, -1), d - 1);
      size[ax] = Math.max(0, Math.ceil((b - e) / -st));
    }
    begin[ax] = b;
    step[ax] = st;
  });
  return { begin, step, size };
}

function sliceData<T>(data: readonly T[], dims: readonly number[], spec: { begin: number[]; step: number[]; size: number[] }): T[] {
  const inStrides = stridesOf(dims);
  const outStrides = stridesOf(spec.size);
  const n = sizeOf(spec.size);
  const out = new Array<T>(n);
  for (let i = 0; i < n; i++) {
    let idx = 0;
    for (let a = 0; a < dims.length; a++) {
      const c = Math.floor(i / outStrides[a]) % spec.size[a];
      idx += (spec.begin[a] + c * spec.step[a]) * inStrides[a];
    }
    out[i] = data[idx];
  }
  return out;
}

function gatherData<T>(data: readonly T[], dims: readonly number[], indices: Value, axis: number): { dims: number[]; data: T[] } {
  const outer = sizeOf(dims.slice(0, axis));
  const inner = sizeOf(dims.slice(axis + 1));
  const d = dims[axis];
  const out: T[] = [];
  for (let o = 0; o < outer; o++)
    for (const raw of indices.data) {
      const k = raw < 0 ? raw + d : raw;
      if (k < 0 || k >= d) throw new Error(`Gather index ${raw} is outside a dimension of ${d}`);
      for (let i = 0; i < inner; i++) out.push(data[(o * d + k) * inner + i]);
    }
  return { dims: [...dims.slice(0, axis), ...indices.dims, ...dims.slice(axis + 1)], data: out };
}

function transposeValues<T>(data: readonly T[], dims: readonly number[], perm: readonly number[]): { dims: number[]; data: T[] } {
  const outDims = perm.map((p) => dims[p]);
  const inStrides = stridesOf(dims);
  const outStrides = stridesOf(outDims);
  const n = data.length;
  const out = new Array<T>(n);
  for (let i = 0; i < n; i++) {
    let idx = 0;
    for (let a = 0; a < perm.length; a++) idx += (Math.floor(i / outStrides[a]) % outDims[a]) * inStrides[perm[a]];
    out[i] = data[idx];
  }
  return { dims: outDims, data: out };
}

function valueOfInit(init: Initializer): Value {
  return { type: init.type, dims: [...init.dims], data: init.type === 'float16' ? halfToFloats(init.data as Uint16Array | Uint8Array) : initValues(init) };
}

function halfToFloats(data: Uint16Array | Uint8Array): number[] {
  const u16 = data instanceof Uint16Array ? data : new Uint16Array(data.buffer, data.byteOffset, data.byteLength / 2);
  return Array.from(u16, (h) => {
    const s = h & 0x8000 ? -1 : 1;
    const e = (h >> 10) & 0x1f;
    const f = h & 0x3ff;
    if (e === 0) return s * 2 ** -14 * (f / 1024);
    if (e === 31) return f ? NaN : s * Infinity;
    return s * 2 ** (e - 15) * (1 + f / 1024);
  });
}

const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -(2n ** 63n);

function toInitializer(name: string, v: Value): Initializer {
  let data: TensorData;
  let type = v.type;
  switch (v.type) {
    case 'int64':
      data = BigInt64Array.from(v.data, (x) => {
        if (!Number.isFinite(x)) return x > 0 ? INT64_MAX : INT64_MIN;
        const b = BigInt(Math.trunc(x));
        return b > INT64_MAX ? INT64_MAX : b < INT64_MIN ? INT64_MIN : b;
      });
      break;
    case 'int32':
      data = Int32Array.from(v.data);
      break;
    case 'uint8':
    case 'bool':
      data = Uint8Array.from(v.data, (x) => (v.type === 'bool' ? (x ? 1 : 0) : x));
      break;
    default:
      // float16 results are written as float32: the mapping reads values, not the storage type.
      data = Float32Array.from(v.data);
      type = 'float';
  }
  return { name, type, dims: [...v.dims], data };
}

/** The tensor a Constant node holds: its `value` attribute (a tensor) or value_int(s)/value_float(s). */
function constantNodeValue(node: OnnxNode): Value | null {
  const attrs = node.attrs as Record<string, AttrValue | Record<string, unknown>>;
  const a = attrs.value_int ?? attrs.value_ints ?? attrs.value_float ?? attrs.value_floats;
  if (a) {
    if ('i' in a) return { type: 'int64', dims: [], data: [Number(a.i)] };
    if ('ints' in a) return { type: 'int64', dims: [(a.ints as number[]).length], data: (a.ints as number[]).map(Number) };
    if ('f' in a) return { type: 'float', dims: [], data: [Number(a.f)] };
    if ('floats' in a) return { type: 'float', dims: [(a.floats as number[]).length], data: (a.floats as number[]).map(Number) };
  }
  const t = (attrs.value ?? null) as Record<string, unknown> | null;
  if (!t) return null;
  const tensor = ('t' in t ? t.t : t) as Partial<Initializer> | undefined;
  if (tensor && Array.isArray(tensor.dims) && tensor.data && tensor.type) return valueOfInit(tensor as Initializer);
  return null;
}

/** Elements of a 1-D (or scalar) integer value, for ops taking shapes, axes, indices. */
const intsOf = (v: Value) => v.data.map((x) => Math.trunc(x));

class Folder {
  readonly shapes = new Map<string, Shape>();
  readonly consts = new Map<string, Value>();
  readonly syms = new Map<string, SymValue>();
  readonly graphOutputs: Set<string>;
  #fresh = 0;

  constructor(readonly graph: OnnxGraph) {
    this.graphOutputs = new Set(graph.outputs.map((o) => o.name));
    for (const i of graph.inputs) this.shapes.set(i.name, i.dims ? [...i.dims] : null);
    for (const init of graph.initializers.values()) this.shapes.set(init.name, [...init.dims]);
  }

  /** Whether a tensor is a constant small enough to fold (weights are not read until needed). */
  isConst(name: string): boolean {
    if (this.consts.has(name)) return true;
    const init = this.graph.initializers.get(name);
    return !!init && sizeOf(init.dims) <= MAX_FOLD_ELEMENTS;
  }

  /** A dimension nothing names: unequal to every other. */
  fresh(): string {
    return `?${++this.#fresh}`;
  }

  shape(name: string): Shape {
    if (!name) return null;
    return this.shapes.get(name) ?? null;
  }

  known(name: string): number[] | null {
    const s = this.shape(name);
    return s && s.every((d): d is number => typeof d === 'number') ? s : null;
  }

  constant(name: string): Value | null {
    if (!name || !this.isConst(name)) return null;
    let v = this.consts.get(name);
    if (!v) {
      v = valueOfInit(this.graph.initializers.get(name)!);
      this.consts.set(name, v);
    }
    return v;
  }

  /** A value as symbolic elements: a constant integer tensor, or a shape computed from symbolic dims. */
  sym(name: string): SymValue | null {
    const s = this.syms.get(name);
    if (s) return s;
    const init = this.consts.has(name) ? null : this.graph.initializers.get(name);
    if (init && sizeOf(init.dims) > 64) return null; // a weight, not a shape: never read as numbers here
    const c = this.constant(name);
    if (c && c.dims.length <= 1 && c.data.length <= 64) return { dims: c.dims, elems: c.data };
    return null;
  }
}

/** Broadcast of shapes that may hold symbolic dims. */
function broadcastShapes(f: Folder, shapes: Shape[]): Shape {
  if (shapes.some((s) => s === null)) return null;
  const ss = shapes as Dim[][];
  const rank = Math.max(...ss.map((s) => s.length));
  const out: Dim[] = new Array<Dim>(rank).fill(1);
  for (const s of ss) {
    for (let i = 0; i < s.length; i++) {
      const o = rank - s.length + i;
      const a = out[o];
      const b = s[i];
      if (b === 1 || a === b) continue;
      if (a === 1) out[o] = b;
      else if (typeof a === 'number' && typeof b === 'string') continue;
      else if (typeof a === 'string' && typeof b === 'number') out[o] = b;
      else if (typeof a === 'number' && typeof b === 'number') return null;
      else out[o] = f.fresh();
    }
  }
  return out;
}

/** Output spatial size of a conv or pool along one axis. */
function windowOut(inDim: Dim, k: number, stride: number, dil: number, padBegin: number, padEnd: number, ceil: boolean, f: Folder): Dim {
  if (typeof inDim !== 'number') return f.fresh();
  const span = (k - 1) * dil + 1;
  const q = (inDim + padBegin + padEnd - span) / stride;
  let out = (ceil ? Math.ceil(q) : Math.floor(q)) + 1;
  // ceil mode: the last window must start inside the input or its left padding.
  if (ceil && (out - 1) * stride >= inDim + padBegin) out--;
  return out;
}

function windowShape(f: Folder, node: OnnxNode, x: Dim[], kernel: number[], channelsOut: Dim): Dim[] {
  const spatial = x.length - 2;
  const strides = attrInts(node, 'strides') ?? new Array<number>(spatial).fill(1);
  const dil = attrInts(node, 'dilations') ?? new Array<number>(spatial).fill(1);
  let pads = attrInts(node, 'pads') ?? new Array<number>(spatial * 2).fill(0);
  const autoPad = node.attrs.auto_pad && 's' in node.attrs.auto_pad ? node.attrs.auto_pad.s : 'NOTSET';
  const ceil = attrInt(node, 'ceil_mode', 0) === 1;
  const out: Dim[] = [x[0], channelsOut];
  for (let i = 0; i < spatial; i++) {
    const d = x[i + 2];
    if (autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER') out.push(typeof d === 'number' ? Math.ceil(d / strides[i]) : f.fresh());
    else {
      if (autoPad === 'VALID') pads = new Array<number>(spatial * 2).fill(0);
      out.push(windowOut(d, kernel[i], strides[i], dil[i], pads[i], pads[i + spatial], ceil, f));
    }
  }
  return out;
}

/** Reshape's output shape from its target (0 copies the input dim unless allowzero, -1 infers). */
function reshapeShape(f: Folder, input: Shape, target: Dim[], allowZero: boolean): Dim[] {
  const out: Dim[] = target.map((t, i) => (t === 0 && !allowZero ? (input ? input[i] : f.fresh()) : t));
  const minus = out.indexOf(-1);
  if (minus < 0) return out;
  if (!input) {
    out[minus] = f.fresh();
    return out;
  }
  // Numbers divide; symbolic dims cancel by name.
  const num = input.filter((d): d is number => typeof d === 'number').reduce((a, b) => a * b, 1);
  const sym = input.filter((d): d is string => typeof d === 'string');
  const rest = out.filter((_, i) => i !== minus);
  const restNum = rest.filter((d): d is number => typeof d === 'number').reduce((a, b) => a * b, 1);
  const restSym = rest.filter((d): d is string => typeof d === 'string');
  const left = [...sym];
  for (const s of restSym) {
    const k = left.indexOf(s);
    if (k < 0) {
      out[minus] = f.fresh();
      return out;
    }
    left.splice(k, 1);
  }
  if (left.length === 0) out[minus] = restNum ? num / restNum : 0;
  else out[minus] = left.length === 1 && num === restNum ? left[0] : f.fresh();
  return out;
}

function reduceShape(x: Dim[], axes: number[] | null, keep: boolean, noopWithEmpty: boolean): Dim[] {
  if (!axes || axes.length === 0) {
    if (noopWithEmpty) return [...x];
    return keep ? x.map(() => 1) : [];
  }
  const set = new Set(axes.map((a) => normAxis(a, x.length)));
  const out: Dim[] = [];
  x.forEach((d, i) => {
    if (!set.has(i)) out.push(d);
    else if (keep) out.push(1);
  });
  return out;
}

/**
 * Folds a node whose inputs are all constants: the outputs' values, or null when the op is not one
 * this evaluates (it then runs as a TF op).
 */
function evaluate(f: Folder, node: OnnxNode, ins: (Value | null)[]): Value[] | null {
  const op = node.op;
  const x = ins[0];
  if (op === 'Constant') {
    const v = constantNodeValue(node);
    return v ? [v] : null;
  }
  if (!x) return null;
  if (op in BINARY || op === 'Mod') {
    const type = x.type;
    const int = isInt(type);
    if (op === 'Mod') {
      const fmod = attrInt(node, 'fmod', 0) === 1;
      const r = elementwise([x, ins[1]!], type, (a, b) => castTo(fmod || !int ? a % b : ((a % b) + b) % b, type));
      return r && [r];
    }
    const g = BINARY[op];
    const all = ins.filter((v): v is Value => v !== null);
    // Max/Min take any number of inputs.
    let acc: Value | null = all[0];
    for (let k = 1; k < all.length && acc; k++) acc = elementwise([acc, all[k]], type, (a, b) => castTo(g(a, b, int), type));
    return acc && [acc];
  }
  if (op in COMPARE) {
    const g = COMPARE[op];
    const r = elementwise([x, ins[1]!], 'bool', (a, b) => (g(a, b) ? 1 : 0));
    return r && [r];
  }
  if (op === 'Not') return [{ type: 'bool', dims: x.dims, data: x.data.map((a) => (a ? 0 : 1)) }];
  if (op in UNARY) return [{ type: x.type, dims: x.dims, data: x.data.map((a) => castTo(UNARY[op](a), x.type)) }];
  switch (op) {
    case 'Identity':
      return [x];
    case 'Cast': {
      const type = TYPE_OF[attrInt(node, 'to', 1)];
      if (!type) return null;
      return [{ type, dims: x.dims, data: x.data.map((a) => castTo(a, type)) }];
    }
    case 'Shape':
    case 'Size':
      return null; // from the input's shape, below
    case 'ConstantOfShape': {
      const dims = intsOf(x);
      const v = node.attrs.value ? constantNodeValue({ ...node, attrs: { value: node.attrs.value } }) : null;
      const fill = v ? v.data[0] : 0;
      if (sizeOf(dims) > MAX_FOLD_ELEMENTS) return null;
      return [{ type: v?.type ?? 'float', dims, data: new Array<number>(sizeOf(dims)).fill(fill) }];
    }
    case 'Range': {
      const [start, limit, delta] = [x.data[0], ins[1]!.data[0], ins[2]!.data[0]];
      const n = Math.max(Math.ceil((limit - start) / delta), 0);
      if (n > MAX_FOLD_ELEMENTS) return null;
      return [{ type: x.type, dims: [n], data: Array.from({ length: n }, (_, i) => castTo(start + i * delta, x.type)) }];
    }
    case 'Where': {
      const r = elementwise([x, ins[1]!, ins[2]!], ins[1]!.type, (c, a, b) => (c ? a : b));
      return r && [r];
    }
    case 'Reshape': {
      const dims = reshapeShape(f, x.dims, intsOf(ins[1]!), attrInt(node, 'allowzero', 0) === 1);
      if (!dims.every((d): d is number => typeof d === 'number')) return null;
      return [{ type: x.type, dims, data: x.data }];
    }
    case 'Flatten': {
      const axis = normAxis(attrInt(node, 'axis', 1), x.dims.length);
      return [{ type: x.type, dims: [sizeOf(x.dims.slice(0, axis)), sizeOf(x.dims.slice(axis))], data: x.data }];
    }
    case 'Squeeze':
    case 'Unsqueeze': {
      const axes = ins[1] ? intsOf(ins[1]) : attrInts(node, 'axes');
      const dims = op === 'Squeeze' ? squeezeDims(x.dims, axes) : unsqueezeDims(x.dims, axes ?? []);
      return [{ type: x.type, dims: dims as number[], data: x.data }];
    }
    case 'Concat': {
      const all = ins as Value[];
      const rank = x.dims.length;
      const axis = normAxis(attrInt(node, 'axis', 0), rank);
      const outer = sizeOf(x.dims.slice(0, axis));
      const data: number[] = [];
      for (let o = 0; o < outer; o++)
        for (const v of all) {
          const chunk = sizeOf(v.dims.slice(axis));
          for (let i = 0; i < chunk; i++) data.push(v.data[o * chunk + i]);
        }
      const dims = [...x.dims];
      dims[axis] = all.reduce((s, v) => s + v.dims[axis], 0);
      return [{ type: x.type, dims, data }];
    }
    case 'Gather': {
      const axis = normAxis(attrInt(node, 'axis', 0), x.dims.length);
      const g = gatherData(x.data, x.dims, ins[1]!, axis);
      return [{ type: x.type, ...g }];
    }
    case 'Slice': {
      const spec = ins.length > 1
        ? sliceSpec(x.dims, intsOf(ins[1]!), intsOf(ins[2]!), ins[3] ? intsOf(ins[3]) : null, ins[4] ? intsOf(ins[4]) : null)
        : sliceSpec(x.dims, attrInts(node, 'starts') ?? [], attrInts(node, 'ends') ?? [], attrInts(node, 'axes'), null);
      return [{ type: x.type, dims: spec.size, data: sliceData(x.data, x.dims, spec) }];
    }
    case 'Transpose': {
      const perm = attrInts(node, 'perm') ?? x.dims.map((_, i) => x.dims.length - 1 - i);
      return [{ type: x.type, ...transposeValues(x.data, x.dims, perm) }];
    }
    case 'Expand': {
      const target = intsOf(ins[1]!);
      const dims = broadcastDims([x.dims, target]);
      if (!dims || sizeOf(dims) > MAX_FOLD_ELEMENTS) return null;
      const r = elementwise([x, { type: x.type, dims, data: new Array<number>(sizeOf(dims)).fill(0) }], x.type, (a) => a);
      return r && [r];
    }
    case 'ReduceProd':
    case 'ReduceSum':
    case 'ReduceMax':
    case 'ReduceMin': {
      // Only whole small tensors (the product of a shape, for a flatten).
      const axes = ins[1] ? intsOf(ins[1]) : attrInts(node, 'axes');
      if ((axes && axes.length && !(x.dims.length === 1 && axes.length === 1)) || x.data.length > 64) return null;
      const keep = attrInt(node, 'keepdims', 1) === 1;
      const r = op === 'ReduceProd' ? x.data.reduce((a, b) => a * b, 1)
        : op === 'ReduceSum' ? x.data.reduce((a, b) => a + b, 0)
        : op === 'ReduceMax' ? Math.max(...x.data) : Math.min(...x.data);
      return [{ type: x.type, dims: keep ? x.dims.map(() => 1) : [], data: [r] }];
    }
  }
  return null;
}

function squeezeDims<T extends Dim>(dims: readonly T[], axes: number[] | null): T[] {
  if (!axes || axes.length === 0) return dims.filter((d) => d !== 1);
  const set = new Set(axes.map((a) => normAxis(a, dims.length)));
  return dims.filter((_, i) => !set.has(i));
}

function unsqueezeDims<T extends Dim>(dims: readonly T[], axes: number[]): T[] {
  const rank = dims.length + axes.length;
  const set = new Set(axes.map((a) => normAxis(a, rank)));
  const out: T[] = [];
  let k = 0;
  for (let i = 0; i < rank; i++) out.push(set.has(i) ? (1 as T) : dims[k++]);
  return out;
}

/** Symbolic evaluation of shape arithmetic: elements may be dim names. Null when it cannot follow. */
function evaluateSym(f: Folder, node: OnnxNode): SymValue | null {
  const op = node.op;
  const name0 = node.inputs[0] ?? '';
  if (op === 'Shape') {
    const s = f.shape(name0);
    if (!s) return null;
    const start = normAxis(attrInt(node, 'start', 0), s.length);
    const endAttr = node.attrs.end ? attrInt(node, 'end', s.length) : s.length;
    const end = Math.min(normAxis(endAttr, s.length), s.length);
    const elems = s.slice(Math.max(start, 0), end);
    return { dims: [elems.length], elems };
  }
  if (op === 'Size') {
    const s = f.shape(name0);
    if (!s) return null;
    return { dims: [], elems: [s.every((d) => typeof d === 'number') ? sizeOf(s as number[]) : f.fresh()] };
  }
  const ins = node.inputs.map((i) => (i ? f.sym(i) : null));
  const x = ins[0];
  if (!x) return null;
  const vals = (k: number) => ins[k] && ins[k]!.elems.every((e) => typeof e === 'number') ? (ins[k]!.elems as number[]) : null;
  switch (op) {
    case 'Identity':
    case 'Cast':
      return x;
    case 'Gather': {
      const idx = vals(1);
      if (!idx || x.dims.length !== 1) return null;
      const n = x.elems.length;
      const elems = idx.map((k) => x.elems[k < 0 ? k + n : k]);
      return { dims: ins[1]!.dims, elems };
    }
    case 'Unsqueeze': {
      const axes = ins[1] ? vals(1) : attrInts(node, 'axes');
      if (!axes) return null;
      return { dims: unsqueezeDims(x.dims, axes) as number[], elems: x.elems };
    }
    case 'Squeeze': {
      const axes = ins[1] ? vals(1) : attrInts(node, 'axes');
      return { dims: squeezeDims(x.dims, axes) as number[], elems: x.elems };
    }
    case 'Reshape': {
      const target = vals(1);
      if (!target || target.length > 1 || x.dims.length > 1) return null;
      return { dims: target.length ? [x.elems.length] : [], elems: x.elems };
    }
    case 'Concat': {
      if (ins.some((v) => !v || v.dims.length !== 1)) return null;
      const elems = ins.flatMap((v) => v!.elems);
      return { dims: [elems.length], elems };
    }
    case 'Slice': {
      if (x.dims.length !== 1 || node.inputs.length < 3) return null;
      const [starts, ends] = [vals(1), vals(2)];
      const steps = node.inputs[4] ? vals(4) : null;
      if (!starts || !ends || (node.inputs[4] && !steps)) return null;
      const spec = sliceSpec(x.dims, starts, ends, null, steps);
      return { dims: spec.size, elems: sliceData(x.elems, x.dims, spec) };
    }
    case 'Add':
    case 'Sub':
    case 'Mul':
    case 'Div': {
      const y = ins[1];
      if (!y) return null;
      const n = Math.max(x.elems.length, y.elems.length);
      if ((x.elems.length !== n && x.elems.length !== 1) || (y.elems.length !== n && y.elems.length !== 1)) return null;
      const elems: Dim[] = [];
      for (let i = 0; i < n; i++) {
        const a = x.elems[x.elems.length === 1 ? 0 : i];
        const b = y.elems[y.elems.length === 1 ? 0 : i];
        if (typeof a === 'number' && typeof b === 'number') elems.push(BINARY[op](a, b, true));
        else if ((op === 'Mul' || op === 'Div') && b === 1) elems.push(a);
        else if (op === 'Mul' && a === 1) elems.push(b);
        else if ((op === 'Add' || op === 'Sub') && b === 0) elems.push(a);
        else elems.push(f.fresh());
      }
      return { dims: x.dims.length >= y.dims.length ? x.dims : y.dims, elems };
    }
    case 'Equal': {
      // A dimension is never negative: a symbolic one differs from every negative number.
      const y = ins[1];
      if (!y || x.elems.length !== y.elems.length) return null;
      const elems: Dim[] = [];
      for (let i = 0; i < x.elems.length; i++) {
        const [a, b] = [x.elems[i], y.elems[i]];
        if (typeof a === 'number' && typeof b === 'number') elems.push(a === b ? 1 : 0);
        else if (a === b) elems.push(1);
        else if ((typeof a === 'number' && a < 0) || (typeof b === 'number' && b < 0)) elems.push(0);
        else return null;
      }
      return { dims: x.dims, elems };
    }
    case 'Where': {
      const c = vals(0);
      const [a, b] = [ins[1], ins[2]];
      if (!c || !a || !b) return null;
      const n = Math.max(c.length, a.elems.length, b.elems.length);
      const at = (v: readonly Dim[], i: number) => v[v.length === 1 ? 0 : i];
      const elems = Array.from({ length: n }, (_, i) => (at(c, i) ? at(a.elems, i) : at(b.elems, i)));
      return { dims: [n], elems };
    }
    case 'ConstantOfShape':
      return null;
  }
  return null;
}

/** Output shapes of a node from its inputs' shapes (and constant inputs); null entries where unknown. */
function inferShapes(f: Folder, node: OnnxNode): Shape[] {
  const op = node.op;
  const s = (k: number) => f.shape(node.inputs[k] ?? '');
  const x = s(0);
  const one = (shape: Shape) => [shape];
  const symOf = (k: number) => (node.inputs[k] ? f.sym(node.inputs[k]) : null);
  switch (op) {
    case 'Relu': case 'LeakyRelu': case 'Sigmoid': case 'Tanh': case 'HardSigmoid': case 'HardSwish': case 'Elu':
    case 'Selu': case 'Softplus': case 'Softsign': case 'Erf': case 'Gelu': case 'Exp': case 'Log': case 'Sqrt':
    case 'Neg': case 'Abs': case 'Reciprocal': case 'Floor': case 'Ceil': case 'Round': case 'Sin': case 'Cos':
    case 'Softmax': case 'LogSoftmax': case 'Identity': case 'Dropout': case 'Cast': case 'Clip': case 'Not':
    case 'LRN': case 'BatchNormalization': case 'InstanceNormalization': case 'LayerNormalization': case 'Sign':
    case 'PRelu': case 'Mish': case 'ThresholdedRelu': case 'Celu': case 'CumSum': case 'IsNaN': case 'IsInf':
    case 'QuantizeLinear': case 'DequantizeLinear':
      return [x, x && node.outputs.length > 1 ? (op === 'LayerNormalization' ? null : x) : null];
    case 'Add': case 'Sub': case 'Mul': case 'Div': case 'Pow': case 'Mod': case 'Max': case 'Min': case 'Sum': case 'Mean':
    case 'Equal': case 'Less': case 'Greater': case 'LessOrEqual': case 'GreaterOrEqual': case 'And': case 'Or': case 'Xor':
    case 'Where': case 'BitShift':
      return one(broadcastShapes(f, node.inputs.filter(Boolean).map((i) => f.shape(i))));
    case 'Conv':
    case 'ConvInteger':
    case 'QLinearConv': {
      const w = s(op === 'QLinearConv' ? 3 : 1);
      if (!x || !w) return [null];
      const kernel = attrInts(node, 'kernel_shape') ?? (w.slice(2) as number[]);
      if (!kernel.every((k) => typeof k === 'number')) return [null];
      return one(windowShape(f, node, x, kernel, w[0]));
    }
    case 'ConvTranspose': {
      const w = f.known(node.inputs[1]);
      if (!x || !w) return [null];
      const spatial = x.length - 2;
      const group = attrInt(node, 'group', 1);
      const strides = attrInts(node, 'strides') ?? new Array<number>(spatial).fill(1);
      const dil = attrInts(node, 'dilations') ?? new Array<number>(spatial).fill(1);
      const pads = attrInts(node, 'pads') ?? new Array<number>(spatial * 2).fill(0);
      const outPad = attrInts(node, 'output_padding') ?? new Array<number>(spatial).fill(0);
      const outShape = attrInts(node, 'output_shape');
      const kernel = attrInts(node, 'kernel_shape') ?? w.slice(2);
      const out: Dim[] = [x[0], w[1] * group];
      for (let i = 0; i < spatial; i++) {
        const d = x[i + 2];
        if (outShape) out.push(outShape[outShape.length - spatial + i]);
        else if (typeof d !== 'number') out.push(f.fresh());
        else out.push(strides[i] * (d - 1) + outPad[i] + (kernel[i] - 1) * dil[i] + 1 - pads[i] - pads[i + spatial]);
      }
      return one(out);
    }
    case 'MaxPool':
    case 'AveragePool':
    case 'LpPool': {
      if (!x) return [null];
      const kernel = attrInts(node, 'kernel_shape')!;
      const out = windowShape(f, node, x, kernel, x[1]);
      return [out, out];
    }
    case 'GlobalAveragePool':
    case 'GlobalMaxPool':
    case 'GlobalLpPool':
      return one(x && [x[0], x[1], ...x.slice(2).map(() => 1)]);
    case 'Gemm': {
      const b = s(1);
      if (!x || !b) return [null];
      const ta = attrInt(node, 'transA', 0) === 1;
      const tb = attrInt(node, 'transB', 0) === 1;
      return one([ta ? x[1] : x[0], tb ? b[0] : b[1]]);
    }
    case 'MatMul':
    case 'MatMulInteger': {
      const b = s(1);
      if (!x || !b) return [null];
      const a2 = x.length === 1 ? [1, x[0]] : x;
      const b2 = b.length === 1 ? [b[0], 1] : b;
      const batch = broadcastShapes(f, [a2.slice(0, -2), b2.slice(0, -2)]);
      if (!batch) return [null];
      const out: Dim[] = [...batch];
      if (x.length > 1) out.push(a2[a2.length - 2]);
      if (b.length > 1) out.push(b2[b2.length - 1]);
      return one(out);
    }
    case 'Flatten': {
      if (!x) return [null];
      const axis = normAxis(attrInt(node, 'axis', 1), x.length);
      const prod = (ds: Dim[]) => (ds.every((d) => typeof d === 'number') ? sizeOf(ds as number[]) : ds.length === 1 ? ds[0] : f.fresh());
      return one([prod(x.slice(0, axis)), prod(x.slice(axis))]);
    }
    case 'Reshape': {
      const t = symOf(1);
      if (!t) {
        const ts = f.known(node.inputs[1]);
        return one(ts && ts.length === 1 ? Array.from({ length: ts[0] }, () => f.fresh()) : null);
      }
      return one(reshapeShape(f, x, t.elems, attrInt(node, 'allowzero', 0) === 1));
    }
    case 'Transpose': {
      if (!x) return [null];
      const perm = attrInts(node, 'perm') ?? x.map((_, i) => x.length - 1 - i);
      return one(perm.map((p) => x[p]));
    }
    case 'Squeeze':
    case 'Unsqueeze': {
      if (!x) return [null];
      const axesSym = node.inputs[1] ? symOf(1) : null;
      const axes = node.inputs[1] ? (axesSym && axesSym.elems.every((e) => typeof e === 'number') ? (axesSym.elems as number[]) : null) : attrInts(node, 'axes');
      if (node.inputs[1] && !axes) return [null];
      return one(op === 'Squeeze' ? squeezeDims(x, axes) : unsqueezeDims(x, axes ?? []));
    }
    case 'Concat': {
      const all = node.inputs.map((i) => f.shape(i));
      if (all.some((a) => !a)) return [null];
      const axis = normAxis(attrInt(node, 'axis', 0), all[0]!.length);
      const out = [...all[0]!];
      const parts = all.map((a) => a![axis]);
      out[axis] = parts.every((p) => typeof p === 'number') ? (parts as number[]).reduce((a, b) => a + b, 0) : f.fresh();
      return one(out);
    }
    case 'Split': {
      if (!x) return node.outputs.map(() => null);
      const axis = normAxis(attrInt(node, 'axis', 0), x.length);
      const splitSym = node.inputs[1] ? symOf(1) : null;
      let split = splitSym ? (splitSym.elems as number[]) : attrInts(node, 'split');
      const d = x[axis];
      if (!split) {
        if (typeof d !== 'number') return node.outputs.map(() => null);
        const n = node.outputs.length;
        const chunk = Math.ceil(d / n);
        split = Array.from({ length: n }, (_, i) => Math.min(chunk, d - chunk * i));
      }
      return split.map((len) => {
        const o = [...x];
        o[axis] = len;
        return o;
      });
    }
    case 'Gather': {
      const idx = s(1);
      if (!x || !idx) return [null];
      const axis = normAxis(attrInt(node, 'axis', 0), x.length);
      return one([...x.slice(0, axis), ...idx, ...x.slice(axis + 1)]);
    }
    case 'GatherElements':
      return one(s(1));
    case 'Slice': {
      if (!x) return [null];
      let starts: Dim[] | null, ends: Dim[] | null, axes: Dim[] | null, steps: Dim[] | null = null;
      if (node.inputs.length > 1) {
        [starts, ends] = [symOf(1)?.elems ?? null, symOf(2)?.elems ?? null];
        axes = node.inputs[3] ? (symOf(3)?.elems ?? null) : (starts?.map((_, i) => i) ?? null);
        if (node.inputs[4]) steps = symOf(4)?.elems ?? null;
        if (!starts || !ends || !axes || (node.inputs[4] && !steps)) return [x.map(() => f.fresh())];
      } else {
        [starts, ends, axes] = [attrInts(node, 'starts'), attrInts(node, 'ends'), attrInts(node, 'axes')];
        if (!starts || !ends) return [null];
        axes ??= starts.map((_, i) => i);
      }
      if (!axes.every((a): a is number => typeof a === 'number')) return [x.map(() => f.fresh())];
      const out = [...x];
      axes.forEach((a, i) => {
        const ax = normAxis(a, x.length);
        const [d, b, e, st] = [x[ax], starts![i], ends![i], steps ? steps[i] : 1];
        if (typeof d === 'number' && typeof b === 'number' && typeof e === 'number' && typeof st === 'number')
          out[ax] = sliceSpec([d], [b], [e], null, [st]).size[0];
        // x[:n] with a symbolic n (a position table cut to the sequence's length): n, taken to fit.
        else if (b === 0 && st === 1 && typeof e === 'string') out[ax] = e;
        else if (b === 0 && st === 1 && typeof e === 'number' && e >= 2 ** 31 - 1) out[ax] = d;
        else out[ax] = f.fresh();
      });
      return one(out);
    }
    case 'Expand': {
      const t = symOf(1);
      if (!x || !t) return [null];
      return one(broadcastShapes(f, [x, t.elems]));
    }
    case 'Tile': {
      const r = symOf(1);
      if (!x || !r) return [null];
      return one(x.map((d, i) => {
        const k = r.elems[i];
        return typeof d === 'number' && typeof k === 'number' ? d * k : k === 1 ? d : f.fresh();
      }));
    }
    case 'Pad': {
      if (!x) return [null];
      const p = node.inputs[1] ? symOf(1) : null;
      const pads = p ? (p.elems.every((e) => typeof e === 'number') ? (p.elems as number[]) : null) : attrInts(node, 'pads');
      if (!pads) return [x.map(() => f.fresh())];
      let axes = x.map((_, i) => i);
      const axesSym = node.inputs[3] ? symOf(3) : null;
      if (axesSym) axes = (axesSym.elems as number[]).map((a) => normAxis(a, x.length));
      const out = [...x];
      axes.forEach((a, i) => {
        const d = out[a];
        const add = pads[i] + pads[i + axes.length];
        out[a] = typeof d === 'number' ? d + add : add === 0 ? d : f.fresh();
      });
      return one(out);
    }
    case 'Resize':
    case 'Upsample': {
      if (!x) return [null];
      const sizes = node.inputs[3] ? symOf(3) : null;
      if (sizes && sizes.elems.length) return one(sizes.elems);
      const scalesSym = op === 'Upsample' ? symOf(1) : node.inputs[2] ? symOf(2) : node.inputs.length === 2 ? symOf(1) : null;
      const scales = scalesSym ? scalesSym.elems : attrInts(node, 'scales');
      if (!scales || !scales.length) return one(x.map(() => f.fresh()));
      return one(x.map((d, i) => (typeof d === 'number' && typeof scales[i] === 'number' ? Math.floor(d * (scales[i] as number)) : scales[i] === 1 ? d : f.fresh())));
    }
    case 'ReduceMean': case 'ReduceSum': case 'ReduceMax': case 'ReduceMin': case 'ReduceProd': case 'ReduceL1':
    case 'ReduceL2': case 'ReduceLogSumExp': case 'ReduceSumSquare': case 'ReduceLogSum': {
      if (!x) return [null];
      const keep = attrInt(node, 'keepdims', 1) === 1;
      let axes = attrInts(node, 'axes');
      if (node.inputs[1]) {
        const a = symOf(1);
        if (!a || !a.elems.every((e) => typeof e === 'number')) return [null];
        axes = a.elems as number[];
      }
      return one(reduceShape(x, axes, keep, attrInt(node, 'noop_with_empty_axes', 0) === 1));
    }
    case 'ArgMax':
    case 'ArgMin': {
      if (!x) return [null];
      return one(reduceShape(x, [attrInt(node, 'axis', 0)], attrInt(node, 'keepdims', 1) === 1, false));
    }
    case 'DepthToSpace':
    case 'SpaceToDepth': {
      if (!x) return [null];
      const b = attrInt(node, 'blocksize', 1);
      const mul = (d: Dim, k: number) => (typeof d === 'number' ? d * k : f.fresh());
      return op === 'DepthToSpace'
        ? one([x[0], typeof x[1] === 'number' ? x[1] / (b * b) : f.fresh(), mul(x[2], b), mul(x[3], b)])
        : one([x[0], mul(x[1], b * b), typeof x[2] === 'number' ? x[2] / b : f.fresh(), typeof x[3] === 'number' ? x[3] / b : f.fresh()]);
    }
    case 'Shape': {
      const v = evaluateSym(f, node);
      return one(v ? v.dims : [x ? x.length : f.fresh()]);
    }
    case 'Size':
      return one([]);
    case 'ConstantOfShape': {
      const t = symOf(0);
      return one(t ? t.elems : null);
    }
    case 'Range': {
      const [a, b, c] = [f.constant(node.inputs[0]), f.constant(node.inputs[1]), f.constant(node.inputs[2])];
      return one([a && b && c ? Math.max(Math.ceil((b.data[0] - a.data[0]) / c.data[0]), 0) : f.fresh()]);
    }
    case 'TopK': {
      const k = f.constant(node.inputs[1]);
      if (!x) return [null, null];
      const out = [...x];
      out[normAxis(attrInt(node, 'axis', -1), x.length)] = k ? k.data[0] : f.fresh();
      return [out, out];
    }
  }
  return node.outputs.map(() => null);
}

const REMOVABLE = new Set(['Identity', 'Dropout']);

/**
 * Folds the graph in place (nodes whose outputs are known become initializers of the same name,
 * Identity/Dropout go, dead nodes go) and returns what it did with every tensor's shape.
 */
export function foldConstants(graph: OnnxGraph): FoldResult {
  const f = new Folder(graph);
  const before = graph.nodes.length;
  const kept: OnnxNode[] = [];
  const rename = new Map<string, string>();
  const resolve = (name: string) => rename.get(name) ?? name;

  for (const original of graph.nodes) {
    const node = { ...original, inputs: original.inputs.map(resolve) };
    const feedsOutput = node.outputs.some((o) => f.graphOutputs.has(o));
    const allConst = node.inputs.every((i) => !i || f.isConst(i));

    // Inference-only identities: read the input directly.
    if (REMOVABLE.has(node.op) && !feedsOutput && node.inputs[0] && (node.op === 'Identity' || !node.outputs[1] || !isUsed(graph, node.outputs[1]))) {
      rename.set(node.outputs[0], node.inputs[0]);
      continue;
    }

    let values: Value[] | null = null;
    if (!feedsOutput && allConst && (node.inputs.length > 0 || node.op === 'Constant')) {
      try {
        values = evaluate(f, node, node.inputs.map((i) => (i ? f.constant(i) : null)));
      } catch {
        values = null; // an evaluation it cannot follow runs at runtime, where the error is ONNX's own.
      }
    }
    let sym: SymValue | null = null;
    if (!values && !feedsOutput) {
      sym = evaluateSym(f, node);
      if (sym && sym.elems.every((e) => typeof e === 'number'))
        values = [{ type: symType(f, node), dims: sym.dims, data: sym.elems as number[] }];
    }
    if (values && values.every((v) => v.data.length <= MAX_FOLD_ELEMENTS)) {
      values.forEach((v, k) => {
        const name = node.outputs[k];
        if (!name) return;
        f.consts.set(name, v);
        f.shapes.set(name, [...v.dims]);
        graph.initializers.set(name, toInitializer(name, v));
      });
      continue;
    }

    const shapes = inferShapes(f, node);
    node.outputs.forEach((o, k) => {
      if (o) f.shapes.set(o, shapes[k] ?? null);
    });
    if (sym && node.outputs[0]) f.syms.set(node.outputs[0], sym);
    if (node.op === 'Reshape') pinReshapeTarget(f, graph, node);
    kept.push(node);
  }

  graph.nodes = removeDead(graph, kept);
  removeUnreadInitializers(graph);
  return { folded: before - graph.nodes.length, shapes: f.shapes };
}

/** The element type of a folded symbolic value (Shape and Size give int64, Equal bool, the rest keep theirs). */
function symType(f: Folder, node: OnnxNode): OnnxTypeName {
  if (node.op === 'Shape' || node.op === 'Size') return 'int64';
  if (node.op === 'Equal') return 'bool';
  if (node.op === 'Cast') return TYPE_OF[attrInt(node, 'to', 7)] ?? 'int64';
  const k = node.op === 'Where' ? 1 : 0;
  return f.constant(node.inputs[k])?.type ?? 'int64';
}

function isUsed(graph: OnnxGraph, name: string): boolean {
  return graph.nodes.some((n) => n.inputs.includes(name)) || graph.outputs.some((o) => o.name === name);
}

/**
 * A Reshape whose target has exactly one symbolic entry (the batch) and no -1 reads a constant
 * target with -1 there instead: the shape arithmetic computing it then goes as dead code.
 */
function pinReshapeTarget(f: Folder, graph: OnnxGraph, node: OnnxNode): void {
  if (f.constant(node.inputs[1])) return;
  const t = f.sym(node.inputs[1]);
  if (!t || t.dims.length !== 1) return;
  // The output shape as inferred (0s copied, -1 resolved where the dims allow): one symbolic dim left
  // becomes the -1 of a constant target.
  const out = f.shape(node.outputs[0]);
  if (!out || out.length !== t.elems.length || out.filter((d) => typeof d === 'string').length !== 1) return;
  const elems = out.map((d) => (typeof d === 'string' ? -1 : d));
  const name = `${node.outputs[0]}__target`;
  const v: Value = { type: 'int64', dims: [elems.length], data: elems };
  f.consts.set(name, v);
  f.shapes.set(name, [elems.length]);
  graph.initializers.set(name, toInitializer(name, v));
  node.inputs = [node.inputs[0], name];
}

function removeDead(graph: OnnxGraph, nodes: OnnxNode[]): OnnxNode[] {
  const needed = new Set(graph.outputs.map((o) => o.name));
  const live: OnnxNode[] = [];
  for (let i = nodes.length - 1; i >= 0; i--) {
    const n = nodes[i];
    if (!n.outputs.some((o) => o && needed.has(o))) continue;
    live.push(n);
    for (const input of n.inputs) if (input) needed.add(input);
  }
  return live.reverse();
}

function removeUnreadInitializers(graph: OnnxGraph): void {
  const read = new Set<string>(graph.outputs.map((o) => o.name));
  for (const n of graph.nodes) for (const i of n.inputs) read.add(i);
  for (const name of [...graph.initializers.keys()]) if (!read.has(name)) graph.initializers.delete(name);
}
