import { describe, expect, it } from 'vitest';
import type { BenchProgress, RowProgress } from '../../../src/engine/bench/run-benchmark';
import { durationWords, progressHeadline, remainingMs, rowLine, rowPhaseWords, rowRemainingMs } from '../../../src/ui/state/bench-progress';
import { interruptedWords, recordRun } from '../../../src/ui/state/bench-interrupted';

const plan = { warmupRuns: 3, timedRuns: 20, minSeconds: 0 };
const row = (over: Partial<RowProgress>): RowProgress => ({ backend: 'wasm', threads: 1, phase: 'timed', warmupDone: 3, timedDone: 0, firstRunMs: 100, typicalRunMs: null, ...over });
const progress = (rows: RowProgress[], over: Partial<BenchProgress> = {}): BenchProgress => ({ phase: 'timed', backend: rows[0].backend, threads: rows[0].threads, done: 0, total: 20 * rows.length, rows, timedElapsedMs: 0, ...over });

describe('the phases in words', () => {
  it('says where a row loads, its runs counted with separators, and how it ended', () => {
    expect(rowPhaseWords(row({ phase: 'open', threads: 1 }), plan)).toBe('loading on WASM (CPU), 1 thread');
    expect(rowPhaseWords(row({ phase: 'open', threads: 2 }), plan)).toBe('loading on WASM (CPU), 2 threads');
    // A GPU row's threads serve only its CPU fallback: not said where it loads.
    expect(rowPhaseWords(row({ backend: 'webgpu', phase: 'open', threads: 2 }), plan)).toBe('loading on WebGPU (native EP)');
    expect(rowPhaseWords(row({ phase: 'first-run' }), plan)).toBe('first run');
    expect(rowPhaseWords(row({ phase: 'warmup', warmupDone: 1 }), plan)).toBe('warm-up, 1 of 3 done');
    expect(rowPhaseWords(row({ phase: 'timed', timedDone: 1234 }), { ...plan, timedRuns: 5000 })).toBe('timed runs 1,234 of 5,000');
    expect(rowPhaseWords(row({ phase: 'parity' }), plan)).toBe('checking answers');
    expect(rowPhaseWords(row({ phase: 'stopped', timedDone: 3 }), plan)).toBe('stopped by you after 3 timed runs');
    expect(rowPhaseWords(row({ phase: 'stopped', timedDone: 0 }), plan)).toBe('stopped by you before any timed run');
    expect(rowPhaseWords(row({ phase: 'waiting', firstRunMs: null }), plan)).toBe('waiting its turn to load');
  });
});

describe('the time left', () => {
  // The SwiftShader run: WebGPU at 10,461 ms a run beside WASM at 79 ms.
  const wasm = row({ typicalRunMs: 79, warmupDone: 1, phase: 'warmup' });
  const webgpu = row({ backend: 'webgpu', threads: 2, typicalRunMs: 10_461, warmupDone: 1, phase: 'warmup' });

  it('is unknown until every row still going has run once after its first', () => {
    expect(remainingMs(progress([wasm, { ...webgpu, typicalRunMs: null }]), plan)).toBeNull();
    // A stopped or failed row does not hold it back.
    expect(remainingMs(progress([wasm, { ...webgpu, typicalRunMs: null, phase: 'stopped' }]), plan)).toBe(22 * 79);
  });

  it('adds every row\'s runs to come at its own pace: about 4 min, nearly all of it WebGPU', () => {
    const left = remainingMs(progress([wasm, webgpu]), plan)!;
    expect(left).toBe(22 * 79 + 22 * 10_461);
    expect(durationWords(left)).toBe('about 4 min');
    expect(rowRemainingMs(webgpu, plan)).toBe(22 * 10_461);
    expect(rowLine(webgpu, plan)).toBe('warm-up, 1 of 3 done · 10,461 ms a run, about 4 min to go');
    expect(rowLine({ ...webgpu, phase: 'stopped', timedDone: 0 }, plan)).toBe('stopped by you before any timed run');
    expect(durationWords(0.3 * 60_000)).toBe('about 20 s');
    expect(durationWords(4000)).toBe('a few seconds');
  });

  it('counts what minSeconds still asks for', () => {
    const fast = row({ typicalRunMs: 1, timedDone: 20 });
    expect(remainingMs(progress([fast], { timedElapsedMs: 4000 }), { ...plan, minSeconds: 10 })).toBe(6000);
  });

  it('heads the progress with the row at work, the timed runs in all and the time left', () => {
    const p = progress([row({ typicalRunMs: 79, timedDone: 1500 }), row({ backend: 'webgpu', threads: 2, typicalRunMs: 10_461, timedDone: 3 })], { done: 1503, total: 4000 });
    expect(progressHeadline(p, { ...plan, timedRuns: 2000 })).toBe('WASM (CPU) ×1: timed runs 1,500 of 2,000 · 1,503 of 4,000 timed runs in all · about 5.8 h left');
    const loading = progress([row({ phase: 'open', threads: 2 }), row({ backend: 'webgpu', phase: 'waiting', firstRunMs: null })], { phase: 'open', threads: 2 });
    expect(progressHeadline(loading, plan)).toBe('Loading on WASM (CPU), 2 threads · 0 of 40 timed runs in all · time left: known after each backend’s next run');
  });
});

describe('a run a reload interrupted', () => {
  it('says what ran, for how long and how far each row got', () => {
    const started = Date.now() - 95_000;
    const record = recordRun({ model: 'mobilenetv2-12-fp32.onnx', galleryId: 'mobilenetv2-12-fp32', startedAt: started, plan }, progress([row({ timedDone: 20, phase: 'done', typicalRunMs: 79 }), row({ backend: 'webgpu', threads: 2, timedDone: 3, typicalRunMs: 10_461 })]));
    expect(interruptedWords(record)).toBe(
      'The benchmark of mobilenetv2-12-fp32.onnx (3 warm-up and 20 timed runs) was interrupted when the page was reloaded or left, after about 2 min; its results were not kept. ' +
        'Where each row had got to: WASM (CPU) ×1: done: 20 timed runs (79 ms a run); WebGPU (native EP): timed runs 3 of 20 (10,461 ms a run).',
    );
  });
});
