/**
 * A photo as a Hugging Face image model takes it (`pixel_values`), as its repository's
 * `preprocessor_config.json` says: resize (`size` as height x width, or its `shortest_edge`, with
 * the filter `resample` names), centre crop (`do_center_crop`, `crop_size`), rescale
 * (`do_rescale`, `rescale_factor`), normalise (`do_normalize`, `image_mean`, `image_std`), channels
 * first. The resampling is Pillow's, as transformers' image processors use (src/engine/tensor/resize.ts).
 */
import { jsonObject } from '../../shared/json';
import { Failure } from '../../shared/errors';
import type { TensorData } from '../ort/session';
import { cropToTensor, type InputDtype, type Normalisation } from './image-to-tensor';
import { BICUBIC, BILINEAR, resizeBilinear, resizeShorterSide, type Image8, type Rect, type ResampleFilter } from './resize';

/** What preprocessor_config.json says, read into the steps this app runs. */
export interface ImageProcessorSpec {
  /** Exactly `width` x `height` (aspect ratio not kept), or the shorter side to `shortestEdge`. */
  resize: { width: number; height: number } | { shortestEdge: number } | null;
  /** A centred crop of the resized image. */
  crop: { width: number; height: number } | null;
  filter: ResampleFilter;
  /** The multiplier of each 0-255 level (1 when `do_rescale` is false). */
  rescale: number;
  mean: [number, number, number];
  std: [number, number, number];
}

const size = (value: unknown): number | null => (typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : null);
const triple = (value: unknown, fallback: number): [number, number, number] => {
  if (typeof value === 'number') return [value, value, value];
  if (Array.isArray(value) && value.length === 3 && value.every((v) => typeof v === 'number')) return value as [number, number, number];
  return [fallback, fallback, fallback];
};

/** The `size` / `crop_size` forms transformers writes: a number, {height, width} or {shortest_edge}. */
function sizeOf(value: unknown): { width: number; height: number } | { shortestEdge: number } | null {
  const square = size(value);
  if (square) return { width: square, height: square };
  const spec = jsonObject(value);
  const [height, width, shortest] = [size(spec.height), size(spec.width), size(spec.shortest_edge)];
  if (height && width) return { width, height };
  if (shortest) return { shortestEdge: shortest };
  return null;
}

/** Reads preprocessor_config.json; one this app cannot follow is a 'bad-input' Failure saying why. */
export function imageProcessorSpec(config: unknown): ImageProcessorSpec {
  const c = jsonObject(config);
  const resize = c.do_resize === false ? null : sizeOf(c.size);
  if (c.do_resize !== false && !resize) {
    throw new Failure('bad-input', `The model's preprocessor_config.json gives no size to resize photos to (size: ${JSON.stringify(c.size ?? null)}); it needs "size" as {"height", "width"} or {"shortest_edge"}.`);
  }
  const cropSize = c.do_center_crop ? sizeOf(c.crop_size ?? c.size) : null;
  const crop = cropSize && 'width' in cropSize ? cropSize : null;
  const rescale = c.do_rescale === false ? 1 : typeof c.rescale_factor === 'number' ? c.rescale_factor : 1 / 255;
  const normalise = c.do_normalize !== false;
  return {
    resize,
    crop,
    // PIL's numbering, which `resample` uses: 2 bilinear, 3 bicubic (the default of most processors).
    filter: c.resample === 2 ? BILINEAR : BICUBIC,
    rescale,
    mean: normalise ? triple(c.image_mean, 0.5) : [0, 0, 0],
    std: normalise ? triple(c.image_std, 0.5) : [1, 1, 1],
  };
}

/** The resized size and the crop within it, as transformers computes them (crop offsets rounded down). */
export function geometry(width: number, height: number, spec: ImageProcessorSpec): { width: number; height: number; crop: Rect } {
  const resized = !spec.resize ? { width, height } : 'shortestEdge' in spec.resize ? resizeShorterSide(width, height, spec.resize.shortestEdge) : spec.resize;
  const crop = spec.crop ?? resized;
  if (crop.width > resized.width || crop.height > resized.height) {
    throw new Failure('bad-input', `The model crops ${crop.width}x${crop.height} pixels from a photo resized to ${resized.width}x${resized.height}; its preprocessor_config.json is inconsistent.`);
  }
  const rect = { left: Math.floor((resized.width - crop.width) / 2), top: Math.floor((resized.height - crop.height) / 2), width: crop.width, height: crop.height };
  return { ...resized, crop: rect };
}

/** `pixel_values` for a photo: [1, 3, height, width], RGB, float32 (or float16 bits when the model takes float16). */
export function pixelValues(image: Image8, spec: ImageProcessorSpec, dtype: InputDtype = 'float32'): TensorData {
  const { width, height, crop } = geometry(image.width, image.height, spec);
  const pixels = resizeBilinear(image, width, height, crop, 3, spec.filter);
  const normalisation: Normalisation = { color: 'RGB', scale: spec.rescale, mean: spec.mean, std: spec.std, layout: 'NCHW', dtype };
  const { data, dims } = cropToTensor(pixels, normalisation);
  return { dtype, dims, data };
}

/** The feed of a model's `pixel_values` input for a photo, in the input's declared type (float16 or float32). */
export function pixelFeed(info: { name: string; dtype: string }, image: Image8, preprocessorConfig: unknown): { name: string; tensor: TensorData } {
  if (info.dtype !== 'float32' && info.dtype !== 'float16') throw new Failure('unsupported', `This model's "${info.name}" is ${info.dtype}; a photo feeds float32 or float16 pixel values.`);
  return { name: info.name, tensor: pixelValues(image, imageProcessorSpec(preprocessorConfig), info.dtype) };
}
