/** Super-resolution (PyTorch) through the app's task pipeline on onnxruntime-node: the model must beat bicubic on reduced photos. */
import { describe, expect, it } from 'vitest';
import { superResolution } from '../../src/tasks/super-resolution/definition';
import { decodeLikePillow, samplePath } from '../helpers/assets';
import { nodeInfer, runInNode } from '../helpers/node-tasks';

describe('super-resolution x3', () => {
  it('gives a higher PSNR than bicubic on baboon, giraffe and kimono', async () => {
    const infer = nodeInfer();
    for (const photo of ['baboon.jpg', 'giraffe.jpg', 'kimono.jpg']) {
      const result = await runInNode(superResolution, await decodeLikePillow(samplePath(photo)), { infer });
      const [model, baseline] = [result.psnrModel, result.psnrBicubic];
      console.info(`${photo}: model ${model.toFixed(2)} dB, bicubic ${baseline.toFixed(2)} dB`);
      expect(model).toBeGreaterThan(baseline);
    }
    await infer.release();
  });
});
