/** Super-resolution x3: the photo's centre reduced, upscaled by the model and by bicubic, both compared with the original. */
import type { Image8 } from '../../engine/tensor/resize';
import { defineTask, onlyFeed, rgb, singleModel, type RgbImage } from '../task';
import { bicubicUpscale, combine, modelInput, prepareCase, psnr, SUPER_RESOLUTION } from './super-resolution';

export interface SuperResolutionResult {
  lowRes: RgbImage;
  bicubic: RgbImage;
  model: RgbImage;
  original: RgbImage;
  psnrModel: number;
  psnrBicubic: number;
}

function superResolutionFeeds(photo: Image8) {
  const { original, lowRes } = prepareCase(photo);
  const size = SUPER_RESOLUTION.inputSize;
  return { feeds: { [SUPER_RESOLUTION.inputName]: { dtype: 'float32' as const, dims: [1, 1, size, size], data: modelInput(lowRes) } }, original, lowRes };
}

export const superResolution = defineTask({
  id: 'super-resolution',
  title: 'Super-resolution',
  takes: ['photo'],
  models: [SUPER_RESOLUTION],
  samples: ['baboon.jpg', 'giraffe.jpg'],
  photo: {
    describe: () => ({ description: `the super-resolution task's own preprocessing: the centre reduced to ${SUPER_RESOLUTION.inputSize}×${SUPER_RESOLUTION.inputSize}, its luma scaled to 0-1`, sample: 'baboon.jpg' }),
    prepare: (pixels) => onlyFeed(superResolutionFeeds(pixels).feeds),
  },
  run: singleModel({
    prepare: superResolutionFeeds,
    decode: (o, { original, lowRes }): SuperResolutionResult => {
      const bicubic = bicubicUpscale(lowRes);
      const upscaled = combine(o[SUPER_RESOLUTION.outputName].data as Float32Array, bicubic);
      return { lowRes: rgb(lowRes), bicubic: rgb(bicubic), model: rgb(upscaled), original: rgb(original), psnrModel: psnr(upscaled, original), psnrBicubic: psnr(bicubic, original) };
    },
  }),
});
