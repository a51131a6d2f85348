/**
 * Starts bench workers: one per backend and thread count (ORT fixes its runtime per worker), the
 * worker of the backend's framework, tracked for the Memory panel and ended when the benchmark is.
 */
import * as Comlink from './rpc';
import { BACKENDS, type Framework } from '../engine/backends/backend-id';
import type { BackendChoice, TargetHandle } from '../engine/bench/run-benchmark';
import { CONVERT_WORKER_NAME, type BenchTargetApi, type ConvertedGraph, type InputRequest, type OnnxToTfjsApi, type TargetModel } from './bench-protocol';
import type { ConvertInput } from './convert-protocol';
import { findConverted } from '../tasks/converted-models';
import { trackWorker } from './registry';

const RELEASE_TIMEOUT_MS = 2000;

/**
 * Each framework's bench worker (Vite bundles a worker from a literal `new URL` only). TF.js targets
 * run in the conversion worker's file, so the build holds one copy of TF.js.
 */
const WORKERS: Record<Framework, (name: string) => Worker> = {
  'onnxruntime-web': (name) => new Worker(new URL('./bench.worker.ts', import.meta.url), { type: 'module', name }),
  'tensorflow.js': (name) => new Worker(new URL('./convert.worker.ts', import.meta.url), { type: 'module', name }),
};

/** A target in its own worker; `dispose` releases the session and then ends the worker. */
export function startBenchTarget(choice: BackendChoice, model: TargetModel, input: InputRequest): TargetHandle {
  const { backend, threads } = choice;
  const framework = BACKENDS[backend].framework;
  const worker = WORKERS[framework](`bench ${backend} x${threads}`);
  const api = Comlink.wrap<BenchTargetApi>(worker);
  const untrack = trackWorker(`benchmark ${backend} x${threads}`, api);
  let ended = false;
  return {
    entry: BACKENDS[backend].entry,
    async open() {
      const onnx = framework === 'onnxruntime-web' ? model.model : null;
      const opened = await api.open({ ...model, model: onnx, backend, threads });
      await api.setInput(input);
      return opened;
    },
    run: () => api.run(),
    output: () => api.output(),
    bareLoop: (runs) => api.bareLoop(runs),
    async dispose(atOnce) {
      if (ended) return;
      ended = true;
      // Release first so GPU buffers are freed cleanly; never wait long on a busy worker, and not at
      // all when cancelled or failed (ending the worker frees everything it holds).
      if (!atOnce) await Promise.race([api.release().catch(() => undefined), new Promise((r) => setTimeout(r, RELEASE_TIMEOUT_MS))]);
      untrack();
      api[Comlink.releaseProxy]();
      worker.terminate();
    },
  };
}

/** Where setup puts a gallery model's TF.js original (public/tfjs-models, copied from the npm package). */
export function tfjsOriginalUrl(id: string): string {
  return new URL(`${import.meta.env.BASE_URL}tfjs-models/${id}.json`, location.href).href;
}

/** The TF.js original TF.js backends run for this model: a gallery model's, or the one the user converted; null when there is none. */
export function tfjsSourceOf(model: { gallery: { id: string } | null; tfjsSource: ConvertInput | null }): ConvertInput | null {
  if (model.tfjsSource) return model.tfjsSource;
  const id = model.gallery?.id;
  return id && findConverted(id) ? { kind: 'url', url: tfjsOriginalUrl(id), name: `${id}.json` } : null;
}

/**
 * The ONNX model converted to a TF.js graph model, in a TF.js worker of its own (ended after), for
 * TF.js rows to run when the model has no TF.js original. The page keeps the result for later runs.
 */
export async function convertForTfjs(bytes: Uint8Array): Promise<ConvertedGraph> {
  const worker = WORKERS['tensorflow.js'](CONVERT_WORKER_NAME);
  const api = Comlink.wrap<OnnxToTfjsApi>(worker);
  const untrack = trackWorker('conversion to TF.js', api);
  try {
    return await api.convert(bytes);
  } finally {
    untrack();
    api[Comlink.releaseProxy]();
    worker.terminate();
  }
}
