import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ModelSession } from '../../../src/engine/ort/session';
import type { Ort } from '../../../src/engine/ort/runtime';

const MODELS = resolve(import.meta.dirname, '..', '..', '..', 'public', 'models');

/**
 * An `ort` whose sessions behave as onnxruntime-web's WebGL handler does (lib/onnxjs/
 * session-handler-inference.ts): names are known, the metadata getters throw.
 */
function webglLikeOrt(inputNames: string[], outputNames: string[]): { ort: Ort; metadataAsked: () => number } {
  let asked = 0;
  const session = {
    inputNames,
    outputNames,
    get inputMetadata(): never {
      asked++;
      throw new Error('Getting model metadata is not supported in webgl backend.');
    },
    get outputMetadata(): never {
      asked++;
      throw new Error('Getting model metadata is not supported in webgl backend.');
    },
    release: async () => {},
  };
  const ort = { InferenceSession: { create: async () => session } } as unknown as Ort;
  return { ort, metadataAsked: () => asked };
}

describe('ModelSession on WebGL', () => {
  it('reads inputs and outputs from the model bytes, never from the metadata WebGL cannot give', async () => {
    const bytes = readFileSync(resolve(MODELS, 'mnist-8.onnx'));
    const { ort, metadataAsked } = webglLikeOrt(['Input3'], ['Plus214_Output_0']);
    const session = await ModelSession.create(ort, bytes, 'mnist-8', { backend: 'webgl' });
    expect(session.inputs).toEqual([{ name: 'Input3', dtype: 'float32', dims: [1, 1, 28, 28] }]);
    expect(session.outputs).toEqual([{ name: 'Plus214_Output_0', dtype: 'float32', dims: [1, 10] }]);
    expect(metadataAsked()).toBe(0);
    await session.release();
  });

  it('keeps the session’s order, other dtypes, and unknown dims as null (as ORT’s metadata gives them)', async () => {
    // The scikit-learn pipeline: string and int64 inputs with a dynamic batch dimension.
    const bytes = readFileSync(resolve(MODELS, 'titanic-pipeline.onnx'));
    const { ort } = webglLikeOrt(['sex', 'pclass'], ['probabilities', 'label']);
    const session = await ModelSession.create(ort, bytes, 'titanic', { backend: 'webgl' });
    expect(session.inputs).toEqual([
      { name: 'sex', dtype: 'string', dims: [null, 1] },
      { name: 'pclass', dtype: 'int64', dims: [null, 1] },
    ]);
    expect(session.outputs).toEqual([
      { name: 'probabilities', dtype: 'float32', dims: [null, 2] },
      { name: 'label', dtype: 'int64', dims: [null] },
    ]);
    await session.release();
  });

  it('names an input the model does not declare instead of inventing a type for it', async () => {
    const bytes = readFileSync(resolve(MODELS, 'mnist-8.onnx'));
    const { ort } = webglLikeOrt(['Input3', 'extra'], ['Plus214_Output_0']);
    const session = await ModelSession.create(ort, bytes, 'mnist-8', { backend: 'webgl' });
    expect(session.inputs[1]).toEqual({ name: 'extra', dtype: 'unknown', dims: null });
    await session.release();
  });
});
