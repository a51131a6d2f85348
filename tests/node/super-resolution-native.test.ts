/** Super-resolution (PyTorch) on onnxruntime-node: the model must beat bicubic on reduced photos. */
import { describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import { bicubicUpscale, combine, modelInput, prepareCase, psnr, SUPER_RESOLUTION } from '../../src/tasks/super-resolution/super-resolution';
import { decodeLikePillow, modelPath, samplePath } from '../helpers/assets';

describe('super-resolution x3', () => {
  it('gives a higher PSNR than bicubic on baboon, giraffe and kimono', async () => {
    const session = await ort.InferenceSession.create(modelPath(SUPER_RESOLUTION.source.file));
    for (const photo of ['baboon.jpg', 'giraffe.jpg', 'kimono.jpg']) {
      const { original, lowRes } = prepareCase(await decodeLikePillow(samplePath(photo)));
      const out = await session.run({ [SUPER_RESOLUTION.inputName]: new ort.Tensor('float32', modelInput(lowRes), [1, 1, 224, 224]) });
      const bicubic = bicubicUpscale(lowRes);
      const result = combine(out[SUPER_RESOLUTION.outputName].data as Float32Array, bicubic);
      const [model, baseline] = [psnr(result, original), psnr(bicubic, original)];
      console.info(`${photo}: model ${model.toFixed(2)} dB, bicubic ${baseline.toFixed(2)} dB`);
      expect(model).toBeGreaterThan(baseline);
    }
    await session.release();
  });
});
