/**
 * An ONNX model as the reader (reader.ts) decodes it, once per file: the ModelProto's fields and its
 * graphs, nodes, value types and tensors, with every tensor's payload left unread (its size only).
 * Netron's split: the reader makes this one object; the views a page shows derive from it
 * (model-info.ts: the summary; model-graph.ts: nodes and edges to draw).
 */

export interface ValueSummary {
  name: string;
  /** Element type for tensors ("float32"), or a description ("sequence<float32>", "map<int64,float32>"). */
  dtype: string;
  /** Numbers for fixed sizes, strings for symbolic dims, null for unknown; null overall when the rank is unknown. */
  shape: (number | string | null)[] | null;
}

export interface ExternalDataRef {
  tensor: string;
  location: string;
  offset: number;
  length: number | null;
}

/** A tensor's name, type, dims and payload size; its data is never read. */
export interface TensorSummary {
  name: string;
  dtype: string;
  dims: number[];
  bytes: number;
  /** Where its data lies when it is kept outside the model file. */
  external: ExternalDataRef | null;
}

export interface OnnxAttribute {
  name: string;
  /** A short text of the value: numbers and lists as written, tensors and graphs named only. */
  value: string;
}

export interface OnnxNode {
  name: string;
  opType: string;
  domain: string;
  /** As written: weights included, empty strings for omitted optional inputs. */
  inputs: string[];
  outputs: string[];
  attributes: OnnxAttribute[];
  /** A Constant node's value: a weight (paddle2onnx, for one, stores every weight that way). */
  constants: TensorSummary[];
  /** Graphs held in attributes (If's then_branch and else_branch, Loop's and Scan's body). */
  subgraphs: { attribute: string; graph: OnnxGraph }[];
}

export interface OnnxGraph {
  name: string;
  docString: string;
  nodes: OnnxNode[];
  initializers: TensorSummary[];
  inputs: ValueSummary[];
  outputs: ValueSummary[];
  valueInfo: ValueSummary[];
}

export interface OnnxModel {
  fileBytes: number;
  irVersion: number;
  /** Opset per domain; the default domain is "ai.onnx". */
  opsets: Record<string, number>;
  producer: { name: string; version: string };
  domain: string;
  modelVersion: number;
  docString: string;
  metadata: Record<string, string>;
  graph: OnnxGraph;
}

export const DEFAULT_DOMAIN = 'ai.onnx';
