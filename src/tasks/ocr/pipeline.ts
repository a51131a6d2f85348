/**
 * The OCR system end to end on a decoded image, independent of the runtime: `infer` runs one of
 * the three models (a worker session in the app, onnxruntime-node in the tests).
 */
import type { Image8 } from '../../engine/tensor/resize';
import {
  CLS_FLIP_THRESHOLD, CLS_HEIGHT, CLS_WIDTH, ctcDecode, cropTextBox, detectionInput, DROP_SCORE, REC_HEIGHT, REC_MIN_WIDTH,
  rotate180, textBoxes, textLineTensor, type TextLine,
} from './ocr';

export type OcrStage = 'detector' | 'direction' | 'recognizer';
export interface StageTensor {
  data: Float32Array;
  dims: number[];
}
export type OcrInfer = (stage: OcrStage, input: StageTensor) => Promise<StageTensor>;

export interface OcrResult {
  lines: TextLine[];
  /** Boxes found by the detector, including those whose text was dropped as unreadable. */
  boxCount: number;
  timings: { preprocessMs: number; inferenceMs: number; postprocessMs: number };
}

export async function readText(image: Image8, alphabet: readonly string[], infer: OcrInfer): Promise<OcrResult> {
  const timings = { preprocessMs: 0, inferenceMs: 0, postprocessMs: 0 };
  const timed = async <T>(key: keyof typeof timings, work: () => T | Promise<T>): Promise<T> => {
    const start = performance.now();
    try {
      return await work();
    } finally {
      timings[key] += performance.now() - start;
    }
  };

  const input = await timed('preprocessMs', () => detectionInput(image));
  const map = await timed('inferenceMs', () => infer('detector', input));
  const [mapHeight, mapWidth] = map.dims.slice(-2);
  const boxes = await timed('postprocessMs', () => textBoxes(map.data, mapWidth, mapHeight, image));

  const lines: TextLine[] = [];
  for (const box of boxes) {
    const probe = await timed('preprocessMs', () => textLineTensor(cropTextBox(image, box, CLS_HEIGHT, CLS_WIDTH), CLS_WIDTH));
    const direction = await timed('inferenceMs', () => infer('direction', probe));
    const flipped = direction.data[1] > direction.data[0] && direction.data[1] > CLS_FLIP_THRESHOLD;
    const line = await timed('preprocessMs', () => {
      const crop = cropTextBox(image, box, REC_HEIGHT);
      return textLineTensor(flipped ? rotate180(crop) : crop, REC_MIN_WIDTH);
    });
    const scores = await timed('inferenceMs', () => infer('recognizer', line));
    const read = await timed('postprocessMs', () => ctcDecode(scores.data, scores.dims.at(-1)!, alphabet));
    if (read.confidence >= DROP_SCORE && read.text.trim()) lines.push({ ...box, ...read, flipped });
  }
  return { lines, boxCount: boxes.length, timings };
}
