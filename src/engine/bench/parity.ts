/** How far a backend's output is from the reference output (the baseline backend, WASM, one thread) for the same input. */
import { BACKENDS, BASELINE_BACKEND, frameworkOf, type BackendId } from '../backends/backend-id';

export interface Parity {
  maxAbsDiff: number;
  /** max |a - b| / max(|b|, 1e-6): relative to the reference value, guarded near zero. */
  maxRelDiff: number;
  /** Cosine similarity of the flattened outputs (1 = same direction). */
  cosine: number;
  /** Classifiers only: same top-1 class; null for other models. */
  top1Agree: boolean | null;
  /** Classifiers only: how many of the reference top-5 classes are in this top-5. */
  top5Overlap: number | null;
  /** NaN or infinite values in the candidate where the reference is finite. */
  nonFinite: number;
  /** The tolerance applied to maxAbsDiff (scaled by the reference's largest magnitude). */
  tolerance: number;
  /**
   * What decided `pass`: the max difference against the tolerance (full-precision variants), or the
   * top label and a cosine of at least QUANTIZED_MIN_COSINE (a quantized variant against fp32, whose
   * max difference is shown but not judged). Absent in exports made before variants: 'max-diff'.
   */
  judgedBy?: 'max-diff' | 'top-label-and-cosine';
  pass: boolean;
}

/** A quantized variant answers as fp32 does when its outputs point the same way at least this much. */
export const QUANTIZED_MIN_COSINE = 0.99;

/**
 * Allowed max |difference| relative to the reference's largest magnitude. The same framework's CPU
 * kernels with more threads only reorder float sums; GPUs and the other framework use other kernels
 * (fused multiply-adds, other activation formulas); float16 keeps ~3 digits.
 */
export function toleranceFor(backend: BackendId, dtype: string, reference: BackendId = BASELINE_BACKEND): number {
  if (dtype === 'float16') return 2e-2;
  if (!BACKENDS[backend].gpu && frameworkOf(backend) === frameworkOf(reference)) return 1e-4;
  return 5e-3;
}

function indexOfTopK(values: ArrayLike<number>, k: number): number[] {
  return Array.from({ length: values.length }, (_, i) => i)
    .filter((i) => Number.isFinite(values[i]))
    .sort((x, y) => values[y] - values[x] || x - y)
    .slice(0, k);
}

/** Outputs whose largest magnitude is below this are compared as if it were this (see compareOutputs). */
const SCALE_FLOOR = 1e-4;

export function compareOutputs(
  candidate: ArrayLike<number>,
  reference: ArrayLike<number>,
  options: {
    backend: BackendId;
    dtype: string;
    /** Compare the top label: a classifier, or an output of logits. */
    classifier: boolean;
    reference?: BackendId;
    /** A quantized variant against the full-precision one: judged by top label and cosine. */
    quantized?: boolean;
    /** A half-precision variant (fp16): its outputs keep ~3 digits even when declared float32. */
    halfPrecision?: boolean;
  },
): Parity {
  if (candidate.length !== reference.length) {
    throw new Error(`outputs differ in size: ${candidate.length} values against the reference's ${reference.length}`);
  }
  let maxAbsDiff = 0;
  let maxRelDiff = 0;
  let dot = 0;
  let normA = 0;
  let normB = 0;
  let scale = 0;
  let nonFinite = 0;
  for (let i = 0; i < reference.length; i++) {
    const a = candidate[i];
    const b = reference[i];
    if (!Number.isFinite(b)) continue;
    if (!Number.isFinite(a)) {
      nonFinite++;
      continue;
    }
    const diff = Math.abs(a - b);
    maxAbsDiff = Math.max(maxAbsDiff, diff);
    maxRelDiff = Math.max(maxRelDiff, diff / Math.max(Math.abs(b), 1e-6));
    dot += a * b;
    normA += a * a;
    normB += b * b;
    scale = Math.max(scale, Math.abs(b));
  }
  const cosine = normA > 0 && normB > 0 ? dot / Math.sqrt(normA * normB) : normA === normB ? 1 : 0;
  let top1Agree: boolean | null = null;
  let top5Overlap: number | null = null;
  if (options.classifier) {
    const mine = indexOfTopK(candidate, 5);
    const theirs = indexOfTopK(reference, 5);
    top1Agree = mine[0] === theirs[0];
    top5Overlap = mine.filter((i) => theirs.includes(i)).length;
  }
  const tolerance = toleranceFor(options.backend, options.halfPrecision ? 'float16' : options.dtype, options.reference);
  // The scale has a floor: an output that is all but zero on this input (selfie's mask on noise: at
  // most ~1e-8) would otherwise demand agreement far below float32's resolution of the model's own
  // activations; ORT's and TF.js's sigmoids differ there by 3e-8.
  const close = options.quantized ? cosine >= QUANTIZED_MIN_COSINE : maxAbsDiff <= tolerance * Math.max(scale, SCALE_FLOOR);
  const pass = nonFinite === 0 && close && top1Agree !== false;
  const judgedBy = options.quantized ? 'top-label-and-cosine' : 'max-diff';
  return { maxAbsDiff, maxRelDiff, cosine, top1Agree, top5Overlap, nonFinite, tolerance, judgedBy, pass };
}
