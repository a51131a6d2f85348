/**
 * Which models a photo can feed on the comparison page, and how the photo becomes their input: a
 * gallery model by its own task's preprocessing (the task definition's `photo`, the same code its
 * gallery panel runs), any other model with a single image-shaped input by a stated generic resize.
 * A recipe is plain data, so the page can send it to a bench worker, which turns it into a tensor
 * with `prepareImageInput`.
 */
import type { ModelInfo } from '../engine/onnx-format/model-info';
import type { TensorData } from '../engine/ort/session';
import { stretchToTensor, type Normalisation } from '../engine/tensor/image-to-tensor';
import type { Image8 } from '../engine/tensor/resize';
import type { GalleryModel } from './gallery';
import { taskModel } from './pipeline';
import { taskById, type TaskId } from './registry';

export type ImageRecipe =
  /** The task's own preprocessing for one of its models (`inputName` where the task takes it from the file). */
  | { kind: 'task'; task: TaskId; model: string; inputName?: string }
  | { kind: 'generic'; inputName: string; width: number; height: number; layout: 'NCHW' | 'NHWC' };

export interface ImageInput {
  recipe: ImageRecipe;
  /** What happens to the photo, in words, for the page. */
  description: string;
  /** The sample photo (under public/samples) that shows this model doing its job. */
  sample: string;
}

/** The generic recipe: what most image models exported from PyTorch expect, short of their normalisation. */
const GENERIC: Normalisation = { color: 'RGB', scale: 1 / 255, mean: [0, 0, 0], std: [1, 1, 1], layout: 'NCHW', dtype: 'float32' };
/** Symbolic image sides get this size. */
const DEFAULT_SIDE = 224;

/** How a photo feeds this model, or null when it takes no image. */
export function imageInputFor(gallery: GalleryModel | null, info: ModelInfo | null): ImageInput | null {
  const task = gallery?.task ? taskById(gallery.task) : undefined;
  const model = task && gallery ? taskModel(task, gallery.id) : undefined;
  const feed = task?.photo && model ? task.photo.describe(model, info?.inputs[0]?.name ?? null) : null;
  if (task && model && feed) {
    const { description, sample, inputName } = feed;
    return { recipe: { kind: 'task', task: task.id as TaskId, model: model.id, ...(inputName ? { inputName } : {}) }, description, sample };
  }
  return genericImageInput(info);
}

/** A single float32 input shaped [N, 3, H, W] or [N, H, W, 3]: stretched to H×W, RGB scaled to 0-1. */
function genericImageInput(info: ModelInfo | null): ImageInput | null {
  const input = info?.inputs.length === 1 ? info.inputs[0] : null;
  const shape = input?.shape;
  if (!input || input.dtype !== 'float32' || !shape || shape.length !== 4) return null;
  const side = (d: number | string | null) => (typeof d === 'number' ? d : DEFAULT_SIDE);
  const plausible = (d: number | string | null) => typeof d !== 'number' || (d >= 8 && d <= 4096);
  let recipe: ImageRecipe | null = null;
  if (shape[1] === 3 && plausible(shape[2]) && plausible(shape[3])) recipe = { kind: 'generic', inputName: input.name, width: side(shape[3]), height: side(shape[2]), layout: 'NCHW' };
  else if (shape[3] === 3 && plausible(shape[1]) && plausible(shape[2])) recipe = { kind: 'generic', inputName: input.name, width: side(shape[2]), height: side(shape[1]), layout: 'NHWC' };
  if (!recipe || recipe.kind !== 'generic') return null;
  return {
    recipe,
    description: `a generic resize: stretched to ${recipe.width}×${recipe.height}, RGB values scaled to 0-1 (${recipe.layout}), no mean or std; your model may expect its own normalisation`,
    sample: 'dog.jpg',
  };
}

/** The photo as the model's input tensor, by the recipe. Runs in the bench worker, once per timed run. */
export function prepareImageInput(pixels: Image8, recipe: ImageRecipe): { name: string; tensor: TensorData } {
  if (recipe.kind === 'generic') {
    const { data, dims, dtype } = stretchToTensor(pixels, recipe.width, recipe.height, { ...GENERIC, layout: recipe.layout });
    return { name: recipe.inputName, tensor: { data, dims, dtype } };
  }
  const task = taskById(recipe.task);
  const model = task && taskModel(task, recipe.model);
  if (!task?.photo || !model) throw new Error(`no photo recipe for "${recipe.model}" in the ${recipe.task} task`);
  return task.photo.prepare(pixels, model, recipe.inputName);
}
