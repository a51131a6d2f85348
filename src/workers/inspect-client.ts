/** Inspects a model in a short-lived worker. */
import * as Comlink from 'comlink';
import type { ModelInfo } from '../engine/onnx-format/model-info';
import type { InspectApi } from './inspect.worker';

export async function inspectModel(file: Blob): Promise<ModelInfo> {
  const worker = new Worker(new URL('./inspect.worker.ts', import.meta.url), { type: 'module', name: 'inspect' });
  const api = Comlink.wrap<InspectApi>(worker);
  try {
    return await api.inspect(file);
  } finally {
    api[Comlink.releaseProxy]();
    worker.terminate();
  }
}
