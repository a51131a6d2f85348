/** The benchmark's result, as exported (JSON, CSV, Markdown) by the UI and the CLI alike. */
import { BACKENDS, BASELINE_BACKEND, FRAMEWORK_TITLES, frameworkOf, type BackendId, type Framework, type TfjsModelKind } from '../backends/backend-id';
import { speedupOfMedians } from './stats';
import type { ClassScore } from '../tensor/top-classes';
import type { OutputSummary } from '../tensor/output-summary';
import type { Parity } from './parity';
import type { NativeComparison } from './portability';
import type { Placement } from './placement';
import type { RunStats, Speedup } from './stats';
import type { VariantName } from '../hub/variants';

export interface BenchEnvironment {
  userAgent: string;
  /** onnxruntime-web version. */
  ort: string;
  crossOriginIsolated: boolean;
  hardwareConcurrency: number;
  /** "vendor architecture (description)", or null without WebGPU. */
  webgpuAdapter: { vendor: string; architecture: string; description: string; isFallbackAdapter: boolean } | null;
}

export interface BenchResult {
  backend: BackendId;
  /** The model variant the row ran (fp32, q8...: hub/variants.ts), when the comparison ran variants. Absent otherwise. */
  variant?: VariantName;
  /**
   * The WASM thread count of the row's runtime. Only WASM rows run the model on these threads; GPU
   * rows use them for ops that fell back to the CPU (`cpuFallbackThreads`), WebGL2 not at all.
   */
  threads: number;
  /** WebGPU and WebNN rows: the threads their CPU-placed ops ran on. Absent for WASM and WebGL2. */
  cpuFallbackThreads?: number;
  /** The onnxruntime-web import that provided the backend (the TF.js backend package for TF.js rows). */
  entry: string;
  /** Which runtime ran the row (absent in exports made before TF.js rows existed: onnxruntime-web). */
  framework?: Framework;
  /** That runtime's version. */
  frameworkVersion?: string;
  /** TF.js rows: the TF.js graph model it ran, the model's TF.js original or the ONNX model converted in the tab (absent in older exports: original). */
  tfjsModel?: TfjsModelKind;
  /** Set when the backend could not run the model; the timing fields are then empty. */
  error?: string;
  /** The user stopped this row during the run (the others went on): its timing fields hold the runs it finished, if any, and it has no parity. */
  stopped?: boolean;
  sessionCreateMs: number | null;
  firstRunMs: number | null;
  /** Inference stage of each timed run, in run order. */
  runsMs: number[];
  stats: RunStats | null;
  /** Medians over the timed runs. */
  stagesMs: { preprocess: number; inference: number; postprocess: number } | null;
  speedupVsWasm?: Speedup;
  parity?: Parity;
  /**
   * What `parity` was measured against: WASM ×1, or TensorFlow.js WASM (the original on its own
   * runtime) when the run included TF.js rows. Absent in exports made before it existed (then WASM ×1).
   */
  parityReference?: ParityReference;
  /** Token models: batch x sequence tokens a second at the median time. */
  tokensPerSecond?: number;
  /** Gallery models on their reference input: distance to onnxruntime-node's output. */
  native?: NativeComparison & { pass: boolean };
  placement?: Placement;
  top5?: ClassScore[];
  outputs?: OutputSummary[];
  /** Only with the `bareLoop` option: a bare session.run loop in the same worker, same input. */
  bareRunsMs?: number[];
}

/** The row parity was measured against; `variant` when the comparison ran variants (then fp32 on WASM ×1). */
export interface ParityReference {
  backend: BackendId;
  threads: number;
  variant?: VariantName;
}

/** Backends whose unsupported ops run on onnxruntime's WASM CPU provider (the table's `cpuFallback`). */
export function hasCpuFallback(backend: BackendId): boolean {
  return BACKENDS[backend].cpuFallback;
}

/**
 * What a row's thread count meant, from its backend (so rows saved before `cpuFallbackThreads`
 * existed read the same): the threads that ran the model, or those of its CPU fallback, or neither.
 */
export function threadUse(row: Pick<BenchResult, 'backend' | 'threads'>): { model: number | null; cpuFallback: number | null } {
  const { threaded, cpuFallback } = BACKENDS[row.backend];
  return { model: threaded ? row.threads : null, cpuFallback: cpuFallback ? row.threads : null };
}

export interface BenchExport {
  tool: 'onnx-playground';
  version: string;
  createdAt: string;
  environment: BenchEnvironment;
  model: { id: string; sha256: string | null; producer: string | null; opset: number | null };
  /** `tokens`: a token model's synthetic input, batch x sequence (absent for other models and older exports). */
  input: { kind: 'image' | 'synthetic' | 'text'; name: string; tokens?: { batch: number; sequence: number } };
  settings: { warmupRuns: number; timedRuns: number; minSeconds: number };
  results: BenchResult[];
}

/** A row's backend in tables: "WASM (CPU) ×2", "TF.js WASM ×1", "WebGPU (native EP)". */
export function backendTitle(row: Pick<BenchResult, 'backend' | 'threads'>): string {
  const threads = threadUse(row).model;
  return `${BACKENDS[row.backend].title}${threads === null ? '' : ` ×${threads}`}`;
}

/** A row's name in progress lines and charts: its backend, after its variant when it has one ("q8 · WASM (CPU) ×2"). */
export function rowTitle(row: Pick<BenchResult, 'backend' | 'threads'> & { variant?: VariantName }): string {
  return `${row.variant ? `${row.variant} · ` : ''}${backendTitle(row)}`;
}

/**
 * The row every speedup is measured against: the baseline backend (WASM) with one thread if it ran,
 * else its first row that ran. Its own "speedup" is 1 by definition, and its interval (itself against
 * itself) means nothing.
 */
export function speedupBaseline<Row extends Pick<BenchResult, 'backend' | 'threads' | 'runsMs' | 'variant'>>(results: readonly Row[]): Row | undefined {
  // With variants, the reference variant's rows (fp32, else the first variant run) come first.
  const ran = results.filter((r) => BACKENDS[r.backend].baseline && r.runsMs.length > 0);
  const variants = ran.map((r) => r.variant);
  const first = variants.includes('fp32') ? 'fp32' : variants[0];
  const baselineRows = ran.filter((r) => r.variant === first);
  return baselineRows.find((r) => r.threads === 1) ?? baselineRows[0];
}

/** A row's runtime, for rows saved before `framework` existed too. */
export const rowFramework = (row: Pick<BenchResult, 'backend' | 'framework'>): Framework => row.framework ?? frameworkOf(row.backend);

/**
 * A row's runtime version. Rows saved before `frameworkVersion` existed were all onnxruntime-web
 * rows, whose version the environment records.
 */
export function rowFrameworkVersion(row: Pick<BenchResult, 'backend' | 'framework' | 'frameworkVersion'>, environment: Pick<BenchEnvironment, 'ort'>): string | null {
  return row.frameworkVersion ?? (rowFramework(row) === 'onnxruntime-web' ? environment.ort : null);
}

/** What a row's parity was measured against; rows saved before `parityReference` existed: WASM ×1. */
export function rowParityReference(row: Pick<BenchResult, 'parity' | 'parityReference'>): ParityReference | null {
  return row.parityReference ?? (row.parity ? { backend: BASELINE_BACKEND, threads: 1 } : null);
}

/**
 * One sentence comparing the frameworks as measured, when both have timed rows: like with like where
 * possible, i.e. one clause per thread count at which both ONNX Runtime's and TensorFlow.js's WASM
 * rows ran (a verdict at one count says nothing about another), else ONNX Runtime's WASM row with one
 * thread (or its first timed row) against TensorFlow.js's first. Each clause gives the ratio of
 * medians with its 95% bootstrap interval, and claims a winner only when that interval excludes 1.
 * TensorFlow.js rows that ran the ONNX model converted in the tab are said to have.
 */
export function frameworkSummary(results: readonly BenchResult[], modelName: string): string | null {
  const timed = results.filter((r) => r.runsMs.length > 0);
  const ort = timed.filter((r) => rowFramework(r) === 'onnxruntime-web');
  const tfjs = timed.filter((r) => rowFramework(r) === 'tensorflow.js');
  const samePairs = sameThreadsPairs(ort, tfjs);
  const fallback = [ort.find((r) => BACKENDS[r.backend].baseline && r.threads === 1) ?? ort[0], tfjs[0]] as const;
  const pairs: (readonly [BenchResult | undefined, BenchResult | undefined])[] = samePairs.length ? samePairs : [fallback];
  const clauses = pairs.flatMap(([onnx, tf]) => (onnx && tf ? [comparisonClause(onnx, tf)] : []));
  // A model without a TF.js original ran on TensorFlow.js as the tab converted it: the sentence says so.
  const converted = tfjs.some((r) => r.tfjsModel === 'converted') ? ' (on TensorFlow.js as converted from ONNX in this tab)' : '';
  return clauses.length ? `On this browser, running ${modelName}${converted}, ${clauses.join('; ')}.` : null;
}

/** "A is 1.40× faster than B (95% interval 1.30–1.52)", or "about the same speed" when the interval contains 1. */
function comparisonClause(onnx: BenchResult, tf: BenchResult): string {
  const name = (r: BenchResult) => `${FRAMEWORK_TITLES[rowFramework(r)]} ${rowTitle(r).replace(/^TF\.js /, '').replace(' (CPU)', '')}`;
  const { ratio, ci95 } = speedupOfMedians(tf.runsMs, onnx.runsMs);
  const [faster, slower, r, ci] = ratio >= 1 ? [onnx, tf, ratio, ci95] : [tf, onnx, 1 / ratio, [1 / ci95[1], 1 / ci95[0]]];
  const interval = `95% interval ${ci[0].toFixed(2)}–${ci[1].toFixed(2)}`;
  if (ci95[0] <= 1 && ci95[1] >= 1) return `${name(faster)} and ${name(slower)} run at about the same speed (${r.toFixed(2)}×, ${interval}: no clear difference)`;
  return `${name(faster)} is ${r.toFixed(2)}× faster than ${name(slower)} (${interval})`;
}

/** The two frameworks' CPU rows paired by thread count, for every count both ran, fewest threads first. */
function sameThreadsPairs(ort: readonly BenchResult[], tfjs: readonly BenchResult[]): [BenchResult, BenchResult][] {
  const cpu = (rows: readonly BenchResult[]) => rows.filter((r) => threadUse(r).model !== null).sort((a, b) => a.threads - b.threads);
  return cpu(ort).flatMap((onnx) => {
    const tf = cpu(tfjs).find((r) => r.threads === onnx.threads);
    return tf ? [[onnx, tf] as [BenchResult, BenchResult]] : [];
  });
}

/**
 * Rows that run on the browser's WebGPU adapter (so a fallback adapter makes them no GPU benchmark):
 * onnxruntime-web's WebGPU providers and TensorFlow.js's WebGPU backend.
 */
export function runsOnWebGpuAdapter(backend: BackendId): boolean {
  return BACKENDS[backend].device === 'webgpu';
}
