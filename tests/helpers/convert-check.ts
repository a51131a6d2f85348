/**
 * Converts a TF.js graph model and holds the ONNX model, run on onnxruntime-node, to the original
 * run on TF.js's WASM backend: every output compared by its name.
 */
import * as ort from 'onnxruntime-node';
import { convertTfjsModel, type ConvertReport } from '../../src/engine/convert/convert';
import { readModelFiles, runTfjs } from './tfjs-reference';

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
  report: ConvertReport;
  outputs: OutputCheck[];
  ms: { convert: number; tfjs: number; onnx: number };
}

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

export async function checkConversion(jsonPath: string, photo?: string): Promise<ModelCheck> {
  const t0 = performance.now();
  const { onnx, report } = await convertTfjsModel(readModelFiles(jsonPath));
  const t1 = performance.now();
  const wasm = await runTfjs(jsonPath, 'wasm', photo);
  const t2 = performance.now();
  const session = await ort.InferenceSession.create(onnx);
  const feeds = Object.fromEntries(Object.entries(wasm.feeds).map(([n, f]) => [n, new ort.Tensor(f.dtype, f.data, f.shape)]));
  const result = await session.run(feeds);
  await session.release();
  const t3 = performance.now();
  let cpu: Awaited<ReturnType<typeof runTfjs>> | null = null;
  const outputs: OutputCheck[] = [];
  for (const [name, ref] of Object.entries(wasm.outputs)) {
    const got = result[name];
    const data = got ? Float64Array.from(got.data as ArrayLike<number | bigint>, Number) : new Float64Array(0);
    const maxDiff = maxAbsDiff(data, ref.data);
    const scale = finiteMax(ref.data);
    const check: OutputCheck = { name, shape: ref.shape, onnxShape: got ? got.dims.map(Number) : null, maxDiff, scale, tolerance: 1e-3 * scale, ok: false };
    if (maxDiff > check.tolerance && got) {
      cpu ??= await runTfjs(jsonPath, 'cpu', photo);
      check.spread = maxAbsDiff(cpu.outputs[name].data, ref.data);
      // A few times TF.js's own backend disagreement: chaotic outputs (BlazePose) move that much anyway.
      if (Number.isFinite(check.spread)) check.tolerance = Math.max(check.tolerance, 4 * check.spread);
    }
    check.ok = got !== undefined && check.onnxShape!.join() === ref.shape.join() && maxDiff <= check.tolerance;
    outputs.push(check);
  }
  return { report, outputs, ms: { convert: t1 - t0, tfjs: t2 - t1, onnx: t3 - t2 } };
}
