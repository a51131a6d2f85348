/// <reference lib="webworker" />
/**
 * Reads a model file once, off the main thread: its summary first, then, from the same read, its
 * graph laid out (a graph of many nodes takes a while to walk and to lay out).
 */
import * as Comlink from './rpc';
import { blobSource } from '../engine/onnx-format/byte-source';
import { readOnnxModel } from '../engine/onnx-format/reader';
import type { OnnxModel } from '../engine/onnx-format/onnx-model';
import { modelInfo, type ModelInfo } from '../engine/onnx-format/model-info';
import { modelGraph } from '../engine/onnx-format/model-graph';
import { laidOut, type LaidOutGraph } from '../engine/graph/layout';

export interface InspectApi {
  /** Reads the file (only the ranges the reader asks for: weights stay on disk) and keeps the model for `graph`. */
  read(file: Blob): Promise<ModelInfo>;
  /** The graph of the model read, laid out (unless too large to draw). */
  graph(): Promise<LaidOutGraph>;
}

let model: OnnxModel | null = null;

const api: InspectApi = {
  async read(file) {
    model = await readOnnxModel(blobSource(file));
    return modelInfo(model);
  },
  async graph() {
    if (!model) throw new Error('no model has been read in this worker');
    return laidOut(modelGraph(model));
  },
};

Comlink.expose(api);
