/// <reference lib="webworker" />
/**
 * A TF.js bench worker: one TfjsBenchTarget on one TensorFlow.js backend (WASM at one thread count,
 * or a GPU), running the model's TF.js original or the ONNX model converted to TF.js. Served by
 * convert.worker.ts, the one worker file that loads TF.js. A worker named CONVERT_WORKER_NAME
 * converts instead: the page's one conversion of an ONNX model to TF.js, which it then hands every
 * TF.js row (src/workers/bench-client.ts).
 */
import * as Comlink from './rpc';
import { serveTarget } from './serve-target';
import { loadTfjsGraphModel, startTfBackend } from '../engine/tfjs/reference';
import { TfjsBenchTarget } from '../engine/tfjs/tfjs-target';
import { sourceFromFiles } from '../engine/convert/tfjs-model';
import { convertOnnxModel, tfjsArtifacts } from '../engine/convert/onnx-to-tfjs';
import { BACKENDS } from '../engine/backends/backend-id';
import type { ConvertedGraph, OnnxToTfjsApi, TfjsGraphSource } from './bench-protocol';
import { CONVERT_WORKER_NAME } from './bench-protocol';

let tfjs: Awaited<ReturnType<typeof startTfBackend>> | null = null;

type Tf = Awaited<ReturnType<typeof startTfBackend>>;

/** How a target loads its graph model: an address (TF.js fetches it), the user's files, or a conversion in memory. */
function loader(tf: Tf, model: TfjsGraphSource) {
  if (model.kind === 'converted') return () => tf.loadGraphModel(tf.io.fromMemory(model.converted.artifacts as never));
  const source = model.source;
  // The user's own files load from memory, as the conversion check loads them.
  return source.kind === 'url' ? () => tf.loadGraphModel(source.url) : async () => loadTfjsGraphModel(tf, await sourceFromFiles(source.files));
}

const converter: OnnxToTfjsApi = {
  async convert(bytes) {
    const started = performance.now();
    const result = await convertOnnxModel(bytes);
    const ms = performance.now() - started;
    const artifacts = tfjsArtifacts(result);
    const { nodesBefore, nodesAfter, transposesBefore, transposesAfter } = result.report;
    const converted: ConvertedGraph = { artifacts, ms, report: { nodesBefore, nodesAfter, transposesBefore, transposesAfter } };
    const weights = artifacts.weightData;
    return weights instanceof ArrayBuffer ? Comlink.transfer(converted, [weights]) : converted;
  },
  resources: () => ({ openSessions: 0, wasmBytes: 0 }),
};

export const serveTfjsTarget = (): void => {
  if (self.name === CONVERT_WORKER_NAME) return Comlink.expose(converter);
  serveTarget(
    async ({ backend, threads, tfjs: graph }) => {
      const name = BACKENDS[backend].tfjsBackend;
      if (!name || !graph) throw new Error(`${BACKENDS[backend].title} runs a TF.js graph model (the model's TF.js original, or the ONNX model converted), and none was given`);
      // Starting the backend counts as model load, as starting onnxruntime does in an ORT worker.
      const start = performance.now();
      const tf = await startTfBackend(name, threads);
      tfjs = tf;
      // A conversion names its inputs and outputs as the ONNX model does in its signature.
      return new TfjsBenchTarget(tf, loader(tf, graph.model), graph.outputOrder, performance.now() - start, graph.model.kind === 'converted');
    },
    (target) => {
      if (!tfjs) return { openSessions: 0, wasmBytes: 0 };
      const { numTensors, numBytes } = tfjs.memory();
      // The WASM backend's heap (the GPU backends keep theirs where pages cannot measure it).
      const heap = (tfjs.backend() as { wasm?: { HEAPU8?: Uint8Array } }).wasm?.HEAPU8;
      return { openSessions: target ? 1 : 0, wasmBytes: heap?.buffer.byteLength ?? 0, tfjs: { numTensors, numBytes } };
    },
  );
};
