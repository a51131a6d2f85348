/// <reference lib="webworker" />
/** Reads a model file's facts off the main thread (a graph of many nodes takes a while to walk). */
import * as Comlink from './rpc';
import { blobSource } from '../engine/onnx-format/byte-source';
import { readModelInfo, type ModelInfo } from '../engine/onnx-format/model-info';
import { readModelGraph } from '../engine/onnx-format/model-graph';
import { laidOut, type LaidOutGraph } from '../engine/graph/layout';

export interface InspectApi {
  inspect(file: Blob): Promise<ModelInfo>;
  /** The main graph's nodes and edges, laid out (unless too large to draw). */
  graph(file: Blob): Promise<LaidOutGraph>;
}

const api: InspectApi = {
  // Only the ranges the reader asks for are read from the Blob: weights stay on disk.
  inspect: (file) => readModelInfo(blobSource(file)),
  graph: async (file) => laidOut(await readModelGraph(blobSource(file))),
};

Comlink.expose(api);
