/**
 * Handwritten digits with MNIST's conventions (CNTK's mnist-8): white on black, the digit scaled to
 * fit 20x20 and centred by its centre of mass in a 28x28 frame, values 0-255.
 */
import { resizeBilinear, type Image8 } from '../../engine/tensor/resize';
import { softmax } from '../classification/postprocess';
import { modelSource } from '../model-source';

export const MNIST = {
  id: 'mnist-8',
  title: 'MNIST digits (CNTK)',
  source: modelSource('mnist-8.onnx'),
  inputName: 'Input3',
  outputName: 'Plus214_Output_0',
};

const FRAME = 28;
const BOX = 20;

/** Ink level 0-255 of each pixel of an RGBA or grey image (the brightest channel: strokes are light). */
function inkOf(image: Image8): Uint8Array {
  const ink = new Uint8Array(image.width * image.height);
  for (let i = 0; i < ink.length; i++) {
    let v = 0;
    for (let c = 0; c < Math.min(3, image.channels); c++) v = Math.max(v, image.data[i * image.channels + c]);
    ink[i] = v;
  }
  return ink;
}

/** A drawing (light strokes on dark) → the 28x28 float input, or null when nothing is drawn. */
export function digitTensor(image: Image8, inkThreshold = 32): Float32Array | null {
  const ink = inkOf(image);
  let [x1, y1, x2, y2] = [image.width, image.height, -1, -1];
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      if (ink[y * image.width + x] < inkThreshold) continue;
      x1 = Math.min(x1, x);
      y1 = Math.min(y1, y);
      x2 = Math.max(x2, x);
      y2 = Math.max(y2, y);
    }
  }
  if (x2 < 0) return null;
  const w = x2 - x1 + 1;
  const h = y2 - y1 + 1;
  const scale = BOX / Math.max(w, h);
  const outW = Math.max(1, Math.round(w * scale));
  const outH = Math.max(1, Math.round(h * scale));
  // Cut the bounding box out, then scale it with the same antialiased filter as photos.
  const box = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) box.set(ink.subarray((y1 + y) * image.width + x1, (y1 + y) * image.width + x1 + w), y * w);
  const small = resizeBilinear({ width: w, height: h, channels: 1, data: box }, outW, outH, undefined, 1);
  // Centre of mass of the scaled digit goes to the frame's centre, as in MNIST.
  let mass = 0;
  let mx = 0;
  let my = 0;
  for (let y = 0; y < outH; y++) {
    for (let x = 0; x < outW; x++) {
      const v = small.data[y * outW + x];
      mass += v;
      mx += v * x;
      my += v * y;
    }
  }
  const left = Math.round(FRAME / 2 - (mass ? mx / mass : outW / 2) - 0.5);
  const top = Math.round(FRAME / 2 - (mass ? my / mass : outH / 2) - 0.5);
  const frame = new Float32Array(FRAME * FRAME);
  for (let y = 0; y < outH; y++) {
    for (let x = 0; x < outW; x++) {
      const fx = x + left;
      const fy = y + top;
      if (fx >= 0 && fx < FRAME && fy >= 0 && fy < FRAME) frame[fy * FRAME + fx] = small.data[y * outW + x];
    }
  }
  return frame;
}

/** Probabilities of the digits 0-9 from the model's logits. */
export function digitProbabilities(logits: ArrayLike<number>): number[] {
  return Array.from(softmax(logits));
}
