/**
 * Person segmentation with MediaPipe's selfie model (converted here from its TF.js file): the photo
 * stretched to 256x256, RGB scaled to 0-1, NHWC (as @vladmandic/human's src/segmentation/selfie.ts
 * feeds it); output [1, 256, 256, 1], the probability that each pixel is the person. The mask is
 * stretched back to the photo, which then gets its background blurred or replaced.
 */
import { stretchToTensor, type Normalisation } from '../../engine/tensor/image-to-tensor';
import { resizeBilinear, type Image8 } from '../../engine/tensor/resize';
import { modelSource } from '../model-source';

export const SELFIE = {
  id: 'selfie',
  title: 'MediaPipe selfie segmentation',
  source: modelSource('selfie.onnx'),
  inputName: 'input_1',
  outputName: 'activation_10',
  size: 256,
  normalisation: { color: 'RGB', scale: 1 / 255, mean: [0, 0, 0], std: [1, 1, 1], layout: 'NHWC', dtype: 'float32' } satisfies Normalisation,
} as const;

/** Photos are shown (and composited) at most this many pixels on their longer side. */
export const DISPLAY_SIDE = 960;

export function selfieInput(image: Image8): { data: Float32Array; dims: number[] } {
  const { data } = stretchToTensor(image, SELFIE.size, SELFIE.size, SELFIE.normalisation);
  return { data: data as Float32Array, dims: [1, SELFIE.size, SELFIE.size, 3] };
}

/** The model's 256x256 probabilities as an 8-bit, one-channel image. */
export function maskImage(output: Float32Array): Image8 {
  const data = new Uint8Array(SELFIE.size * SELFIE.size);
  for (let i = 0; i < data.length; i++) data[i] = Math.round(Math.min(1, Math.max(0, output[i])) * 255);
  return { width: SELFIE.size, height: SELFIE.size, channels: 1, data };
}

/** The photo reduced (never enlarged) to fit DISPLAY_SIDE, as RGB. */
export function displayImage(image: Image8): Image8 {
  const scale = Math.min(1, DISPLAY_SIDE / Math.max(image.width, image.height));
  return resizeBilinear(image, Math.max(1, Math.round(image.width * scale)), Math.max(1, Math.round(image.height * scale)), undefined, 3);
}

/** Mean of `mask` (one channel, 0-255) over a rectangle in 0-1 coordinates, and over the rest, both 0-1. */
export function maskMeans(mask: Image8, box: { x1: number; y1: number; x2: number; y2: number }): { inside: number; outside: number } {
  let inSum = 0, inCount = 0, outSum = 0, outCount = 0;
  for (let y = 0; y < mask.height; y++) {
    for (let x = 0; x < mask.width; x++) {
      const [u, v] = [(x + 0.5) / mask.width, (y + 0.5) / mask.height];
      const value = mask.data[y * mask.width + x] / 255;
      if (u >= box.x1 && u <= box.x2 && v >= box.y1 && v <= box.y2) [inSum, inCount] = [inSum + value, inCount + 1];
      else [outSum, outCount] = [outSum + value, outCount + 1];
    }
  }
  return { inside: inCount ? inSum / inCount : 0, outside: outCount ? outSum / outCount : 0 };
}

/** A separable box blur, run three times (close to a Gaussian of sigma ~ radius). */
export function blur(image: Image8, radius: number): Image8 {
  const { width, height } = image;
  let from = Float32Array.from(image.data);
  let to = new Float32Array(from.length);
  const pass = (horizontal: boolean) => {
    const [lines, length] = horizontal ? [height, width] : [width, height];
    const at = (line: number, i: number) => (horizontal ? line * width + i : i * width + line) * 3;
    for (let line = 0; line < lines; line++) {
      for (let c = 0; c < 3; c++) {
        let sum = 0;
        // Edges repeat the border pixel.
        for (let k = -radius; k <= radius; k++) sum += from[at(line, Math.min(length - 1, Math.max(0, k))) + c];
        for (let i = 0; i < length; i++) {
          to[at(line, i) + c] = sum / (2 * radius + 1);
          sum += from[at(line, Math.min(length - 1, i + radius + 1)) + c] - from[at(line, Math.max(0, i - radius)) + c];
        }
      }
    }
    [from, to] = [to, from];
  };
  for (let n = 0; n < 3; n++) {
    pass(true);
    pass(false);
  }
  return { width, height, channels: 3, data: Uint8Array.from(from, (v) => Math.round(v)) };
}

/**
 * The photo blurred strongly (radius about 1% of its longer side), computed at a quarter of its size
 * and enlarged back: the same look for a sixteenth of the work.
 */
export function blurredBackdrop(photo: Image8): Image8 {
  const factor = 4;
  const small = resizeBilinear(photo, Math.max(1, Math.round(photo.width / factor)), Math.max(1, Math.round(photo.height / factor)), undefined, 3);
  const radius = Math.max(1, Math.round(Math.max(photo.width, photo.height) / 100 / factor));
  return resizeBilinear(blur(small, radius), photo.width, photo.height, undefined, 3);
}

/** The person (where the mask says so) over `background`, blended by the mask; all at the photo's size. */
export function composite(photo: Image8, mask: Image8, background: Image8): Image8 {
  const alpha = resizeBilinear(mask, photo.width, photo.height, undefined, 1);
  const data = new Uint8Array(photo.width * photo.height * 3);
  for (let i = 0; i < photo.width * photo.height; i++) {
    const a = alpha.data[i] / 255;
    for (let c = 0; c < 3; c++) data[i * 3 + c] = Math.round(a * photo.data[i * 3 + c] + (1 - a) * background.data[i * 3 + c]);
  }
  return { width: photo.width, height: photo.height, channels: 3, data };
}

/** A plain backdrop for "replace": a vertical gradient, so the cut-out's edge shows. */
export function gradientBackground(width: number, height: number, top: readonly number[] = [40, 110, 200], bottom: readonly number[] = [150, 220, 190]): Image8 {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    const t = height > 1 ? y / (height - 1) : 0;
    const colour = [0, 1, 2].map((c) => Math.round(top[c] * (1 - t) + bottom[c] * t));
    for (let x = 0; x < width; x++) data.set(colour, (y * width + x) * 3);
  }
  return { width, height, channels: 3, data };
}

/** The mask as a grey RGB picture at the photo's size, for display. */
export function maskPicture(mask: Image8, width: number, height: number): Image8 {
  const grey = resizeBilinear(mask, width, height, undefined, 1);
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < width * height; i++) data.fill(grey.data[i], i * 3, i * 3 + 3);
  return { width, height, channels: 3, data };
}
