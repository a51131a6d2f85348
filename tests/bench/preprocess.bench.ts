// Preprocessing cost for a 12-megapixel photo (4000x3000 RGBA, as a phone camera gives), in Node.
// The browser runs the same code in the worker. Run: npm run bench:preprocess
import { bench, describe } from 'vitest';
import { imageToTensor } from '../../src/engine/tensor/image-to-tensor';
import { findClassifier } from '../../src/tasks/classification/models';

const width = 4000;
const height = 3000;
const data = new Uint8Array(width * height * 4);
for (let i = 0; i < data.length; i++) data[i] = (i * 2654435761) >>> 24; // deterministic noise
const image = { width, height, channels: 4, data };

describe('12 MP photo → 224x224 tensor', () => {
  bench('float32 (MobileNetV2)', () => {
    imageToTensor(image, findClassifier('mobilenetv2-12-int8')!.preprocessing);
  });
  bench('float16 (SqueezeNet fp16)', () => {
    imageToTensor(image, findClassifier('squeezenet1.1-7-fp16')!.preprocessing);
  });
});
