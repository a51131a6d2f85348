/**
 * What ONNX op mappings build TF graphs with: a TF GraphDef in the JSON form tfjs-converter 4.22
 * reads (typed attrs as its operation_mapper parses them), the constants that become weights, and
 * the context each ONNX node's mapping is called with.
 */
import { ConvertError } from '../errors';
import { initValues, sizeOf, type AttrValue, type Initializer, type OnnxNode, type OnnxTypeName } from '../graph';
import type { AttrJson, NodeJson } from '../tfjs-model';

/** TF.js computes in these three types (int64 becomes int32, float64 float32). */
export type TfDtype = 'float32' | 'int32' | 'bool';
export type Dims = (number | string)[];

export const DT: Record<TfDtype, string> = { float32: 'DT_FLOAT', int32: 'DT_INT32', bool: 'DT_BOOL' };
export const tfDtypeOf = (t: OnnxTypeName): TfDtype => (t === 'float' || t === 'float16' ? 'float32' : t === 'bool' ? 'bool' : 'int32');

const b64 = (s: string) => btoa(String.fromCharCode(...new TextEncoder().encode(s)));

/** Typed attr values, as tfjs-converter's operation_mapper reads them (int64 as strings, strings base64). */
export const tfAttr = {
  i: (v: number): AttrJson => ({ i: String(v) }),
  f: (v: number): AttrJson => ({ f: v }),
  b: (v: boolean): AttrJson => ({ b: v }),
  s: (v: string): AttrJson => ({ s: b64(v) }),
  type: (d: TfDtype): AttrJson => ({ type: DT[d] }),
  ints: (v: number[]): AttrJson => ({ list: { i: v.map(String) } }),
  floats: (v: number[]): AttrJson => ({ list: { f: v } }),
  strs: (v: string[]): AttrJson => ({ list: { s: v.map(b64) } }),
  shape: (dims: number[] | null): AttrJson => (dims ? { shape: { dim: dims.map((d) => ({ size: String(d) })) } } : { shape: { unknownRank: true } }),
};

export interface TfConst {
  name: string;
  dtype: TfDtype;
  shape: number[];
  data: Float32Array | Int32Array | Uint8Array;
}

/** A TF tensor name usable as a node name: no ':' or '^', never empty. */
export const tfName = (s: string) => s.replace(/[:^\s]/g, '_') || '_';

export class TfBuilder {
  readonly nodes: NodeJson[] = [];
  readonly consts: TfConst[] = [];
  readonly #used = new Set<string>();
  /** TF node name -> the ONNX op it was made for (the report's mapping). */
  readonly origin = new Map<string, string>();
  currentOnnxOp = '';

  /** A node name not used yet, from a hint (the ONNX node's name). */
  unique(hint: string): string {
    const base = tfName(hint);
    let name = base;
    for (let k = 1; this.#used.has(name); k++) name = `${base}_${k}`;
    this.#used.add(name);
    return name;
  }

  /** Adds a node; returns its refs ("name" for output 0, "name:i" for the others). */
  nodeN(op: string, inputs: string[], attr: Record<string, AttrJson>, hint: string, outputs: number): string[] {
    for (const i of inputs) if (!i) throw new ConvertError(`${this.currentOnnxOp}: its TF ${op} is missing an input`);
    const name = this.unique(hint);
    this.nodes.push({ name, op, input: inputs, attr });
    this.origin.set(name, this.currentOnnxOp);
    return Array.from({ length: outputs }, (_, i) => (i === 0 ? name : `${name}:${i}`));
  }

  node(op: string, inputs: string[], attr: Record<string, AttrJson> = {}, hint = op): string {
    return this.nodeN(op, inputs, attr, hint, 1)[0];
  }

  /** A node whose T attr is the dtype (most TF ops carry it). */
  typed(op: string, inputs: string[], dtype: TfDtype, attr: Record<string, AttrJson> = {}, hint = op): string {
    return this.node(op, inputs, { T: tfAttr.type(dtype), ...attr }, hint);
  }

  const(data: Float32Array | Int32Array | Uint8Array, dtype: TfDtype, shape: number[], hint = 'const'): string {
    if (sizeOf(shape) !== data.length) throw new ConvertError(`${this.currentOnnxOp}: constant ${hint} has ${data.length} values for shape [${shape.join(', ')}]`);
    const name = this.unique(hint);
    this.consts.push({ name, dtype, shape, data });
    const tensorShape = { dim: shape.map((d) => ({ size: String(d) })) };
    this.nodes.push({ name, op: 'Const', input: [], attr: { value: { tensor: { dtype: DT[dtype], tensorShape } } as AttrJson, dtype: tfAttr.type(dtype) } });
    return name;
  }

  floats(values: ArrayLike<number>, shape: number[] = [values.length], hint = 'const'): string {
    return this.const(Float32Array.from(values), 'float32', shape, hint);
  }

  ints(values: ArrayLike<number>, shape: number[] = [values.length], hint = 'const'): string {
    return this.const(Int32Array.from(values), 'int32', shape, hint);
  }

  scalar(value: number, dtype: TfDtype, hint = 'const'): string {
    return dtype === 'float32' ? this.floats([value], [], hint) : dtype === 'int32' ? this.ints([value], [], hint) : this.const(Uint8Array.of(value ? 1 : 0), 'bool', [], hint);
  }

  /** An ONNX initializer as a TF constant (int64 narrowed to int32, refused when a value does not fit). */
  initializer(init: Initializer, hint = init.name): string {
    const dtype = tfDtypeOf(init.type);
    return this.const(tfData(init), dtype, init.dims, hint);
  }
}

/** An initializer's values as TF.js holds them. */
export function tfData(init: Initializer): Float32Array | Int32Array | Uint8Array {
  const d = init.data;
  if (d instanceof BigInt64Array) {
    const out = new Int32Array(d.length);
    for (let i = 0; i < d.length; i++) {
      const v = d[i];
      // ONNX's "to the end" markers (INT64_MAX/MIN in Slice ends) clamp harmlessly; other values must fit.
      if (v > 2147483647n || v < -2147483648n) {
        if (v >= 2n ** 62n) out[i] = 2147483647;
        else if (v <= -(2n ** 62n)) out[i] = -2147483648;
        else throw new ConvertError(`constant ${init.name} holds the int64 value ${v}, which does not fit TensorFlow.js's int32`);
      } else out[i] = Number(v);
    }
    return out;
  }
  if (init.type === 'uint8') return Int32Array.from(d as Uint8Array);
  return d as Float32Array | Int32Array | Uint8Array;
}

/** Typed access to an ONNX node's attributes; a wrong kind is a named refusal. */
export class OnnxAttrs {
  constructor(
    private readonly node: OnnxNode,
    private readonly where: string,
  ) {}
  has(k: string): boolean {
    return k in this.node.attrs;
  }
  private get<K extends string>(k: string, kind: K, def: unknown): AttrValue | undefined {
    const v = this.node.attrs[k];
    if (v === undefined) {
      if (def === undefined) throw new ConvertError(`${this.where}: attribute ${k} is missing`);
      return undefined;
    }
    if (!(kind in v)) throw new ConvertError(`${this.where}: attribute ${k} is not of the kind the op takes (${kind})`);
    return v;
  }
  int(k: string, def?: number): number {
    const v = this.get(k, 'i', def) as { i: number } | undefined;
    return v ? v.i : def!;
  }
  float(k: string, def?: number): number {
    const v = this.node.attrs[k];
    if (v && 'i' in v) return v.i;
    const f = this.get(k, 'f', def) as { f: number } | undefined;
    return f ? f.f : def!;
  }
  str(k: string, def?: string): string {
    const v = this.get(k, 's', def) as { s: string } | undefined;
    return v ? v.s : def!;
  }
  ints(k: string, def?: number[]): number[] {
    const v = this.get(k, 'ints', def) as { ints: number[] } | undefined;
    return v ? v.ints : def!;
  }
  floats(k: string, def?: number[]): number[] {
    const v = this.get(k, 'floats', def) as { floats: number[] } | undefined;
    return v ? v.floats : def!;
  }
  tensor(k: string): Initializer | null {
    const v = this.node.attrs[k];
    return v && 't' in v ? v.t : null;
  }
}

/** What an ONNX op's mapping sees. */
export interface OnnxOpContext {
  b: TfBuilder;
  node: OnnxNode;
  attrs: OnnxAttrs;
  /** The default domain's opset version of the model. */
  opset: number;
  /** True for ops of the NCHW list (layout.ts): their input 0 and output 0 are NHWC (channels last). */
  nhwc: boolean;
  /** Input i as a TF ref ('' when omitted); a constant is emitted as a TF Const on first use. */
  input(i: number): string;
  /** Whether input i is given (not omitted, not past the end). */
  has(i: number): boolean;
  /** Input i's dims as known before mapping (NHWC for nhwc ops' input 0); null when unknown. */
  shape(i: number): Dims | null;
  outShape(i: number): Dims | null;
  /** Input i's element type as TF.js holds it. */
  dtype(i: number): TfDtype;
  /** Input i when it is a constant (an initializer, folded shape arithmetic), else null. */
  constant(i: number): Initializer | null;
  /** Input i's values when constant (axes, pads, shapes), else null. */
  constValues(i: number): number[] | null;
  /** A refusal naming this node. */
  fail(what: string): never;
}

/** The TF refs for each ONNX output, in order. */
export type OnnxOpHandler = (ctx: OnnxOpContext) => string[];

export const constValuesOf = (init: Initializer | null): number[] | null => (init ? initValues(init) : null);
