/** Starts the gallery's task worker (one WASM runtime for the small task models). */
import * as Comlink from './rpc';
import type { LoadedTextModel, TaskApi, TaskReply, TaskRequest, TextModelPayload, TextTaskReply } from './task-protocol';
import type { TaskId, TaskInput, TextTaskId, TextTaskInput } from '../tasks/registry';
import type { BackendId } from '../engine/backends/backend-id';
import { trackWorker } from './registry';

export interface TaskClient {
  /** Runs a task in the worker; a camera frame is transferred, not copied. */
  run<T extends TaskId>(task: T, request: TaskRequest<TaskInput<T>>): Promise<TaskReply<T>>;
  /** Opens a text model the caller brings (its bytes are copied, not transferred: the caller keeps them). */
  loadText(model: TextModelPayload): Promise<LoadedTextModel>;
  /** Runs a text task on the loaded text model `id`. */
  runText<T extends TextTaskId>(task: T, id: string, input: TextTaskInput<T>): Promise<TextTaskReply<T>>;
  terminate(): void;
}

/**
 * `backend`: the onnxruntime-web backend its runtime uses (WASM unless named; one per worker);
 * `label`: how the Memory panel names the worker.
 */
export async function startTaskWorker(numThreads: number, backend: BackendId = 'wasm', label = 'gallery tasks'): Promise<TaskClient> {
  const worker = new Worker(new URL('./task.worker.ts', import.meta.url), { type: 'module', name: 'tasks' });
  const api = Comlink.wrap<TaskApi>(worker);
  await api.init(numThreads, backend);
  const untrack = trackWorker(label, api);
  return {
    // Comlink's Remote type drops run's type parameter: TaskApi above states it.
    run: <T extends TaskId>(task: T, request: TaskRequest<TaskInput<T>>) =>
      api.run(task, request.kind === 'camera' ? Comlink.transfer(request, [request.frame]) : request) as unknown as Promise<TaskReply<T>>,
    loadText: (model) => api.loadText(model),
    runText: <T extends TextTaskId>(task: T, id: string, input: TextTaskInput<T>) => api.runText(task, id, input) as unknown as Promise<TextTaskReply<T>>,
    terminate: () => {
      untrack();
      api[Comlink.releaseProxy]();
      worker.terminate();
    },
  };
}
