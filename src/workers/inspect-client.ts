/** Reads a model in a short-lived worker: one read gives its summary and, on request, its graph. */
import * as Comlink from './rpc';
import type { ModelInfo } from '../engine/onnx-format/model-info';
import type { InspectApi } from './inspect.worker';
import type { LaidOutGraph } from '../engine/graph/layout';

export interface ModelRead {
  info: ModelInfo;
  /** The graph from the same read, laid out in the worker; ends the worker. */
  graph(): Promise<LaidOutGraph>;
  /** Ends the worker without the graph. */
  close(): void;
}

/** Reads the model's summary; the worker stays for `graph()` until that or `close()`. */
export async function readModel(file: Blob): Promise<ModelRead> {
  const worker = new Worker(new URL('./inspect.worker.ts', import.meta.url), { type: 'module', name: 'inspect' });
  const api = Comlink.wrap<InspectApi>(worker);
  const close = () => {
    api[Comlink.releaseProxy]();
    worker.terminate();
  };
  try {
    const info = await api.read(file);
    return { info, graph: () => api.graph().finally(close), close };
  } catch (error) {
    close();
    throw error;
  }
}
