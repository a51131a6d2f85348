import { describe, expect, it } from 'vitest';
import { cpuReference, inProcess, runBenchmark, BenchAbortedError, type BackendChoice, type BenchProgress, type TargetHandle } from '../../../src/engine/bench/run-benchmark';
import type { BenchTarget, OutputSnapshot } from '../../../src/engine/bench/bench-target';

/** A target whose runs take `ms` (reported, not slept) and whose output is `values`. */
function fakeTarget(
  choice: BackendChoice,
  ms: number,
  values: number[],
  log: string[],
  options: { failOpen?: string; failRun?: { at: number; message: string }; failOutput?: string } = {},
): TargetHandle {
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
      if (options.failRun && runs >= options.failRun.at) throw new Error(options.failRun.message);
      return { preprocessMs: 1, inferenceMs: runs === 1 ? ms * 10 : ms + (runs % 3), postprocessMs: 0.5 };
    },
    output: async (): Promise<OutputSnapshot> => {
      if (options.failOutput) throw new Error(options.failOutput);
      return { names: ['y'], dtype: 'float32', values: Float64Array.from(values), top5: null, summaries: [] };
    },
    bareLoop: async (n) => {
      log.push(`bare ${name}`);
      return Array.from({ length: n }, () => ms);
    },
    dispose: async (atOnce) => {
      log.push(`dispose ${name}${atOnce ? ' at once' : ''}`);
      // Ending a worker takes a moment: the procedure must wait for it before timing anyone else.
      await new Promise((resolve) => setTimeout(resolve, 5));
      log.push(`ended ${name}`);
    },
  };
}

const REFERENCE = [0.1, 2, -3, 4];

/** Index of the n-th (1-based) occurrence of `entry` in `log`. */
function nthIndex(log: string[], entry: string, n: number): number {
  let seen = 0;
  return log.findIndex((l) => l === entry && ++seen === n);
}

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

  for (const [phase, failure] of [
    ['at open', { failOpen: 'no adapter' }],
    ['at its first run', { failRun: { at: 1, message: 'Kernel "[Mul] " failed' } }],
    ['in a timed run', { failRun: { at: 4, message: 'device lost' } }],
  ] as const) {
    it(`ends a backend that fails ${phase} at once, before the others run again, and only once`, async () => {
      const log: string[] = [];
      const results = await runBenchmark(
        { choices: [{ backend: 'wasm', threads: 1 }, { backend: 'webgpu-jsep', threads: 1 }], warmupRuns: 2, timedRuns: 5, minSeconds: 0, classifier: false },
        (c) => fakeTarget(c, 5, REFERENCE, log, c.backend === 'webgpu-jsep' ? failure : {}),
      );
      // The call that failed: the open, or the n-th run.
      const failedAt = 'failRun' in failure ? nthIndex(log, 'run webgpu-jsep/1', failure.failRun.at) : log.indexOf('open webgpu-jsep/1');
      const after = log.slice(failedAt + 1);
      // Ended at once (its worker gone) before anything else happens, not at the end of the benchmark.
      expect(after.slice(0, 2)).toEqual(['dispose webgpu-jsep/1 at once', 'ended webgpu-jsep/1']);
      expect(log.filter((l) => l.startsWith('dispose webgpu-jsep/1'))).toHaveLength(1);
      expect(log.filter((l) => l.startsWith('dispose wasm/1'))).toEqual(['dispose wasm/1']);
      expect(after.filter((l) => l === 'run wasm/1').length).toBeGreaterThan(0);
      expect(results[1].error).toBeTruthy();
      expect(results[0].runsMs).toHaveLength(5);
    });
  }

  it('a backend whose output cannot be read is an error row, not a failed benchmark', async () => {
    const log: string[] = [];
    const results = await runBenchmark(
      { choices: [{ backend: 'wasm', threads: 1 }, { backend: 'webgl', threads: 1 }], warmupRuns: 0, timedRuns: 2, minSeconds: 0, classifier: false },
      (c) => fakeTarget(c, 5, REFERENCE, log, c.backend === 'webgl' ? { failOutput: 'readback failed' } : {}),
    );
    expect(results[1].error).toBe('failed while reading its output: readback failed');
    expect(results[0].parity!.pass).toBe(true);
    expect(log.filter((l) => l.startsWith('dispose webgl/1'))).toEqual(['dispose webgl/1 at once']);
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
    expect(log).toContain('dispose wasm/1 at once');
  });
});

describe('the procedure with targets in this realm', () => {
  it('stops one row mid-run, at once: it keeps the runs it finished, its worker ends, the others complete with parity', async () => {
    const log: string[] = [];
    const stopGpu = new AbortController();
    const progress: BenchProgress[] = [];
    let gpuRuns = 0;
    const results = await runBenchmark(
      { choices: [{ backend: 'wasm', threads: 1 }, { backend: 'webgpu', threads: 1 }], warmupRuns: 1, timedRuns: 6, minSeconds: 0, classifier: false },
      (c) => {
        const target = fakeTarget(c, 5, REFERENCE, log);
        if (c.backend !== 'webgpu') return target;
        // WebGPU's 5th run (its 3rd timed) never answers, as a run on a software adapter takes long: Stop must not wait for it.
        return { ...target, run: async () => (++gpuRuns === 5 ? (stopGpu.abort(), new Promise<never>(() => {})) : target.run()) };
      },
      { rowSignals: [undefined, stopGpu.signal], onProgress: (p) => progress.push(p) },
    );
    expect(results.map((r) => [r.backend, r.runsMs.length, r.stopped ?? false, r.error ?? null])).toEqual([
      ['wasm', 6, false, null],
      ['webgpu', 2, true, null],
    ]);
    expect(results[0].parity?.pass).toBe(true);
    expect(results[1].parity).toBeUndefined();
    expect(results[1].stats?.median).toBeGreaterThan(0);
    expect(log).toContain('dispose webgpu/1 at once');
    // No WebGPU run after the stop; WASM went on to its 6 timed runs.
    expect(gpuRuns).toBe(5);
    const last = progress.at(-1)!;
    expect(last.rows.map((r) => [r.backend, r.phase, r.timedDone])).toEqual([['wasm', 'done', 6], ['webgpu', 'stopped', 2]]);
  });

  it('a row stopped before its turn never opens; per-row progress counts warm-up and timed runs and knows a typical run', async () => {
    const log: string[] = [];
    const stop = new AbortController();
    stop.abort();
    const progress: BenchProgress[] = [];
    const results = await runBenchmark(
      { choices: [{ backend: 'wasm', threads: 1 }, { backend: 'wasm', threads: 2 }], warmupRuns: 2, timedRuns: 3, minSeconds: 0, classifier: false },
      (c) => fakeTarget(c, 10, REFERENCE, log),
      { rowSignals: [undefined, stop.signal], onProgress: (p) => progress.push(p) },
    );
    expect(log).not.toContain('open wasm/2');
    expect(results[1]).toMatchObject({ stopped: true, runsMs: [], stats: null, firstRunMs: null });
    expect(results[0].runsMs).toHaveLength(3);
    const warm = progress.find((p) => p.phase === 'warmup' && p.rows[0].warmupDone === 1)!;
    expect(warm.rows[0]).toMatchObject({ phase: 'warmup', timedDone: 0, firstRunMs: 100 });
    // The runs after the first (10 + runs % 3 ms by fakeTarget): 12 and then 10.
    expect(warm.rows[0].typicalRunMs).toBe(12);
    expect(progress.find((p) => p.phase === 'timed')!.rows[0].warmupDone).toBe(2);
    expect(progress.at(-1)!.rows.map((r) => r.phase)).toEqual(['done', 'stopped']);
  });

  it('drives a BenchTarget through inProcess: opened, given its input, run, released once; each framework has its CPU reference', async () => {
    const log: string[] = [];
    const target: BenchTarget = {
      open: async () => (log.push('open'), { sessionCreateMs: 3, inputs: [], outputs: [], placement: null }),
      setInput: (spec) => void log.push(`input ${spec.kind}`),
      run: async () => (log.push('run'), { preprocessMs: 0, inferenceMs: 2, postprocessMs: 0 }),
      output: () => ({ names: ['y'], dtype: 'float32', values: Float64Array.from(REFERENCE), top5: null, summaries: [] }),
      bareLoop: async (n) => Array.from({ length: n }, () => 1),
      release: async () => void log.push('release'),
    };
    const choice = cpuReference('onnxruntime-web');
    expect(choice).toEqual({ backend: 'wasm', threads: 1 });
    expect(cpuReference('tensorflow.js')).toEqual({ backend: 'tfjs-wasm', threads: 1 });
    const [row] = await runBenchmark({ choices: [choice], warmupRuns: 1, timedRuns: 2, minSeconds: 0, classifier: false }, () =>
      inProcess(target, 'onnxruntime-web/wasm', { kind: 'synthetic', seed: 1, dimOverrides: {} }),
    );
    expect(log).toEqual(['open', 'input synthetic', 'run', 'run', 'run', 'run', 'release']);
    expect(row).toMatchObject({ backend: 'wasm', entry: 'onnxruntime-web/wasm', sessionCreateMs: 3, runsMs: [2, 2] });
    expect(row.parity?.pass).toBe(true);
  });
});
