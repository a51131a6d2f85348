/**
 * "Does the browser compute what native onnxruntime computes?" A reference is a small, fixed sample
 * of a model's outputs on a seeded synthetic input, made by onnxruntime-node
 * (scripts/make-portability-reference.ts); the browser compares the same positions of its outputs.
 */

export interface PortabilityReference {
  /** Gallery model id. */
  model: string;
  /** Seed of the synthetic input (every symbolic dimension 1). */
  seed: number;
  /** Number of values in the model's outputs, concatenated in output order. */
  total: number;
  indices: number[];
  values: number[];
}

export interface NativeComparison {
  maxAbsDiff: number;
  /** Largest difference relative to the largest reference magnitude. */
  scaledDiff: number;
  checked: number;
}

/** The seed of the synthetic input the references are made with (every symbolic dimension 1). */
export const PORTABILITY_SEED = 1;

/** Values kept per model: enough to catch a wrong kernel, small enough to commit. */
export const REFERENCE_SAMPLES = 256;

/** `n` positions spread evenly over `total` values (all of them when there are fewer). */
export function sampleIndices(total: number, n = REFERENCE_SAMPLES): number[] {
  if (total <= n) return Array.from({ length: total }, (_, i) => i);
  return Array.from({ length: n }, (_, i) => Math.floor((i * (total - 1)) / (n - 1)));
}

export function compareWithNative(values: ArrayLike<number>, reference: PortabilityReference): NativeComparison {
  if (values.length !== reference.total) {
    throw new Error(`the outputs hold ${values.length} values, native onnxruntime's ${reference.total}`);
  }
  let maxAbsDiff = 0;
  let scale = 0;
  reference.indices.forEach((index, i) => {
    const expected = reference.values[i];
    scale = Math.max(scale, Math.abs(expected));
    const actual = values[index];
    maxAbsDiff = Math.max(maxAbsDiff, Number.isFinite(actual) ? Math.abs(actual - expected) : Infinity);
  });
  return { maxAbsDiff, scaledDiff: maxAbsDiff / Math.max(scale, 1e-12), checked: reference.indices.length };
}
