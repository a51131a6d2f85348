/**
 * Which models a photo feeds on the comparison page, and that each recipe gives the tensor the
 * model declares; run on onnxruntime-node, the face detector finds faces through its recipe.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-node';
import { readModelInfo } from '../../src/engine/onnx-format/model-info';
import { bytesSource } from '../../src/engine/onnx-format/byte-source';
import { findGalleryModel, GALLERY } from '../../src/tasks/gallery';
import { imageInputFor, prepareImageInput } from '../../src/tasks/image-input';
import { decodeUltraface } from '../../src/tasks/detection/models';
import { decodeLikePillow, modelPath, samplePath } from '../helpers/assets';

const infoOf = (file: string) => readModelInfo(bytesSource(readFileSync(modelPath(file))));

describe('photos on the comparison page', () => {
  it('go to every image model of the gallery, by its task, and to no other', async () => {
    // Each model's recipe: its task's own preprocessing (by task id), the generic one, or none.
    const kinds: Record<string, string | null> = {};
    for (const model of GALLERY) {
      const recipe = imageInputFor(model, await infoOf(model.source.file))?.recipe;
      kinds[model.id] = recipe ? (recipe.kind === 'task' ? recipe.task : recipe.kind) : null;
    }
    expect(kinds).toMatchObject({
      'mobilenetv2-12-int8': 'classification',
      'squeezenet1.1-7-fp16': 'classification',
      'ultraface-rfb-320': 'face-detection',
      fastestdet: 'object-detection',
      'super-resolution-10': 'super-resolution',
      'ch_PP-OCRv4_det_infer': 'ocr',
      'movenet-lightning': 'pose',
      selfie: 'segmentation',
      emotion: null, // grey 64x64 face crops: the face task finds faces first
      gender: null,
      'mnist-8': null, // one grey 28x28 channel: the digits task draws, it takes no photo
      'titanic-pipeline': null,
    });
  });

  it('give each model the tensor it declares', async () => {
    const photo = await decodeLikePillow(samplePath('messi5.jpg'));
    for (const model of GALLERY) {
      const info = await infoOf(model.source.file);
      const input = imageInputFor(model, info);
      if (!input) continue;
      const { name, tensor } = prepareImageInput(photo, input.recipe);
      const declared = info.inputs.find((v) => v.name === name);
      expect(declared, `${model.id}: input ${name}`).toBeDefined();
      expect(tensor.dims.length).toBe(declared!.shape!.length);
      declared!.shape!.forEach((d, i) => typeof d === 'number' && d > 0 && expect(tensor.dims[i], `${model.id} dim ${i}`).toBe(d));
      expect(tensor.data.length).toBe(tensor.dims.reduce((a, b) => a * b, 1));
    }
  });

  it('take a generic, stated resize for a user model with an image-shaped input', async () => {
    const input = imageInputFor(null, await infoOf('mobilenetv2-12-fp32.onnx'));
    expect(input?.recipe).toEqual({ kind: 'generic', inputName: 'input', width: 224, height: 224, layout: 'NCHW' });
    expect(input?.description).toContain('generic resize');
    expect(imageInputFor(null, await infoOf('mnist-8.onnx'))).toBeNull();
  });

  it('find the faces in messi5.jpg through the detector recipe on onnxruntime-node', async () => {
    const gallery = findGalleryModel('ultraface-rfb-320')!;
    const input = imageInputFor(gallery, null)!;
    const { name, tensor } = prepareImageInput(await decodeLikePillow(samplePath('messi5.jpg')), input.recipe);
    const session = await ort.InferenceSession.create(modelPath(gallery.source.file));
    const out = await session.run({ [name]: new ort.Tensor('float32', tensor.data as Float32Array, tensor.dims) });
    const faces = decodeUltraface(out.scores.data as Float32Array, out.boxes.data as Float32Array);
    expect(faces).toHaveLength(1); // as the detection task finds (tests/node/detection-native.test.ts)
    await session.release();
  });
});
