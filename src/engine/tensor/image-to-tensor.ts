/**
 * Image → input tensor, driven by data: every classifier differs only by its `ImagePreprocessing`
 * entry in the catalogue, never by code.
 */
import { centerCrop, resizeBilinear, resizeShorterSide, type Image8 } from './resize';
import { toHalfBits } from './float16';

export type ChannelOrder = 'RGB' | 'BGR';
export type TensorLayout = 'NCHW' | 'NHWC';
export type InputDtype = 'float32' | 'float16';

export interface ImagePreprocessing {
  /** Channel order the model expects. */
  color: ChannelOrder;
  /** torchvision `Resize(resizeShorter)`: the shorter side is scaled to this many pixels. */
  resizeShorter: number;
  /** torchvision `CenterCrop(centerCrop)`: the square the model sees. */
  centerCrop: number;
  /** Multiplies the 0-255 pixel before the mean is subtracted (1/255 for torchvision's ToTensor). */
  scale: number;
  /** Per channel, in the model's channel order, after `scale`. */
  mean: readonly [number, number, number];
  std: readonly [number, number, number];
  layout: TensorLayout;
  dtype: InputDtype;
}

export interface PreparedInput {
  /** Float32Array for float32, Uint16Array of binary16 bits for float16. */
  data: Float32Array | Uint16Array;
  dims: number[];
  dtype: InputDtype;
  /** The RGB crop the model received, for display. */
  crop: Image8;
}

/**
 * Per channel, the tensor value of each 8-bit level, computed in float32 steps as torch does
 * (`x / 255`, then `(x - mean) / std`), so a lookup replaces three float ops per value.
 */
function levelTable(spec: Normalisation, channel: number): Float32Array {
  const table = new Float32Array(256);
  const mean = Math.fround(spec.mean[channel]);
  const std = Math.fround(spec.std[channel]);
  for (let level = 0; level < 256; level++) {
    const scaled = Math.fround(level * spec.scale);
    table[level] = Math.fround(Math.fround(scaled - mean) / std);
  }
  return table;
}

/** Resize + crop the RGB(A) `image` with Pillow's filter and lay the crop out as the model's input tensor. */
export function imageToTensor(image: Image8, spec: ImagePreprocessing): PreparedInput {
  const size = resizeShorterSide(image.width, image.height, spec.resizeShorter);
  const rect = centerCrop(size.width, size.height, spec.centerCrop);
  const crop = resizeBilinear(image, size.width, size.height, rect, 3);
  return { ...cropToTensor(crop, spec), crop };
}

/** The per-pixel part of preprocessing: what happens after the geometry. */
export type Normalisation = Pick<ImagePreprocessing, 'color' | 'scale' | 'mean' | 'std' | 'layout' | 'dtype'>;

/**
 * Resize to exactly `width` x `height`, aspect ratio not kept (what detectors trained on stretched
 * images expect), with Pillow's filter, then normalise.
 */
export function stretchToTensor(image: Image8, width: number, height: number, spec: Normalisation): PreparedInput {
  const crop = resizeBilinear(image, width, height, undefined, 3);
  return { ...cropToTensor(crop, spec), crop };
}

/** Lays out an RGB crop as the model's tensor (channel order, normalisation, layout, dtype). */
export function cropToTensor(crop: Image8, spec: Normalisation): Omit<PreparedInput, 'crop'> {
  const { width, height } = crop;
  const plane = width * height;
  // Source channel (in RGB) feeding each model channel.
  const sourceChannel = spec.color === 'RGB' ? [0, 1, 2] : [2, 1, 0];
  const tables = [0, 1, 2].map((c) => levelTable(spec, c));
  const values = new Float32Array(plane * 3);
  const rgb = crop.data;
  for (let c = 0; c < 3; c++) {
    const table = tables[c];
    const from = sourceChannel[c];
    if (spec.layout === 'NCHW') {
      const base = c * plane;
      for (let i = 0; i < plane; i++) values[base + i] = table[rgb[i * 3 + from]];
    } else {
      for (let i = 0; i < plane; i++) values[i * 3 + c] = table[rgb[i * 3 + from]];
    }
  }
  const dims = spec.layout === 'NCHW' ? [1, 3, height, width] : [1, height, width, 3];
  if (spec.dtype === 'float32') return { data: values, dims, dtype: 'float32' };
  const half = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) half[i] = toHalfBits(values[i]);
  return { data: half, dims, dtype: 'float16' };
}
