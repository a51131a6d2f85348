/// <reference lib="webworker" />
/**
 * Lists the ops of an ONNX model that the TF.js converter cannot map, for the Model page: only the
 * ONNX reader, the shape folding and the op table, so that opening a model stays light.
 */
import * as Comlink from './rpc';
import { unsupportedOnnxOps } from '../engine/convert/onnx-to-tfjs';

export interface OnnxOpsApi {
  /** ONNX op -> count of those the converter cannot map ({} when all map). */
  unsupportedOnnx(bytes: Uint8Array): Record<string, number>;
}

const api: OnnxOpsApi = { unsupportedOnnx: (bytes) => unsupportedOnnxOps(bytes) };
Comlink.expose(api);
