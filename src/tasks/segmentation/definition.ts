/** Person segmentation (MediaPipe selfie): the mask, the background blurred and replaced. */
import type { Image8 } from '../../engine/tensor/resize';
import { defineTask, onlyFeed, rgb, singleModel, sizeOf, type RgbImage } from '../task';
import { blurredBackdrop, composite, displayImage, gradientBackground, maskImage, maskMeans, maskPicture, SELFIE, selfieInput } from './segmentation';

export interface SegmentationResult {
  /** The photo (reduced to at most 960 px a side), the mask as grey, and the two composites, all one size. */
  photo: RgbImage;
  mask: RgbImage;
  blurred: RgbImage;
  replaced: RgbImage;
  /** Share of the photo the mask calls person (mean probability). */
  personShare: number;
  sourceSize: { width: number; height: number };
}

function selfieFeeds(image: Image8) {
  const { data, dims } = selfieInput(image);
  return { feeds: { [SELFIE.inputName]: { dtype: 'float32' as const, dims, data } } };
}

export const segmentation = defineTask({
  id: 'segmentation',
  title: 'Person segmentation',
  takes: ['photo'],
  models: [SELFIE],
  samples: ['person.jpg', 'messi5.jpg'],
  photo: {
    describe: () => ({ description: `the segmentation task's own preprocessing: stretched to ${SELFIE.size}×${SELFIE.size}, RGB scaled to 0-1 (NHWC)`, sample: 'person.jpg' }),
    prepare: (pixels) => onlyFeed(selfieFeeds(pixels).feeds),
  },
  run: singleModel({
    prepare: selfieFeeds,
    decode: (o, _prepared, image): SegmentationResult => {
      const mask = maskImage(o[SELFIE.outputName].data as Float32Array);
      const photo = displayImage(image);
      return {
        photo: rgb(photo),
        mask: rgb(maskPicture(mask, photo.width, photo.height)),
        blurred: rgb(composite(photo, mask, blurredBackdrop(photo))),
        replaced: rgb(composite(photo, mask, gradientBackground(photo.width, photo.height))),
        personShare: maskMeans(mask, { x1: 0, y1: 0, x2: 1, y2: 1 }).inside,
        sourceSize: sizeOf(image),
      };
    },
  }),
});
