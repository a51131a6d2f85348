/**
 * Fusions TF.js runs faster: a BatchNormalization folded into the Conv before it (ONNX level, on
 * constants), and in the TF graph a conv or matmul with its bias and activation as one fused op
 * (_FusedConv2D, FusedDepthwiseConv2dNative, _FusedMatMul), as tensorflowjs_converter emits them.
 */
import { initValues, type OnnxGraph, type OnnxNode } from '../graph';
import type { NodeJson } from '../tfjs-model';
import { tfAttr, type TfBuilder } from './tf-builder';

/**
 * Conv -> BatchNormalization, all constant, the Conv read by the BN only: the BN's scale and shift
 * go into the Conv's weights and bias (ONNX's formula, computed in double, rounded once).
 */
export function foldBatchNorms(g: OnnxGraph): number {
  const uses = new Map<string, number>();
  for (const n of g.nodes) for (const i of n.inputs) uses.set(i, (uses.get(i) ?? 0) + 1);
  const outputs = new Set(g.outputs.map((o) => o.name));
  const producer = new Map<string, OnnxNode>();
  for (const n of g.nodes) for (const o of n.outputs) producer.set(o, n);
  const removed = new Set<OnnxNode>();
  let counter = 0;
  for (const bn of g.nodes) {
    if (bn.op !== 'BatchNormalization' || bn.domain || bn.outputs.length > 1 || (bn.attrs.training_mode && 'i' in bn.attrs.training_mode && bn.attrs.training_mode.i)) continue;
    const conv = producer.get(bn.inputs[0]);
    if (!conv || conv.op !== 'Conv' || conv.domain || uses.get(conv.outputs[0]) !== 1 || outputs.has(conv.outputs[0])) continue;
    const w = g.initializers.get(conv.inputs[1]);
    const b = conv.inputs[2] ? g.initializers.get(conv.inputs[2]) : undefined;
    const params = bn.inputs.slice(1, 5).map((i) => g.initializers.get(i));
    if (!w || w.type !== 'float' || (conv.inputs[2] && !b) || params.some((p) => !p || p.type !== 'float')) continue;
    const [scale, shift, mean, variance] = params.map((p) => initValues(p!));
    const eps = bn.attrs.epsilon && 'f' in bn.attrs.epsilon ? bn.attrs.epsilon.f : 1e-5;
    const out = w.dims[0];
    if (scale.length !== out) continue;
    const src = w.data as Float32Array;
    const per = src.length / out;
    const wData = new Float32Array(src.length);
    const bias = new Float32Array(out);
    const oldBias = b ? initValues(b) : null;
    for (let o = 0; o < out; o++) {
      const s = scale[o] / Math.sqrt(variance[o] + eps);
      const end = (o + 1) * per;
      for (let k = o * per; k < end; k++) wData[k] = src[k] * s;
      bias[o] = ((oldBias?.[o] ?? 0) - mean[o]) * s + shift[o];
    }
    const wName = `${w.name}__bn${counter++}`;
    const bName = `${bn.name}__bias${counter++}`;
    g.initializers.set(wName, { name: wName, type: 'float', dims: w.dims, data: wData });
    g.initializers.set(bName, { name: bName, type: 'float', dims: [out], data: bias });
    conv.inputs = [conv.inputs[0], wName, bName];
    conv.outputs = [bn.outputs[0]];
    removed.add(bn);
  }
  g.nodes = g.nodes.filter((n) => !removed.has(n));
  return removed.size;
}

/** Activations TF.js fuses into convs and matmuls (its fused_ops names). */
const ACTIVATIONS: Record<string, string> = { Relu: 'Relu', Relu6: 'Relu6', Sigmoid: 'Sigmoid', Elu: 'Elu', LeakyRelu: 'LeakyRelu' };
const FUSED: Record<string, string> = { Conv2D: '_FusedConv2D', DepthwiseConv2dNative: 'FusedDepthwiseConv2dNative', MatMul: '_FusedMatMul' };

const bare = (ref: string) => ref.replace(/:\d+$/, '');

/**
 * Fuses, in the mapped TF graph: conv/matmul -> BiasAdd (or an add of a constant vector) ->
 * activation into one node, when the intermediate tensors feed nothing else. `keep`: refs the
 * signature names (never fused away).
 */
export function fuseTfOps(b: TfBuilder, keep: ReadonlySet<string>): { resolve: (ref: string) => string; fusedInto: Map<string, string> } {
  const nodes = b.nodes;
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const uses = new Map<string, number>();
  for (const n of nodes) for (const i of n.input ?? []) uses.set(bare(i), (uses.get(bare(i)) ?? 0) + 1);
  const consts = new Map(b.consts.map((c) => [c.name, c]));
  const constShape = (ref: string) => consts.get(ref)?.shape;
  /** Output channels of a conv or matmul whose filter or matrix is constant (null otherwise). */
  const channels = (n: NodeJson): number | null => {
    const f = n.input?.[1] ? constShape(n.input[1]) : undefined;
    if (!f) return null;
    if (n.op === 'Conv2D' || n.op === '_FusedConv2D') return f[3];
    if (n.op === 'DepthwiseConv2dNative' || n.op === 'FusedDepthwiseConv2dNative') return f[2] * f[3];
    if ((n.op === 'MatMul' || n.op === '_FusedMatMul') && f.length === 2) return n.attr?.transpose_b?.b ? f[0] : f[1];
    return null;
  };
  /** A constant added after `base` that is a bias: [C] or [1, ..., 1, C]; as a [C] constant. */
  const biasOf = (base: NodeJson, ref: string | undefined): string | null => {
    const c = ref ? consts.get(ref) : undefined;
    const out = channels(base);
    if (!c || out === null || c.dtype !== 'float32' || c.shape[c.shape.length - 1] !== out || c.shape.slice(0, -1).some((d) => d !== 1)) return null;
    if (c.shape.length === 1) return c.name;
    const vector = b.const(c.data, 'float32', [out], `${c.name}/bias`);
    consts.set(vector, b.consts[b.consts.length - 1]);
    return vector;
  };
  const alias = new Map<string, string>();
  // Readers of a fused-away node read the fused one (chains resolved: bias then activation).
  const resolve = (name: string): string => (alias.has(name) ? resolve(alias.get(name)!) : name);
  const dropped = new Set<NodeJson>();
  const fusedOps = (n: NodeJson) => (n.attr?.fused_ops?.list?.s ?? []).map((s) => (typeof s === 'string' ? atob(s) : ''));
  for (const n of nodes) {
    // Through what is fused already: conv -> (bias, fused) -> activation.
    const read = n.input?.[0] ? bare(n.input[0]) : '';
    const base = byName.get(resolve(read));
    if (!base || uses.get(read) !== 1 || keep.has(read)) continue;
    // A bias: BiasAdd, or AddV2 of a constant [C] (or [1, ..., 1, C]), after an unfused conv or matmul.
    // (TF.js 4.22's WASM _FusedMatMul with a bias computes wrong results with transpose_a or transpose_b: those stay unfused.)
    const transposedA = base.attr?.transpose_a?.b === true || base.attr?.transpose_b?.b === true;
    const bias = n.op === 'AddV2' && FUSED[base.op] && !transposedA ? biasOf(base, n.input?.[1]) : n.op === 'BiasAdd' && base.op !== 'MatMul' ? n.input![1] : null;
    const ops = fusedOps(base);
    const own = ops.length === 1 && ops[0] === 'BiasAdd' ? consts.get(base.input![2]) : undefined;
    const more = n.op === 'AddV2' && own && own.dtype === 'float32' ? biasOf(base, n.input?.[1]) : null;
    if (more && own) {
      // A second bias after a fused one (ONNX's Conv without B, then Add): the two summed.
      const add = consts.get(more)!.data as Float32Array;
      base.input![2] = b.const(Float32Array.from(own.data as Float32Array, (v, i) => v + add[i]), 'float32', [add.length], `${base.name}/bias_sum`);
      alias.set(n.name, base.name);
      dropped.add(n);
      continue;
    }
    if (bias && FUSED[base.op]) {
      base.op = FUSED[base.op];
      base.input = [...base.input!, bias];
      base.attr = { ...base.attr, num_args: tfAttr.i(1), fused_ops: tfAttr.strs(['BiasAdd']), epsilon: tfAttr.f(0) };
      alias.set(n.name, base.name);
      dropped.add(n);
      continue;
    }
    const act = ACTIVATIONS[n.op];
    if (act && ops.length === 1 && ops[0] === 'BiasAdd' && Object.values(FUSED).includes(base.op)) {
      base.attr = { ...base.attr, fused_ops: tfAttr.strs(['BiasAdd', act]) };
      if (act === 'LeakyRelu') base.attr.leakyrelu_alpha = n.attr!.alpha;
      alias.set(n.name, base.name);
      dropped.add(n);
    }
  }
  const fusedInto = new Map<string, string>();
  if (!dropped.size) return { resolve: (r) => r, fusedInto };
  const kept = nodes.filter((n) => !dropped.has(n));
  b.nodes.splice(0, b.nodes.length, ...kept);
  const renamed = (ref: string) => (alias.has(bare(ref)) ? resolve(bare(ref)) : ref);
  for (const n of b.nodes) n.input = n.input?.map(renamed);
  for (const n of dropped) fusedInto.set(n.name, byName.get(resolve(n.name))!.op);
  // Constants only the fused-away nodes read (a bias as [1, 1, 1, C], a zero bias summed into) go.
  const read = new Set([...keep, ...b.nodes.flatMap((n) => (n.input ?? []).map(bare))]);
  const unread = new Set(b.consts.filter((c) => !read.has(c.name)).map((c) => c.name));
  b.nodes.splice(0, b.nodes.length, ...b.nodes.filter((n) => !unread.has(n.name)));
  b.consts.splice(0, b.consts.length, ...b.consts.filter((c) => !unread.has(c.name)));
  return { resolve: renamed, fusedInto };
}
