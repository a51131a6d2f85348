/** Inspects a model in a short-lived worker. */
import * as Comlink from './rpc';
import type { ModelInfo } from '../engine/onnx-format/model-info';
import type { InspectApi } from './inspect.worker';
import type { LaidOutGraph } from '../engine/graph/layout';

export function inspectModel(file: Blob): Promise<ModelInfo> {
  return withWorker((api) => api.inspect(file));
}

/** The model's graph, read and laid out in a worker. */
export function inspectGraph(file: Blob): Promise<LaidOutGraph> {
  return withWorker((api) => api.graph(file));
}

async function withWorker<T>(use: (api: Comlink.Remote<InspectApi>) => Promise<T>): Promise<T> {
  const worker = new Worker(new URL('./inspect.worker.ts', import.meta.url), { type: 'module', name: 'inspect' });
  const api = Comlink.wrap<InspectApi>(worker);
  try {
    return await use(api);
  } finally {
    api[Comlink.releaseProxy]();
    worker.terminate();
  }
}
