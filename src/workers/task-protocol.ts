/** The typed API of the gallery's task worker: one call runs any task of the registry. */
import type { WorkerResources } from './registry';
import type { TaskId, TaskInput, TaskResult } from '../tasks/registry';
import type { Timed } from '../tasks/pipeline';

/**
 * What a task runs on, as it crosses to the worker: the input itself, or for an image task (one
 * whose definition `takes` photos or the camera) a photo file or a camera frame, decoded there.
 */
export type TaskRequest<I> = { kind: 'value'; value: I } | { kind: 'photo'; file: Blob; name: string } | { kind: 'camera'; frame: ImageBitmap };

export type TaskReply<T extends TaskId> = Timed<TaskResult<T>>;

export interface TaskApi {
  /** Sessions this worker holds now and its runtime's WASM memory (leak checks, the Memory panel). */
  resources(): WorkerResources;
  init(numThreads: number): Promise<void>;
  /**
   * Runs the task on its first model. Decoding a photo counts as preprocessing; loading the models
   * (the first call) counts in no stage. A camera frame is transferred and closed.
   */
  run<T extends TaskId>(task: T, request: TaskRequest<TaskInput<T>>): Promise<TaskReply<T>>;
}
