/**
 * A model's graph as nodes and edges to draw: the graph view of what the reader decoded (reader.ts).
 * Initializers are folded into the nodes that use them, as Netron does: a weight is listed on its
 * node, not drawn as a node or an edge.
 */
import type { ByteSource } from './byte-source';
import type { OnnxAttribute, OnnxGraph, OnnxModel, TensorSummary, ValueSummary } from './onnx-model';
import { readOnnxModel } from './reader';

export type GraphAttribute = OnnxAttribute;

export interface GraphWeight {
  name: string;
  dtype: string;
  dims: number[];
  bytes: number;
}

export interface GraphNode {
  /** Index in the graph's node list. */
  id: number;
  name: string;
  opType: string;
  domain: string;
  /** Activations only: weights are in `weights`. Empty strings (omitted optional inputs) are dropped. */
  inputs: string[];
  outputs: string[];
  attributes: GraphAttribute[];
  weights: GraphWeight[];
  /** Graphs held in attributes (If's then_branch and else_branch, Loop's and Scan's body). */
  subgraphs: Subgraph[];
}

export interface Subgraph {
  /** The attribute holding it ("then_branch"; "name[i]" for one of a list of graphs). */
  attribute: string;
  graph: ModelGraph;
}

export interface GraphEdge {
  from: number;
  to: number;
  /** The value (tensor name) carried. */
  value: string;
}

export interface ModelGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
  inputs: ValueSummary[];
  outputs: ValueSummary[];
  /** Every value whose type is known: graph inputs, outputs and value_info. */
  values: Record<string, ValueSummary>;
}

/** Reads a model's main graph, and the subgraphs of If/Loop/Scan nodes within it, connected. */
export async function readModelGraph(source: ByteSource): Promise<ModelGraph> {
  return modelGraph(await readOnnxModel(source));
}

/** The graph of a model already read. */
export function modelGraph(model: OnnxModel): ModelGraph {
  return connect(model.graph);
}

/** Nodes in the graph and in all its subgraphs, as model-info.ts counts them. */
export function countNodes(graph: ModelGraph): number {
  return graph.nodes.reduce((sum, n) => sum + 1 + n.subgraphs.reduce((s, sub) => s + countNodes(sub.graph), 0), 0);
}

const weightOf = ({ name, dtype, dims, bytes }: TensorSummary): GraphWeight => ({ name, dtype, dims, bytes });

function connect(graph: OnnxGraph): ModelGraph {
  const values: Record<string, ValueSummary> = {};
  for (const value of [...graph.inputs, ...graph.outputs, ...graph.valueInfo]) values[value.name] = value;
  const raw = graph.nodes.map(({ constants: _, subgraphs, ...node }) => ({ ...node, subgraphs: subgraphs.map(({ attribute, graph }) => ({ attribute, graph: connect(graph) })) }));
  return buildGraph(raw, new Map(graph.initializers.map((t) => [t.name, weightOf(t)])), graph.inputs, graph.outputs, values);
}

/** Connects nodes by value names; weights (initializers) become part of the node that reads them. */
export function buildGraph(
  raw: Omit<GraphNode, 'id' | 'weights'>[],
  weights: Map<string, GraphWeight>,
  inputs: ValueSummary[],
  outputs: ValueSummary[],
  values: Record<string, ValueSummary>,
): ModelGraph {
  const producer = new Map<string, number>();
  raw.forEach((n, id) => n.outputs.forEach((o) => o && producer.set(o, id)));
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  raw.forEach((n, id) => {
    const node: GraphNode = { id, name: n.name, opType: n.opType, domain: n.domain, inputs: [], outputs: n.outputs.filter(Boolean), attributes: n.attributes, weights: [], subgraphs: n.subgraphs };
    for (const input of n.inputs) {
      if (!input) continue;
      const weight = weights.get(input);
      if (weight && !producer.has(input)) {
        node.weights.push(weight);
        continue;
      }
      node.inputs.push(input);
      const from = producer.get(input);
      if (from !== undefined) edges.push({ from, to: id, value: input });
    }
    nodes.push(node);
  });
  // Before IR 4, initializers were listed as graph inputs too.
  return { nodes, edges, inputs: inputs.filter((v) => !weights.has(v.name)), outputs, values };
}
