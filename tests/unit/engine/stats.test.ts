import { describe, expect, it } from 'vitest';
import { median, quantileSorted, seededRandom, speedupOfMedians, summarize } from '../../../src/engine/bench/stats';

describe('summarize', () => {
  it('computes the statistics of known data', () => {
    // numpy: np.median, np.percentile(x, 90), np.std(x, ddof=1) of 1..10
    const s = summarize([3, 1, 2, 10, 4, 5, 6, 7, 8, 9]);
    expect(s.min).toBe(1);
    expect(s.max).toBe(10);
    expect(s.median).toBe(5.5);
    expect(s.mean).toBe(5.5);
    expect(s.p90).toBeCloseTo(9.1, 12);
    expect(s.stddev).toBeCloseTo(3.0276503540974917, 12);
    expect(s.runsPerSecond).toBeCloseTo(1000 / 5.5, 12);
    expect(s.n).toBe(10);
  });
  it('handles odd counts, one value and no values', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(summarize([7])).toMatchObject({ min: 7, median: 7, p90: 7, max: 7, stddev: 0 });
    expect(Number.isNaN(summarize([]).median)).toBe(true);
  });
  it('interpolates quantiles like numpy', () => {
    expect(quantileSorted([10, 20, 30, 40], 0.9)).toBeCloseTo(37, 12);
    expect(quantileSorted([10, 20, 30, 40], 0)).toBe(10);
    expect(quantileSorted([10, 20, 30, 40], 1)).toBe(40);
  });
});

describe('speedup with a bootstrap interval', () => {
  const random = seededRandom(7);
  const noisy = (center: number, n: number) => Array.from({ length: n }, () => center * (0.9 + 0.2 * random()));

  it('is the ratio of medians, and its interval contains it', () => {
    const wasm = noisy(40, 30);
    const gpu = noisy(10, 30);
    const s = speedupOfMedians(wasm, gpu);
    expect(s.ratio).toBeCloseTo(median(wasm) / median(gpu), 12);
    expect(s.ci95[0]).toBeLessThanOrEqual(s.ratio);
    expect(s.ci95[1]).toBeGreaterThanOrEqual(s.ratio);
    // True ratio is 4: a ±10% spread on 30 runs gives an interval a few percent wide around it.
    expect(s.ci95[0]).toBeGreaterThan(3.4);
    expect(s.ci95[1]).toBeLessThan(4.6);
  });
  it('is reproducible from its seed and narrows with more runs', () => {
    const a = noisy(20, 10);
    const b = noisy(20, 10);
    expect(speedupOfMedians(a, b, 500, 3)).toEqual(speedupOfMedians(a, b, 500, 3));
    const small = speedupOfMedians(noisy(20, 8), noisy(20, 8));
    const large = speedupOfMedians(noisy(20, 200), noisy(20, 200));
    expect(large.ci95[1] - large.ci95[0]).toBeLessThan(small.ci95[1] - small.ci95[0]);
  });
  it('is exactly 1 with no spread when both series are constant', () => {
    expect(speedupOfMedians([5, 5, 5], [5, 5, 5])).toEqual({ ratio: 1, ci95: [1, 1] });
  });
});
