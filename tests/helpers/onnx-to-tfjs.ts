/**
 * An ONNX model converted to a TF.js graph model (src/engine/convert/onnx-to-tfjs.ts), run on TF.js
 * in Node beside the ONNX original on onnxruntime (node or web's WASM build): the same seeded input,
 * every output compared by name, and the two timed side by side (both WASM, one thread). Shared by
 * the Node tests and scripts/check-onnx-to-tfjs.ts.
 */
import * as native from 'onnxruntime-node';
import { convertOnnxModel, tfjsArtifacts, type OnnxToTfjsOptions, type OnnxToTfjsResult } from '../../src/engine/convert/onnx-to-tfjs';
import type { ValueInfo } from '../../src/engine/convert/graph';
import { compareByName, syntheticFeeds, type Agreement, type Feed, type OutputValues } from '../../src/engine/tfjs/agreement';
import { median, speedupOfMedians, type Speedup } from '../../src/engine/bench/stats';
import { fromHalfBits, toHalfArray } from '../../src/engine/tensor/float16';
import { tfjs } from './tfjs-reference';

type Tf = Awaited<ReturnType<typeof tfjs>>;
type GraphModel = Awaited<ReturnType<Tf['loadGraphModel']>>;
type Tensor = import('@tensorflow/tfjs-core').Tensor;

/**
 * TF.js on its WASM backend, with one thread (its plain SIMD build) when this call starts the
 * backend: the threaded build is turned off first, as the app's conversion check does. A backend
 * another helper started earlier keeps its build (the timing checks that it runs one thread).
 */
export async function tfjsWasmOneThread(): Promise<Tf> {
  const [core, wasm] = await Promise.all([import('@tensorflow/tfjs-core'), import('@tensorflow/tfjs-backend-wasm')]);
  if (!core.engine().registry.wasm) core.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  wasm.setThreadsCount(1);
  return tfjs('wasm');
}

/** TF.js WASM's thread count (for the speed comparison, which must run one). */
export const tfjsWasmThreads = async () => (await import('@tensorflow/tfjs-backend-wasm')).getThreadsCount();

/** A converted model in TF.js, from memory, as the app loads it (tf.io.fromMemory). */
export const loadConverted = (tf: Tf, result: OnnxToTfjsResult): Promise<GraphModel> => tf.loadGraphModel(tf.io.fromMemory(tfjsArtifacts(result) as never));

/**
 * The seeded synthetic feeds for a model's inputs, as both runtimes take them: a float16 input's
 * values rounded to float16 (TF.js, which has no float16, gets them as float32; ORT as float16).
 */
export function feedsFor(inputs: readonly ValueInfo[]): Record<string, Feed> {
  const feeds = syntheticFeeds(inputs);
  for (const input of inputs) {
    const feed = feeds[input.name];
    if (input.type === 'float16') feeds[input.name] = { ...feed, data: Float32Array.from(toHalfArray(feed.data), fromHalfBits) };
  }
  return feeds;
}

/** The synthetic feed in the ONNX input's own element type (int64 for int64 inputs, float16 for float16). */
function ortTensor<T extends typeof native>(ort: T, feed: Feed, type: string) {
  if (type === 'int64') return new ort.Tensor('int64', BigInt64Array.from(feed.data, (v) => BigInt(v)), feed.shape);
  if (type === 'float16') return new ort.Tensor('float16', toHalfArray(feed.data), feed.shape);
  if (type === 'uint8') return new ort.Tensor('uint8', Uint8Array.from(feed.data), feed.shape);
  return new ort.Tensor(feed.dtype, feed.data, feed.shape);
}

const values = (dims: readonly number[], data: ArrayLike<number | bigint>): OutputValues => ({ shape: [...dims], data: Float64Array.from(data as ArrayLike<number>, Number) });

/** One ONNX session (onnxruntime-node, or onnxruntime-web's WASM build with one thread). */
export async function ortSession(bytes: Uint8Array, runtime: 'node' | 'web') {
  const ort = runtime === 'web' ? ((await import('onnxruntime-web/wasm')) as unknown as typeof native) : native;
  if (runtime === 'web') (ort.env.wasm as { numThreads?: number }).numThreads = 1;
  // 'extended' for native: 'all' adds x86-only NCHWc kernels onnxruntime-web does not have.
  // Warnings off: old exporters' initializers listed as inputs make onnxruntime-node print one per weight.
  const session = await ort.InferenceSession.create(bytes, { logSeverityLevel: 3, ...(runtime === 'node' && { graphOptimizationLevel: 'extended' as const }) });
  return {
    async run(inputs: readonly ValueInfo[], feeds: Record<string, Feed>, outputNames: readonly string[]): Promise<Record<string, OutputValues>> {
      const types = new Map(inputs.map((i) => [i.name, i.type]));
      const out = await session.run(Object.fromEntries(Object.entries(feeds).map(([n, f]) => [n, ortTensor(ort, f, types.get(n) ?? 'float')])), [...outputNames]);
      // A float16 output comes as its bits (Uint16Array): decoded to numbers.
      const decoded = (t: (typeof out)[string]) => (t.type === 'float16' && t.data instanceof Uint16Array ? Array.from(t.data, fromHalfBits) : (t.data as ArrayLike<number>));
      return Object.fromEntries(outputNames.map((n) => [n, values(out[n].dims, decoded(out[n]))]));
    },
    release: () => session.release(),
  };
}

/** The converted model's outputs by name: one execute, every output read back, every tensor disposed. */
export async function runConverted(tf: Tf, model: GraphModel, feeds: Record<string, Feed>, outputNames: readonly string[]): Promise<Record<string, OutputValues>> {
  const inputs = Object.fromEntries(Object.entries(feeds).map(([n, f]) => [n, tf.tensor(f.data, f.shape, f.dtype)]));
  try {
    const result = model.execute(inputs, [...outputNames]);
    const list = Array.isArray(result) ? result : [result];
    const out: Record<string, OutputValues> = {};
    for (let k = 0; k < list.length; k++) out[outputNames[k]] = values(list[k].shape, await list[k].data());
    tf.dispose(list);
    return out;
  } finally {
    tf.dispose(Object.values(inputs));
  }
}

export interface OnnxToTfjsCheck {
  result: OnnxToTfjsResult;
  /** The converted model on TF.js WASM against the original on onnxruntime-node, output by output. */
  agreement: Agreement;
  ms: { convert: number };
}

/** Converts `bytes` and compares the conversion on TF.js WASM with the original on onnxruntime-node (seeded synthetic input). */
export async function checkOnnxToTfjs(bytes: Uint8Array, options: OnnxToTfjsOptions = {}): Promise<OnnxToTfjsCheck> {
  const t0 = performance.now();
  const result = await convertOnnxModel(bytes, options);
  const convertMs = performance.now() - t0;
  const { inputs, outputs } = result.report;
  const feeds = feedsFor(inputs);
  const names = outputs.map((o) => o.name);
  const session = await ortSession(bytes, 'node');
  const reference = await session.run(inputs, feeds, names).finally(() => session.release());
  const tf = await tfjsWasmOneThread();
  const model = await loadConverted(tf, result);
  try {
    return { result, agreement: compareByName(await runConverted(tf, model, feeds, names), reference), ms: { convert: convertMs } };
  } finally {
    model.dispose();
  }
}

export interface SideBySide {
  /** Medians in ms: the converted model on TF.js WASM, the original on onnxruntime-web WASM, both one thread. */
  tfjsMs: number;
  ortMs: number;
  /** TF.js's median over ORT's, with the 95% bootstrap interval (above 1: TF.js is slower). */
  ratio: Speedup;
  runs: number;
}

/**
 * The conversion on TF.js WASM and the original on onnxruntime-web's WASM build, one thread each, on
 * the same seeded input: `warmup` runs each, then `runs` runs alternating (so both meet the same
 * machine state), each an execute plus the readback of every output.
 */
export async function timeSideBySide(bytes: Uint8Array, result: OnnxToTfjsResult, runs = 20, warmup = 3): Promise<SideBySide> {
  const { inputs, outputs } = result.report;
  const feeds = feedsFor(inputs);
  const names = outputs.map((o) => o.name);
  const session = await ortSession(bytes, 'web');
  const tf = await tfjsWasmOneThread();
  const threads = await tfjsWasmThreads();
  if (threads !== 1) throw new Error(`TF.js WASM runs ${threads} threads here, not 1: time it in a process that starts its backend with tfjsWasmOneThread`);
  const model = await loadConverted(tf, result);
  const tfFeeds: Record<string, Tensor> = Object.fromEntries(Object.entries(feeds).map(([n, f]) => [n, tf.tensor(f.data, f.shape, f.dtype)]));
  const tfRun = () => {
    const t = performance.now();
    const out = model.execute(tfFeeds, [...names]);
    const list = Array.isArray(out) ? out : [out];
    for (const tensor of list) tensor.dataSync();
    tf.dispose(list);
    return performance.now() - t;
  };
  const ortRun = async () => {
    const t = performance.now();
    await session.run(inputs, feeds, names);
    return performance.now() - t;
  };
  try {
    for (let k = 0; k < warmup; k++) {
      tfRun();
      await ortRun();
    }
    const tfTimes: number[] = [];
    const ortTimes: number[] = [];
    for (let k = 0; k < runs; k++) {
      tfTimes.push(tfRun());
      ortTimes.push(await ortRun());
    }
    // speedupOfMedians(baseline, candidate): baseline's median over candidate's.
    return { tfjsMs: median(tfTimes), ortMs: median(ortTimes), ratio: speedupOfMedians(tfTimes, ortTimes), runs };
  } finally {
    tf.dispose(Object.values(tfFeeds));
    model.dispose();
    await session.release();
  }
}

/** Where TF.js WASM spends three runs of the conversion: its kernels by total time (tf.profile), the `top` slowest with their share. */
export async function slowestKernels(result: OnnxToTfjsResult, top: number): Promise<{ name: string; ms: number; share: number }[]> {
  const feeds = feedsFor(result.report.inputs);
  const names = result.report.outputs.map((o) => o.name);
  const tf = await tfjsWasmOneThread();
  const model = await loadConverted(tf, result);
  try {
    await runConverted(tf, model, feeds, names); // warm-up
    const byName = new Map<string, number>();
    for (let run = 0; run < 3; run++) {
      const info = await tf.profile(() => runConverted(tf, model, feeds, names) as never);
      // Kernels only: an op's own scope ('fusedConv2d__op') wraps its kernel's time and would count it twice.
      for (const k of info.kernels) if (!k.name.endsWith('__op')) byName.set(k.name, (byName.get(k.name) ?? 0) + (Number(k.kernelTimeMs) || 0));
    }
    const total = [...byName.values()].reduce((a, b) => a + b, 0) || 1;
    return [...byName.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, ms]) => ({ name, ms, share: ms / total }));
  } finally {
    model.dispose();
  }
}
