/**
 * Every task the app knows, one line each (see docs/ADDING-A-TASK.md). The gallery page shows them in
 * this order; a gallery model's task is the first that lists it.
 */
import { classification } from './classification/definition';
import { digits } from './digits/definition';
import { faceDetection, objectDetection } from './detection/definition';
import { pose } from './pose/definition';
import { faceAttributes } from './face-attributes/definition';
import { segmentation } from './segmentation/definition';
import { tabular } from './tabular/definition';
import { superResolution } from './super-resolution/definition';
import { ocr } from './ocr/definition';
import { textClassification } from './text-classification/definition';
import { featureExtraction } from './feature-extraction/definition';
import type { AnyTaskDefinition } from './task';

export const TASKS = [
  classification,
  digits,
  faceDetection,
  objectDetection,
  pose,
  faceAttributes,
  segmentation,
  tabular,
  superResolution,
  ocr,
] as const;

export type AnyTask = (typeof TASKS)[number];
export type TaskId = AnyTask['id'];
export type TaskById<T extends TaskId> = Extract<AnyTask, { id: T }>;
/** What the task's run takes: decoded pixels for image tasks, a row for tables. */
export type TaskInput<T extends TaskId> = InputOf<TaskById<T>>;
export type TaskResult<T extends TaskId> = ResultOf<TaskById<T>>;
/** What a definition's run takes, and what it gives. */
type InputOf<D extends AnyTaskDefinition> = Parameters<D['run']>[0];
type ResultOf<D extends AnyTaskDefinition> = Awaited<ReturnType<D['run']>>;

export function findTask<T extends TaskId>(id: T): TaskById<T> {
  return TASKS.find((t) => t.id === id) as TaskById<T>;
}

/** A task by an id read from data (a recipe, a message): any definition, or undefined. */
export function taskById(id: string): AnyTaskDefinition | undefined {
  return TASKS.find((t) => t.id === id);
}

/** The task a model belongs to: the first that lists it. */
export function taskOfModel(modelId: string): AnyTask | undefined {
  return TASKS.find((t) => (t.models as readonly { id: string }[]).some((m) => m.id === modelId));
}

/**
 * Tasks whose model the caller brings (a hub model's variant, with its tokenizer and config files):
 * not gallery cards of their own; the task worker's `runText` runs them (src/tasks/text-model.ts).
 */
export const TEXT_TASKS = [textClassification, featureExtraction] as const;

export type TextTask = (typeof TEXT_TASKS)[number];
export type TextTaskId = TextTask['id'];
export type TextTaskById<T extends TextTaskId> = Extract<TextTask, { id: T }>;
export type TextTaskInput<T extends TextTaskId> = InputOf<TextTaskById<T>>;
export type TextTaskResult<T extends TextTaskId> = ResultOf<TextTaskById<T>>;

export function findTextTask<T extends TextTaskId>(id: T): TextTaskById<T> {
  return TEXT_TASKS.find((t) => t.id === id) as TextTaskById<T>;
}
