/**
 * What op mappings build with: a TF tensor's ONNX name and TF dtype, helpers to add nodes and
 * constants, and typed access to a TF node's attributes.
 */
import { ConvertError } from './errors';
import { initValues, type AttrValue, type Initializer, type OnnxGraph, type OnnxTypeName } from './graph';
import type { AttrJson, NodeJson } from './tfjs-model';

/** TF.js computes in these three types; int64 and float64 tensors become int32 and float32 in it. */
export type TfDtype = 'float32' | 'int32' | 'bool';

export interface Tensor {
  name: string;
  dtype: TfDtype;
}

export const onnxTypeOf = (d: TfDtype): OnnxTypeName => (d === 'float32' ? 'float' : d);

const DT_NAMES: Record<string, TfDtype> = { DT_FLOAT: 'float32', DT_HALF: 'float32', DT_DOUBLE: 'float32', DT_INT32: 'int32', DT_INT64: 'int32', DT_INT16: 'int32', DT_INT8: 'int32', DT_UINT8: 'int32', DT_BOOL: 'bool' };
const DT_NUMBERS: Record<number, TfDtype> = { 1: 'float32', 2: 'float32', 19: 'float32', 3: 'int32', 9: 'int32', 4: 'int32', 5: 'int32', 6: 'int32', 10: 'bool' };

export function tfDtype(t: string | number | undefined, where: string): TfDtype {
  const d = typeof t === 'number' ? DT_NUMBERS[t] : t === undefined ? undefined : DT_NAMES[t];
  if (!d) throw new ConvertError(`${where}: dtype ${t} is not supported (float, int and bool tensors are)`);
  return d;
}

const b64 = (s: string) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));

export class Attrs {
  constructor(
    private readonly a: Record<string, AttrJson>,
    private readonly where: string,
  ) {}
  has(k: string): boolean {
    return k in this.a;
  }
  private get(k: string, def: unknown): AttrJson | undefined {
    const v = this.a[k];
    if (v === undefined && def === undefined) throw new ConvertError(`${this.where}: attribute ${k} is missing`);
    return v;
  }
  int(k: string, def?: number): number {
    const v = this.get(k, def);
    return v?.i !== undefined ? Number(v.i) : def ?? 0;
  }
  float(k: string, def?: number): number {
    const v = this.get(k, def);
    return v?.f !== undefined ? Number(v.f) : def ?? 0;
  }
  bool(k: string, def = false): boolean {
    return this.a[k]?.b ?? def;
  }
  str(k: string, def?: string): string {
    const v = this.get(k, def)?.s;
    if (v === undefined) return def ?? '';
    return new TextDecoder().decode(typeof v === 'string' ? b64(v) : Uint8Array.from(v));
  }
  ints(k: string, def?: number[]): number[] {
    const v = this.get(k, def);
    return v ? (v.list?.i ?? []).map(Number) : def!;
  }
  strs(k: string): string[] {
    return (this.a[k]?.list?.s ?? []).map((s) => new TextDecoder().decode(typeof s === 'string' ? b64(s) : Uint8Array.from(s)));
  }
  type(k: string, def?: TfDtype): TfDtype {
    const v = this.a[k]?.type;
    if (v === undefined) {
      if (def) return def;
      throw new ConvertError(`${this.where}: attribute ${k} is missing`);
    }
    return tfDtype(v, this.where);
  }
}

export interface OpContext {
  node: NodeJson;
  inputs: Tensor[];
  attrs: Attrs;
  b: Builder;
}

/** An op mapping: the ONNX nodes for one TF node, returning its outputs in TF's order. */
export type OpHandler = (ctx: OpContext) => Tensor[];

export class Builder {
  private counter = 0;
  /** TF op -> ONNX ops it became, for the report. */
  readonly mapped = new Map<string, Map<string, number>>();
  currentTfOp = '';

  constructor(readonly graph: OnnxGraph) {}

  fresh(hint: string): string {
    return `${hint}__${this.counter++}`;
  }

  node(op: string, inputs: string[], attrs: Record<string, AttrValue> = {}, hint = op, outputs = 1): string[] {
    // A damaged model can leave a computed attribute undefined (an empty axis constant): say so here.
    for (const [k, v] of Object.entries(attrs)) {
      const values = 'i' in v ? [v.i] : 'f' in v ? [v.f] : 'ints' in v ? v.ints : 'floats' in v ? v.floats : [];
      if (values.some((x) => typeof x !== 'number' || Number.isNaN(x))) throw new ConvertError(`${this.currentTfOp}: attribute ${k} of its ONNX ${op} could not be worked out from the model`);
    }
    const outs = Array.from({ length: outputs }, () => this.fresh(hint));
    this.graph.nodes.push({ op, inputs, outputs: outs, attrs, name: this.fresh(`${hint}/${op}`) });
    const m = this.mapped.get(this.currentTfOp) ?? new Map<string, number>();
    m.set(op, (m.get(op) ?? 0) + 1);
    this.mapped.set(this.currentTfOp, m);
    return outs;
  }

  /** One-output node. */
  op(op: string, inputs: string[], attrs: Record<string, AttrValue> = {}, hint = op): string {
    return this.node(op, inputs, attrs, hint)[0];
  }

  addInit(init: Initializer): string {
    this.graph.initializers.set(init.name, init);
    return init.name;
  }

  int64(values: number[], dims: number[] = [values.length]): string {
    return this.addInit({ name: this.fresh('const_i64'), type: 'int64', dims, data: BigInt64Array.from(values, (v) => BigInt(v)) });
  }

  float(values: number[], dims: number[] = [values.length]): string {
    return this.addInit({ name: this.fresh('const_f'), type: 'float', dims, data: Float32Array.from(values) });
  }

  scalar(value: number, dtype: TfDtype): string {
    return dtype === 'float32'
      ? this.float([value], [])
      : this.addInit({ name: this.fresh('const_i32'), type: dtype, dims: [], data: dtype === 'bool' ? Uint8Array.of(value) : Int32Array.of(value) });
  }

  init(name: string): Initializer | undefined {
    return this.graph.initializers.get(name);
  }

  /** A tensor's values when it is a constant (shapes, axes, paddings...). */
  constValues(t: Tensor): number[] | null {
    const init = this.init(t.name);
    return init ? initValues(init) : null;
  }

  requireConst(t: Tensor, what: string): number[] {
    const v = this.constValues(t);
    if (!v) throw new ConvertError(`${this.currentTfOp}: its ${what} must be a constant`);
    return v;
  }

  /** The int64 tensor ONNX wants for shapes and indices: a new constant, or a Cast. */
  toInt64(t: Tensor): string {
    const init = this.init(t.name);
    if (init) return this.int64(initValues(init), init.dims);
    return this.op('Cast', [t.name], { to: { i: 7 } });
  }

  cast(name: string, to: TfDtype): string {
    return this.op('Cast', [name], { to: { i: to === 'float32' ? 1 : to === 'int32' ? 6 : 9 } });
  }
}
