import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import BenchResultsTable from '../../../src/ui/components/bench/BenchResultsTable.svelte';
import BenchHistory from '../../../src/ui/components/bench/BenchHistory.svelte';
import { BACKEND_IDS } from '../../../src/engine/backends/backend-id';
import { runsOnWebGpuAdapter, type BenchEnvironment, type BenchExport, type BenchResult } from '../../../src/engine/bench/report';
import beforeFrameworks from '../../fixtures/bench-exports/before-frameworks.json';
import { summarize } from '../../../src/engine/bench/stats';

const row = (backend: BenchResult['backend'], threads: number): BenchResult => {
  const runsMs = [10, 11, 12];
  return { backend, threads, entry: 'test', sessionCreateMs: 5, firstRunMs: 20, runsMs, stats: summarize(runsMs), stagesMs: { preprocess: 1, inference: 11, postprocess: 1 } };
};
const swiftshader: BenchEnvironment['webgpuAdapter'] = { vendor: 'google', architecture: 'swiftshader', description: '', isFallbackAdapter: true };
const NOTE = 'Not a GPU benchmark';
// Whitespace collapsed, as a reader sees the text.
const html = (props: { results: BenchResult[]; adapter?: BenchEnvironment['webgpuAdapter'] }) => render(BenchResultsTable, { props }).body.replace(/<!--.*?-->/g, '').replace(/\s+/g, ' ');

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
  it('names the threads each row used: WASM its own, GPU rows their CPU fallback only where nodes ran on the CPU', () => {
    const placement = (gpuNodes: number, cpuNodes: number, cpuOpTypes: string[] = []) => ({ gpuNodes, cpuNodes, cpuOpTypes, byProvider: {}, nodes: [], copies: 0, copiedValues: [] });
    const allGpu = { ...row('webgpu', 2), placement: placement(1082, 0) };
    const someCpu = { ...row('webgpu-jsep', 2), placement: placement(2, 69, ['QLinearConv', 'QLinearGlobalAveragePool']) };
    const body = html({ results: [row('wasm', 2), allGpu, someCpu, row('webgl', 2)] });
    expect(body).toContain('WASM (CPU) ×2');
    // Each fact once: all on the GPU says nothing of threads; CPU nodes say how many threads ran them.
    expect(body).toContain('all 1,082 nodes on the GPU');
    // Op names may break between their words (<wbr>), read as a reader sees them.
    expect(body.replace(/<wbr[^>]*>/g, '')).toContain('2 nodes on the GPU, 69 on the CPU (2 threads): QLinearConv, QLinearGlobalAveragePool');
    expect(body).toContain('not reported (no CPU fallback)');
    expect(body).not.toContain('CPU fallback: 2 threads');
    expect(body.match(/2 threads/g)).toHaveLength(1); // the JSEP row's CPU nodes only
    expect(body.match(/×2/g)).toHaveLength(1); // the WASM row's name only: GPU rows do not run on threads
  });
  it('a row stopped before any timed run says so, with no garbled cells', () => {
    const stopped = { ...row('webgpu', 2), runsMs: [], stats: null, firstRunMs: null, stopped: true } as unknown as BenchResult;
    const body = html({ results: [row('wasm', 1), stopped] });
    expect(body).toContain('stopped by you before any timed run');
    expect(body).toContain('not checked: stopped by you');
    expect(body).toContain('not known: stopped before it was reported');
    expect(body).not.toContain('–––');
    expect(body).not.toMatch(/– ± –/);
  });
  it('numbers with thousands separators', () => {
    const slow = { ...row('webgpu', 2), sessionCreateMs: 7588.2, native: { pass: true, maxAbsDiff: 1e-6, checked: 1000 } } as BenchResult;
    const body = html({ results: [row('wasm', 1), slow] });
    expect(body).toContain('7,588');
    expect(body).toContain('(1,000 values)');
  });
  it('finds the rows on the WebGPU adapter from the backend descriptions, TF.js WebGPU included once it exists', () => {
    for (const id of BACKEND_IDS) expect(runsOnWebGpuAdapter(id), id).toBe(id.includes('webgpu'));
  });
  it('says what each figure includes, for both frameworks when TF.js rows are present', () => {
    const tf = { ...row('tfjs-wasm', 1), framework: 'tensorflow.js' as const };
    const ort = { ...row('wasm', 1), parityReference: { backend: 'tfjs-wasm' as const, threads: 1 } };
    const both = html({ results: [ort, tf] });
    expect(both).toContain('Parity with TF.js WASM ×1');
    expect(both).toContain('What each figure includes');
    expect(both).toMatch(/<strong>TensorFlow\.js:<\/strong> starting its backend in its fresh worker .*, getting model\.json and the weight files \(fetched from this site or the address given, or read from your disk for files you opened\)/);
    expect(both).toContain('one warm-up execute on zeros, which builds its kernels');
    expect(both).toContain('reading every output back into JavaScript');
    expect(both).toContain('TensorFlow.js rows do none');
    // ONNX Runtime alone: the same explanation, without the TF.js half.
    const onnx = html({ results: [{ ...row('wasm', 1), parityReference: { backend: 'wasm', threads: 1 } }, row('wasm', 2)] });
    expect(onnx).toContain('Parity with WASM (CPU) ×1');
    expect(onnx).toContain('Creating the session from the model');
    expect(onnx).not.toContain('TensorFlow.js');
  });
  it('shows an export saved before the framework fields, as the history does', () => {
    const old = beforeFrameworks as BenchExport;
    const body = html({ results: old.results, adapter: old.environment.webgpuAdapter });
    expect(body).toContain('Parity with WASM (CPU) ×1'); // as measured then
    expect(body).toContain('WASM (CPU) ×2');
    expect(body).toContain(NOTE);
    expect(body).toContain('navigator.ml is absent');
    const history = render(BenchHistory, { props: { history: [old], onShow: () => {}, onClear: () => {} } }).body;
    expect(history).toContain('mobilenetv2-12-int8');
    expect(history).toContain('WASM (CPU) ×1 35 ms · WASM (CPU) ×2 19 ms · WebGPU (native EP) 89 ms');
  });
});
