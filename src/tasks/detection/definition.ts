/** The two detection tasks, one per detector: faces (UltraFace) and the 80 COCO classes (FastestDet). */
import { stretchToTensor } from '../../engine/tensor/image-to-tensor';
import type { Image8 } from '../../engine/tensor/resize';
import { defineTask, onlyFeed, singleModel, sizeOf, type Feeds, type PhotoFeed } from '../task';
import type { Detection } from './boxes';
import { decodeFastestDet, decodeUltraface, FASTESTDET, ULTRAFACE, type DetectorEntry } from './models';

export interface DetectionResult {
  detections: Detection[];
  imageSize: { width: number; height: number };
}

/** The photo stretched to the detector's size, normalised as its authors do. */
function detectorFeeds(image: Image8, entry: DetectorEntry): { feeds: Feeds } {
  const { data, dims, dtype } = stretchToTensor(image, entry.width, entry.height, entry.normalisation);
  return { feeds: { [entry.inputName]: { data, dims, dtype } } };
}

const detectorPhoto = (sample: string): PhotoFeed<DetectorEntry> => ({
  describe: (entry) => ({ description: `the detector's own preprocessing: stretched to ${entry.width}×${entry.height}, normalised as its authors do`, sample }),
  prepare: (pixels, entry) => onlyFeed(detectorFeeds(pixels, entry).feeds),
});

export const faceDetection = defineTask({
  id: 'face-detection',
  title: 'Face detection',
  takes: ['photo'],
  models: [ULTRAFACE],
  samples: ['messi5.jpg', 'kimono.jpg'],
  photo: detectorPhoto('messi5.jpg'),
  run: singleModel({
    prepare: (image: Image8, entry: DetectorEntry) => detectorFeeds(image, entry),
    decode: (o, _prepared, image): DetectionResult => ({
      detections: decodeUltraface(o.scores.data as Float32Array, o.boxes.data as Float32Array),
      imageSize: sizeOf(image),
    }),
  }),
});

export const objectDetection = defineTask({
  id: 'object-detection',
  title: 'Object detection',
  takes: ['photo'],
  models: [FASTESTDET],
  samples: ['dog.jpg', 'horses.jpg', 'person.jpg'],
  assets: async (_entry, read) => (await read('coco.names')).trim().split(/\r?\n/),
  photo: detectorPhoto('dog.jpg'),
  run: singleModel({
    prepare: (image: Image8, entry: DetectorEntry) => detectorFeeds(image, entry),
    decode: (o, _prepared, image, _entry, labels: string[]): DetectionResult => ({
      detections: decodeFastestDet(o.output.data as Float32Array, labels),
      imageSize: sizeOf(image),
    }),
  }),
});
