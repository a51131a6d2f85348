/**
 * Older opsets' forms rewritten to today's before the layout pass, so that the Transpose optimizer
 * (which knows opset-18 semantics) never moves a Transpose through an op it would misread:
 * Softmax's axis made explicit (and its opset < 13 "flatten to 2-D" meaning made plain), Split's
 * default axis and Transpose's default perm written out.
 */
import { ConvertError } from '../errors';
import type { OnnxGraph, OnnxNode } from '../graph';
import type { TensorInfo } from './shapes';

const SOFTMAX = new Set(['Softmax', 'LogSoftmax', 'Hardmax']);

export function normalizeOpsets(g: OnnxGraph, opset: number, shapes: Map<string, TensorInfo>): void {
  const nodes: OnnxNode[] = [];
  let counter = 0;
  for (const node of g.nodes) {
    nodes.push(node);
    if (node.domain) continue;
    if (node.op === 'Split' && !node.attrs.axis) node.attrs.axis = { i: 0 };
    if (node.op === 'Transpose' && !node.attrs.perm) {
      // No perm: the axes reversed, which needs the rank.
      const rank = shapes.get(node.inputs[0])?.dims?.length;
      if (rank === undefined) throw new ConvertError(`Transpose ${node.name}: without a perm, the rank of its input must be known`);
      node.attrs.perm = { ints: Array.from({ length: rank }, (_, i) => rank - 1 - i) };
    }
    if (!SOFTMAX.has(node.op)) continue;
    const given = node.attrs.axis && 'i' in node.attrs.axis ? node.attrs.axis.i : null;
    if (opset >= 13) {
      node.attrs.axis = { i: given ?? -1 };
      continue;
    }
    // Before opset 13: the input flattened to 2-D at `axis` (default 1), the op over the second dim.
    const dims = shapes.get(node.inputs[0])?.dims;
    if (!dims) throw new ConvertError(`${node.op} ${node.name}: the rank of its input must be known to convert an opset-${opset} ${node.op}`);
    const rank = dims.length;
    const axis = (given ?? 1) < 0 ? (given ?? 1) + rank : (given ?? 1);
    if (axis === rank - 1 || dims.slice(axis + 1).every((d) => d === 1)) {
      node.attrs.axis = { i: axis };
      continue;
    }
    // Flatten -> op on the last axis -> Reshape back, when the shape is known but for one size.
    if (dims.filter((d) => typeof d !== 'number').length > 1) throw new ConvertError(`${node.op} ${node.name}: its input shape [${dims.join(', ')}] must be known to convert an opset-${opset} ${node.op} over axis ${axis}`);
    nodes.pop();
    const flat = `${node.outputs[0]}__flat${counter++}`;
    const soft = `${node.outputs[0]}__soft${counter++}`;
    const shape = `${node.outputs[0]}__shape${counter++}`;
    g.initializers.set(shape, { name: shape, type: 'int64', dims: [rank], data: BigInt64Array.from(dims, (d) => BigInt(typeof d === 'number' ? d : -1)) });
    nodes.push({ op: 'Flatten', inputs: [node.inputs[0]], outputs: [flat], attrs: { axis: { i: axis } }, name: `${node.name}__flatten` });
    nodes.push({ ...node, inputs: [flat], outputs: [soft], attrs: { axis: { i: 1 } } });
    nodes.push({ op: 'Reshape', inputs: [soft, shape], outputs: [node.outputs[0]], attrs: {}, name: `${node.name}__reshape` });
  }
  g.nodes = nodes;
}
