/**
 * Converts a TF.js graph model and holds the ONNX model, run on onnxruntime-node, to the original
 * run on TF.js's WASM backend: every output compared by its name.
 */
import * as ort from 'onnxruntime-node';
import { convertTfjsModel, type ConvertOptions, type ConvertReport } from '../../src/engine/convert/convert';
import { readModelFiles, runTfjs, type Feed, type ModelIo } from './tfjs-reference';

export interface OutputCheck {
  name: string;
  shape: number[];
  onnxShape: number[] | null;
  maxDiff: number;
  /** The largest magnitude of TF.js's output. */
  scale: number;
  /** TF.js's own WASM-vs-CPU disagreement, measured only when the ONNX output is outside 1e-3 of the scale. */
  spread?: number;
  tolerance: number;
  ok: boolean;
}

export interface ModelCheck {
  onnx: Uint8Array;
  /** TF.js's own view of the original: input names, shapes and dtypes, output names. */
  tfjs: ModelIo;
  report: ConvertReport;
  reference: 'wasm' | 'cpu';
  outputs: OutputCheck[];
  ms: { convert: number; tfjs: number; onnx: number };
}

/**
 * Outputs whose largest value is ~0 (a sigmoid score far below threshold) need an absolute floor:
 * onnxruntime's Sigmoid alone is off by up to ~5e-8 near 0 and returns 0 below -18 (TF.js: 1e-9).
 */
const ABS_FLOOR = 1e-6;

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let max = 0;
  for (let i = 0; i < a.length; i++) {
    // Both NaN counts as agreement; one NaN as the worst disagreement.
    const d = Number.isNaN(a[i]) || Number.isNaN(b[i]) ? (Number.isNaN(a[i]) && Number.isNaN(b[i]) ? 0 : Infinity) : Math.abs(a[i] - b[i]);
    if (d > max) max = d;
  }
  return max;
}

function finiteMax(a: ArrayLike<number>): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) if (Number.isFinite(a[i])) max = Math.max(max, Math.abs(a[i]));
  return max;
}

export interface CheckOptions {
  photo?: string;
  convert?: ConvertOptions;
  /** onnxruntime-node (native, default) or onnxruntime-web's WASM build, the app's runtime. */
  runtime?: 'node' | 'web';
}

/** An InferenceSession from either runtime: their APIs are the same. */
async function runOnnx(runtime: 'node' | 'web', onnx: Uint8Array, feeds: Record<string, Feed>): Promise<Record<string, { dims: readonly number[]; data: unknown }>> {
  if (runtime === 'web') {
    const web = await import('onnxruntime-web/wasm');
    web.env.wasm.numThreads = 1;
    const session = await web.InferenceSession.create(onnx);
    const out = await session.run(Object.fromEntries(Object.entries(feeds).map(([n, f]) => [n, new web.Tensor(f.dtype, f.data, f.shape)])));
    await session.release();
    return out;
  }
  // 'extended', not 'all': 'all' adds x86-only NCHWc conv kernels that onnxruntime-web (the app's
  // runtime) does not have, and whose rounding alone moves a saturated sigmoid (handlandmark-sparse) 3x.
  const session = await ort.InferenceSession.create(onnx, { graphOptimizationLevel: 'extended' });
  const out = await session.run(Object.fromEntries(Object.entries(feeds).map(([n, f]) => [n, new ort.Tensor(f.dtype, f.data, f.shape)])));
  await session.release();
  return out;
}

export async function checkConversion(jsonPath: string, { photo, convert = {}, runtime = 'node' }: CheckOptions = {}): Promise<ModelCheck> {
  const t0 = performance.now();
  const { onnx, report } = await convertTfjsModel(readModelFiles(jsonPath), convert);
  const t1 = performance.now();
  // TF.js's WASM backend is the reference; the CPU backend where WASM lacks a kernel (facemesh-attention: BatchMatMul).
  let reference: 'wasm' | 'cpu' = 'wasm';
  const wasm = await runTfjs(jsonPath, 'wasm', photo).catch(() => runTfjs(jsonPath, (reference = 'cpu'), photo));
  const t2 = performance.now();
  const result = await runOnnx(runtime, onnx, wasm.feeds);
  const t3 = performance.now();
  let cpu: Awaited<ReturnType<typeof runTfjs>> | null = null;
  const outputs: OutputCheck[] = [];
  for (const [name, ref] of Object.entries(wasm.outputs)) {
    const got = result[name];
    const data = got ? Float64Array.from(got.data as ArrayLike<number | bigint>, Number) : new Float64Array(0);
    const maxDiff = maxAbsDiff(data, ref.data);
    const scale = finiteMax(ref.data);
    const check: OutputCheck = { name, shape: ref.shape, onnxShape: got ? Array.from(got.dims, Number) : null, maxDiff, scale, tolerance: Math.max(1e-3 * scale, ABS_FLOOR), ok: false };
    if (maxDiff > check.tolerance && got) {
      // (Measurable only when the reference is WASM.)
      if (reference === 'wasm') cpu ??= await runTfjs(jsonPath, 'cpu', photo);
      if (cpu) {
        check.spread = maxAbsDiff(cpu.outputs[name].data, ref.data);
        // A few times TF.js's own backend disagreement: chaotic outputs (BlazePose) move that much anyway.
        if (Number.isFinite(check.spread)) check.tolerance = Math.max(check.tolerance, 4 * check.spread);
      }
    }
    check.ok = got !== undefined && check.onnxShape!.join() === ref.shape.join() && maxDiff <= check.tolerance;
    outputs.push(check);
  }
  return { onnx, tfjs: wasm.io, report, reference, outputs, ms: { convert: t1 - t0, tfjs: t2 - t1, onnx: t3 - t2 } };
}
