/**
 * Profiles captured from onnxruntime-web 1.30 in headless Chromium (mnist-8, 1 warm-up + 5 runs;
 * tests/fixtures/profile), parsed, mapped onto mnist-8's own graph and summed up.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { bytesSource } from '../../../src/engine/onnx-format/byte-source';
import { readModelGraph } from '../../../src/engine/onnx-format/model-graph';
import { nodeKey } from '../../../src/engine/graph/overlay';
import { parseGpuKernels, parseSessionProfile, withGpuTimes, type GpuKernelRecord, type NodeRunEvent } from '../../../src/engine/profile/events';
import {
  checkSum,
  chromeTrace,
  kernelMsPerRun,
  mapKernels,
  slowestNodes,
  timeByOperator,
  timeOverlay,
  TIME_BINS,
  type BackendProfile,
  type ProfiledGraphNode,
} from '../../../src/engine/profile/profile';

const ROOT = resolve(import.meta.dirname, '../../..');

interface Capture {
  backend: 'wasm' | 'webgpu' | 'webgpu-jsep';
  warmupRuns: number;
  runs: number;
  measuredMs: number[];
  lines: string[];
  gpuRecords: GpuKernelRecord[];
}

const capture = (backend: Capture['backend']): Capture =>
  JSON.parse(readFileSync(resolve(ROOT, 'tests/fixtures/profile', `mnist-8-${backend}.json`), 'utf8'));

let nodes: ProfiledGraphNode[];
beforeAll(async () => {
  const graph = await readModelGraph(bytesSource(new Uint8Array(readFileSync(resolve(ROOT, 'public/models/mnist-8.onnx')))));
  nodes = graph.nodes;
});

function profileOf(c: Capture, events: NodeRunEvent[], ortRunUs: number[]): BackendProfile {
  return { backend: c.backend, title: c.backend, source: 'session-profiling', runs: c.runs, events, measuredMs: c.measuredMs, ortRunMs: ortRunUs.map((us) => us / 1000), note: null };
}

/** Kernel names by run, each run's list sorted. */
const namesByRun = (events: NodeRunEvent[], runs: number) =>
  Array.from({ length: runs }, (_, run) => events.filter((e) => e.run === run).map((e) => e.node).sort());

describe('WASM session profile', () => {
  const c = capture('wasm');
  const parsed = parseSessionProfile(c.lines, c.warmupRuns);

  it('keeps the profiled runs, drops the warm-up, and every run has the same kernels', () => {
    expect(parsed.runUs).toHaveLength(c.runs);
    const byRun = namesByRun(parsed.events, c.runs);
    expect(byRun[0].length).toBeGreaterThan(0);
    for (const names of byRun) expect(names).toEqual(byRun[0]);
    // The whole profile has one more model_run (the warm-up) with the same kernels.
    const all = parseSessionProfile(c.lines, 0);
    expect(all.events.length).toBe(parsed.events.length + byRun[0].length);
    expect(parsed.gpuEvents).toEqual([]);
  });

  it('reads op type, provider, shapes, and times inside their run', () => {
    for (const e of parsed.events) {
      expect(e.provider).toBe('CPUExecutionProvider');
      expect(e.opType).not.toBe('');
      expect(e.outputShapes.length).toBeGreaterThan(0);
      expect(e.durUs).toBeGreaterThanOrEqual(0);
      expect(e.startUs + e.durUs).toBeLessThanOrEqual(parsed.runUs[e.run] + 1);
    }
    expect(parsed.events.map((e) => e.opType)).toContain('FusedConv');
  });

  it('maps every kernel to a graph node, fused ones by the node they were made from', () => {
    const mapping = mapKernels(parsed.events, nodes);
    expect(mapping.unmapped).toEqual([]);
    const byName = new Map(nodes.map((n) => [n.name, n]));
    for (const [kernel, target] of mapping.byKernel) {
      expect(target).not.toBeNull();
      expect(target!.exact).toBe(byName.has(kernel));
      if (!target!.exact) expect(kernel.startsWith(byName.get(target!.key)!.name)).toBe(true);
    }
  });

  it('time by operator lists every op type of the graph; times add up to the kernels, shares to 1', () => {
    const profile = profileOf(c, parsed.events, parsed.runUs);
    const rows = timeByOperator([profile], nodes);
    expect(rows.map((r) => r.opType).sort()).toEqual([...new Set(nodes.map((n) => n.opType))].sort());
    for (const row of rows) expect(row.nodes).toBe(nodes.filter((n) => n.opType === row.opType).length);
    const cells = rows.map((r) => r.byBackend.wasm!);
    const total = parsed.events.reduce((s, e) => s + e.durUs, 0) / 1000 / c.runs;
    expect(cells.reduce((s, cell) => s + cell.ms, 0)).toBeCloseTo(total, 9);
    expect(kernelMsPerRun(profile)).toBeCloseTo(total, 9);
    expect(cells.reduce((s, cell) => s + cell.share, 0)).toBeCloseTo(1, 9);
    // Sorted by time, slowest first.
    for (let i = 1; i < cells.length; i++) expect(cells[i - 1].ms).toBeGreaterThanOrEqual(cells[i].ms);
  });

  it('slowest nodes: per kernel, slowest first, each the mean of its runs', () => {
    const profile = profileOf(c, parsed.events, parsed.runUs);
    const slow = slowestNodes(profile, nodes, 3);
    expect(slow).toHaveLength(3);
    const first = parsed.events.filter((e) => e.node === slow[0].kernel);
    expect(first).toHaveLength(c.runs);
    expect(slow[0].ms).toBeCloseTo(first.reduce((s, e) => s + e.durUs, 0) / 1000 / c.runs, 9);
    const all = slowestNodes(profile, nodes, 20);
    expect(all.length).toBe(new Set(parsed.events.map((e) => e.node)).size);
    for (let i = 1; i < all.length; i++) expect(all[i - 1].ms).toBeGreaterThanOrEqual(all[i].ms);
  });

  it('checks the kernels against the measured runs, run by run', () => {
    const profile = profileOf(c, parsed.events, parsed.runUs);
    const check = checkSum(profile);
    const gaps = c.measuredMs.map((ms, run) => ms - parsed.events.filter((e) => e.run === run).reduce((s, e) => s + e.durUs, 0) / 1000);
    // Every run's kernels fit inside ORT's own run and inside the measured run.
    gaps.forEach((gap, run) => {
      expect(gap).toBeGreaterThan(0);
      expect(parsed.runUs[run] / 1000).toBeLessThanOrEqual(c.measuredMs[run]);
    });
    expect(check.differenceMs).toBeGreaterThanOrEqual(Math.min(...gaps));
    expect(check.differenceMs).toBeLessThanOrEqual(Math.max(...gaps));
    expect(check.withinMargin).toBe(check.differenceMs <= check.allowedMs);
    // A profile whose kernels claim more than the run took is never within the margin.
    const inflated = { ...profile, events: profile.events.map((e) => ({ ...e, durUs: e.durUs * 100 })) };
    expect(checkSum(inflated).withinMargin).toBe(false);
  });

  it('exports a Chrome trace: one X event per kernel run, runs one after another', () => {
    const profile = profileOf(c, parsed.events, parsed.runUs);
    const trace = JSON.parse(JSON.stringify(chromeTrace([profile], nodes))) as ReturnType<typeof chromeTrace>;
    const x = trace.traceEvents.filter((e) => e.ph === 'X');
    expect(x).toHaveLength(parsed.events.length);
    expect(trace.traceEvents.find((e) => e.ph === 'M')?.args.name).toBe('wasm');
    for (let run = 1; run < c.runs; run++) {
      const previousEnd = Math.max(...x.filter((e) => e.args.run === run - 1).map((e) => e.ts! + e.dur!));
      const start = Math.min(...x.filter((e) => e.args.run === run).map((e) => e.ts!));
      expect(start).toBeGreaterThan(previousEnd);
    }
    for (const e of x) expect(nodes.some((n) => nodeKey(n) === e.args.graphNode)).toBe(true);
  });

  it('colours every graph node: timed ones by share, the rest as having no kernel', () => {
    const profile = profileOf(c, parsed.events, parsed.runUs);
    const overlay = timeOverlay(profile, nodes);
    expect(overlay.id).toBe('time:wasm');
    expect(Object.keys(overlay.nodes).sort()).toEqual(nodes.map(nodeKey).sort());
    const timed = new Set([...mapKernels(parsed.events, nodes).byKernel.values()].map((t) => t!.key));
    for (const node of nodes) {
      const style = overlay.nodes[nodeKey(node)];
      if (timed.has(nodeKey(node))) {
        expect(style.label).toMatch(/% of the time$/);
        expect(TIME_BINS.map((b) => b.style.colour)).toContain(style.colour);
      } else expect(style.label).toMatch(/no kernel/);
    }
    expect(overlay.legend.length).toBe(TIME_BINS.length + 1);
  });
});

describe('WebGPU (JSEP) kernel timestamps', () => {
  const c = capture('webgpu-jsep');
  const session = parseSessionProfile(c.lines, c.warmupRuns);
  const gpu = parseGpuKernels(c.gpuRecords, c.warmupRuns);

  it('drops the warm-up and gives each run the same GPU programs', () => {
    expect(gpu.length).toBe(c.gpuRecords.filter((r) => r.run >= c.warmupRuns).length);
    const byRun = namesByRun(gpu, c.runs);
    expect(byRun[0].length).toBeGreaterThan(0);
    for (const names of byRun) expect(names).toEqual(byRun[0]);
    for (const e of gpu) {
      expect(e.startUs).toBeGreaterThanOrEqual(0);
      expect(e.durUs).toBeGreaterThan(0);
    }
  });

  it('GPU times replace the CPU-side times of GPU kernels; kernels without a GPU program keep theirs', () => {
    const merged = withGpuTimes(session.events, gpu);
    const gpuNames = new Set(gpu.map((e) => e.node));
    const kept = merged.filter((e) => !gpuNames.has(e.node));
    expect(kept.length).toBe(session.events.filter((e) => !gpuNames.has(e.node)).length);
    // mnist-8's Reshape moves no data: JSEP runs it without a GPU program.
    expect(kept.map((e) => e.opType)).toContain('Reshape');
    expect(merged.length).toBe(gpu.length + kept.length);
  });

  it('maps kernels to graph nodes and lists the layout Transposes ORT inserted as not in the graph', () => {
    const mapping = mapKernels(withGpuTimes(session.events, gpu), nodes);
    expect(mapping.unmapped.length).toBeGreaterThan(0);
    for (const name of mapping.unmapped) expect(nodes.some((n) => n.name === name)).toBe(false);
    expect(mapping.byKernel.get('Convolution28_token_1')?.key).toBe('Convolution28');
    const rows = timeByOperator([profileOf(c, withGpuTimes(session.events, gpu), session.runUs)], nodes);
    const unmappedRows = rows.filter((r) => r.opType.endsWith('(not in the graph)'));
    expect(unmappedRows.length).toBeGreaterThan(0);
    for (const r of unmappedRows) expect(r.nodes).toBe(0);
    const added = slowestNodes(profileOf(c, withGpuTimes(session.events, gpu), session.runUs), nodes, 50).filter((n) => n.graphNode === null);
    expect(added.length).toBeGreaterThan(0);
    for (const n of added) expect(n.madeFrom).toBeNull();
  });
});

describe('WebGPU (native EP) GPU events in the session profile', () => {
  const c = capture('webgpu');
  const parsed = parseSessionProfile(c.lines, c.warmupRuns);

  it('splits the GPU programs into runs at the gaps between runs', () => {
    expect(parsed.gpuEvents.length).toBeGreaterThan(0);
    const byRun = namesByRun(parsed.gpuEvents, c.runs);
    for (const names of byRun) expect(names).toEqual(byRun[0]);
    const all = parseSessionProfile(c.lines, 0);
    expect(all.gpuEvents.length).toBe(parsed.gpuEvents.length + byRun[0].length);
    for (const e of parsed.gpuEvents) {
      expect(e.provider).toMatch(/GPU timestamps/);
      expect(e.outputShapes.length).toBeGreaterThan(0);
      // A run's programs start within the run as measured around session.run.
      expect(e.startUs / 1000).toBeLessThan(c.measuredMs[e.run]);
    }
  });

  it('names each program by its node and op, which map onto the graph', () => {
    const mapping = mapKernels(parsed.gpuEvents, nodes);
    expect(mapping.byKernel.get('Pooling66_token_5')?.opType).toBe('MaxPool');
    expect(parsed.gpuEvents.filter((e) => e.node === 'Convolution28_token_1' && e.run === 0).map((e) => `${e.opType} ${e.program}`)).toEqual(['Conv Transpose', 'Conv Conv2dMM']);
  });
});

describe('MobileNetV2 fp32 (unnamed nodes) on WASM', () => {
  const c = JSON.parse(readFileSync(resolve(ROOT, 'tests/fixtures/profile/mobilenetv2-fp32-wasm.json'), 'utf8')) as Capture;
  const parsed = parseSessionProfile(c.lines, c.warmupRuns);
  let graph: ProfiledGraphNode[];
  beforeAll(async () => {
    graph = (await readModelGraph(bytesSource(new Uint8Array(readFileSync(resolve(ROOT, 'public/models/mobilenetv2-12-fp32.onnx')))))).nodes;
  });

  it('maps "<op>_<index>" kernels to the unnamed node at that index, and only when the op type agrees', () => {
    const mapping = mapKernels(parsed.events, graph);
    const matmul = graph.find((n) => n.opType === 'MatMul')!;
    expect(matmul.name).toBe('');
    expect(mapping.byKernel.get(`MatMul_${matmul.id}`)).toEqual({ key: nodeKey(matmul), opType: 'MatMul', exact: true });
    for (const [kernel, target] of mapping.byKernel) {
      if (!target) continue;
      const node = graph.find((n) => nodeKey(n) === target.key)!;
      if (!node.name) expect(kernel).toBe(`${node.opType}_${node.id}`);
    }
    // A kernel named like an unnamed node of another op type is not that node.
    const add = graph.find((n) => n.opType === 'Add' && !n.name)!;
    expect(mapKernels([{ ...parsed.events[0], node: `Clip_${add.id}` }], graph).unmapped).toEqual([`Clip_${add.id}`]);
  });

  it('counts fused Conv kernels ORT made from unnamed Convs as Conv, and every op type has its row', () => {
    const mapping = mapKernels(parsed.events, graph);
    const fused = parsed.events.filter((e) => e.opType === 'FusedConv');
    expect(fused.length).toBeGreaterThan(0);
    for (const e of fused) expect(mapping.unmapped).toContain(e.node);
    const profile = profileOf(c, parsed.events, parsed.runUs);
    const rows = timeByOperator([profile], graph);
    const conv = rows.find((r) => r.opType === 'Conv')!;
    expect(conv.nodes).toBe(graph.filter((n) => n.opType === 'Conv').length);
    expect(conv.byBackend.wasm!.ms).toBeCloseTo(fused.reduce((s, e) => s + e.durUs, 0) / 1000 + parsed.events.filter((e) => e.opType === 'Conv').reduce((s, e) => s + e.durUs, 0) / 1000, 6);
    expect(rows.some((r) => r.opType.startsWith('FusedConv'))).toBe(false);
    for (const slow of slowestNodes(profile, graph, 200).filter((n) => n.opType === 'FusedConv')) {
      expect(slow.graphNode).toBeNull();
      expect(slow.madeFrom).toBe('Conv');
    }
    for (const op of new Set(graph.map((n) => n.opType))) expect(rows.some((r) => r.opType === op)).toBe(true);
  });
});
