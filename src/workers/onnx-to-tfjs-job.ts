/**
 * An ONNX model -> TensorFlow.js graph model, in the conversion worker, then the check that the
 * conversion is faithful: onnxruntime-web (WASM, one thread) runs the original and TF.js (its WASM
 * backend, one thread; the CPU backend where WASM lacks a kernel) the converted model from memory,
 * on the same seeded input, every output compared by name. Every session and tensor is released.
 */
import { convertOnnxModel, tfjsArtifacts, type OnnxToTfjsResult } from '../engine/convert/onnx-to-tfjs';
import { AGREEMENT_SEED, compareByName, fixedDim, type OutputValues } from '../engine/tfjs/agreement';
import { loadTf, loadTfWasmOneThread, type TfjsBackend } from '../engine/tfjs/reference';
import { seededFeeds } from '../engine/bench/bench-target';
import { cpuReference } from '../engine/bench/run-benchmark';
import { openRuntime } from '../engine/ort/runtime';
import { ModelSession, type TensorData, type ValueInfo } from '../engine/ort/session';
import { numericValues } from '../engine/tensor/output-summary';
import { fromHalfArray } from '../engine/tensor/float16';
import { messageOf } from '../shared/errors';
import type { ConvertedToTfjs, OnnxToTfjsStep, TfjsWeightStorage, Verified } from './convert-protocol';

type Tf = Awaited<ReturnType<typeof loadTf>>;
type Tensor = import('@tensorflow/tfjs-core').Tensor;

/** The seeded feed as TF.js takes it: TF.js has no int64 or float16 (the converter maps them to int32 and float32). */
function tfTensor(tf: Tf, t: TensorData): Tensor {
  const shape = [...t.dims];
  if (t.dtype === 'int64') return tf.tensor(Int32Array.from(t.data as BigInt64Array, Number), shape, 'int32');
  if (t.dtype === 'float16') return tf.tensor(fromHalfArray(t.data as Uint16Array), shape, 'float32');
  if (t.dtype === 'bool') return tf.tensor(t.data as Uint8Array, shape, 'bool');
  if (t.dtype === 'float32') return tf.tensor(t.data as Float32Array, shape, 'float32');
  if (t.dtype === 'string') throw new Error('a text (string) input cannot be fed to TensorFlow.js here');
  return tf.tensor(Int32Array.from(t.data as ArrayLike<number>), shape, 'int32');
}

/** Runs the converted model on TF.js's `backend`, from memory; every tensor and the model disposed. */
async function runTfjs(tf: Tf, backend: TfjsBackend, result: OnnxToTfjsResult, feeds: Record<string, TensorData>, outputNames: readonly string[]) {
  if (tf.getBackend() !== backend && !(await tf.setBackend(backend))) throw new Error(`TensorFlow.js's ${backend} backend did not start`);
  await tf.ready();
  const model = await tf.loadGraphModel(tf.io.fromMemory(tfjsArtifacts(result) as never));
  const inputs: Record<string, Tensor> = {};
  try {
    for (const [name, t] of Object.entries(feeds)) inputs[name] = tfTensor(tf, t);
    // executeAsync runs graphs with dynamic ops too, which `execute` refuses; this run is not timed.
    const out = await model.executeAsync(inputs, [...outputNames]);
    const list = Array.isArray(out) ? out : [out];
    try {
      const outputs: Record<string, OutputValues> = {};
      for (let k = 0; k < list.length; k++) outputs[outputNames[k]] = { shape: list[k].shape, data: Float64Array.from(await list[k].data(), Number) };
      return outputs;
    } finally {
      tf.dispose(list);
    }
  } finally {
    tf.dispose(Object.values(inputs));
    model.dispose();
  }
}

/**
 * An image-like input (rank 3 or more) with unknown sizes gets batch 1 and 256 elsewhere, as the
 * TF.js -> ONNX check does: a 1x1 image (seededFeeds' default) would check little. Token inputs
 * (rank 2) keep seededFeeds' text shape.
 */
const sized = (info: ValueInfo): ValueInfo =>
  info.dims && info.dims.length >= 3 ? { ...info, dims: info.dims.map((d, i) => (typeof d === 'number' && d >= 0 ? d : fixedDim(i))) } : info;

/** onnxruntime-web (WASM, one thread) on the original, then TF.js on the conversion: the same seeded input. */
export async function checkAgainstOrt(bytes: Uint8Array, name: string, result: OnnxToTfjsResult): Promise<Verified> {
  const { backend } = cpuReference('onnxruntime-web');
  const { ort } = await openRuntime({ backend, numThreads: 1 });
  const t0 = performance.now();
  const session = await ModelSession.create(ort, bytes, name, { backend, spinning: false });
  let feeds: Record<string, TensorData>;
  let reference: Record<string, OutputValues>;
  const outputNames = result.report.outputs.map((o) => o.name);
  try {
    feeds = seededFeeds(session.inputs.map(sized), { seed: AGREEMENT_SEED, dimOverrides: {} });
    const outputs = await session.run(feeds, outputNames);
    reference = Object.fromEntries(Object.entries(outputs).map(([n, t]) => [n, { shape: t.dims, data: numericValues(t) }]));
  } finally {
    await session.release();
  }
  const t1 = performance.now();
  const { tf } = await loadTfWasmOneThread();
  let tfjsBackend: TfjsBackend = 'wasm';
  let candidate: Record<string, OutputValues>;
  try {
    candidate = await runTfjs(tf, 'wasm', result, feeds, outputNames);
  } catch (wasmError) {
    // A kernel TF.js's WASM backend lacks: its CPU backend has more.
    try {
      candidate = await runTfjs(tf, 'cpu', result, feeds, outputNames);
      tfjsBackend = 'cpu';
    } catch {
      throw wasmError;
    }
  }
  const t2 = performance.now();
  return {
    agreement: compareByName(candidate, reference),
    tfjsBackend,
    inputShapes: Object.fromEntries(Object.entries(feeds).map(([n, f]) => [n, [...f.dims]])),
    ms: { onnx: t1 - t0, tfjs: t2 - t1 },
  };
}

export const QUANTIZE: Record<TfjsWeightStorage, 'float16' | 'uint8' | null> = { float32: null, float16: 'float16', uint8: 'uint8' };

/** Converts, then checks; a failed check leaves the conversion standing, with the reason. */
export async function convertOnnxToTfjs(bytes: Uint8Array, name: string, storage: TfjsWeightStorage, onStep: (step: OnnxToTfjsStep) => void): Promise<ConvertedToTfjs> {
  const started = performance.now();
  const result = await convertOnnxModel(bytes, { quantize: QUANTIZE[storage] }, (stage, fraction) => onStep({ stage, fraction }));
  const ms = performance.now() - started;
  onStep({ stage: 'check', fraction: 0 });
  let parity: Verified | null = null;
  let parityError: string | null = null;
  try {
    parity = await checkAgainstOrt(bytes, name, result);
  } catch (error) {
    parityError = messageOf(error);
  }
  return { files: result.files, report: result.report, ms, parity, parityError };
}
