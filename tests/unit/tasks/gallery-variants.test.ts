import { describe, expect, it } from 'vitest';
import { findGalleryModel, galleryVariants } from '../../../src/tasks/gallery';

describe('gallery variants (the manifest’s `variant`)', () => {
  it('MobileNetV2’s fp32 and int8 files are the fp32 and q8 variants of one model, full precision first', () => {
    const int8 = findGalleryModel('mobilenetv2-12-int8')!;
    expect(int8.variant).toEqual({ of: 'mobilenetv2-12', name: 'q8' });
    expect(galleryVariants(int8).map((m) => [m.variant!.name, m.id])).toEqual([['fp32', 'mobilenetv2-12-fp32'], ['q8', 'mobilenetv2-12-int8']]);
    expect(galleryVariants(findGalleryModel('mobilenetv2-12-fp32')!)).toEqual(galleryVariants(int8));
  });
  it('a model in one file has no variants', () => {
    const squeezenet = findGalleryModel('squeezenet1.1-7-fp32')!;
    expect(squeezenet.variant).toBeNull();
    expect(galleryVariants(squeezenet)).toEqual([]);
  });
});
