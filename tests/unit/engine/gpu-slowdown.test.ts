import { describe, expect, it } from 'vitest';
import { gpuSlowdowns, slowdownCauses } from '../../../src/engine/bench/gpu-slowdown';
import type { BenchResult } from '../../../src/engine/bench/report';
import { summarize } from '../../../src/engine/bench/stats';

const row = (backend: BenchResult['backend'], runsMs: number[], extra: Partial<BenchResult> = {}): BenchResult => ({
  backend,
  threads: 1,
  entry: 'onnxruntime-web/wasm',
  sessionCreateMs: 10,
  firstRunMs: runsMs[0],
  runsMs,
  stats: summarize(runsMs),
  stagesMs: null,
  ...extra,
});
const placement = (cpuNodes: number, copies: number) => ({ gpuNodes: 100, cpuNodes, cpuOpTypes: ['Gather', 'Shape', 'Unsqueeze'], byProvider: {}, nodes: [], copies, copiedValues: [] });

describe('why a GPU row is slower', () => {
  it('names CPU fallback, copies and a first run paying for shader compilation, with their numbers', () => {
    const gpu = row('webgpu', [30, 31, 29, 30], { firstRunMs: 1_250, placement: placement(12, 5) });
    const causes = slowdownCauses(gpu);
    expect(causes.map((c) => c.kind)).toEqual(['cpu-fallback', 'copies', 'first-run']);
    expect(causes[0].text).toContain('12 of 112 nodes ran on the CPU (Gather, Shape, Unsqueeze)');
    expect(causes[1].text).toContain('5 copies');
    expect(causes[2].text).toContain('1,250 ms against a median of 30 ms');
  });

  it('says nothing the run did not measure', () => {
    expect(slowdownCauses(row('webgpu', [30, 31, 29], { firstRunMs: 40, placement: placement(0, 0) }))).toEqual([]);
  });

  it('lists only GPU rows slower than the WASM x1 baseline, tiny models named as such', () => {
    const results = [row('wasm', [1.0, 1.1, 0.9]), row('webgpu', [1.6, 1.5, 1.7], { firstRunMs: 1.6 }), row('webgl', [0.5, 0.6, 0.5], { firstRunMs: 0.5 })];
    const slow = gpuSlowdowns(results, { softwareAdapter: true });
    expect(slow.map((s) => s.row.backend)).toEqual(['webgpu']);
    expect(slow[0].ratio).toBeCloseTo(1 / 1.6, 3);
    expect(slow[0].baselineTitle).toBe('WASM (CPU) ×1');
    expect(slow[0].causes.map((c) => c.kind)).toEqual(['software-adapter', 'tiny-model']);
  });
});
