/// <reference lib="webworker" />
/**
 * A TF.js bench worker: one TfjsBenchTarget on one TensorFlow.js backend (WASM at one thread count,
 * or a GPU). Served by convert.worker.ts, the one worker file that loads TF.js.
 */
import { serveTarget } from './serve-target';
import { loadTfjsGraphModel, startTfBackend } from '../engine/tfjs/reference';
import { TfjsBenchTarget } from '../engine/tfjs/tfjs-target';
import { sourceFromFiles } from '../engine/convert/tfjs-model';
import { BACKENDS } from '../engine/backends/backend-id';

let tfjs: Awaited<ReturnType<typeof startTfBackend>> | null = null;

export const serveTfjsTarget = (): void =>
  serveTarget(
  async ({ backend, threads, tfjs: original }) => {
    const name = BACKENDS[backend].tfjsBackend;
    if (!name || !original) throw new Error(`${BACKENDS[backend].title} runs a model's TF.js original, and none was given`);
    // Starting the backend counts as model load, as starting onnxruntime does in an ORT worker.
    const start = performance.now();
    const tf = await startTfBackend(name, threads);
    tfjs = tf;
    const source = original.source;
    // The user's own files load from memory, as the conversion check loads them.
    const load = source.kind === 'url' ? () => tf.loadGraphModel(source.url) : async () => loadTfjsGraphModel(tf, await sourceFromFiles(source.files));
    return new TfjsBenchTarget(tf, load, original.outputOrder, performance.now() - start);
  },
  (target) => {
    if (!tfjs) return { openSessions: 0, wasmBytes: 0 };
    const { numTensors, numBytes } = tfjs.memory();
    // The WASM backend's heap (the GPU backends keep theirs where pages cannot measure it).
    const heap = (tfjs.backend() as { wasm?: { HEAPU8?: Uint8Array } }).wasm?.HEAPU8;
    return { openSessions: target ? 1 : 0, wasmBytes: heap?.buffer.byteLength ?? 0, tfjs: { numTensors, numBytes } };
  },
);
