/**
 * The ONNX graph the converter builds, before it is written: plain objects the op mappings append
 * to and the optimiser rewrites. Constants live as initializers with their values in memory.
 */

/** Element types the converter emits (ONNX TensorProto.DataType numbers). */
export const OnnxType = { float: 1, uint8: 2, int32: 6, int64: 7, bool: 9, float16: 10 } as const;
export type OnnxTypeName = keyof typeof OnnxType;

export type AttrValue = { i: number } | { f: number } | { s: string } | { ints: number[] } | { floats: number[] };

export interface OnnxNode {
  op: string;
  inputs: string[];
  outputs: string[];
  attrs: Record<string, AttrValue>;
  name: string;
}

export type TensorData = Float32Array | Int32Array | Uint8Array | BigInt64Array;

export interface Initializer {
  name: string;
  type: OnnxTypeName;
  dims: number[];
  data: TensorData;
}

/** A graph input or output: a symbolic dimension is a string (dim_param). */
export interface ValueInfo {
  name: string;
  type: OnnxTypeName;
  dims: (number | string)[] | null;
}

export interface OnnxGraph {
  nodes: OnnxNode[];
  initializers: Map<string, Initializer>;
  inputs: ValueInfo[];
  outputs: ValueInfo[];
}

export function sizeOf(dims: readonly number[]): number {
  return dims.reduce((a, b) => a * b, 1);
}

/** Values of an initializer as plain numbers (int64 included; shapes and axes are small). */
export function initValues(init: Initializer): number[] {
  return Array.from(init.data as ArrayLike<number | bigint>, (v) => Number(v));
}

/** Transposes a dense row-major tensor: out.dims[i] = dims[perm[i]]. */
export function transposeData<T extends TensorData>(data: T, dims: readonly number[], perm: readonly number[]): T {
  const rank = dims.length;
  const outDims = perm.map((p) => dims[p]);
  const inStrides = new Array<number>(rank);
  for (let i = rank - 1, s = 1; i >= 0; i--) {
    inStrides[i] = s;
    s *= dims[i];
  }
  const strides = perm.map((p) => inStrides[p]);
  const out = new (data.constructor as { new (n: number): T })(data.length);
  const idx = new Array<number>(rank).fill(0);
  for (let o = 0; o < data.length; o++) {
    let src = 0;
    for (let i = 0; i < rank; i++) src += idx[i] * strides[i];
    (out as unknown as number[])[o] = (data as unknown as number[])[src];
    for (let i = rank - 1; i >= 0; i--) {
      if (++idx[i] < outDims[i]) break;
      idx[i] = 0;
    }
  }
  return out;
}

export function invertPerm(perm: readonly number[]): number[] {
  const inv = new Array<number>(perm.length);
  perm.forEach((p, i) => (inv[p] = i));
  return inv;
}

export const isIdentityPerm = (perm: readonly number[]) => perm.every((p, i) => p === i);
