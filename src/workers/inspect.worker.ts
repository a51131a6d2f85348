/// <reference lib="webworker" />
/** Reads a model file's facts off the main thread (a graph of many nodes takes a while to walk). */
import * as Comlink from 'comlink';
import { blobSource } from '../engine/onnx-format/byte-source';
import { readModelInfo, type ModelInfo } from '../engine/onnx-format/model-info';

export interface InspectApi {
  inspect(file: Blob): Promise<ModelInfo>;
}

const api: InspectApi = {
  // Only the ranges the reader asks for are read from the Blob: weights stay on disk.
  inspect: (file) => readModelInfo(blobSource(file)),
};

Comlink.expose(api);
