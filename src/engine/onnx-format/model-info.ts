/**
 * An ONNX model's facts (Netron's "model properties"): the summary view of what the reader decoded
 * (reader.ts), with weights counted from their sizes, never loaded.
 */
import type { ByteSource } from './byte-source';
import { frameworkOf } from './frameworks';
import { DEFAULT_DOMAIN, type ExternalDataRef, type OnnxGraph, type OnnxModel, type TensorSummary, type ValueSummary } from './onnx-model';
import { readOnnxModel } from './reader';
import { OnnxFormatError, TruncatedError } from './wire';

export { OnnxFormatError, TruncatedError };
export type { ExternalDataRef, ValueSummary };

export interface ModelInfo {
  fileBytes: number;
  irVersion: number;
  /** Opset per domain; the default domain is "ai.onnx". */
  opsets: Record<string, number>;
  producer: { name: string; version: string };
  framework: string;
  domain: string;
  modelVersion: number;
  docString: string;
  graphName: string;
  graphDocString: string;
  metadata: Record<string, string>;
  inputs: ValueSummary[];
  outputs: ValueSummary[];
  /** Op type → count, all graphs (subgraphs of If/Loop/Scan included); custom domains as "domain.Op". */
  opHistogram: Record<string, number>;
  nodeCount: number;
  parameterCount: number;
  weightBytes: number;
  weightBytesByDtype: Record<string, number>;
  initializerCount: number;
  /** Weights held by Constant nodes instead of initializers (counted in parameterCount and weightBytes too). */
  constantTensorCount: number;
  externalData: ExternalDataRef[];
}

/** Reads a model's facts; throws OnnxFormatError (with a message for the user) when it is not a readable ONNX model. */
export async function readModelInfo(source: ByteSource): Promise<ModelInfo> {
  return modelInfo(await readOnnxModel(source));
}

/** The summary of a model already read. */
export function modelInfo(model: OnnxModel): ModelInfo {
  const { graph } = model;
  const totals = {
    opHistogram: {} as Record<string, number>,
    nodeCount: 0,
    parameterCount: 0,
    weightBytes: 0,
    weightBytesByDtype: {} as Record<string, number>,
    initializerCount: graph.initializers.length,
    constantTensorCount: 0,
    externalData: [] as ExternalDataRef[],
  };
  const addWeights = (tensor: TensorSummary) => {
    totals.parameterCount += tensor.dims.reduce((a, b) => a * Math.max(b, 0), 1);
    totals.weightBytes += tensor.bytes;
    totals.weightBytesByDtype[tensor.dtype] = (totals.weightBytesByDtype[tensor.dtype] ?? 0) + tensor.bytes;
    if (tensor.external) totals.externalData.push(tensor.external);
  };
  // The main graph's initializers, and every Constant's value in every graph (subgraphs' initializers are not counted).
  graph.initializers.forEach(addWeights);
  const visit = (g: OnnxGraph) => {
    for (const node of g.nodes) {
      const key = node.domain && node.domain !== DEFAULT_DOMAIN ? `${node.domain}.${node.opType}` : node.opType;
      totals.opHistogram[key] = (totals.opHistogram[key] ?? 0) + 1;
      totals.nodeCount++;
      totals.constantTensorCount += node.constants.length;
      node.constants.forEach(addWeights);
      for (const sub of node.subgraphs) visit(sub.graph);
    }
  };
  visit(graph);
  const initializerNames = new Set(graph.initializers.map((t) => t.name));
  return {
    fileBytes: model.fileBytes,
    irVersion: model.irVersion,
    opsets: model.opsets,
    producer: model.producer,
    framework: frameworkOf(model.producer.name, graph.name),
    domain: model.domain,
    modelVersion: model.modelVersion,
    docString: model.docString,
    graphName: graph.name,
    graphDocString: graph.docString,
    metadata: model.metadata,
    // Before IR 4, initializers were also listed as inputs; they are weights, not inputs.
    inputs: graph.inputs.filter((v) => !initializerNames.has(v.name)),
    outputs: graph.outputs,
    ...totals,
  };
}
