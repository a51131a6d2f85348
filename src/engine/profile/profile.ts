/**
 * A profile of one backend, mapped onto the model's graph and summed up: time by operator, the
 * slowest nodes, the check that kernel times add up to the run, a Chrome trace and a graph overlay.
 * Pure functions over parsed events (events.ts), so they are tested on real captured profiles.
 */
import type { BackendId } from '../backends/backend-id';
import { nodeKey, type GraphOverlay, type OverlayStyle } from '../graph/overlay';
import type { NodeRunEvent } from './events';

/** What the mapping needs of a graph node (GraphNode has it). */
export interface ProfiledGraphNode {
  /** Index in the model's node list: ORT's node index for nodes it loaded from the file. */
  id: number;
  name: string;
  opType: string;
  outputs: readonly string[];
}

/** What profiling needs of a graph's nodes (a ModelGraph's, or any with the same fields). */
export const profiledNodes = (graph: { nodes: readonly ProfiledGraphNode[] }): ProfiledGraphNode[] =>
  graph.nodes.map(({ id, name, opType, outputs }) => ({ id, name, opType, outputs }));

export interface BackendProfile {
  backend: BackendId;
  /** Shown in tables and the trace: "WASM (CPU)". */
  title: string;
  /** Which profiler the events came from. */
  source: 'session-profiling' | 'webgpu-timestamps';
  runs: number;
  events: NodeRunEvent[];
  /** Each profiled run's time measured around `session.run` (outputs read back), ms. */
  measuredMs: number[];
  /** Each profiled run's time as ORT measured it inside the runtime ("model_run"), ms; null when not known. */
  ortRunMs: number[] | null;
  /** What the user should know about this profile (e.g. CPU kernels missing from GPU timestamps). */
  note: string | null;
}

/** Which graph node each kernel name stands for; `exact` false for kernels graph optimisation made. */
export interface KernelMapping {
  byKernel: Map<string, { key: string; opType: string; exact: boolean } | null>;
  /** Kernel names no graph node accounts for: listed, never dropped. */
  unmapped: string[];
}

const SEPARATOR = /^[/_:.-]/;
// ORT profiles a node with no name as "<op type>_<node index>" (sequential_executor.cc).
const UNNAMED = /^(.+)_(\d+)$/;

/**
 * Maps kernel names to graph nodes: the node of that name; else, for "<op>_<index>", the unnamed
 * node at that index of that op type (ORT keeps the file's indices for the nodes it loads); else the
 * longest node name the kernel's name starts with followed by a separator (ORT names what it makes
 * from a node after it: "Times212/MatMulAddFusion", "Times212_reshape0").
 */
export function mapKernels(events: readonly NodeRunEvent[], nodes: readonly ProfiledGraphNode[]): KernelMapping {
  const byName = new Map(nodes.filter((n) => n.name).map((n) => [n.name, n] as const));
  const byId = new Map(nodes.map((n) => [n.id, n] as const));
  const names = [...byName.keys()].sort((a, b) => b.length - a.length);
  const byKernel: KernelMapping['byKernel'] = new Map();
  const unmapped: string[] = [];
  for (const { node: kernel } of events) {
    if (byKernel.has(kernel)) continue;
    const unnamed = UNNAMED.exec(kernel);
    const atIndex = unnamed ? byId.get(Number(unnamed[2])) : undefined;
    const exact = byName.get(kernel) ?? (atIndex && !atIndex.name && atIndex.opType === unnamed![1] ? atIndex : undefined);
    const prefix = exact ? null : names.find((name) => kernel.startsWith(name) && SEPARATOR.test(kernel.slice(name.length)));
    const node = exact ?? (prefix ? byName.get(prefix)! : null);
    byKernel.set(kernel, node ? { key: nodeKey(node), opType: node.opType, exact: Boolean(exact) } : null);
    if (!node) unmapped.push(kernel);
  }
  return { byKernel, unmapped };
}

/**
 * The graph op type a kernel no graph node accounts for was made from, when that is clear: its own
 * op type ("Conv" from the layout transformer) or that with ORT's "Fused" prefix dropped
 * ("FusedConv" from a Conv and its activation); null for kernels ORT added (layout Transposes).
 */
function madeFrom(kernelOp: string, graphOps: ReadonlySet<string>): string | null {
  const op = kernelOp.replace(/^Fused(?=[A-Z])/, '');
  return graphOps.has(op) ? op : null;
}

const mean = (values: readonly number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0);

/** Kernel time per run, ms, averaged over the profiled runs. */
export function kernelMsPerRun(profile: BackendProfile): number {
  return profile.events.reduce((sum, e) => sum + e.durUs, 0) / 1000 / Math.max(1, profile.runs);
}

export interface OperatorRow {
  opType: string;
  /** Graph nodes of this op type. */
  nodes: number;
  /** Per backend: ms per run (mean over runs) and share of that backend's kernel time; null when it has no profile. */
  byBackend: Partial<Record<BackendId, { ms: number; share: number; timedNodes: number }>>;
}

/**
 * "Time by operator": one row per op type of the graph (every one, also those with no kernel of
 * their own because graph optimisation fused them into another), plus one row per ORT op type of
 * kernels ORT added. Time goes to the op type of the graph node a kernel stands for (a FusedConv
 * made from a Conv counts as Conv), or for kernels of no graph node, the op type they were made from.
 */
export function timeByOperator(profiles: readonly BackendProfile[], nodes: readonly ProfiledGraphNode[]): OperatorRow[] {
  const rows = new Map<string, OperatorRow>();
  const row = (opType: string) => {
    let r = rows.get(opType);
    if (!r) rows.set(opType, (r = { opType, nodes: 0, byBackend: {} }));
    return r;
  };
  for (const node of nodes) row(node.opType).nodes++;
  const graphOps = new Set(nodes.map((n) => n.opType));
  for (const profile of profiles) {
    const mapping = mapKernels(profile.events, nodes);
    const total = kernelMsPerRun(profile);
    const timed = new Map<string, Set<string>>();
    for (const event of profile.events) {
      const target = mapping.byKernel.get(event.node);
      const opType = target?.opType ?? madeFrom(event.opType, graphOps) ?? `${event.opType} (not in the graph)`;
      const cell = (row(opType).byBackend[profile.backend] ??= { ms: 0, share: 0, timedNodes: 0 });
      cell.ms += event.durUs / 1000 / Math.max(1, profile.runs);
      if (!timed.has(opType)) timed.set(opType, new Set());
      timed.get(opType)!.add(target?.key ?? event.node);
    }
    for (const r of rows.values()) {
      const cell = (r.byBackend[profile.backend] ??= { ms: 0, share: 0, timedNodes: 0 });
      cell.share = total > 0 ? cell.ms / total : 0;
      cell.timedNodes = timed.get(r.opType)?.size ?? 0;
    }
  }
  const first = profiles[0]?.backend;
  return [...rows.values()].sort((a, b) => (first ? (b.byBackend[first]?.ms ?? 0) - (a.byBackend[first]?.ms ?? 0) : 0) || a.opType.localeCompare(b.opType));
}

export interface SlowNode {
  kernel: string;
  /** The graph node it stands for (nodeKey), null when none. */
  graphNode: string | null;
  /** With no graph node: the graph op type ORT made it from (a FusedConv of unnamed Convs), null when ORT added it. */
  madeFrom: string | null;
  opType: string;
  provider: string;
  /** Mean per run, ms. */
  ms: number;
  share: number;
  inputShapes: string[];
  outputShapes: string[];
}

/** The `count` kernels with the most time per run. */
export function slowestNodes(profile: BackendProfile, nodes: readonly ProfiledGraphNode[], count = 20): SlowNode[] {
  const mapping = mapKernels(profile.events, nodes);
  const total = kernelMsPerRun(profile);
  const graphOps = new Set(nodes.map((n) => n.opType));
  const byKernel = new Map<string, SlowNode>();
  for (const event of profile.events) {
    let slow = byKernel.get(event.node);
    if (!slow) {
      const target = mapping.byKernel.get(event.node);
      slow = { kernel: event.node, graphNode: target?.key ?? null, madeFrom: target ? null : madeFrom(event.opType, graphOps), opType: event.opType, provider: event.provider, ms: 0, share: 0, inputShapes: event.inputShapes, outputShapes: event.outputShapes };
      byKernel.set(event.node, slow);
    }
    slow.ms += event.durUs / 1000 / Math.max(1, profile.runs);
  }
  for (const slow of byKernel.values()) slow.share = total > 0 ? slow.ms / total : 0;
  return [...byKernel.values()].sort((a, b) => b.ms - a.ms).slice(0, count);
}

/**
 * How far the kernels' sum may fall short of the run measured around `session.run`: what is not in
 * any kernel is the runtime's own work per run (copying inputs in and outputs out, the executor's
 * bookkeeping, JS <-> WASM calls), which is a fixed cost of about a millisecond or less on WASM, so
 * small models need an absolute allowance and large ones a relative one.
 */
export const SUM_MARGIN = { absoluteMs: 2, relative: 0.25 } as const;

export interface SumCheck {
  /** Mean kernel time a run: what the table adds up to. */
  kernelMs: number;
  /** Mean measured run. */
  measuredMs: number;
  ortRunMs: number | null;
  /**
   * Median over runs of (measured - kernels) of the same run: session overhead and copies (GPU:
   * also dispatch and readback). The median, so one run the OS paused does not decide the check.
   */
  differenceMs: number;
  allowedMs: number;
  withinMargin: boolean;
}

/** Per-op totals (all kernels) against the profiled runs' measured inference time, run by run. */
export function checkSum(profile: BackendProfile): SumCheck {
  const kernelUsByRun = new Array<number>(profile.runs).fill(0);
  for (const e of profile.events) kernelUsByRun[e.run] += e.durUs;
  const gaps = profile.measuredMs.map((ms, run) => ms - kernelUsByRun[run] / 1000).sort((a, b) => a - b);
  const differenceMs = gaps.length ? (gaps[(gaps.length - 1) >> 1] + gaps[gaps.length >> 1]) / 2 : 0;
  const measuredMs = mean(profile.measuredMs);
  const allowedMs = Math.max(SUM_MARGIN.absoluteMs, SUM_MARGIN.relative * measuredMs);
  // Kernels can never take longer than the run that contains them (a small tolerance for rounding).
  const withinMargin = differenceMs >= -0.05 && differenceMs <= allowedMs;
  return { kernelMs: kernelMsPerRun(profile), measuredMs, ortRunMs: profile.ortRunMs ? mean(profile.ortRunMs) : null, differenceMs, allowedMs, withinMargin };
}

export interface TraceEvent {
  name: string;
  cat: string;
  ph: 'X' | 'M';
  ts?: number;
  dur?: number;
  pid: number;
  tid: number;
  args: Record<string, unknown>;
}

/**
 * The profiles as Chrome trace JSON (Perfetto, chrome://tracing): one "X" event per kernel run, a
 * process per backend (named by "M" metadata events), runs laid end to end with a gap between them.
 */
export function chromeTrace(profiles: readonly BackendProfile[], nodes: readonly ProfiledGraphNode[]): { traceEvents: TraceEvent[] } {
  const traceEvents: TraceEvent[] = [];
  profiles.forEach((profile, index) => {
    const pid = index + 1;
    traceEvents.push({ name: 'process_name', cat: '__metadata', ph: 'M', pid, tid: 1, args: { name: profile.title } });
    const mapping = mapKernels(profile.events, nodes);
    const runLength = new Map<number, number>();
    for (const e of profile.events) runLength.set(e.run, Math.max(runLength.get(e.run) ?? 0, e.startUs + e.durUs));
    const runStart: number[] = [];
    let at = 0;
    for (let run = 0; run < profile.runs; run++) {
      runStart[run] = at;
      at += (runLength.get(run) ?? 0) + 100;
    }
    for (const e of profile.events) {
      traceEvents.push({
        name: e.node,
        cat: e.opType,
        ph: 'X',
        ts: runStart[e.run] + e.startUs,
        dur: e.durUs,
        pid,
        tid: 1,
        args: { run: e.run, op: e.opType, program: e.program ?? null, provider: e.provider, graphNode: mapping.byKernel.get(e.node)?.key ?? null, inputs: e.inputShapes, outputs: e.outputShapes },
      });
    }
  });
  return { traceEvents };
}

/**
 * Share-of-time bins: one orange at rising opacity, a sequential scale. Translucent, so over a light
 * page the steps are light oranges under dark text and over a dark page dark oranges under light text.
 */
export const TIME_BINS: readonly { min: number; style: OverlayStyle }[] = [
  { min: 0.15, style: { colour: 'hsl(18 95% 50% / 0.9)', label: '15% of the time or more' } },
  { min: 0.05, style: { colour: 'hsl(18 95% 50% / 0.6)', label: '5-15%' } },
  { min: 0.01, style: { colour: 'hsl(18 95% 50% / 0.35)', label: '1-5%' } },
  { min: 0, style: { colour: 'hsl(18 95% 50% / 0.15)', label: 'under 1%' } },
];
const NO_KERNEL: OverlayStyle = { colour: 'transparent', label: 'no kernel of its own name (fused or removed)' };

const percent = (share: number) => `${(share * 100).toFixed(share < 0.1 ? 1 : 0)}%`;

/** Colours graph nodes by their share of the backend's kernel time. */
export function timeOverlay(profile: BackendProfile, nodes: readonly ProfiledGraphNode[]): GraphOverlay {
  const mapping = mapKernels(profile.events, nodes);
  const total = kernelMsPerRun(profile);
  const msByNode = new Map<string, number>();
  for (const e of profile.events) {
    const key = mapping.byKernel.get(e.node)?.key;
    if (key !== undefined) msByNode.set(key, (msByNode.get(key) ?? 0) + e.durUs / 1000 / Math.max(1, profile.runs));
  }
  const styled: GraphOverlay['nodes'] = {};
  for (const node of nodes) {
    const key = nodeKey(node);
    const ms = msByNode.get(key);
    if (ms === undefined) {
      styled[key] = NO_KERNEL;
      continue;
    }
    const share = total > 0 ? ms / total : 0;
    const bin = TIME_BINS.find((b) => share >= b.min)!;
    styled[key] = { colour: bin.style.colour, label: `${percent(share)} of the time`, detail: `${ms.toFixed(3)} ms a run` };
  }
  const unmapped = mapping.unmapped.length ? `, ${mapping.unmapped.length} kernels ORT made or fused (in the table by op type)` : '';
  return {
    id: `time:${profile.backend}`,
    title: `Time on ${profile.title}`,
    summary: `${profile.title}: ${msByNode.size} of ${nodes.length} nodes timed, ${total.toFixed(2)} ms of kernels a run${unmapped}`,
    nodes: styled,
    legend: [...TIME_BINS.map((b) => b.style), NO_KERNEL],
  };
}
