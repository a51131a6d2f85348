import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import BenchResultsTable from '../../../src/ui/components/bench/BenchResultsTable.svelte';
import type { BenchEnvironment, BenchResult } from '../../../src/engine/bench/report';
import { summarize } from '../../../src/engine/bench/stats';

const row = (backend: BenchResult['backend'], threads: number): BenchResult => {
  const runsMs = [10, 11, 12];
  return { backend, threads, entry: 'test', sessionCreateMs: 5, firstRunMs: 20, runsMs, stats: summarize(runsMs), stagesMs: { preprocess: 1, inference: 11, postprocess: 1 } };
};
const swiftshader: BenchEnvironment['webgpuAdapter'] = { vendor: 'google', architecture: 'swiftshader', description: '', isFallbackAdapter: true };
const NOTE = 'Not a GPU benchmark';
const html = (props: { results: BenchResult[]; adapter?: BenchEnvironment['webgpuAdapter'] }) => render(BenchResultsTable, { props }).body;

describe('BenchResultsTable', () => {
  it('says "not a GPU benchmark" on the results when a GPU row ran on a fallback adapter', () => {
    const body = html({ results: [row('wasm', 1), row('webgpu', 2)], adapter: swiftshader });
    expect(body).toContain(NOTE);
    expect(body).toContain('google swiftshader');
  });
  it('says nothing of the kind without a GPU row, on a real adapter, or when no adapter is passed', () => {
    expect(html({ results: [row('wasm', 1), row('wasm', 2)], adapter: swiftshader })).not.toContain(NOTE);
    // WebGL2 does not run on the WebGPU adapter: no note for it.
    expect(html({ results: [row('wasm', 1), row('webgl', 2)], adapter: swiftshader })).not.toContain(NOTE);
    expect(html({ results: [row('webgpu', 2)], adapter: { ...swiftshader, architecture: 'rdna-3', isFallbackAdapter: false } })).not.toContain(NOTE);
    expect(html({ results: [row('webgpu', 2)] })).not.toContain(NOTE);
  });
  it('names the threads each row used: WASM its own, GPU rows their CPU fallback, WebGL2 none', () => {
    const body = html({ results: [row('wasm', 2), row('webgpu-jsep', 2), row('webgl', 2)] });
    expect(body).toContain('WASM (CPU) ×2');
    expect(body).toContain('CPU fallback: 2 threads');
    expect(body).toContain('no CPU fallback');
    expect(body.match(/×2/g)).toHaveLength(1); // the WASM row's name only: GPU rows do not run on threads
  });
});
