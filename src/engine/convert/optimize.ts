/**
 * Transpose removal. The op mappings wrap every NCHW op (Conv, pools) in Transposes; here each
 * Transpose is pushed down through the ops that do not care about layout (element-wise ops with
 * constants or equally transposed operands, Concat, Pad, reductions, Squeeze, ArgMax, Softmax, Slice,
 * Split, Resize, Shape)
 * until it meets the next op's inverse Transpose and both vanish, as tf2onnx's transpose optimizer
 * does. The graph's inputs and outputs keep TF's NHWC layout.
 */
import { IndexedGraph } from './indexed-graph';
import { initValues, invertPerm, isIdentityPerm, transposeData, type Initializer, type OnnxGraph, type OnnxNode } from './graph';

const UNARY = new Set(['Relu', 'Sigmoid', 'Tanh', 'Exp', 'Log', 'Sqrt', 'Reciprocal', 'Neg', 'Abs', 'Floor', 'Ceil', 'Round', 'Sign', 'Sin', 'Cos', 'Erf', 'Softplus', 'Not', 'Elu', 'Selu', 'LeakyRelu', 'Identity', 'Cast', 'Clip', 'HardSigmoid', 'HardSwish', 'Softsign', 'Gelu', 'Mish', 'Celu', 'ThresholdedRelu', 'IsNaN', 'IsInf']);
const BROADCAST = new Set(['Add', 'Sub', 'Mul', 'Div', 'Max', 'Min', 'Pow', 'PRelu', 'Equal', 'Greater', 'GreaterOrEqual', 'Less', 'LessOrEqual', 'And', 'Or', 'Mod', 'Sum', 'Where']);
const REDUCE = new Set(['ReduceMean', 'ReduceSum', 'ReduceMax', 'ReduceMin', 'ReduceProd']);

interface Ctx {
  g: OnnxGraph;
  /** The live producer/consumer lookups: kept up to date by every rewrite. */
  graph: IndexedGraph;
  outputs: Set<string>;
  fresh: (hint: string) => string;
  /** Transposes already pushed into only some of their consumers (done once each). */
  partial: Set<string>;
  /** Nodes no Transpose moves through (ONNX -> TF.js: ops already laid out channels-last). */
  pinned: ReadonlySet<OnnxNode>;
}

const permOf = (n: OnnxNode) => (n.attrs.perm as { ints: number[] }).ints;
const norm = (a: number, rank: number) => (a < 0 ? a + rank : a);

/** A constant operand as it must be once the Transpose moves past the op: broadcast to rank, inverse-permuted. */
function permutedConst(ctx: Ctx, init: Initializer, perm: number[]): string | null {
  const rank = perm.length;
  if (init.dims.length > rank) return null;
  const dims = [...Array(rank - init.dims.length).fill(1), ...init.dims];
  const inv = invertPerm(perm);
  const name = ctx.fresh(`${init.name}_t`);
  ctx.g.initializers.set(name, { name, type: init.type, dims: inv.map((p) => dims[p]), data: transposeData(init.data, dims, inv) });
  return name;
}

/** A constant int64 input (axes, pads) remapped; null when it is not a constant. */
function remapInit(ctx: Ctx, name: string | undefined, f: (v: number[]) => number[]): string | null {
  const init = name ? ctx.g.initializers.get(name) : undefined;
  if (!init) return null;
  const fresh = ctx.fresh(`${init.name}_t`);
  const values = f(initValues(init));
  ctx.g.initializers.set(fresh, { name: fresh, type: init.type, dims: [values.length], data: BigInt64Array.from(values, BigInt) });
  return fresh;
}

/** The output of an existing Transpose of `name` by the inverse of `perm`, if there is one. */
function inverseOf(ctx: Ctx, name: string, perm: number[]): string | null {
  const inv = invertPerm(perm).join();
  const t = ctx.graph.consumersOf(name).find((n) => n.op === 'Transpose' && permOf(n).join() === inv);
  return t ? t.outputs[0] : null;
}

/** The rank of a Reshape's output with a constant shape, seen through element-wise ops (with constants) after it. */
function reshapedRank(ctx: Ctx, name: string): number | null {
  for (let depth = 0; depth < 8; depth++) {
    const prod = ctx.graph.producerOf(name);
    if (!prod) return null;
    if (prod.op === 'Reshape') return ctx.g.initializers.get(prod.inputs[1])?.dims[0] ?? null;
    const computed = prod.inputs.filter((i) => i && !ctx.g.initializers.has(i));
    // Element-wise with constants (a bias) keeps the rank when the constants are not of higher rank.
    if (!(UNARY.has(prod.op) || BROADCAST.has(prod.op)) || computed.length !== 1) return null;
    name = computed[0];
  }
  return null;
}

/**
 * How consumer `c` of the transposed tensor `y` changes when it reads the untransposed `x`
 * instead: a function applying the change and returning the perm each output needs afterwards,
 * or null when `c` cannot take it.
 */
function plan(ctx: Ctx, c: OnnxNode, y: string, x: string, perm: number[]): (() => (number[] | null)[]) | null {
  const rank = perm.length;
  const replaceY = () => (c.inputs = c.inputs.map((i) => (i === y ? x : i)));
  const all = (p: number[] | null) => () => c.outputs.map(() => p);
  if (c.op === 'Transpose') {
    return () => {
      const p2 = permOf(c);
      replaceY();
      c.attrs.perm = { ints: p2.map((i) => perm[i]) };
      return [null];
    };
  }
  if (UNARY.has(c.op)) {
    if (c.inputs.indexOf(y) !== 0 || c.inputs.lastIndexOf(y) !== 0) return null;
    return () => (replaceY(), all(perm)());
  }
  if (BROADCAST.has(c.op) || c.op === 'Concat') {
    const changes: (() => void)[] = [];
    for (let k = 0; k < c.inputs.length; k++) {
      const name = c.inputs[k];
      if (name === y) continue;
      const init = ctx.g.initializers.get(name);
      const prod = ctx.graph.producerOf(name);
      if (init && (c.op !== 'Concat' || init.dims.length === rank)) {
        changes.push(() => {
          c.inputs[k] = permutedConst(ctx, init, perm)!;
        });
        if (init.dims.length > rank) return null;
      } else if (prod?.op === 'Transpose' && permOf(prod).join() === perm.join()) {
        changes.push(() => (c.inputs[k] = prod.inputs[0]));
      } else if (inverseOf(ctx, name, perm)) {
        // The operand is already transposed the other way for someone else (a residual branch
        // feeding the next conv): read that.
        const t = inverseOf(ctx, name, perm)!;
        changes.push(() => (c.inputs[k] = t));
      } else if (c.op !== 'Concat' && reshapedRank(ctx, name) === rank) {
        // A reshaped operand of the same rank (a squeeze-excite scale [N,1,1,C]): a Transpose on
        // that small tensor lets the big one move on. Only reshaped ones, so two never chase each other.
        changes.push(() => {
          const t = ctx.fresh(`${name}_t`);
          ctx.graph.insertBefore(c, { op: 'Transpose', inputs: [name], outputs: [t], attrs: { perm: { ints: invertPerm(perm) } }, name: ctx.fresh(`${c.name}/TransposeIn`) });
          c.inputs[k] = t;
        });
      } else return null;
    }
    return () => {
      replaceY();
      changes.forEach((f) => f());
      if (c.op === 'Concat') c.attrs.axis = { i: perm[norm((c.attrs.axis as { i: number }).i, rank)] };
      return all(perm)();
    };
  }
  if (c.inputs[0] !== y || c.inputs.lastIndexOf(y) !== 0) return null;
  const axisAttr = (key: string) => () => {
    replaceY();
    c.attrs[key] = { i: perm[norm((c.attrs[key] as { i: number }).i, rank)] };
    return all(perm)();
  };
  switch (c.op) {
    case 'Shape':
      if (c.attrs.start || c.attrs.end) return null;
      // y's shape is x's shape permuted: no Transpose needed after.
      return () => {
        replaceY();
        const order = ctx.fresh('shape_order');
        ctx.g.initializers.set(order, { name: order, type: 'int64', dims: [rank], data: BigInt64Array.from(perm, BigInt) });
        const inner = ctx.fresh(`${c.outputs[0]}_x`);
        ctx.graph.insertAfter(c, { op: 'Gather', inputs: [inner, order], outputs: [c.outputs[0]], attrs: { axis: { i: 0 } }, name: ctx.fresh(`${c.name}/GatherShape`) });
        c.outputs[0] = inner;
        return [null];
      };
    case 'Softmax':
    case 'LogSoftmax':
    case 'Split':
      return axisAttr('axis');
    case 'Resize': {
      const axes = c.attrs.axes as { ints: number[] } | undefined;
      if (!axes && c.inputs[3] && !c.inputs[2]) {
        // Full-rank computed sizes: reorder them for the untransposed input.
        return () => {
          replaceY();
          const order = ctx.fresh('resize_order');
          ctx.g.initializers.set(order, { name: order, type: 'int64', dims: [rank], data: BigInt64Array.from(invertPerm(perm), BigInt) });
          const sizes = ctx.fresh(`${c.inputs[3]}_t`);
          ctx.graph.insertBefore(c, { op: 'Gather', inputs: [c.inputs[3], order], outputs: [sizes], attrs: { axis: { i: 0 } }, name: ctx.fresh(`${c.name}/GatherSizes`) });
          c.inputs[3] = sizes;
          return [perm];
        };
      }
      if (!axes) return null;
      return () => {
        replaceY();
        c.attrs.axes = { ints: axes.ints.map((a) => perm[norm(a, rank)]) };
        return [perm];
      };
    }
    case 'Pad': {
      if (!ctx.g.initializers.has(c.inputs[1]) || c.inputs[3]) return null;
      return () => {
        replaceY();
        // pads_x[perm[i]] = pads_y[i], for the begin and the end halves.
        c.inputs[1] = remapInit(ctx, c.inputs[1], (p) => {
          const out = new Array<number>(2 * rank);
          perm.forEach((j, i) => ((out[j] = p[i]), (out[j + rank] = p[i + rank])));
          return out;
        })!;
        return [perm];
      };
    }
    case 'Slice': {
      if (!c.inputs[3] || !ctx.g.initializers.has(c.inputs[3])) return null;
      return () => {
        replaceY();
        c.inputs[3] = remapInit(ctx, c.inputs[3], (a) => a.map((v) => perm[norm(v, rank)]))!;
        return [perm];
      };
    }
  }
  // Ops that drop or keep axes: reductions and Squeeze (axes input), ArgMax/ArgMin (axis attribute).
  if (REDUCE.has(c.op) || c.op === 'Squeeze') {
    const axesInit = c.inputs[1] ? ctx.g.initializers.get(c.inputs[1]) : undefined;
    if (!axesInit || axesInit.dims[0] === 0) return null;
    const axes = initValues(axesInit).map((a) => norm(a, rank));
    const keep = c.op === 'Squeeze' ? 0 : ((c.attrs.keepdims as { i: number } | undefined)?.i ?? 1);
    return () => {
      replaceY();
      c.inputs[1] = remapInit(ctx, c.inputs[1], () => axes.map((a) => perm[a]))!;
      return [keep ? perm : survivingPerm(perm, axes)];
    };
  }
  if (c.op === 'ArgMax' || c.op === 'ArgMin') {
    const axis = norm((c.attrs.axis as { i: number } | undefined)?.i ?? 0, rank);
    const keep = (c.attrs.keepdims as { i: number } | undefined)?.i ?? 1;
    return () => {
      replaceY();
      c.attrs.axis = { i: perm[axis] };
      return [keep ? perm : survivingPerm(perm, [axis])];
    };
  }
  return null;
}

/**
 * After dropping `axes` (numbered as in y = transpose(x, perm)) from x instead, the result holds
 * x's surviving axes in x's order: the perm that reorders them as y had them.
 */
function survivingPerm(perm: number[], axes: number[]): number[] {
  const xAxes = new Set(axes.map((a) => perm[a]));
  const keptX = [...perm.keys()].filter((j) => !xAxes.has(j));
  const keptY = [...perm.keys()].filter((i) => !axes.includes(i));
  return keptY.map((i) => keptX.indexOf(perm[i]));
}

/** Moves Transpose `t` one step if it can; false when it is stuck as the graph stands. */
function moveTranspose(ctx: Ctx, t: OnnxNode): boolean {
  const { graph } = ctx;
  const [x] = t.inputs;
  const [y] = t.outputs;
  const perm = permOf(t);
  const prod = graph.producerOf(x);
  if (prod?.op === 'Transpose') {
    // Two Transposes in a row make one.
    const p1 = permOf(prod);
    graph.edit(t, () => {
      t.inputs = [prod.inputs[0]];
      t.attrs.perm = { ints: perm.map((i) => p1[i]) };
    });
    return true;
  }
  if (isIdentityPerm(perm)) {
    if (ctx.outputs.has(y)) {
      graph.edit(t, () => {
        t.op = 'Identity';
        delete t.attrs.perm;
      });
      return true;
    }
    for (const c of graph.consumersOf(y)) graph.edit(c, () => (c.inputs = c.inputs.map((i) => (i === y ? x : i))));
    graph.remove(t);
    return true;
  }
  if (ctx.outputs.has(y)) return false;
  const consumers = graph.consumersOf(y);
  const plans = consumers.map((c) => (ctx.pinned.has(c) ? null : plan(ctx, c, y, x, perm)));
  if (consumers.length === 0 || plans.every((p) => !p)) return false;
  if (plans.some((p) => !p)) {
    // Some consumers cannot take it yet: push into the others once, which can unblock the rest
    // (PReLU as Relu(x) + a*(x - Abs(x))/2 needs Abs's output transposed before Sub takes it).
    if (ctx.partial.has(t.name)) return false;
    ctx.partial.add(t.name);
  }
  plans.forEach((apply, k) => {
    if (!apply) return;
    const c = consumers[k];
    graph.edit(c, () => {
      const outPerms = apply();
      c.outputs.forEach((out, j) => {
        const p = outPerms[j];
        if (!p) return;
        const inner = ctx.fresh(`${out}_nchw`);
        c.outputs[j] = inner;
        graph.insertAfter(c, { op: 'Transpose', inputs: [inner], outputs: [out], attrs: { perm: { ints: p } }, name: ctx.fresh(`${c.name}/Transpose`) });
      });
    });
  });
  if (plans.every((p) => p)) graph.remove(t);
  return true;
}

/** A min-heap of nodes by graph order. */
class NodeHeap {
  readonly #items: OnnxNode[] = [];
  constructor(readonly order: (n: OnnxNode) => number) {}
  get size() {
    return this.#items.length;
  }
  push(n: OnnxNode): void {
    const a = this.#items;
    a.push(n);
    for (let i = a.length - 1; i > 0; ) {
      const up = (i - 1) >> 1;
      if (this.order(a[up]) <= this.order(a[i])) break;
      [a[up], a[i]] = [a[i], a[up]];
      i = up;
    }
  }
  /** Drops the items `keep` refuses and restores the order (after the numbers changed). */
  rebuild(keep: (n: OnnxNode) => boolean): void {
    const items = this.#items.filter(keep);
    this.#items.length = 0;
    items.forEach((n) => this.push(n));
  }
  pop(): OnnxNode {
    const a = this.#items;
    const top = a[0];
    const last = a.pop()!;
    if (a.length) {
      a[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && this.order(a[l]) < this.order(a[m])) m = l;
        if (r < a.length && this.order(a[r]) < this.order(a[m])) m = r;
        if (m === i) break;
        [a[m], a[i]] = [a[i], a[m]];
        i = m;
      }
    }
    return top;
  }
}

/** Drops nodes and initializers nothing reads. */
export function removeDead(g: OnnxGraph): void {
  const needed = new Set(g.outputs.map((o) => o.name));
  const kept: OnnxNode[] = [];
  for (let k = g.nodes.length - 1; k >= 0; k--) {
    const n = g.nodes[k];
    if (!n.outputs.some((o) => needed.has(o))) continue;
    kept.push(n);
    for (const i of n.inputs) needed.add(i);
  }
  g.nodes = kept.reverse();
  for (const name of [...g.initializers.keys()]) if (!needed.has(name)) g.initializers.delete(name);
}

/**
 * Moves, each step, the first Transpose in graph order that can move (the order fixes the result,
 * names included). A Transpose found stuck is not looked at again until a tensor its decision read
 * changes producer or consumers: each step costs what it touches, not a pass over the graph.
 */
export function optimizeTransposes(g: OnnxGraph, pinned: ReadonlySet<OnnxNode> = new Set()): void {
  let counter = 0;
  const fresh = (hint: string) => `${hint}__o${counter++}`;
  const limit = 20 * g.nodes.length + 100;
  removeDead(g);
  const graph = IndexedGraph.of(g);
  const ctx: Ctx = { g, graph, outputs: new Set(g.outputs.map((o) => o.name)), fresh, partial: new Set(), pinned };
  const queue = new NodeHeap((n) => graph.orderOf(n));
  const queued = new Set<OnnxNode>();
  const enqueue = (n: OnnxNode) => {
    if (n.op !== 'Transpose' || queued.has(n) || !graph.has(n)) return;
    queued.add(n);
    queue.push(n);
  };
  /** Stuck Transposes by the tensors their decision read. */
  const watchers = new Map<string, OnnxNode[]>();
  graph.onTouch = (name) => {
    const woken = watchers.get(name);
    if (!woken) return;
    watchers.delete(name);
    woken.forEach(enqueue);
  };
  graph.onInsert = enqueue;
  graph.onRenumber = () => {
    queue.rebuild((n) => graph.has(n));
    for (const n of queued) if (!graph.has(n)) queued.delete(n);
  };
  g.nodes.forEach(enqueue);
  const step = (): boolean => {
    while (queue.size) {
      const t = queue.pop();
      queued.delete(t);
      if (!graph.has(t) || t.op !== 'Transpose') continue;
      const reads = (graph.reads = new Set([...t.inputs, ...t.outputs]));
      const moved = moveTranspose(ctx, t);
      graph.reads = null;
      if (moved) {
        enqueue(t);
        return true;
      }
      for (const name of reads) {
        const list = watchers.get(name);
        if (list) list.push(t);
        else watchers.set(name, [t]);
      }
    }
    return false;
  };
  for (let i = 0; i < limit && step(); i++) graph.removeUnread();
  g.nodes = graph.nodes();
  removeDead(g);
}

/**
 * A zero Pad of the spatial dims right before a Conv (TF's explicit ZeroPadding2D before a VALID
 * conv) becomes the Conv's own pads: one node less and no padded copy of the tensor.
 */
export function foldPadsIntoConvs(g: OnnxGraph): void {
  const producer = new Map(g.nodes.flatMap((n) => n.outputs.map((o) => [o, n] as const)));
  const uses = new Map<string, number>();
  for (const n of g.nodes) for (const i of n.inputs) uses.set(i, (uses.get(i) ?? 0) + 1);
  const outputs = new Set(g.outputs.map((o) => o.name));
  for (const conv of g.nodes) {
    if (conv.op !== 'Conv' || (conv.attrs.auto_pad && (conv.attrs.auto_pad as { s: string }).s !== 'VALID')) continue;
    const pad = producer.get(conv.inputs[0]);
    if (!pad || pad.op !== 'Pad' || uses.get(pad.outputs[0]) !== 1 || outputs.has(pad.outputs[0])) continue;
    const mode = (pad.attrs.mode as { s: string } | undefined)?.s ?? 'constant';
    const pads = g.initializers.get(pad.inputs[1]);
    const value = pad.inputs[2] ? g.initializers.get(pad.inputs[2]) : undefined;
    if (mode !== 'constant' || !pads || pads.dims[0] !== 8 || pad.inputs[3] || (pad.inputs[2] && (!value || initValues(value).some((v) => v !== 0)))) continue;
    const p = initValues(pads);
    // NCHW: only H and W may be padded, never batch or channels, and never cropped.
    if (p[0] || p[1] || p[4] || p[5] || p.some((v) => v < 0)) continue;
    const own = (conv.attrs.pads as { ints: number[] } | undefined)?.ints ?? [0, 0, 0, 0];
    conv.attrs.pads = { ints: [own[0] + p[2], own[1] + p[3], own[2] + p[6], own[3] + p[7]] };
    delete conv.attrs.auto_pad;
    conv.inputs[0] = pad.inputs[0];
  }
  removeDead(g);
}

export const countOp = (g: OnnxGraph, op: string) => g.nodes.filter((n) => n.op === op).length;
