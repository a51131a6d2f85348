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
  pass: boolean;
}

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
  options: { backend: BackendId; dtype: string; classifier: boolean; reference?: BackendId },
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
  const tolerance = toleranceFor(options.backend, options.dtype, options.reference);
  // The scale has a floor: an output that is all but zero on this input (selfie's mask on noise: at
  // most ~1e-8) would otherwise demand agreement far below float32's resolution of the model's own
  // activations; ORT's and TF.js's sigmoids differ there by 3e-8.
  const pass = nonFinite === 0 && maxAbsDiff <= tolerance * Math.max(scale, SCALE_FLOOR) && top1Agree !== false;
  return { maxAbsDiff, maxRelDiff, cosine, top1Agree, top5Overlap, nonFinite, tolerance, pass };
}
