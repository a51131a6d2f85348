/** Facial expression and gender of every face UltraFace finds: three models, one batch of faces each. */
import type { Image8 } from '../../engine/tensor/resize';
import type { Detection } from '../detection/boxes';
import { faceDetection } from '../detection/definition';
import { ULTRAFACE } from '../detection/models';
import { defineTask, type TaskModel } from '../task';
import { asDetection, bestLabel, EMOTION, EXPRESSION_LABELS, facesBatch, GENDER, GENDER_LABELS, type FaceAttributes, type Guess } from './face-attributes';

export interface FaceAttributesResult {
  /** Each face UltraFace found, with its expression and gender guesses. */
  faces: FaceAttributes[];
  /** The same faces as labelled boxes ("happy 78% · man 84%"), as the detection panel shows them. */
  detections: Detection[];
  imageSize: { width: number; height: number };
}

export const faceAttributes = defineTask({
  id: 'face-attributes',
  title: 'Facial expression and gender',
  takes: ['photo'],
  models: [EMOTION, GENDER, ULTRAFACE] as readonly TaskModel[],
  samples: ['messi5.jpg', 'kimono.jpg'],
  async run(image: Image8, context): Promise<FaceAttributesResult> {
    const { infer, time } = context;
    const { detections: boxes, imageSize } = await faceDetection.run(image, { ...context, model: ULTRAFACE, assets: undefined });
    const guesses: Guess[][] = [];
    for (const [entry, labels] of [[EMOTION, EXPRESSION_LABELS], [GENDER, GENDER_LABELS]] as const) {
      if (boxes.length === 0) break;
      const { data, dims } = await time('preprocessMs', () => facesBatch(image, boxes, entry.margin));
      const outputs = await time('inferenceMs', () => infer(entry, { [entry.inputName]: { dtype: 'float32', dims, data } }));
      guesses.push(await time('postprocessMs', () => boxes.map((_, i) => bestLabel(outputs[entry.outputName].data as Float32Array, i, labels))));
    }
    const faces = boxes.map((box, i) => ({ box, expression: guesses[0][i], gender: guesses[1][i] }));
    return { faces, detections: faces.map(asDetection), imageSize };
  },
});
