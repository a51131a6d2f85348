/** The only place that starts the inference worker. One worker owns one WASM runtime (one thread count). */
import * as Comlink from './rpc';
import type { InferenceApi } from './protocol';
import type { RuntimeInfo } from '../engine/ort/runtime';
import { trackWorker } from './registry';

export interface InferenceClient {
  api: Comlink.Remote<InferenceApi>;
  runtime: RuntimeInfo;
  /** Ends the worker and everything it holds (sessions, WASM memory). */
  terminate(): void;
}

export async function startInferenceWorker(numThreads: number): Promise<InferenceClient> {
  const worker = new Worker(new URL('./inference.worker.ts', import.meta.url), { type: 'module', name: 'inference' });
  const api = Comlink.wrap<InferenceApi>(worker);
  const runtime = await api.init(numThreads);
  const untrack = trackWorker('classify', api);
  return {
    api,
    runtime,
    terminate: () => {
      untrack();
      api[Comlink.releaseProxy]();
      worker.terminate();
    },
  };
}

export { proxy, transfer } from './rpc';
