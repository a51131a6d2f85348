/**
 * Image classification (ImageNet, the Classify page): preprocess per the catalogue entry, run,
 * top-5. Each classifier differs from the others only by its entry in models.ts.
 */
import { imageToTensor } from '../../engine/tensor/image-to-tensor';
import { fromHalfArray } from '../../engine/tensor/float16';
import type { Image8 } from '../../engine/tensor/resize';
import { defineTask, onlyFeed, singleModel, sizeOf } from '../task';
import { CLASSIFIERS, type ClassifierEntry } from './models';
import { parseSynsetLabels, topClasses, type ClassScore } from './postprocess';

export interface StageTimings {
  /** File → pixels (0 for camera frames, which arrive decoded). */
  decodeMs: number;
  /** Resize, crop, normalise, tensor layout. */
  preprocessMs: number;
  /** session.run, including copying the output out of WASM memory. */
  inferenceMs: number;
  /** Softmax (where needed), top-k and labels. */
  postprocessMs: number;
}

export interface ClassificationResult {
  modelId: string;
  top5: ClassScore[];
  /** The RGB crop the model saw. */
  crop: Image8;
  sourceSize: { width: number; height: number };
  timings: StageTimings;
}

function classifierFeeds(image: Image8, entry: ClassifierEntry) {
  const { data, dims, dtype, crop } = imageToTensor(image, entry.preprocessing);
  return { feeds: { [entry.inputName]: { data, dims, dtype } }, crop };
}

export const classification = defineTask({
  id: 'classification',
  title: 'Image classification',
  takes: ['photo', 'camera'],
  models: CLASSIFIERS,
  /** ImageNet class names, one synset line each. */
  assets: async (entry, read) => parseSynsetLabels(await read(entry.labelsFile)),
  photo: {
    describe: ({ preprocessing: p }) => ({
      description: `the classifier's own preprocessing: shorter side to ${p.resizeShorter}, centre crop ${p.centerCrop}×${p.centerCrop}, ${p.color}, normalised`,
      sample: 'dog.jpg',
    }),
    prepare: (pixels, entry) => onlyFeed(classifierFeeds(pixels, entry).feeds),
  },
  run: singleModel({
    prepare: classifierFeeds,
    decode: (outputs, { crop }, image, entry, labels: string[]) => {
      const output = outputs[entry.outputName];
      const scores = output.dtype === 'float16' ? fromHalfArray(output.data as Uint16Array) : (output.data as Float32Array);
      return { modelId: entry.id, top5: topClasses(scores, entry.outputKind, labels, 5), crop, sourceSize: sizeOf(image) };
    },
  }),
});
