import { describe, expect, it } from 'vitest';
import { imageToTensor, cropToTensor } from '../../../src/engine/tensor/image-to-tensor';
import { centerCrop, resizeBilinear, resizeShorterSide, roundHalfEven } from '../../../src/engine/tensor/resize';
import { fromHalfBits } from '../../../src/engine/tensor/float16';
import { findClassifier } from '../../../src/tasks/classification/models';
import { decodeLikePillow, readFloat32, referencePath, samplePath } from '../../helpers/assets';

const imagenet = findClassifier('mobilenetv2-12-int8')!.preprocessing;
const caffe = findClassifier('squeezenet1.1-7-fp32')!.preprocessing;

/** Largest difference from the reference, in 8-bit steps of each channel. */
function maxStepError(actual: Float32Array, expected: Float32Array, stepPerChannel: readonly number[]): number {
  const plane = expected.length / 3;
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    worst = Math.max(worst, Math.abs(actual[i] - expected[i]) / stepPerChannel[Math.floor(i / plane)]);
  }
  return worst;
}

describe('image → tensor against the PIL/torchvision reference tensors', () => {
  // Measured: 0 steps (bit-identical pixels) on both photos; the bound allows for other JPEG decoders.
  const ALLOWED_STEPS = 2;
  for (const photo of ['dog', 'kimono']) {
    it(`${photo}.jpg, ImageNet mean/std (MobileNet, ShuffleNet)`, async () => {
      const tensor = imageToTensor(await decodeLikePillow(samplePath(`${photo}.jpg`)), imagenet);
      expect(tensor.dims).toEqual([1, 3, 224, 224]);
      const reference = readFloat32(referencePath(`${photo}.rgb-imagenet.f32`));
      const steps = imagenet.std.map((s) => imagenet.scale / s);
      const error = maxStepError(tensor.data as Float32Array, reference, steps);
      console.info(`${photo} rgb-imagenet: max error ${error.toFixed(4)} 8-bit steps`);
      expect(error).toBeLessThanOrEqual(ALLOWED_STEPS);
    });
    it(`${photo}.jpg, BGR minus mean (SqueezeNet)`, async () => {
      const tensor = imageToTensor(await decodeLikePillow(samplePath(`${photo}.jpg`)), caffe);
      const reference = readFloat32(referencePath(`${photo}.bgr-mean.f32`));
      const error = maxStepError(tensor.data as Float32Array, reference, [1, 1, 1]);
      console.info(`${photo} bgr-mean: max error ${error.toFixed(4)} 8-bit steps`);
      expect(error).toBeLessThanOrEqual(ALLOWED_STEPS);
    });
  }

  it('float16 input holds the float32 values rounded to half precision', async () => {
    const image = await decodeLikePillow(samplePath('dog.jpg'));
    const half = imageToTensor(image, { ...caffe, dtype: 'float16' });
    const full = imageToTensor(image, caffe);
    expect(half.data).toBeInstanceOf(Uint16Array);
    const f32 = full.data as Float32Array;
    for (let i = 0; i < f32.length; i += 97) {
      // Values are integers in -123..151 here: exactly representable in half precision.
      expect(fromHalfBits((half.data as Uint16Array)[i])).toBe(f32[i]);
    }
  });
});

describe('resize geometry (torchvision Resize + CenterCrop)', () => {
  it('scales the shorter side and truncates the longer', () => {
    expect(resizeShorterSide(768, 576, 256)).toEqual({ width: 341, height: 256 });
    expect(resizeShorterSide(576, 768, 256)).toEqual({ width: 256, height: 341 });
    expect(resizeShorterSide(1828, 1264, 256)).toEqual({ width: 370, height: 256 });
  });
  it('centre-crops with Python rounding (halves to even)', () => {
    expect(roundHalfEven(58.5)).toBe(58);
    expect(roundHalfEven(59.5)).toBe(60);
    expect(roundHalfEven(16)).toBe(16);
    expect(centerCrop(341, 256, 224)).toEqual({ left: 58, top: 16, width: 224, height: 224 });
    expect(() => centerCrop(100, 256, 224)).toThrow(RangeError);
  });
  it('a crop of the resize equals the same region of the full resize', async () => {
    const image = await decodeLikePillow(samplePath('eagle.jpg'));
    const full = resizeBilinear(image, 341, 256);
    const rect = { left: 58, top: 16, width: 224, height: 224 };
    const crop = resizeBilinear(image, 341, 256, rect);
    for (let y = 0; y < 224; y += 7) {
      for (let x = 0; x < 224; x += 5) {
        for (let c = 0; c < 3; c++) {
          expect(crop.data[(y * 224 + x) * 3 + c]).toBe(full.data[((y + 16) * 341 + x + 58) * 3 + c]);
        }
      }
    }
  });
  it('resizing to the same size is the identity; a flat image stays flat', () => {
    const data = Uint8Array.from({ length: 5 * 4 * 3 }, (_, i) => (i * 37) % 256);
    const same = resizeBilinear({ width: 5, height: 4, channels: 3, data }, 5, 4);
    expect(Array.from(same.data)).toEqual(Array.from(data));
    const flat = resizeBilinear({ width: 300, height: 200, channels: 3, data: new Uint8Array(300 * 200 * 3).fill(77) }, 17, 11);
    expect(flat.data.every((v) => v === 77)).toBe(true);
  });
  it('drops alpha from RGBA input and supports NHWC layout', () => {
    const rgba = { width: 2, height: 1, channels: 4, data: Uint8Array.from([255, 0, 0, 9, 0, 0, 255, 9]) };
    const crop = resizeBilinear(rgba, 2, 1);
    expect(Array.from(crop.data)).toEqual([255, 0, 0, 0, 0, 255]);
    const spec = { ...imagenet, mean: [0, 0, 0] as const, std: [1, 1, 1] as const, layout: 'NHWC' as const };
    expect(Array.from(cropToTensor(crop, spec).data)).toEqual([1, 0, 0, 0, 0, 1]);
    expect(Array.from(cropToTensor(crop, { ...spec, color: 'BGR' }).data)).toEqual([0, 0, 1, 1, 0, 0]);
  });
});
