/** Scores -> the k most likely classes: what every classifier head, and the benchmark's top-5, needs. */

export interface ClassScore {
  index: number;
  label: string;
  /** Probability, 0-1. */
  p: number;
}

/** What a classifier's output holds: raw scores that need a softmax, or probabilities already. */
export type ScoreKind = 'logits' | 'probabilities';

/** Numerically stable softmax (the maximum is subtracted first), in float64. */
export function softmax(logits: ArrayLike<number>): Float64Array {
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) if (logits[i] > max) max = logits[i];
  const out = new Float64Array(logits.length);
  let sum = 0;
  for (let i = 0; i < logits.length; i++) {
    out[i] = Math.exp(logits[i] - max);
    sum += out[i];
  }
  for (let i = 0; i < out.length; i++) out[i] /= sum;
  return out;
}

/** Indices of the `k` largest values, largest first; ties keep the lower index first. NaN never wins. */
export function topK(values: ArrayLike<number>, k: number): number[] {
  const best: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isNaN(v)) continue;
    if (best.length === k && v <= values[best[k - 1]]) continue;
    let at = best.length;
    while (at > 0 && values[best[at - 1]] < v) at--;
    best.splice(at, 0, i);
    if (best.length > k) best.pop();
  }
  return best;
}

/** The `k` most likely classes, with readable labels. */
export function topClasses(scores: ArrayLike<number>, kind: ScoreKind, labels: readonly string[], k = 5): ClassScore[] {
  const probabilities = kind === 'logits' ? softmax(scores) : scores;
  return topK(probabilities, k).map((index) => ({
    index,
    label: labels[index] ?? `class ${index}`,
    p: probabilities[index],
  }));
}
