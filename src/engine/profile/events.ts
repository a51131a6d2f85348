/**
 * What onnxruntime-web's profilers emit, parsed into one shape: one event per kernel per run.
 *
 * - Session profiling (`enableProfiling`): onnxruntime-web 1.30 ignores the profile file. At
 *   `endProfiling` the WASM build's profiler prints the Chrome-trace JSON to stdout, which Emscripten
 *   sends to `console.log` line by line ("[", one `{"cat" : "Node", ...},` per line, "]"). "Node"
 *   events are kernels (name "<node>_kernel_time", op, provider, shapes; ts/dur in µs); "Session"
 *   events include one "model_run" per `session.run`, which tells the runs apart.
 * - The native WebGPU EP (onnxruntime-web/webgpu) adds its GPU timestamps to the same profile as
 *   "Api" events named "<node>&<op>&<program>" (ts/dur µs, on the GPU's clock, so no "model_run"
 *   contains them: runs are told apart by the long gaps between them).
 * - JSEP's `env.webgpu.profiling` (`mode: 'default'` with `ondata`): one record per GPU program, with
 *   the kernel's node name and type, and GPU timestamps in ns (where the adapter has timestamp
 *   queries). The worker tags each with the run it came from.
 */

export interface NodeRunEvent {
  /** The kernel's node name as ORT runs it (after graph optimisation: may be a fused node). */
  node: string;
  /** The kernel's op type as ORT runs it ("FusedConv" for a Conv with its Add and Relu). */
  opType: string;
  /** The GPU program, for GPU timestamps (a kernel may run several: a weight Transpose, then Conv2dMM). */
  program?: string;
  /** The execution provider ("CPUExecutionProvider", "JsExecutionProvider", ...). */
  provider: string;
  /** 0-based index among the profiled runs (warm-up runs are dropped). */
  run: number;
  /** Start, µs from the start of its run. */
  startUs: number;
  durUs: number;
  inputShapes: string[];
  outputShapes: string[];
}

export interface ParsedSessionProfile {
  /** Kernels as the CPU timed them ("Node" events). */
  events: NodeRunEvent[];
  /** GPU programs the native WebGPU EP timed ("Api" events); empty for other backends. */
  gpuEvents: NodeRunEvent[];
  /** Each profiled run's own duration as ORT measured it ("model_run"), µs. */
  runUs: number[];
}

export const WEBGPU_GPU_PROVIDER = 'WebGpuExecutionProvider (GPU timestamps)';

interface TraceRecord {
  cat?: string;
  name?: string;
  ts?: number;
  dur?: number;
  args?: Record<string, unknown>;
}

/** Lines of the console that are session-profile records (one JSON object, maybe with a trailing comma). */
const RECORD_LINE = /^\s*\{\s*"cat"\s*:/;

/** Keeps the profile's own lines out of anything else the worker printed. */
export const isProfileLine = (line: string) => RECORD_LINE.test(line) || /^\s*[[\]]\s*$/.test(line);

const KERNEL_SUFFIX = '_kernel_time';

/** `[{"float":[1,8,28,28]}]` -> `["float[1,8,28,28]"]`. */
function shapes(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.map((entry) =>
    Object.entries(entry as Record<string, number[]>)
      .map(([dtype, dims]) => `${dtype}[${dims.join(',')}]`)
      .join(''),
  );
}

/**
 * Parses the lines session profiling printed. Runs are told apart by ORT's "model_run" events; the
 * first `warmupRuns` runs are dropped. Kernels outside any run (none in practice) are dropped too,
 * as they belong to no run.
 */
export function parseSessionProfile(lines: readonly string[], warmupRuns: number): ParsedSessionProfile {
  const records: TraceRecord[] = [];
  for (const line of lines) {
    if (!RECORD_LINE.test(line)) continue;
    try {
      records.push(JSON.parse(line.trim().replace(/,$/, '')) as TraceRecord);
    } catch {
      throw new Error(`onnxruntime's profile has a line that is not JSON: ${line.slice(0, 120)}`);
    }
  }
  const runs = records
    .filter((r) => r.cat === 'Session' && r.name === 'model_run')
    .map((r) => ({ ts: r.ts ?? 0, dur: r.dur ?? 0 }))
    .sort((a, b) => a.ts - b.ts);
  const events: NodeRunEvent[] = [];
  for (const record of records) {
    if (record.cat !== 'Node' || !record.name?.endsWith(KERNEL_SUFFIX)) continue;
    const ts = record.ts ?? 0;
    const index = runs.findIndex((run) => ts >= run.ts && ts <= run.ts + run.dur);
    if (index < warmupRuns) continue;
    const args = record.args ?? {};
    events.push({
      node: record.name.slice(0, -KERNEL_SUFFIX.length),
      opType: String(args.op_name ?? ''),
      provider: String(args.provider ?? ''),
      run: index - warmupRuns,
      startUs: ts - runs[index].ts,
      durUs: record.dur ?? 0,
      inputShapes: shapes(args.input_type_shape),
      outputShapes: shapes(args.output_type_shape),
    });
  }
  const gpuEvents = apiEvents(records.filter((r) => r.cat === 'Api'), runs.length, warmupRuns);
  return { events, gpuEvents, runUs: runs.slice(warmupRuns).map((r) => r.dur) };
}

/** "inputs[0] = {1,28,28,1} inputs[1] = {5,5,1,8} outputs[0] = {1,28,28,8} " -> shapes by side. */
function apiShapes(text: string, side: 'inputs' | 'outputs'): string[] {
  return [...text.matchAll(new RegExp(`${side}\\[\\d+\\] = \\{([^}]*)\\}`, 'g'))].map((m) => `[${m[1]}]`);
}

/** The native WebGPU EP's GPU programs, split into runs at the `runCount - 1` longest gaps. */
function apiEvents(records: TraceRecord[], runCount: number, warmupRuns: number): NodeRunEvent[] {
  if (records.length === 0 || runCount === 0) return [];
  const sorted = [...records].sort((a, b) => (a.ts ?? 0) - (b.ts ?? 0));
  const gaps = sorted.slice(1).map((r, i) => ({ after: i, gap: (r.ts ?? 0) - (sorted[i].ts ?? 0) - (sorted[i].dur ?? 0) }));
  const cuts = new Set(gaps.sort((a, b) => b.gap - a.gap).slice(0, runCount - 1).map((g) => g.after));
  const events: NodeRunEvent[] = [];
  let run = 0;
  let runStart = sorted[0].ts ?? 0;
  sorted.forEach((record, i) => {
    const [node = '', opType = '', program = ''] = (record.name ?? '').split('&');
    const text = String(record.args?.shapes ?? '');
    if (run >= warmupRuns) {
      events.push({
        node,
        opType,
        program,
        provider: WEBGPU_GPU_PROVIDER,
        run: run - warmupRuns,
        startUs: (record.ts ?? 0) - runStart,
        durUs: record.dur ?? 0,
        inputShapes: apiShapes(text, 'inputs'),
        outputShapes: apiShapes(text, 'outputs'),
      });
    }
    if (cuts.has(i)) {
      run++;
      runStart = sorted[i + 1].ts ?? 0;
    }
  });
  return events;
}

/**
 * Kernels with GPU timestamps take those (their CPU-side time is only recording and dispatch);
 * kernels without (CPU fallback, ops that only move no data such as Reshape) keep their CPU time.
 */
export function withGpuTimes(cpuEvents: readonly NodeRunEvent[], gpuEvents: readonly NodeRunEvent[]): NodeRunEvent[] {
  const onGpu = new Set(gpuEvents.map((e) => e.node));
  return [...gpuEvents, ...cpuEvents.filter((e) => !onGpu.has(e.node))];
}

/** What JSEP's `env.webgpu.profiling.ondata` hands over, plus the run it belongs to. */
export interface GpuKernelRecord {
  run: number;
  kernelName: string;
  kernelType: string;
  programName: string;
  /** ns, from the first timestamp this session saw. */
  startTime: number;
  endTime: number;
  inputsMetadata: readonly { dims: readonly number[]; dataType: string }[];
  outputsMetadata: readonly { dims: readonly number[]; dataType: string }[];
}

export const JSEP_GPU_PROVIDER = 'JsExecutionProvider (GPU timestamps)';

/**
 * JSEP kernel records as node events. A kernel made of several GPU programs gives several records
 * under one node name: each is its own event (one per program run), so none is lost.
 * `startUs` is from the run's first GPU timestamp.
 */
export function parseGpuKernels(records: readonly GpuKernelRecord[], warmupRuns: number): NodeRunEvent[] {
  const firstByRun = new Map<number, number>();
  for (const r of records) firstByRun.set(r.run, Math.min(firstByRun.get(r.run) ?? Infinity, r.startTime));
  const meta = (list: GpuKernelRecord['inputsMetadata']) => list.map((m) => `${m.dataType}[${m.dims.join(',')}]`);
  return records
    .filter((r) => r.run >= warmupRuns)
    .map((r) => ({
      node: r.kernelName,
      opType: r.kernelType,
      program: r.programName,
      provider: JSEP_GPU_PROVIDER,
      run: r.run - warmupRuns,
      startUs: (r.startTime - firstByRun.get(r.run)!) / 1000,
      durUs: (r.endTime - r.startTime) / 1000,
      inputShapes: meta(r.inputsMetadata),
      outputShapes: meta(r.outputsMetadata),
    }));
}
