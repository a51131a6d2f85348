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
    const per = w.data.length / out;
    const wData = new Float32Array(w.data.length);
    const bias = new Float32Array(out);
    const oldBias = b ? initValues(b) : null;
    for (let o = 0; o < out; o++) {
      const s = scale[o] / Math.sqrt(variance[o] + eps);
      for (let k = 0; k < per; k++) wData[o * per + k] = (w.data as Float32Array)[o * per + k] * s;
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
  const constShape = (ref: string) => b.consts.find((c) => c.name === ref)?.shape;
  const single = (n: NodeJson) => uses.get(n.name) === 1 && !keep.has(n.name);
  const alias = new Map<string, string>();
  const dropped = new Set<NodeJson>();
  const fusedOps = (n: NodeJson) => (n.attr?.fused_ops?.list?.s ?? []).map((s) => (typeof s === 'string' ? atob(s) : ''));
  for (const n of nodes) {
    const base = n.input?.[0] ? byName.get(bare(n.input[0])) : undefined;
    if (!base || dropped.has(base) || !single(base)) continue;
    // A bias: BiasAdd, or AddV2 of a constant 1-D vector, after an unfused conv or matmul.
    const isBias = n.op === 'BiasAdd' || (n.op === 'AddV2' && !!n.input?.[1] && constShape(n.input[1])?.length === 1);
    // (TF.js 4.22's WASM _FusedMatMul computes wrong results with transpose_a: those stay unfused.)
    const transposedA = base.attr?.transpose_a?.b === true;
    if (isBias && FUSED[base.op] && (base.op !== 'MatMul' || (constShape(n.input![1])?.length === 1 && !transposedA))) {
      base.op = FUSED[base.op];
      base.input = [...base.input!, n.input![1]];
      base.attr = { ...base.attr, num_args: tfAttr.i(1), fused_ops: tfAttr.strs(['BiasAdd']), epsilon: tfAttr.f(0) };
      alias.set(n.name, base.name);
      dropped.add(n);
      continue;
    }
    const act = ACTIVATIONS[n.op];
    const ops = fusedOps(base);
    if (act && ops.length === 1 && ops[0] === 'BiasAdd' && Object.values(FUSED).includes(base.op)) {
      base.attr = { ...base.attr, fused_ops: tfAttr.strs(['BiasAdd', act]) };
      if (act === 'LeakyRelu') base.attr.leakyrelu_alpha = n.attr!.alpha;
      alias.set(n.name, base.name);
      dropped.add(n);
    }
  }
  const fusedInto = new Map<string, string>();
  if (!dropped.size) return { resolve: (r) => r, fusedInto };
  // Readers of a fused-away node read the fused one (chains resolved: bias then activation).
  const resolve = (name: string): string => (alias.has(name) ? resolve(alias.get(name)!) : name);
  const kept = nodes.filter((n) => !dropped.has(n));
  b.nodes.splice(0, b.nodes.length, ...kept);
  const renamed = (ref: string) => (alias.has(bare(ref)) ? resolve(bare(ref)) : ref);
  for (const n of b.nodes) n.input = n.input?.map(renamed);
  for (const n of dropped) fusedInto.set(n.name, byName.get(resolve(n.name))!.op);
  return { resolve: renamed, fusedInto };
}
