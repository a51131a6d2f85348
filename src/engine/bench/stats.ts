/** Summary statistics of run times, and a bootstrap confidence interval for a speedup. */

export interface RunStats {
  min: number;
  median: number;
  mean: number;
  /** 90th percentile (linear interpolation between order statistics, as numpy's default). */
  p90: number;
  max: number;
  /** Sample standard deviation (n - 1). */
  stddev: number;
  /** 1000 / mean: runs a second at this pace. */
  runsPerSecond: number;
  n: number;
}

/** The q-quantile (0..1) of sorted values, numpy's "linear" method. */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return NaN;
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
}

const sortedCopy = (values: readonly number[]) => Float64Array.from(values).sort();

export function median(values: readonly number[]): number {
  return quantileSorted(sortedCopy(values), 0.5);
}

export function summarize(values: readonly number[]): RunStats {
  const sorted = sortedCopy(values);
  const n = sorted.length;
  const mean = n ? values.reduce((a, b) => a + b, 0) / n : NaN;
  const variance = n > 1 ? values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1) : 0;
  return {
    min: n ? sorted[0] : NaN,
    median: quantileSorted(sorted, 0.5),
    mean,
    p90: quantileSorted(sorted, 0.9),
    max: n ? sorted[n - 1] : NaN,
    stddev: Math.sqrt(variance),
    runsPerSecond: mean > 0 ? 1000 / mean : NaN,
    n,
  };
}

/** A small, seedable PRNG (mulberry32), so a bootstrap is reproducible. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Speedup {
  /** median(baseline) / median(candidate): above 1 means the candidate is faster. */
  ratio: number;
  /** 95% percentile-bootstrap interval of the ratio, resampling both series independently. */
  ci95: [number, number];
}

/** Default resamples: enough for stable 2.5/97.5 percentiles at these sample sizes. */
export const BOOTSTRAP_RESAMPLES = 2000;

export function speedupOfMedians(baseline: readonly number[], candidate: readonly number[], resamples = BOOTSTRAP_RESAMPLES, seed = 1): Speedup {
  const ratio = median(baseline) / median(candidate);
  const random = seededRandom(seed);
  const ratios = new Float64Array(resamples);
  const a = new Float64Array(baseline.length);
  const b = new Float64Array(candidate.length);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < a.length; i++) a[i] = baseline[Math.floor(random() * baseline.length)];
    for (let i = 0; i < b.length; i++) b[i] = candidate[Math.floor(random() * candidate.length)];
    ratios[r] = quantileSorted(a.sort(), 0.5) / quantileSorted(b.sort(), 0.5);
  }
  ratios.sort();
  return { ratio, ci95: [quantileSorted(ratios, 0.025), quantileSorted(ratios, 0.975)] };
}
