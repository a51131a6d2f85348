/**
 * Converts an ONNX model to a TF.js graph model and holds the TF.js model (loaded by TF.js 4.22
 * itself from memory) to the ONNX model run on onnxruntime-node: same seeded input, every output
 * compared by its ONNX name, as max |a - b| / max(1e-6, max |ref|).
 */
import * as ort from 'onnxruntime-node';
import { convertOnnxModel, tfjsArtifacts, type OnnxToTfjsOptions, type OnnxToTfjsResult } from '../../src/engine/convert/onnx-to-tfjs';
import { tfjs } from './tfjs-reference';
import { float32ToHalf, halfToFloat32 } from '../../src/engine/convert/weights';

export interface OutputDiff {
  name: string;
  shape: number[];
  refShape: number[];
  maxDiff: number;
  scale: number;
  /** maxDiff / max(1e-6, scale). */
  relative: number;
}

export interface OnnxTfjsCheck {
  result: OnnxToTfjsResult;
  outputs: OutputDiff[];
  ms: { convert: number; load: number };
  worst: number;
}

/** Deterministic uniform [0, 1) values (mulberry32). */
export function seeded(n: number, seed = 42): Float32Array {
  let a = seed >>> 0;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  return out;
}

export interface Feed {
  dtype: 'float32' | 'float16' | 'int32' | 'int64' | 'bool';
  shape: number[];
  data: Float32Array | Int32Array | BigInt64Array | Uint8Array | Uint16Array;
  /** float16 feeds: the same values as float32, for TF.js. */
  float32?: Float32Array;
}

export interface FeedOptions {
  /** Unknown sizes other than the batch (1). */
  fill?: number;
  /** Float inputs are uniform in [lo, hi) (default [0, 1)). */
  lo?: number;
  hi?: number;
}

/** Seeded feeds for a converted model's inputs: unknown sizes 1 (batch) or `fill` (the rest). */
export function seededFeeds(result: OnnxToTfjsResult, { fill = 64, lo = 0, hi = 1 }: FeedOptions = {}): Record<string, Feed> {
  const feeds: Record<string, Feed> = {};
  result.report.inputs.forEach((input, k) => {
    const shape = (input.dims ?? [1]).map((d, i) => (typeof d === 'number' && d >= 0 ? d : i === 0 ? 1 : fill));
    const n = shape.reduce((a, b) => a * b, 1);
    const values = seeded(n, 42 + k);
    if (lo !== 0 || hi !== 1) for (let i = 0; i < n; i++) values[i] = lo + values[i] * (hi - lo);
    if (input.type === 'float') feeds[input.name] = { dtype: 'float32', shape, data: values };
    else if (input.type === 'float16') {
      const bits = float32ToHalf(values);
      feeds[input.name] = { dtype: 'float16', shape, data: bits, float32: halfToFloat32(bits) };
    }
    else if (input.type === 'int64') feeds[input.name] = { dtype: 'int64', shape, data: BigInt64Array.from(values, (v) => BigInt(Math.floor(v * 10))) };
    else if (input.type === 'bool') feeds[input.name] = { dtype: 'bool', shape, data: Uint8Array.from(values, (v) => (v > 0.5 ? 1 : 0)) };
    else feeds[input.name] = { dtype: 'int32', shape, data: Int32Array.from(values, (v) => Math.floor(v * 10)) };
  });
  return feeds;
}

export async function runOnnxNode(onnx: Uint8Array, feeds: Record<string, Feed>): Promise<Record<string, { dims: number[]; data: Float64Array }>> {
  const session = await ort.InferenceSession.create(onnx, { graphOptimizationLevel: 'extended' });
  const out = await session.run(Object.fromEntries(Object.entries(feeds).map(([n, f]) => [n, new ort.Tensor(f.dtype, f.data, f.shape)])));
  await session.release();
  const values = (t: ort.Tensor) => (t.type === 'float16' ? halfToFloat32(new Uint16Array((t.data as Uint16Array).buffer, (t.data as Uint16Array).byteOffset, t.size)) : (t.data as ArrayLike<number | bigint>));
  return Object.fromEntries(Object.entries(out).map(([n, t]) => [n, { dims: Array.from(t.dims, Number), data: Float64Array.from(values(t), Number) }]));
}

/** Runs the converted model on TF.js (WASM by default) through tf.loadGraphModel(tf.io.fromMemory(...)). */
export async function runConverted(result: OnnxToTfjsResult, feeds: Record<string, Feed>, backend: 'wasm' | 'cpu' = 'wasm'): Promise<{ outputs: Record<string, { shape: number[]; data: Float64Array }>; loadMs: number }> {
  const tf = await tfjs(backend);
  const t0 = performance.now();
  const model = await tf.loadGraphModel(tf.io.fromMemory(tfjsArtifacts(result) as never));
  const loadMs = performance.now() - t0;
  const names = result.report.outputs.map((o) => o.name);
  const inputs = Object.fromEntries(
    Object.entries(feeds).map(([n, f]) => {
      if (f.dtype === 'int64') return [n, tf.tensor(Int32Array.from(f.data as BigInt64Array, Number), f.shape, 'int32')];
      if (f.dtype === 'float16') return [n, tf.tensor(f.float32!, f.shape, 'float32')];
      return [n, tf.tensor(f.data as Float32Array, f.shape, f.dtype)];
    }),
  );
  const got = model.execute(inputs, names);
  const list = Array.isArray(got) ? got : [got];
  const outputs: Record<string, { shape: number[]; data: Float64Array }> = {};
  for (let k = 0; k < list.length; k++) outputs[names[k]] = { shape: list[k].shape, data: Float64Array.from(await list[k].data()) };
  tf.dispose([...list, ...Object.values(inputs)]);
  model.dispose();
  return { outputs, loadMs };
}

export function compare(name: string, got: { shape: number[]; data: Float64Array }, ref: { dims: number[]; data: Float64Array }): OutputDiff {
  let maxDiff = got.data.length === ref.data.length ? 0 : Infinity;
  let scale = 0;
  for (let i = 0; i < ref.data.length && maxDiff !== Infinity; i++) {
    const a = got.data[i];
    const b = ref.data[i];
    const d = Number.isNaN(a) || Number.isNaN(b) ? (Number.isNaN(a) && Number.isNaN(b) ? 0 : Infinity) : Math.abs(a - b);
    if (d > maxDiff) maxDiff = d;
    if (Number.isFinite(b)) scale = Math.max(scale, Math.abs(b));
  }
  return { name, shape: got.shape, refShape: ref.dims, maxDiff, scale, relative: maxDiff / Math.max(1e-6, scale) };
}

export async function checkOnnxToTfjs(onnx: Uint8Array, options: OnnxToTfjsOptions = {}, backend: 'wasm' | 'cpu' = 'wasm', feed: FeedOptions = {}): Promise<OnnxTfjsCheck> {
  const t0 = performance.now();
  const result = await convertOnnxModel(onnx, options);
  const convertMs = performance.now() - t0;
  const feeds = seededFeeds(result, feed);
  const ref = await runOnnxNode(onnx, feeds);
  const { outputs: got, loadMs } = await runConverted(result, feeds, backend);
  const outputs = result.report.outputs.map((o) => compare(o.name, got[o.name], ref[o.name]));
  return { result, outputs, ms: { convert: convertMs, load: loadMs }, worst: Math.max(0, ...outputs.map((o) => o.relative)) };
}
