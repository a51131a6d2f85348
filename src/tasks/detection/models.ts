/**
 * The two detectors of the gallery, as data, and their output decoders. Both take an image stretched
 * to a fixed size (no letterbox), as their authors' own samples do.
 */
import type { Normalisation } from '../../engine/tensor/image-to-tensor';
import { modelSource, type ModelSource } from '../model-source';
import { clampBox, nms, type Detection } from './boxes';

export interface DetectorEntry {
  id: string;
  title: string;
  source: ModelSource;
  inputName: string;
  width: number;
  height: number;
  normalisation: Normalisation;
  scoreThreshold: number;
  iouThreshold: number;
  /** File under public/labels/, or fixed labels. */
  labels: { file: string } | { names: string[] };
}

// From Ultra-Light-Fast-Generic-Face-Detector-1MB's onnx sample: (x - 127) / 128 on RGB, 320x240.
export const ULTRAFACE: DetectorEntry = {
  id: 'ultraface-rfb-320',
  title: 'Ultra-Light face detector (RFB-320)',
  source: modelSource('ultraface-rfb-320.onnx'),
  inputName: 'input',
  width: 320,
  height: 240,
  normalisation: { color: 'RGB', scale: 1, mean: [127, 127, 127], std: [128, 128, 128], layout: 'NCHW', dtype: 'float32' },
  scoreThreshold: 0.7,
  iouThreshold: 0.3,
  labels: { names: ['background', 'face'] },
};

// FastestDet (onnxruntime-extensions' export): RGB scaled to 0-1, 352x352.
export const FASTESTDET: DetectorEntry = {
  id: 'fastestdet',
  title: 'FastestDet (80 COCO classes)',
  source: modelSource('fastestdet.onnx'),
  inputName: 'input',
  width: 352,
  height: 352,
  normalisation: { color: 'RGB', scale: 1 / 255, mean: [0, 0, 0], std: [1, 1, 1], layout: 'NCHW', dtype: 'float32' },
  scoreThreshold: 0.6,
  iouThreshold: 0.45,
  labels: { file: 'coco.names' },
};

/** UltraFace: scores [1, N, 2] (background, face) and boxes [1, N, 4] as x1, y1, x2, y2 in 0-1. */
export function decodeUltraface(scores: Float32Array, boxes: Float32Array, entry = ULTRAFACE): Detection[] {
  const found: Detection[] = [];
  for (let i = 0; i < scores.length / 2; i++) {
    const score = scores[i * 2 + 1];
    if (score < entry.scoreThreshold) continue;
    found.push(clampBox({ x1: boxes[i * 4], y1: boxes[i * 4 + 1], x2: boxes[i * 4 + 2], y2: boxes[i * 4 + 3], score, classIndex: 1, label: 'face' }));
  }
  return nms(found, entry.iouThreshold);
}

/**
 * FastestDet as exported here: [1, cells, 85] with cx, cy, w, h in input pixels, the objectness, then
 * 80 class probabilities. The score is FastestDet's own: objectness^0.6 x class^0.4.
 */
export function decodeFastestDet(output: Float32Array, labels: readonly string[], entry = FASTESTDET): Detection[] {
  const stride = 85;
  const found: Detection[] = [];
  for (let cell = 0; cell < output.length / stride; cell++) {
    const o = cell * stride;
    let best = 0;
    for (let k = 1; k < 80; k++) if (output[o + 5 + k] > output[o + 5 + best]) best = k;
    const score = Math.pow(output[o + 4], 0.6) * Math.pow(output[o + 5 + best], 0.4);
    if (score < entry.scoreThreshold) continue;
    const [cx, cy, w, h] = [output[o] / entry.width, output[o + 1] / entry.height, output[o + 2] / entry.width, output[o + 3] / entry.height];
    found.push(clampBox({ x1: cx - w / 2, y1: cy - h / 2, x2: cx + w / 2, y2: cy + h / 2, score, classIndex: best, label: labels[best] ?? `class ${best}` }));
  }
  return nms(found, entry.iouThreshold);
}
