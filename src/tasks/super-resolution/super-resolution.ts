/**
 * x3 super-resolution (the sub-pixel CNN of PyTorch's example, super-resolution-10): the model
 * upscales the luma (Y) of a 224x224 image; chroma is upscaled with bicubic, as in its authors'
 * example. To show what the model adds, a photo is first reduced (its 672x672 centre becomes the
 * 224x224 input) so the result can be compared with the original, against plain bicubic.
 */
import { BICUBIC, centerCrop, resizeBilinear, resizeShorterSide, type Image8 } from '../../engine/tensor/resize';
import { modelSource } from '../model-source';

export const SUPER_RESOLUTION = {
  id: 'super-resolution-10',
  title: 'Super-resolution x3 (sub-pixel CNN)',
  source: modelSource('super-resolution-10.onnx'),
  inputName: 'input',
  outputName: 'output',
  inputSize: 224,
  factor: 3,
};

const OUT = SUPER_RESOLUTION.inputSize * SUPER_RESOLUTION.factor;

export interface SuperResolutionCase {
  /** The original's 672x672 centre: the truth to compare with. */
  original: Image8;
  /** That centre reduced to 224x224: what the model gets. */
  lowRes: Image8;
}

/** The 672x672 centre of a photo (shorter side scaled to 672 first) and its 224x224 reduction. */
export function prepareCase(photo: Image8): SuperResolutionCase {
  const size = resizeShorterSide(photo.width, photo.height, OUT);
  const original = resizeBilinear(photo, size.width, size.height, centerCrop(size.width, size.height, OUT), 3);
  const lowRes = resizeBilinear(original, SUPER_RESOLUTION.inputSize, SUPER_RESOLUTION.inputSize, undefined, 3, BICUBIC);
  return { original, lowRes };
}

/** Luma of RGB pixels, ITU-R BT.601 (as JPEG and Pillow define YCbCr), 0-255. */
export function luma(image: Image8): Float32Array {
  const y = new Float32Array(image.width * image.height);
  for (let i = 0; i < y.length; i++) {
    const o = i * image.channels;
    y[i] = 0.299 * image.data[o] + 0.587 * image.data[o + 1] + 0.114 * image.data[o + 2];
  }
  return y;
}

/** The model's input: luma scaled to 0-1, [1, 1, 224, 224]. */
export function modelInput(lowRes: Image8): Float32Array {
  return luma(lowRes).map((v) => v / 255);
}

/** Plain bicubic x3 of the low-resolution image: the baseline, and the chroma source. */
export function bicubicUpscale(lowRes: Image8): Image8 {
  return resizeBilinear(lowRes, OUT, OUT, undefined, 3, BICUBIC);
}

/** The model's luma (0-1) with the bicubic image's chroma, back to RGB. */
export function combine(modelLuma: Float32Array, bicubic: Image8): Image8 {
  const data = new Uint8Array(OUT * OUT * 3);
  const clamp = (v: number) => Math.min(255, Math.max(0, Math.round(v)));
  for (let i = 0; i < OUT * OUT; i++) {
    const [r, g, b] = [bicubic.data[i * 3], bicubic.data[i * 3 + 1], bicubic.data[i * 3 + 2]];
    const cb = -0.168736 * r - 0.331264 * g + 0.5 * b;
    const cr = 0.5 * r - 0.418688 * g - 0.081312 * b;
    const y = Math.min(1, Math.max(0, modelLuma[i])) * 255;
    data[i * 3] = clamp(y + 1.402 * cr);
    data[i * 3 + 1] = clamp(y - 0.344136 * cb - 0.714136 * cr);
    data[i * 3 + 2] = clamp(y + 1.772 * cb);
  }
  return { width: OUT, height: OUT, channels: 3, data };
}

/** Peak signal-to-noise ratio in dB of the luma of two same-sized images. */
export function psnr(image: Image8, reference: Image8): number {
  const a = luma(image);
  const b = luma(reference);
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i] - b[i]) ** 2;
  const mse = sum / a.length;
  return mse === 0 ? Infinity : 10 * Math.log10((255 * 255) / mse);
}
