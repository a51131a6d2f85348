/** Starts the gallery's task worker (one WASM runtime for the small task models). */
import * as Comlink from './rpc';
import type { TaskApi, TaskReply, TaskRequest } from './task-protocol';
import type { TaskId, TaskInput } from '../tasks/registry';
import { trackWorker } from './registry';

export interface TaskClient {
  /** Runs a task in the worker; a camera frame is transferred, not copied. */
  run<T extends TaskId>(task: T, request: TaskRequest<TaskInput<T>>): Promise<TaskReply<T>>;
  terminate(): void;
}

export async function startTaskWorker(numThreads: number): Promise<TaskClient> {
  const worker = new Worker(new URL('./task.worker.ts', import.meta.url), { type: 'module', name: 'tasks' });
  const api = Comlink.wrap<TaskApi>(worker);
  await api.init(numThreads);
  const untrack = trackWorker('gallery tasks', api);
  return {
    // Comlink's Remote type drops run's type parameter: TaskApi above states it.
    run: <T extends TaskId>(task: T, request: TaskRequest<TaskInput<T>>) =>
      api.run(task, request.kind === 'camera' ? Comlink.transfer(request, [request.frame]) : request) as unknown as Promise<TaskReply<T>>,
    terminate: () => {
      untrack();
      api[Comlink.releaseProxy]();
      worker.terminate();
    },
  };
}
