/** The committed native references are what onnxruntime-node computes today on the shared synthetic inputs. */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-node';
import references from '../../src/tasks/portability-reference.json';
import { compareWithNative, sampleIndices, type PortabilityReference } from '../../src/engine/bench/portability';
import { nativeOutputs } from '../../scripts/portability-native';
import { GALLERY } from '../../src/tasks/gallery';
import { modelPath } from '../helpers/assets';
import { isQuantized, nativeInt8IsExact } from '../helpers/native-cpu';

describe('portability references', () => {
  it('cover every gallery model', () => {
    expect((references.references as PortabilityReference[]).map((r) => r.model).sort()).toEqual(GALLERY.map((m) => m.id).sort());
  });
  it.each((references.references as PortabilityReference[]).map((r) => [r.model, r] as const))('%s reproduces natively', async (_id, reference) => {
    const model = GALLERY.find((m) => m.id === reference.model)!;
    const values = await nativeOutputs(ort, readFileSync(modelPath(model.source.file)), reference.seed);
    expect(reference.indices).toEqual(sampleIndices(values.length));
    const { scaledDiff } = compareWithNative(values, reference);
    // Float kernels differ in the last bits between CPUs (FMA or not); int8 ones more (native-cpu.ts).
    const tolerance = isQuantized(model.source.file) && !nativeInt8IsExact() ? 0.5 : 1e-5;
    expect(scaledDiff).toBeLessThan(tolerance);
  });
  it('a wrong value is caught', () => {
    const reference = { model: 'x', seed: 1, total: 4, indices: [0, 3], values: [1, -2] };
    expect(compareWithNative([1, 0, 0, -2], reference)).toEqual({ maxAbsDiff: 0, scaledDiff: 0, checked: 2 });
    expect(compareWithNative([1, 0, 0, 6.9e8], reference).maxAbsDiff).toBeGreaterThan(1e8);
    expect(() => compareWithNative([1], reference)).toThrow(/values/);
  });
});
