/** Starts the gallery's task worker (one WASM runtime for the small task models). */
import * as Comlink from './rpc';
import type { TaskApi } from './task-protocol';
import { trackWorker } from './registry';

export interface TaskClient {
  api: Comlink.Remote<TaskApi>;
  terminate(): void;
}

export async function startTaskWorker(numThreads: number): Promise<TaskClient> {
  const worker = new Worker(new URL('./task.worker.ts', import.meta.url), { type: 'module', name: 'tasks' });
  const api = Comlink.wrap<TaskApi>(worker);
  await api.init(numThreads);
  const untrack = trackWorker('gallery tasks', api);
  return {
    api,
    terminate: () => {
      untrack();
      api[Comlink.releaseProxy]();
      worker.terminate();
    },
  };
}
