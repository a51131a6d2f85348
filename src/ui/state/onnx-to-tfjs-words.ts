/**
 * What the "Convert to TensorFlow.js" section says, as plain functions of the conversion's data (no
 * runes, no worker): which weight storage costs what, whether the check passed, the op mapping's
 * rows, the zip of model.json and its shards, and the names the downloads get.
 */
import { zipSync, type Zippable } from 'fflate';
import type { OnnxToTfjsReport, TfjsFile } from '../../engine/convert/onnx-to-tfjs';
import type { TfjsWeightStorage } from '../../workers/convert-protocol';
import { formatBytes } from '../format';

/** A float32 conversion reproduces onnxruntime within this much of each output's scale. */
export const TFJS_PARITY_TOLERANCE = 1e-4;

export const STORAGES: readonly TfjsWeightStorage[] = ['float32', 'float16', 'uint8'];

/** Bytes each stored weight takes (uint8 adds a min and a scale per tensor: not counted). */
const BYTES_PER_WEIGHT: Record<TfjsWeightStorage, number> = { float32: 4, float16: 2, uint8: 1 };

/** What each way of storing the weights costs, in words; `parameters`: the model's weight count, for the sizes. */
export function storageWords(storage: TfjsWeightStorage, parameters: number | null): { title: string; cost: string } {
  const size = parameters ? ` (about ${formatBytes(parameters * BYTES_PER_WEIGHT[storage])} of weights)` : '';
  const words: Record<TfjsWeightStorage, { title: string; cost: string }> = {
    float32: { title: 'float32: full precision', cost: `The weights as the ONNX model holds them${size}: the outputs match ONNX Runtime to within rounding.` },
    float16: {
      title: 'float16: half the size',
      cost: `Each weight keeps about 3 significant digits${size}: the outputs move a little. Faster to download, no faster to run (TF.js turns the weights back into float32 as it loads them).`,
    },
    uint8: {
      title: 'uint8: a quarter of the size',
      cost: `Each weight tensor keeps 256 steps between its smallest and largest value${size}: the outputs move the most. The smallest download, no faster to run either.`,
    },
  };
  return words[storage];
}

/**
 * A float16 ONNX model (its inputs or outputs half precision) keeps about 3 significant digits: ONNX
 * Runtime rounds its values to float16, the conversion computes in float32, so they agree only to
 * half precision (its outputs alone are rounded by up to 2^-11 of their value).
 */
export const HALF_PARITY_TOLERANCE = 1e-3;

/** Whether the ONNX model itself computes in float16 (its interface says so). */
export const isHalfModel = (report: Pick<OnnxToTfjsReport, 'inputs' | 'outputs'>) => [...report.inputs, ...report.outputs].some((v) => v.type === 'float16');

/**
 * The check's verdict: a float32 conversion passes within TFJS_PARITY_TOLERANCE of each output's
 * scale (HALF_PARITY_TOLERANCE for a float16 model: 'half'); quantized weights' error is their cost,
 * shown, not a failure. A missing output or a shape mismatch (Infinity) fails whatever the weights.
 */
export function parityVerdict(relative: number, storage: TfjsWeightStorage, halfModel = false): 'pass' | 'half' | 'quantized' | 'fail' {
  if (!Number.isFinite(relative)) return 'fail';
  if (storage !== 'float32') return 'quantized';
  if (halfModel) return relative <= HALF_PARITY_TOLERANCE ? 'half' : 'fail';
  return relative <= TFJS_PARITY_TOLERANCE ? 'pass' : 'fail';
}

export interface MappingRow {
  onnxOp: string;
  count: number;
  /** "Conv2D ×3, Transpose ×1", or why no TF op came of it. */
  tfOps: string;
}

/** One row per ONNX op of the model, most frequent first: the TF ops it became, with counts. */
export function mappingRows(report: Pick<OnnxToTfjsReport, 'onnxOps' | 'mapping'>): MappingRow[] {
  return Object.entries(report.onnxOps)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([onnxOp, count]) => {
      const became = Object.entries(report.mapping[onnxOp] ?? {}).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
      const tfOps = became.length ? became.map(([op, n]) => `${op} ×${n.toLocaleString('en-US')}`).join(', ') : 'no TF node (folded into constants or passed through)';
      return { onnxOp, count, tfOps };
    });
}

/** Unsupported ops as the page lists them: "ZipMap (ai.onnx.ml) ×1", most frequent first. */
export function unsupportedList(ops: Record<string, number>): string[] {
  return Object.entries(ops)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([op, n]) => {
      const at = op.lastIndexOf(':');
      const named = at > 0 ? `${op.slice(at + 1)} (${op.slice(0, at)})` : op;
      return `${named} ×${n.toLocaleString('en-US')}`;
    });
}

/** The stem the downloads are named after: "mnist-8" for mnist-8.onnx, "Xenova-bert-q8" for a hub variant. */
export function tfjsStem(modelName: string): string {
  const stem = modelName.replace(/\.onnx$/i, '').replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '');
  return stem || 'model';
}

/** model.json and its shards in one zip, at its root as tf.loadGraphModel reads them; shards stored, not deflated (weights barely compress). */
export function zipTfjsFiles(files: readonly TfjsFile[]): Uint8Array {
  const entries: Zippable = {};
  for (const f of files) entries[f.name] = f.name.endsWith('.json') ? f.bytes : [f.bytes, { level: 0 }];
  return zipSync(entries, { level: 6 });
}
