/** The typed API of the gallery's task worker: one call runs any task of the registry. */
import type { WorkerResources } from './registry';
import type { TaskId, TaskInput, TaskResult, TextTaskId, TextTaskInput, TextTaskResult } from '../tasks/registry';
import type { Timed } from '../tasks/pipeline';
import type { BackendId } from '../engine/backends/backend-id';
import type { RepoFiles, TextModelOrigin, TextTaskKind } from '../tasks/text-model';

/**
 * What a task runs on, as it crosses to the worker: the input itself, or for an image task (one
 * whose definition `takes` photos or the camera) a photo file or a camera frame, decoded there.
 */
export type TaskRequest<I> = { kind: 'value'; value: I } | { kind: 'photo'; file: Blob; name: string } | { kind: 'camera'; frame: ImageBitmap };

export type TaskReply<T extends TaskId> = Timed<TaskResult<T>>;

export type TextTaskReply<T extends TextTaskId> = Timed<TextTaskResult<T>>;

/** A text model the caller brings: where it is from, its bytes, its parsed JSON files (and external data, if any). */
export interface TextModelPayload {
  origin: TextModelOrigin;
  bytes: Uint8Array;
  files: RepoFiles;
  externalData?: { path: string; data: Uint8Array }[];
}

/** A text model loaded in the worker: its id for `runText`, the task its files name, and what loading took. */
export interface LoadedTextModel {
  id: string;
  task: TextTaskKind | null;
  backend: BackendId;
  loadMs: number;
}

export interface TaskApi {
  /** Sessions this worker holds now and its runtime's WASM memory (leak checks, the Memory panel). */
  resources(): WorkerResources;
  /** Starts the runtime: WASM unless `backend` names another onnxruntime-web backend (one per worker). */
  init(numThreads: number, backend?: BackendId): Promise<void>;
  /**
   * Runs the task on its first model. Decoding a photo counts as preprocessing; loading the models
   * (the first call) counts in no stage. A camera frame is transferred and closed.
   */
  run<T extends TaskId>(task: T, request: TaskRequest<TaskInput<T>>): Promise<TaskReply<T>>;
  /**
   * Opens a text model the caller brings (a hub variant) on this worker's backend: its session and
   * tokenizer, kept until another text model is loaded. A tokenizer the library cannot read is a
   * 'bad-input' failure; a model the runtime cannot load, 'model-load'.
   */
  loadText(model: TextModelPayload): Promise<LoadedTextModel>;
  /** Runs a text task on the loaded text model `id`: tokenizing is preprocessing; loading counts in no stage. */
  runText<T extends TextTaskId>(task: T, id: string, input: TextTaskInput<T>): Promise<TextTaskReply<T>>;
}
