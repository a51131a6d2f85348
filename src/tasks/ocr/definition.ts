/**
 * Text recognition (PaddleOCR, three models in a row): text boxes, each line's direction, each line
 * read, in reading order.
 */
import type { Image8 } from '../../engine/tensor/resize';
import { defineTask, type TaskModel } from '../task';
import {
  CLS_FLIP_THRESHOLD, CLS_HEIGHT, CLS_WIDTH, ctcDecode, cropTextBox, detectionInput, DROP_SCORE, OCR_MODELS, parseKeys, REC_HEIGHT,
  REC_MIN_WIDTH, rotate180, textBoxes, textLineTensor, type TextLine,
} from './ocr';

export interface OcrResult {
  lines: TextLine[];
  /** Boxes found by the detector, including those whose text was dropped as unreadable. */
  boxCount: number;
  imageSize: { width: number; height: number };
}

type Stage = keyof typeof STAGES;
const STAGES = { detector: OCR_MODELS.detector, direction: OCR_MODELS.direction, recognizer: OCR_MODELS.recognizer };

export const ocr = defineTask({
  id: 'ocr',
  title: 'Text recognition (OCR)',
  takes: ['photo'],
  models: Object.values(STAGES) as readonly TaskModel[],
  samples: ['imageTextN.png'],
  /** The recogniser's alphabet. */
  assets: async (_model, read) => parseKeys(await read(OCR_MODELS.keysFile)),
  photo: {
    // The comparison page feeds the detector only: the other two take crops the detector finds.
    describe: (model, firstInput) =>
      model.id === OCR_MODELS.detector.id && firstInput
        ? { description: "PaddleOCR's own detection preprocessing: longer side at most 960, sides multiples of 32, BGR, normalised", sample: 'imageTextN.png', inputName: firstInput }
        : null,
    prepare: (pixels, _model, inputName = OCR_MODELS.detector.inputName) => {
      const { data, dims } = detectionInput(pixels);
      return { name: inputName, tensor: { data, dims, dtype: 'float32' } };
    },
  },
  async run(image: Image8, { assets: alphabet, infer, time }) {
    const run = async (stage: Stage, input: { data: Float32Array; dims: number[] }) => {
      const outputs = await infer(STAGES[stage], { [STAGES[stage].inputName]: { dtype: 'float32', dims: input.dims, data: input.data } });
      const output = Object.values(outputs)[0];
      return { data: output.data as Float32Array, dims: [...output.dims] };
    };
    const input = await time('preprocessMs', () => detectionInput(image));
    const map = await time('inferenceMs', () => run('detector', input));
    const [mapHeight, mapWidth] = map.dims.slice(-2);
    const boxes = await time('postprocessMs', () => textBoxes(map.data, mapWidth, mapHeight, image));

    const lines: TextLine[] = [];
    for (const box of boxes) {
      const probe = await time('preprocessMs', () => textLineTensor(cropTextBox(image, box, CLS_HEIGHT, CLS_WIDTH), CLS_WIDTH));
      const direction = await time('inferenceMs', () => run('direction', probe));
      const flipped = direction.data[1] > direction.data[0] && direction.data[1] > CLS_FLIP_THRESHOLD;
      const line = await time('preprocessMs', () => {
        const crop = cropTextBox(image, box, REC_HEIGHT);
        return textLineTensor(flipped ? rotate180(crop) : crop, REC_MIN_WIDTH);
      });
      const scores = await time('inferenceMs', () => run('recognizer', line));
      const read = await time('postprocessMs', () => ctcDecode(scores.data, scores.dims.at(-1)!, alphabet));
      if (read.confidence >= DROP_SCORE && read.text.trim()) lines.push({ ...box, ...read, flipped });
    }
    return { lines, boxCount: boxes.length, imageSize: { width: image.width, height: image.height } } satisfies OcrResult;
  },
});
