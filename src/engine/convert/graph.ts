/**
 * The ONNX graph the converter builds, before it is written: plain objects the op mappings append
 * to and the optimiser rewrites. Constants live as initializers with their values in memory.
 */

/** Element types the converter emits (ONNX TensorProto.DataType numbers). */
export const OnnxType = { float: 1, uint8: 2, int32: 6, int64: 7, bool: 9, float16: 10 } as const;
export type OnnxTypeName = keyof typeof OnnxType;

export type AttrValue = { i: number } | { f: number } | { s: string } | { ints: number[] } | { floats: number[] } | { strings: string[] } | { t: Initializer };

export interface OnnxNode {
  op: string;
  inputs: string[];
  outputs: string[];
  attrs: Record<string, AttrValue>;
  name: string;
  /** The operator set's domain, '' (or absent) for ONNX's own ('ai.onnx'); as read from a model. */
  domain?: string;
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
  // Padded to rank 4 with leading 1s: four plain loops, fast enough for every kernel of a big model.
  if (dims.length > 4) throw new Error(`transposeData handles up to 4 dimensions, not ${dims.length}`);
  const pad = 4 - dims.length;
  const d = [...Array(pad).fill(1), ...dims];
  const p = [...Array.from({ length: pad }, (_, i) => i), ...perm.map((x) => x + pad)];
  const inStrides = [d[1] * d[2] * d[3], d[2] * d[3], d[3], 1];
  const [s0, s1, s2, s3] = p.map((x) => inStrides[x]);
  const [n0, n1, n2, n3] = p.map((x) => d[x]);
  const src = data as unknown as ArrayLike<number>;
  const out = new (data.constructor as { new (n: number): T })(data.length);
  const dst = out as unknown as number[];
  let o = 0;
  for (let a = 0; a < n0; a++)
    for (let b = 0; b < n1; b++)
      for (let c = 0; c < n2; c++) {
        const base = a * s0 + b * s1 + c * s2;
        for (let e = 0; e < n3; e++) dst[o++] = src[base + e * s3];
      }
  return out;
}

export function invertPerm(perm: readonly number[]): number[] {
  const inv = new Array<number>(perm.length);
  perm.forEach((p, i) => (inv[p] = i));
  return inv;
}

export const isIdentityPerm = (perm: readonly number[]) => perm.every((p, i) => p === i);

/**
 * Depth-first post-order from `roots`: every item after all it depends on, each once. An item met
 * again while in progress is a cycle: `onCycle` may throw; otherwise it is not followed (TF loops).
 */
export function dependencyOrder<T>(roots: Iterable<T>, deps: (item: T) => readonly T[], onCycle?: (item: T) => void): T[] {
  const state = new Map<T, 'visiting' | 'done'>();
  const order: T[] = [];
  for (const root of roots) {
    if (state.has(root)) continue;
    state.set(root, 'visiting');
    const stack: [T, readonly T[], number][] = [[root, deps(root), 0]];
    while (stack.length) {
      const top = stack[stack.length - 1];
      if (top[2] < top[1].length) {
        const next = top[1][top[2]++];
        const seen = state.get(next);
        if (seen === 'visiting') onCycle?.(next);
        if (seen) continue;
        state.set(next, 'visiting');
        stack.push([next, deps(next), 0]);
      } else {
        stack.pop();
        state.set(top[0], 'done');
        order.push(top[0]);
      }
    }
  }
  return order;
}

/**
 * Puts nodes in the order ONNX requires (every input produced before it is read): rewrites can
 * leave a node reading a Transpose that sits later in the list. Stable for nodes already in order.
 */
export function sortTopologically(g: OnnxGraph): void {
  const producer = new Map<string, OnnxNode>();
  for (const n of g.nodes) for (const o of n.outputs) producer.set(o, n);
  const inputsOf = (n: OnnxNode) => n.inputs.map((i) => producer.get(i)).filter((p): p is OnnxNode => p !== undefined);
  g.nodes = dependencyOrder(g.nodes, inputsOf, (n) => {
    throw new Error(`the graph has a cycle through ${n.name}`);
  });
}
