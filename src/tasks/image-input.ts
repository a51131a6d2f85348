/**
 * Which models a photo can feed on the comparison page, and how the photo becomes their input: a
 * gallery model by its own task's preprocessing (the same code its gallery panel runs), any other
 * model with a single image-shaped input by a stated generic resize. A recipe is plain data, so the
 * page can send it to a bench worker, which turns it into a function with `prepareImageInput`.
 */
import type { ModelInfo } from '../engine/onnx-format/model-info';
import type { TensorData } from '../engine/ort/session';
import { imageToTensor, stretchToTensor, type Normalisation } from '../engine/tensor/image-to-tensor';
import type { Image8 } from '../engine/tensor/resize';
import { findClassifier } from './classification/models';
import { FASTESTDET, ULTRAFACE, type DetectorEntry } from './detection/models';
import type { GalleryModel } from './gallery';
import { detectionInput } from './ocr/ocr';
import { modelInput, prepareCase, SUPER_RESOLUTION } from './super-resolution/super-resolution';
import { MOVENET, poseInput } from './pose/pose';
import { SELFIE, selfieInput } from './segmentation/segmentation';

export type ImageRecipe =
  | { kind: 'classifier'; id: string }
  | { kind: 'detector'; id: string }
  | { kind: 'super-resolution' }
  | { kind: 'ocr-detection'; inputName: string }
  | { kind: 'pose' }
  | { kind: 'segmentation' }
  | { kind: 'generic'; inputName: string; width: number; height: number; layout: 'NCHW' | 'NHWC' };

export interface ImageInput {
  recipe: ImageRecipe;
  /** What happens to the photo, in words, for the page. */
  description: string;
  /** The sample photo (under public/samples) that shows this model doing its job. */
  sample: string;
}

const DETECTORS: readonly DetectorEntry[] = [ULTRAFACE, FASTESTDET];
/** The generic recipe: what most image models exported from PyTorch expect, short of their normalisation. */
const GENERIC: Normalisation = { color: 'RGB', scale: 1 / 255, mean: [0, 0, 0], std: [1, 1, 1], layout: 'NCHW', dtype: 'float32' };
/** Symbolic image sides get this size. */
const DEFAULT_SIDE = 224;

/** How a photo feeds this model, or null when it takes no image. */
export function imageInputFor(gallery: GalleryModel | null, info: ModelInfo | null): ImageInput | null {
  if (gallery) {
    const classifier = findClassifier(gallery.id);
    if (classifier) {
      const p = classifier.preprocessing;
      return { recipe: { kind: 'classifier', id: gallery.id }, description: `the classifier's own preprocessing: shorter side to ${p.resizeShorter}, centre crop ${p.centerCrop}×${p.centerCrop}, ${p.color}, normalised`, sample: 'dog.jpg' };
    }
    const detector = DETECTORS.find((d) => d.id === gallery.id);
    if (detector) return { recipe: { kind: 'detector', id: detector.id }, description: `the detector's own preprocessing: stretched to ${detector.width}×${detector.height}, normalised as its authors do`, sample: detector.id === ULTRAFACE.id ? 'messi5.jpg' : 'dog.jpg' };
    if (gallery.id === SUPER_RESOLUTION.id) return { recipe: { kind: 'super-resolution' }, description: `the super-resolution task's own preprocessing: the centre reduced to ${SUPER_RESOLUTION.inputSize}×${SUPER_RESOLUTION.inputSize}, its luma scaled to 0-1`, sample: 'baboon.jpg' };
    if (gallery.id === MOVENET.id) return { recipe: { kind: 'pose' }, description: `the pose task's own preprocessing: letterboxed to ${MOVENET.size}×${MOVENET.size} (scaled to fit, centred on black), RGB 0-255 as int32`, sample: 'person.jpg' };
    if (gallery.id === SELFIE.id) return { recipe: { kind: 'segmentation' }, description: `the segmentation task's own preprocessing: stretched to ${SELFIE.size}×${SELFIE.size}, RGB scaled to 0-1 (NHWC)`, sample: 'person.jpg' };
    if (gallery.id === 'ch_PP-OCRv4_det_infer' && info?.inputs[0]) return { recipe: { kind: 'ocr-detection', inputName: info.inputs[0].name }, description: "PaddleOCR's own detection preprocessing: longer side at most 960, sides multiples of 32, BGR, normalised", sample: 'imageTextN.png' };
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
  switch (recipe.kind) {
    case 'classifier': {
      const classifier = findClassifier(recipe.id);
      if (!classifier) throw new Error(`no classifier "${recipe.id}"`);
      const { data, dims, dtype } = imageToTensor(pixels, classifier.preprocessing);
      return { name: classifier.inputName, tensor: { data, dims, dtype } };
    }
    case 'detector': {
      const detector = DETECTORS.find((d) => d.id === recipe.id);
      if (!detector) throw new Error(`no detector "${recipe.id}"`);
      const { data, dims, dtype } = stretchToTensor(pixels, detector.width, detector.height, detector.normalisation);
      return { name: detector.inputName, tensor: { data, dims, dtype } };
    }
    case 'super-resolution': {
      const size = SUPER_RESOLUTION.inputSize;
      return { name: SUPER_RESOLUTION.inputName, tensor: { data: modelInput(prepareCase(pixels).lowRes), dims: [1, 1, size, size], dtype: 'float32' } };
    }
    case 'ocr-detection': {
      const { data, dims } = detectionInput(pixels);
      return { name: recipe.inputName, tensor: { data, dims, dtype: 'float32' } };
    }
    case 'pose': {
      const { data, dims } = poseInput(pixels);
      return { name: MOVENET.inputName, tensor: { data, dims, dtype: 'int32' } };
    }
    case 'segmentation': {
      const { data, dims } = selfieInput(pixels);
      return { name: SELFIE.inputName, tensor: { data, dims, dtype: 'float32' } };
    }
    case 'generic': {
      const { data, dims, dtype } = stretchToTensor(pixels, recipe.width, recipe.height, { ...GENERIC, layout: recipe.layout });
      return { name: recipe.inputName, tensor: { data, dims, dtype } };
    }
  }
}
