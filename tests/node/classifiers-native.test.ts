/**
 * The catalogue's input/output names, output kinds and float16 handling, checked with the native
 * runtime (onnxruntime-node): fed the reference tensors, every classifier must reproduce
 * reference/classification-top5.json.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-node';
import { CLASSIFIERS } from '../../src/tasks/classification/models';
import { parseSynsetLabels, topClasses } from '../../src/tasks/classification/postprocess';
import { fromHalfArray, toHalfArray } from '../../src/engine/tensor/float16';
import { labelsPath, modelPath, readFloat32, referencePath, referenceTop5 } from '../helpers/assets';
import { isQuantized, nativeInt8IsExact } from '../helpers/native-cpu';

const reference = referenceTop5();
const PHOTOS_WITH_TENSORS = ['dog', 'kimono'];
const INT8_EXACT = nativeInt8IsExact();

describe.each(CLASSIFIERS.map((entry) => [entry.id, entry] as const))('%s on onnxruntime-node', (_id, entry) => {
  const labels = parseSynsetLabels(readFileSync(labelsPath(entry.labelsFile), 'utf8'));

  it.each(PHOTOS_WITH_TENSORS)('reproduces the reference top-5 for %s to 1e-4', async (photo) => {
    const session = await ort.InferenceSession.create(modelPath(entry.source.file));
    try {
      const suffix = entry.preprocessing.color === 'BGR' ? 'bgr-mean' : 'rgb-imagenet';
      const values = readFloat32(referencePath(`${photo}.${suffix}.f32`));
      const input =
        entry.preprocessing.dtype === 'float16'
          ? new ort.Tensor('float16', toHalfArray(values), [1, 3, 224, 224])
          : new ort.Tensor('float32', values, [1, 3, 224, 224]);
      const outputs = await session.run({ [entry.inputName]: input }, [entry.outputName]);
      const output = outputs[entry.outputName];
      const scores = output.type === 'float16' ? fromHalfArray(output.data as Uint16Array) : (output.data as Float32Array);
      expect(scores.length).toBe(1000);
      const top5 = topClasses(scores, entry.outputKind, labels, 5);
      const expected = reference[entry.id][photo];
      if (isQuantized(entry.source.file) && !INT8_EXACT) {
        // Saturating int8 kernels (see native-cpu.ts): the answer must still be the same class.
        expect(top5[0].index).toBe(expected[0].index);
        expect(Math.abs(top5[0].p - expected[0].p)).toBeLessThan(0.25);
        expect(top5.filter((c) => expected.some((e) => e.index === c.index)).length).toBeGreaterThanOrEqual(3);
        return;
      }
      expect(top5.map((c) => c.index)).toEqual(expected.map((c) => c.index));
      expect(top5.map((c) => c.label)).toEqual(expected.map((c) => c.label));
      top5.forEach((c, i) => expect(Math.abs(c.p - expected[i].p)).toBeLessThanOrEqual(1e-4));
    } finally {
      await session.release();
    }
  });
});
