/**
 * Rewrites of the TF graph before mapping, for patterns that map to one ONNX op but not op by op.
 */
import { Attrs } from './builder';
import { dependencyOrder } from './graph';
import type { TfjsGraphModel, NodeJson } from './tfjs-model';

const CONVS = new Set(['Conv2D', '_FusedConv2D', 'DepthwiseConv2dNative', 'FusedDepthwiseConv2dNative']);
const b64 = (s: string) => btoa(s);
const bare = (ref: string) => ref.replace(/^\^/, '').replace(/:\d+$/, '');

/**
 * TF writes a dilated conv as SpaceToBatchND -> VALID conv -> BatchToSpaceND (the block is the
 * dilation; the paddings less the crops are the conv's padding): one dilated conv in ONNX, as
 * tf2onnx makes it. Nodes are copied, never changed in place: the model stays as read.
 */
export function fuseDilatedConvs(model: TfjsGraphModel): NodeJson[] {
  const byName = new Map(model.nodes.map((n) => [n.name, n]));
  const consumers = new Map<string, number>();
  for (const n of model.nodes) for (const i of n.input ?? []) consumers.set(bare(i), (consumers.get(bare(i)) ?? 0) + 1);
  const constValues = (ref: string | undefined) => {
    const node = ref ? byName.get(bare(ref)) : undefined;
    return node?.op === 'Const' ? Array.from(model.weights.get(node.name)?.data ?? []) : null;
  };
  const replaced = new Map<string, NodeJson>();
  for (const b2s of model.nodes) {
    if (b2s.op !== 'BatchToSpaceND') continue;
    const conv = byName.get(bare(b2s.input?.[0] ?? ''));
    const s2b = conv && byName.get(bare(conv.input?.[0] ?? ''));
    if (!conv || !s2b || !CONVS.has(conv.op) || s2b.op !== 'SpaceToBatchND') continue;
    if (consumers.get(conv.name) !== 1 || consumers.get(s2b.name) !== 1 || new Attrs(conv.attr ?? {}, conv.name).str('padding', '') !== 'VALID') continue;
    const block = constValues(s2b.input?.[1]);
    const pads = constValues(s2b.input?.[2]);
    const crops = constValues(b2s.input?.[2]);
    if (!block || !pads || !crops || block.length !== 2 || block.join() !== constValues(b2s.input?.[1])?.join()) continue;
    const explicit = [0, 0, pads[0] - crops[0], pads[1] - crops[1], pads[2] - crops[2], pads[3] - crops[3], 0, 0];
    if (explicit.some((p) => p < 0)) continue;
    replaced.set(conv.name, {
      ...conv,
      input: [s2b.input![0], ...conv.input!.slice(1)],
      attr: { ...conv.attr, padding: { s: b64('EXPLICIT') }, explicit_paddings: { list: { i: explicit.map(String) } }, dilations: { list: { i: ['1', String(block[0]), String(block[1]), '1'] } } },
    });
    replaced.set(b2s.name, { name: b2s.name, op: 'Identity', input: [conv.name], attr: {} });
  }
  return model.nodes.map((n) => replaced.get(n.name) ?? n);
}

/**
 * TF1-style conditionals whose predicate is a constant (a training flag frozen into the graph):
 * Switch forwards its input to the live side only, Merge takes its one live input, and every node
 * fed by the dead side is dropped. Conditionals on computed predicates stay, to be refused by name.
 */
export function resolveConstantConds(nodes: NodeJson[], weights: TfjsGraphModel['weights']): NodeJson[] {
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const predicateOf = (ref: string | undefined) => {
    const node = ref ? byName.get(bare(ref)) : undefined;
    const w = node?.op === 'Const' ? weights.get(node.name) : undefined;
    return w && w.data.length === 1 ? w.data[0] !== 0 : null;
  };
  if (!nodes.some((n) => n.op === 'Switch' && predicateOf(n.input?.[1]) !== null)) return nodes;
  const canonical = (ref: string) => (/:\d+$/.test(ref) ? ref : `${ref}:0`);
  const alias = new Map<string, string>(); // tensor -> the tensor it stands for
  const dead = new Set<string>(); // dead tensors, as "node:i"
  const deadNodes = new Set<string>();
  const resolve = (ref: string) => alias.get(canonical(ref)) ?? ref;
  const isDead = (ref: string) => !ref.startsWith('^') && dead.has(canonical(resolve(ref)));
  // Nodes in dependency order, so a node's inputs are settled before it.
  const order = dependencyOrder(nodes, (n) => (n.input ?? []).map((i) => byName.get(bare(i))).filter((m): m is NodeJson => m !== undefined));
  const out = new Map<string, NodeJson>();
  for (const n of order) {
    const inputs = n.input ?? [];
    const pred = n.op === 'Switch' ? predicateOf(inputs[1]) : null;
    if (pred !== null && !isDead(inputs[0])) {
      alias.set(`${n.name}:${pred ? 1 : 0}`, canonical(resolve(inputs[0])));
      dead.add(`${n.name}:${pred ? 0 : 1}`);
      deadNodes.add(n.name);
      continue;
    }
    if (n.op === 'Merge') {
      const live = inputs.filter((i) => !i.startsWith('^') && !isDead(i));
      if (live.length === 1) {
        // An Identity under the Merge's name: consumers and graph outputs keep reading it.
        out.set(n.name, { name: n.name, op: 'Identity', input: [resolve(live[0])], attr: {} });
        continue;
      }
    }
    if (inputs.some(isDead)) {
      for (let i = 0; i < 8; i++) dead.add(`${n.name}:${i}`);
      deadNodes.add(n.name);
      continue;
    }
    out.set(n.name, { ...n, input: inputs.filter((i) => !(i.startsWith('^') && deadNodes.has(bare(i)))).map((i) => (i.startsWith('^') ? i : resolve(i))) });
  }
  return nodes.filter((n) => out.has(n.name)).map((n) => out.get(n.name)!);
}
