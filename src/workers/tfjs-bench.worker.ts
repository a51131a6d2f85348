/// <reference lib="webworker" />
/** A TF.js bench worker: routes calls into one TfjsBenchTarget on one TensorFlow.js backend (WASM at one thread count, or a GPU). */
import * as Comlink from './rpc';
import { loadTfjsGraphModel, loadTfWasm, loadTfWebgl, loadTfWebgpu } from '../engine/tfjs/reference';
import { TfjsBenchTarget } from '../engine/tfjs/tfjs-target';
import { decodeImageFile } from '../engine/image/decode';
import { prepareImageInput } from '../tasks/image-input';
import { sourceFromFiles } from '../engine/convert/tfjs-model';
import type { TfjsBenchWorkerApi } from './tfjs-bench-protocol';

let target: TfjsBenchTarget | null = null;
let tfjs: Awaited<ReturnType<typeof loadTfWebgl>> | null = null;
const live = () => {
  if (!target) throw new Error('the model is not open');
  return target;
};

const api: TfjsBenchWorkerApi = {
  async open({ backend, threads, source, outputOrder }) {
    // Starting the backend counts as model load, as starting onnxruntime does in an ORT worker.
    const start = performance.now();
    const tf = backend === 'webgl' ? await loadTfWebgl() : backend === 'webgpu' ? await loadTfWebgpu() : await loadTfWasm(threads);
    const backendStartMs = performance.now() - start;
    tfjs = tf;
    target = new TfjsBenchTarget(tf);
    // The user's own files load from memory, as the conversion check loads them.
    const load = source.kind === 'url' ? () => tf.loadGraphModel(source.url) : async () => loadTfjsGraphModel(tf, await sourceFromFiles(source.files));
    const opened = await target.open(load, outputOrder);
    return { ...opened, sessionCreateMs: backendStartMs + opened.sessionCreateMs, version: tf.version_core };
  },
  async setInput(request) {
    if (request.kind === 'synthetic') return live().setInput(request);
    // The ORT bench worker's decoding and preprocessing, so both frameworks see the same tensor.
    const pixels = await decodeImageFile(request.file, request.name);
    const recipe = request.recipe;
    live().setInput({ kind: 'image', pixels, prepare: (image) => prepareImageInput(image, recipe) });
  },
  async run() {
    return live().run();
  },
  async output() {
    return live().output();
  },
  async bareLoop(runs) {
    return live().bareLoop(runs);
  },
  async release() {
    target?.release();
    target = null;
  },
  resources() {
    if (!tfjs) return { openSessions: 0, wasmBytes: 0 };
    const { numTensors, numBytes } = tfjs.memory();
    // The WASM backend's heap (the GPU backends keep theirs where pages cannot measure it).
    const heap = (tfjs.backend() as { wasm?: { HEAPU8?: Uint8Array } }).wasm?.HEAPU8;
    return { openSessions: target ? 1 : 0, wasmBytes: heap?.buffer.byteLength ?? 0, tfjs: { numTensors, numBytes } };
  },
};

Comlink.expose(api);
