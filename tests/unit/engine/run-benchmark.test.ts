import { describe, expect, it } from 'vitest';
import { runBenchmark, BenchAbortedError, type BackendChoice, type TargetHandle } from '../../../src/engine/bench/run-benchmark';
import type { OutputSnapshot } from '../../../src/engine/bench/bench-target';

/** A target whose runs take `ms` (reported, not slept) and whose output is `values`. */
function fakeTarget(choice: BackendChoice, ms: number, values: number[], log: string[], options: { failOpen?: string } = {}): TargetHandle {
  const name = `${choice.backend}/${choice.threads}`;
  let runs = 0;
  return {
    entry: 'test',
    open: async () => {
      log.push(`open ${name}`);
      if (options.failOpen) throw new Error(options.failOpen);
      return { sessionCreateMs: 100, inputs: [], outputs: [], placement: null };
    },
    run: async () => {
      log.push(`run ${name}`);
      runs++;
      return { preprocessMs: 1, inferenceMs: runs === 1 ? ms * 10 : ms + (runs % 3), postprocessMs: 0.5 };
    },
    output: async (): Promise<OutputSnapshot> => ({ names: ['y'], dtype: 'float32', values: Float64Array.from(values), top5: null, summaries: [] }),
    bareLoop: async (n) => {
      log.push(`bare ${name}`);
      return Array.from({ length: n }, () => ms);
    },
    dispose: async () => void log.push(`dispose ${name}`),
  };
}

const REFERENCE = [0.1, 2, -3, 4];

describe('runBenchmark', () => {
  it('opens each backend, warms up, interleaves timed runs and reports statistics and speedups', async () => {
    const log: string[] = [];
    const speeds: Record<string, number> = { 'wasm/1': 40, 'wasm/2': 20, 'webgpu/2': 10 };
    const results = await runBenchmark(
      { choices: [{ backend: 'wasm', threads: 1 }, { backend: 'wasm', threads: 2 }, { backend: 'webgpu', threads: 2 }], warmupRuns: 1, timedRuns: 4, minSeconds: 0, classifier: false },
      (c) => fakeTarget(c, speeds[`${c.backend}/${c.threads}`], c.backend === 'webgpu' ? REFERENCE.map((v) => v + 1e-3) : REFERENCE, log),
    );
    // Timed runs alternate between backends: A B C A B C ...
    const runs = log.filter((l) => l.startsWith('run'));
    expect(runs.slice(-6)).toEqual(['run wasm/1', 'run wasm/2', 'run webgpu/2', 'run wasm/1', 'run wasm/2', 'run webgpu/2']);
    expect(log.filter((l) => l.startsWith('dispose'))).toHaveLength(3);
    expect(results.map((r) => [r.backend, r.threads])).toEqual([['wasm', 1], ['wasm', 2], ['webgpu', 2]]);
    const [one, two, gpu] = results;
    expect(one.firstRunMs).toBe(400); // the first run is reported apart, not mixed into the statistics
    expect(one.runsMs).toHaveLength(4);
    expect(one.stats!.median).toBeGreaterThanOrEqual(40);
    expect(one.stagesMs).toEqual({ preprocess: 1, inference: one.stats!.median, postprocess: 0.5 });
    expect(one.speedupVsWasm!.ratio).toBe(1);
    expect(two.speedupVsWasm!.ratio).toBeCloseTo(one.stats!.median / two.stats!.median, 12);
    expect(gpu.speedupVsWasm!.ratio).toBeGreaterThan(3);
    expect(gpu.parity!.maxAbsDiff).toBeCloseTo(1e-3, 9);
    expect(gpu.parity!.pass).toBe(true);
    expect(two.parity!.maxAbsDiff).toBe(0);
  });

  it('adds a hidden WASM one-thread reference for parity, never timed or reported', async () => {
    const log: string[] = [];
    const results = await runBenchmark(
      { choices: [{ backend: 'webgpu-jsep', threads: 2 }], warmupRuns: 0, timedRuns: 3, minSeconds: 0, classifier: false },
      (c) => fakeTarget(c, 5, c.backend === 'wasm' ? REFERENCE : [6.9e8, 2, -3, 4], log),
    );
    expect(results).toHaveLength(1);
    expect(log.filter((l) => l === 'run wasm/1')).toHaveLength(1); // the first run only
    expect(results[0].parity!.pass).toBe(false); // a wrong GPU answer is reported as wrong
    expect(results[0].speedupVsWasm).toBeUndefined();
  });

  it('reports a backend that cannot open as an error row and runs the others', async () => {
    const log: string[] = [];
    const results = await runBenchmark(
      { choices: [{ backend: 'wasm', threads: 1 }, { backend: 'webnn', threads: 1 }], warmupRuns: 0, timedRuns: 2, minSeconds: 0, classifier: false },
      (c) => fakeTarget(c, 5, REFERENCE, log, c.backend === 'webnn' ? { failOpen: 'WebNN is not available' } : {}),
    );
    expect(results[1]).toMatchObject({ backend: 'webnn', error: 'WebNN is not available', runsMs: [], stats: null });
    expect(results[0].runsMs).toHaveLength(2);
  });

  it('with the bare yardstick, times one bare run per timed run, alternating which goes first', async () => {
    const log: string[] = [];
    const [result] = await runBenchmark(
      { choices: [{ backend: 'wasm', threads: 1 }], warmupRuns: 0, timedRuns: 4, minSeconds: 0, classifier: false, bareLoop: true },
      (c) => fakeTarget(c, 7, REFERENCE, log),
    );
    expect(log.filter((l) => l.startsWith('run') || l.startsWith('bare')).slice(1)).toEqual([
      'run wasm/1', 'bare wasm/1', 'bare wasm/1', 'run wasm/1', 'run wasm/1', 'bare wasm/1', 'bare wasm/1', 'run wasm/1',
    ]);
    expect(result.bareRunsMs).toEqual([7, 7, 7, 7]);
  });

  it('keeps running until the minimum time has passed', async () => {
    const started = performance.now();
    const results = await runBenchmark(
      { choices: [{ backend: 'wasm', threads: 1 }], warmupRuns: 0, timedRuns: 1, minSeconds: 0.05, classifier: false },
      (c) => ({ ...fakeTarget(c, 1, REFERENCE, []), run: () => new Promise((r) => setTimeout(() => r({ preprocessMs: 0, inferenceMs: 1, postprocessMs: 0 }), 5)) }),
    );
    expect(performance.now() - started).toBeGreaterThanOrEqual(50);
    expect(results[0].runsMs.length).toBeGreaterThan(1);
  });

  it('stops when cancelled and still releases every target', async () => {
    const log: string[] = [];
    const controller = new AbortController();
    let runs = 0;
    const promise = runBenchmark(
      { choices: [{ backend: 'wasm', threads: 1 }], warmupRuns: 0, timedRuns: 1000, minSeconds: 0, classifier: false },
      (c) => {
        const target = fakeTarget(c, 1, REFERENCE, log);
        return { ...target, run: async () => { if (++runs === 10) controller.abort(); return target.run(); } };
      },
      { signal: controller.signal },
    );
    await expect(promise).rejects.toBeInstanceOf(BenchAbortedError);
    expect(runs).toBeLessThan(15);
    expect(log).toContain('dispose wasm/1');
  });
});
