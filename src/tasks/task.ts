/**
 * What a task is (classify, detect, pose, OCR...): one typed definition per folder under src/tasks,
 * listed once in registry.ts. A definition never touches a runtime: it is handed `infer`, which
 * runs one of its models (a worker's session in the app, onnxruntime-node in the tests), so the
 * same code runs in both. See docs/ADDING-A-TASK.md.
 */
import type { TensorData } from '../engine/ort/session';
import type { Image8 } from '../engine/tensor/resize';
import type { ModelSource } from './model-source';

/** What a task takes from the user. Text and audio are next. */
export type InputKind = 'photo' | 'camera' | 'drawing' | 'table' | 'text' | 'audio';

export type Feeds = Record<string, TensorData>;
export type Outputs = Record<string, TensorData>;

/** One model a task runs: its title and where it comes from (framework, licence, file). */
export interface TaskModel {
  /** The file name without `.onnx`, as in the gallery. */
  id: string;
  title: string;
  source: ModelSource;
}

/** Runs one of the task's models on `feeds` and returns all its outputs. */
export type Infer = (model: TaskModel, feeds: Feeds) => Promise<Outputs>;

/** Reads a file under public/labels/ (labels, alphabets) as text. */
export type ReadLabelFile = (file: string) => Promise<string>;

/** Where the time of one run went; the same three stages for every task. */
export interface TaskTimings {
  preprocessMs: number;
  inferenceMs: number;
  postprocessMs: number;
}
export type Stage = keyof TaskTimings;

export interface RunContext<M extends TaskModel, A> {
  /** The model the caller chose among the task's (its first when the task has one choice). */
  model: M;
  /** What `assets` loaded for that model. */
  assets: A;
  infer: Infer;
  /** Times `work` as one stage: every task's stages are timed by this one function. */
  time<T>(stage: Stage, work: () => T | Promise<T>): Promise<T>;
}

/** How a photo feeds one of the task's models on the comparison page (the task's own preprocessing). */
export interface PhotoFeed<M extends TaskModel> {
  /**
   * What happens to the photo, in words, and the sample photo that shows the model at work; null
   * when the photo feeds no such model. `firstInput`: the input name the model file declares.
   */
  describe(model: M, firstInput: string | null): { description: string; sample: string; inputName?: string } | null;
  /** The photo as the model's input tensor (`inputName` as `describe` gave it). */
  prepare(pixels: Image8, model: M, inputName?: string): { name: string; tensor: TensorData };
}

export interface TaskDefinition<Id extends string, I, R, M extends TaskModel = TaskModel, A = undefined> {
  id: Id;
  title: string;
  /** What the task takes from the user; an image task's input is decoded pixels, whatever their source. */
  takes: readonly InputKind[];
  /** The models it can run, each with its title, framework and licence; the first is the default. */
  models: readonly M[];
  /** Sample photos (under public/samples) the gallery offers, if it takes photos. */
  samples?: readonly string[];
  /** Files it needs besides the model (labels...), read once per model by whoever runs it. */
  assets?(model: M, read: ReadLabelFile): Promise<A>;
  /** How a photo feeds it on the comparison page; absent when a photo cannot. */
  photo?: PhotoFeed<M>;
  /** The run: prepare, infer, decode, each stage timed by `context.time` (see `singleModel`). */
  run(input: I, context: RunContext<M, A>): Promise<R>;
}

/** Any definition, for code that handles every task alike (the pipeline, the registry). */
export type AnyTaskDefinition = TaskDefinition<string, any, any, any, any>;

/** Keeps the definition's literal id and types (`as const` would make its arrays readonly tuples). */
export const defineTask = <const Id extends string, I, R, M extends TaskModel = TaskModel, A = undefined>(task: TaskDefinition<Id, I, R, M, A>) => task;

/** The common shape of a run: `prepare(input) -> feeds`, one inference, `decode(outputs) -> result`. */
export function singleModel<I, R, M extends TaskModel, A, P extends { feeds: Feeds }>(steps: {
  prepare(input: I, model: M, assets: A): P;
  decode(outputs: Outputs, prepared: P, input: I, model: M, assets: A): R;
}): (input: I, context: RunContext<M, A>) => Promise<R> {
  return async (input, { model, assets, infer, time }) => {
    const prepared = await time('preprocessMs', () => steps.prepare(input, model, assets));
    const outputs = await time('inferenceMs', () => infer(model, prepared.feeds));
    return time('postprocessMs', () => steps.decode(outputs, prepared, input, model, assets));
  };
}

/** A task's only feed as the comparison page takes it: its name and tensor. */
export function onlyFeed(feeds: Feeds): { name: string; tensor: TensorData } {
  const [name, tensor] = Object.entries(feeds)[0];
  return { name, tensor };
}

/** An image's size, as results report it. */
export const sizeOf = (image: { width: number; height: number }) => ({ width: image.width, height: image.height });

/** RGB pixels, 3 bytes a pixel, as results carry pictures (transferred, not copied, out of a worker). */
export interface RgbImage {
  width: number;
  height: number;
  data: Uint8Array;
}
export const rgb = (image: Image8): RgbImage => ({ width: image.width, height: image.height, data: image.data as Uint8Array });
