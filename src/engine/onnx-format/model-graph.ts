/**
 * A model's main graph as nodes and edges, read with the same streamed walk as model-info.ts:
 * weights are never loaded. Initializers are folded into the nodes that use them, as Netron does:
 * a weight is listed on its node, not drawn as a node or an edge.
 */
import { bytesSource, type ByteSource } from './byte-source';
import { OnnxFormatError, readTensorStream, readValueInfo, Totals, type ValueSummary } from './model-info';
import { MessageReader, StreamReader, Wire } from './wire';

export interface GraphAttribute {
  name: string;
  /** A short text of the value: numbers and lists as written, tensors and graphs named only. */
  value: string;
}

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

/** A node as written in the file: every input, weights included; its subgraphs still as bytes. */
type RawNode = Omit<GraphNode, 'id' | 'weights'> & { graphs: { attribute: string; bytes: Uint8Array }[] };

/**
 * Protobuf parsers (onnxruntime's included) refuse messages nested past 100 levels, and a graph sits
 * two levels (node, attribute) below its parent: model-info.ts stops at the same depth.
 */
const MAX_SUBGRAPH_DEPTH = 48;

/** Reads the main graph's nodes, and the subgraphs of If/Loop/Scan nodes within them, and connects them. */
export async function readModelGraph(source: ByteSource): Promise<ModelGraph> {
  const reader = new StreamReader(source, 0, source.size);
  while (!reader.done) {
    const { field, wire } = await reader.tag();
    if (field === 7 && wire === Wire.Bytes) return readGraph(await reader.stream(), 0);
    await reader.skip(wire);
  }
  throw new Error('The model has no graph.');
}

/** Nodes in the graph and in all its subgraphs, as model-info.ts counts them. */
export function countNodes(graph: ModelGraph): number {
  return graph.nodes.reduce((sum, n) => sum + 1 + n.subgraphs.reduce((s, sub) => s + countNodes(sub.graph), 0), 0);
}

async function readGraph(reader: StreamReader, depth: number): Promise<ModelGraph> {
  if (depth > MAX_SUBGRAPH_DEPTH) throw new OnnxFormatError(`its graphs are nested more than ${MAX_SUBGRAPH_DEPTH} levels deep (If/Loop/Scan bodies)`);
  const raw: RawNode[] = [];
  const weights = new Map<string, GraphWeight>();
  const inputs: ValueSummary[] = [];
  const outputs: ValueSummary[] = [];
  const values: Record<string, ValueSummary> = {};
  const totals = new Totals();
  while (!reader.done) {
    const { field, wire } = await reader.tag();
    if (wire !== Wire.Bytes) await reader.skip(wire);
    else if (field === 5) {
      const tensor = await readTensorStream(await reader.stream(), totals);
      weights.set(tensor.name, tensor);
    } else if (field === 1) {
      const node = readNode(await reader.message());
      raw.push(node);
      // A subgraph arrived in memory with its node (its weights too, but only their sizes are read).
      for (const { attribute, bytes } of node.graphs) node.subgraphs.push({ attribute, graph: await readGraph(new StreamReader(bytesSource(bytes), 0, bytes.length), depth + 1) });
    }
    else if (field === 11 || field === 12 || field === 13) {
      const value = readValueInfo(await reader.message());
      values[value.name] = value;
      if (field === 11) inputs.push(value);
      else if (field === 12) outputs.push(value);
    } else await reader.skip(wire);
  }
  return buildGraph(raw, weights, inputs, outputs, values);
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

function readNode(m: MessageReader): RawNode {
  const node: RawNode = { name: '', opType: '', domain: '', inputs: [], outputs: [], attributes: [], subgraphs: [], graphs: [] };
  while (!m.done) {
    const { field, wire } = m.tag();
    if (wire !== Wire.Bytes) m.skip(wire);
    else if (field === 1) node.inputs.push(m.string());
    else if (field === 2) node.outputs.push(m.string());
    else if (field === 3) node.name = m.string();
    else if (field === 4) node.opType = m.string();
    else if (field === 7) node.domain = m.string();
    else if (field === 5) {
      const { attribute, graphs } = readAttribute(m.message());
      node.attributes.push(attribute);
      graphs.forEach((bytes, i) => node.graphs.push({ attribute: graphs.length > 1 || attribute.value.startsWith('[') ? `${attribute.name}[${i}]` : attribute.name, bytes }));
    }
    else m.skip(wire);
  }
  return node;
}

const MAX_LIST = 16;

function float32(m: MessageReader): number {
  const view = new DataView(m.buf.buffer, m.buf.byteOffset + m.pos, 4);
  m.pos += 4;
  return Math.fround(view.getFloat32(0, true));
}

function list(items: (number | string)[]): string {
  const shown = items.slice(0, MAX_LIST).map(String).join(', ');
  return `[${shown}${items.length > MAX_LIST ? `, … (${items.length})` : ''}]`;
}

const short = (x: number) => (Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(6))));

function readAttribute(m: MessageReader): { attribute: GraphAttribute; graphs: Uint8Array[] } {
  let name = '';
  const graphs: Uint8Array[] = [];
  let value = '';
  const ints: number[] = [];
  const floats: number[] = [];
  const strings: string[] = [];
  let type = 0;
  while (!m.done) {
    const { field, wire } = m.tag();
    if (field === 1 && wire === Wire.Bytes) name = m.string();
    else if (field === 20 && wire === Wire.Varint) type = m.varint();
    else if (field === 2 && wire === Wire.Fixed32) value = short(float32(m));
    else if (field === 3 && wire === Wire.Varint) value = String(m.int64());
    else if (field === 4 && wire === Wire.Bytes) value = JSON.stringify(m.string());
    else if (field === 5 && wire === Wire.Bytes) (m.skip(wire), (value = 'tensor'));
    else if (field === 6 && wire === Wire.Bytes) (graphs.push(m.bytes()), (value = 'graph'));
    else if (field === 11 && wire === Wire.Bytes) (graphs.push(m.bytes()), (value = `[${graphs.length} graphs]`));
    else if (field === 8) m.varints(wire, ints, true);
    else if (field === 7 && wire === Wire.Bytes) {
      const sub = m.message();
      while (!sub.done) floats.push(float32(sub));
    } else if (field === 7 && wire === Wire.Fixed32) floats.push(float32(m));
    else if (field === 9 && wire === Wire.Bytes) strings.push(JSON.stringify(m.string()));
    else m.skip(wire);
  }
  // Type 7 = FLOATS, 6... follow the AttributeProto enum: FLOATS 6, INTS 7, STRINGS 8.
  if (ints.length || type === 7) value = list(ints);
  else if (floats.length || type === 6) value = list(floats.map(short));
  else if (strings.length || type === 8) value = list(strings);
  return { attribute: { name, value }, graphs };
}
