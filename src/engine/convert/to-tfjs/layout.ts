/**
 * NHWC layout. TF.js runs convolutions, pools and its batch norm channels-last only: each ONNX op
 * of the NCHW list is wrapped Transpose(to channels-last) -> op -> Transpose(back), its mapping
 * then reading and writing channels-last tensors; the Transpose optimizer (optimize.ts) then
 * pushes the Transposes through layout-agnostic ops until inverse pairs meet and vanish. The
 * model's inputs and outputs keep the layout the ONNX model declares.
 */
import { invertPerm, type OnnxGraph, type OnnxNode } from '../graph';
import type { TensorInfo } from './shapes';

/**
 * Ops whose input 0 and output 0 the mapping takes channels-last. Their other inputs (weights,
 * scales, sizes) stay as ONNX declares them, in NCHW order.
 */
export const NCHW_OPS = new Set([
  'Conv',
  'ConvTranspose',
  'MaxPool',
  'AveragePool',
  'LpPool',
  'GlobalAveragePool',
  'GlobalMaxPool',
  'GlobalLpPool',
  'BatchNormalization',
  'InstanceNormalization',
  'LRN',
  'Resize',
  'Upsample',
  'DepthToSpace',
  'SpaceToDepth',
]);

/** The perm from channels-first to channels-last for a rank: [0, 2, ..., r-1, 1]. */
export const toChannelsLast = (rank: number) => [0, ...Array.from({ length: rank - 2 }, (_, i) => i + 2), 1];

/**
 * Wraps every NCHW op whose input rank is known (3 or more) in Transposes; returns the wrapped
 * nodes (their mappings compute channels-last). Rank-2 inputs ([N, C]) are channels-last already.
 */
export function wrapNchwOps(g: OnnxGraph, shapes: Map<string, TensorInfo>): Set<OnnxNode> {
  const nhwc = new Set<OnnxNode>();
  const nodes: OnnxNode[] = [];
  let counter = 0;
  for (const node of g.nodes) {
    const rank = shapes.get(node.inputs[0])?.dims?.length;
    if (!NCHW_OPS.has(node.op) || node.domain || rank === undefined || rank < 2) {
      nodes.push(node);
      continue;
    }
    nhwc.add(node);
    if (rank === 2) {
      nodes.push(node);
      continue;
    }
    const perm = toChannelsLast(rank);
    const inner = `${node.inputs[0]}__nhwc${counter++}`;
    nodes.push({ op: 'Transpose', inputs: [node.inputs[0]], outputs: [inner], attrs: { perm: { ints: perm } }, name: `${node.name}__to_nhwc` });
    node.inputs = [inner, ...node.inputs.slice(1)];
    const out = node.outputs[0];
    const innerOut = `${out}__nhwc${counter++}`;
    node.outputs = [innerOut, ...node.outputs.slice(1)];
    nodes.push(node);
    nodes.push({ op: 'Transpose', inputs: [innerOut], outputs: [out], attrs: { perm: { ints: invertPerm(perm) } }, name: `${node.name}__to_nchw` });
  }
  g.nodes = nodes;
  return nhwc;
}
