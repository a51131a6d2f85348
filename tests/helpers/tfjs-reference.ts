/**
 * TF.js as the reference for converted models: the original graph model run on TF.js's WASM
 * backend in Node, fed a real photo resized to the model's input shape.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { createRequire } from 'node:module';
import sharp from 'sharp';
import { ROOT, samplePath } from './assets';

export const HUMAN_MODELS = resolve(ROOT, 'node_modules', '@vladmandic', 'human-models', 'models');
export const humanModelPath = (name: string) => resolve(HUMAN_MODELS, `${name}.json`);
export const humanModelNames = () =>
  readdirSync(HUMAN_MODELS)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -5))
    .sort();

/** model.json and its shards, as the converter's Node callers pass them. */
export function readModelFiles(jsonPath: string): { modelJson: Uint8Array; shards: Record<string, Uint8Array> } {
  const modelJson = readFileSync(jsonPath);
  const json = JSON.parse(modelJson.toString('utf8'));
  const shards: Record<string, Uint8Array> = {};
  for (const g of json.weightsManifest ?? []) for (const p of g.paths) shards[p] = readFileSync(resolve(dirname(jsonPath), p));
  return { modelJson, shards };
}

export interface Feed {
  dtype: 'float32' | 'int32' | 'bool';
  shape: number[];
  data: Float32Array | Int32Array | Uint8Array;
}

type Tf = typeof import('@tensorflow/tfjs-core') & typeof import('@tensorflow/tfjs-converter');
let tfPromise: Promise<Tf> | null = null;

/** TF.js with its WASM backend, initialised once per process. */
export function tfjs(backend: 'wasm' | 'cpu' = 'wasm'): Promise<Tf> {
  tfPromise ??= (async () => {
    const core = await import('@tensorflow/tfjs-core');
    const converter = await import('@tensorflow/tfjs-converter');
    await import('@tensorflow/tfjs-backend-cpu');
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    const require = createRequire(import.meta.url);
    wasm.setWasmPaths(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')) + '/');
    core.env().set('IS_NODE', true);
    return { ...core, ...converter } as Tf;
  })();
  return tfPromise.then(async (tf) => {
    if (tf.getBackend() !== backend) await tf.setBackend(backend);
    await tf.ready();
    return tf;
  });
}

/** Loads a graph model from its files without fetch. */
export async function loadTfjsModel(tf: Tf, jsonPath: string) {
  const json = JSON.parse(readFileSync(jsonPath, 'utf8'));
  const groups = json.weightsManifest as { paths: string[]; weights: unknown[] }[];
  const buffers = groups.flatMap((g) => g.paths.map((p) => readFileSync(resolve(dirname(jsonPath), p))));
  const weightData = new Uint8Array(Buffer.concat(buffers)).buffer;
  return tf.loadGraphModel(
    tf.io.fromMemory({
      modelTopology: json.modelTopology,
      weightSpecs: groups.flatMap((g) => g.weights) as never,
      weightData,
      format: json.format,
      generatedBy: json.generatedBy,
      convertedBy: json.convertedBy,
      signature: json.signature,
      userDefinedMetadata: json.userDefinedMetadata,
    }),
  );
}

/**
 * The photo resized to an NHWC input (unknown sizes: batch 1, else 256); floats in [0, 1], int32
 * inputs 0-255 as the model's own preprocessing gives them. Other ranks get the pixels in order.
 */
export async function photoFeed(shape: number[], dtype: string, photo = 'person.jpg'): Promise<Feed> {
  const dims = shape.map((d, i) => (d >= 0 ? d : i === 0 ? 1 : 256));
  const [h, w, c] = dims.length === 4 ? dims.slice(1) : [64, 64, 3];
  const img = sharp(samplePath(photo), { ignoreIcc: true }).resize(w, h, { fit: 'fill' });
  const { data } = await (c === 1 ? img.greyscale() : img.removeAlpha()).raw().toBuffer({ resolveWithObject: true });
  const size = dims.reduce((a, b) => a * b, 1);
  const pixel = (i: number) => data[i % data.length];
  if (dtype === 'int32') return { dtype: 'int32', shape: dims, data: Int32Array.from({ length: size }, (_, i) => pixel(i)) };
  if (dtype === 'bool') return { dtype: 'bool', shape: dims, data: Uint8Array.from({ length: size }, (_, i) => pixel(i) & 1) };
  return { dtype: 'float32', shape: dims, data: Float32Array.from({ length: size }, (_, i) => pixel(i) / 255) };
}

export interface ModelIo {
  inputs: { name: string; shape: number[]; dtype: string }[];
  outputs: string[];
}

/** Runs the original on TF.js: every output by TF.js's own output name. */
export async function runTfjs(jsonPath: string, backend: 'wasm' | 'cpu' = 'wasm', photo?: string): Promise<{ io: ModelIo; feeds: Record<string, Feed>; outputs: Record<string, { shape: number[]; data: Float32Array }> }> {
  const tf = await tfjs(backend);
  const model = await loadTfjsModel(tf, jsonPath);
  const io: ModelIo = {
    inputs: model.inputs.map((i) => ({ name: i.name, shape: (i.shape ?? []).map((d) => d ?? -1), dtype: i.dtype })),
    outputs: model.outputs.map((o) => o.name),
  };
  const feeds: Record<string, Feed> = {};
  for (const i of io.inputs) feeds[i.name] = await photoFeed(i.shape, i.dtype, photo);
  const inputTensors = Object.fromEntries(Object.entries(feeds).map(([n, f]) => [n, tf.tensor(f.data, f.shape, f.dtype)]));
  // execute() for plain graphs (executeAsync warns about them); executeAsync for control flow.
  let result;
  try {
    result = model.execute(inputTensors, io.outputs);
  } catch {
    result = await model.executeAsync(inputTensors, io.outputs);
  }
  const list = Array.isArray(result) ? result : [result];
  const outputs: Record<string, { shape: number[]; data: Float32Array }> = {};
  for (let k = 0; k < list.length; k++) outputs[io.outputs[k]] = { shape: list[k].shape, data: Float32Array.from(await list[k].data()) };
  tf.dispose([...list, ...Object.values(inputTensors)]);
  model.dispose();
  return { io, feeds, outputs };
}
