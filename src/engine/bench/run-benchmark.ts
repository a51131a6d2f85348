/**
 * The benchmark procedure, independent of where targets live (workers in the browser, in-process in
 * Node): open each backend, time its first run, warm up, then time runs interleaved across backends
 * (A B A B ...) so drift in the machine's speed does not favour one; then compare every backend's
 * outputs with WASM on one thread and compute statistics.
 */
import { Failure, messageOf } from '../../shared/errors';
import { backendsWhere, frameworkOf, type BackendId, type Framework } from '../backends/backend-id';
import type { BenchInputSpec, BenchTarget, OpenedTarget, OutputSnapshot, RunTiming } from './bench-target';
import { compareOutputs, toleranceFor } from './parity';
import { compareWithNative, type PortabilityReference } from './portability';
import { hasCpuFallback, speedupBaseline, type BenchResult } from './report';
import { median, speedupOfMedians, summarize } from './stats';
import type { VariantName } from '../hub/variants';
import { judgedAsQuantized, sameChoice, tokensPerSecond, type TokenCount } from './variant-plan';

/** One row of a plan: a backend at a thread count, and the model variant it runs when the plan compares variants. */
export interface BackendChoice {
  backend: BackendId;
  threads: number;
  variant?: VariantName;
}

/** What the procedure needs of one backend; the bench worker's remote satisfies it. */
export interface TargetHandle {
  entry: string;
  open(): Promise<OpenedTarget>;
  run(): Promise<RunTiming>;
  output(): Promise<OutputSnapshot>;
  bareLoop(runs: number): Promise<number[]>;
  /**
   * Releases the session and ends the target's worker; `atOnce` (cancelled, or the target failed)
   * ends it without waiting for a release that a busy or broken runtime may never answer.
   */
  dispose(atOnce: boolean): Promise<void>;
}

/** A target in this realm (Node tests, the conversion worker), as the procedure drives it: opened, then given its input. */
export function inProcess(target: BenchTarget, entry: string, input: BenchInputSpec): TargetHandle {
  return {
    entry,
    async open() {
      const opened = await target.open();
      target.setInput(input);
      return opened;
    },
    run: () => target.run(),
    output: async () => target.output(),
    bareLoop: (runs) => target.bareLoop(runs),
    dispose: () => target.release(),
  };
}

export interface BenchPlan {
  choices: BackendChoice[];
  warmupRuns: number;
  /** At least this many timed runs per backend... */
  timedRuns: number;
  /** ...and keep going until this many seconds have passed (0: runs only). */
  minSeconds: number;
  classifier: boolean;
  /**
   * After each timed run, also time one bare `session.run` on the same target and input (the
   * app-overhead yardstick), so app and bare runs interleave and see the same machine.
   */
  bareLoop?: boolean;
  /** onnxruntime-node's outputs for this model and input, when the input is the reference one. */
  nativeReference?: PortabilityReference;
  /**
   * The parity reference, which every row is compared with: WASM on one thread unless said otherwise
   * (TensorFlow.js's WASM backend when the plan runs a TF.js original: the model as published).
   */
  reference?: BackendChoice;
  /** A token model's synthetic input (batch x sequence): its rows report tokens/s. */
  tokens?: TokenCount;
  /** Compare the top label of every row as well (an output of logits, not only a gallery classifier). */
  topLabel?: boolean;
}

export type BenchPhase = 'open' | 'first-run' | 'warmup' | 'timed' | 'parity';

/** Where one row stands: a phase while it works, then how it ended. */
export type RowPhase = 'waiting' | BenchPhase | 'done' | 'failed' | 'stopped';

/** One row's progress (the rows of the plan, in its order; never the hidden parity reference). */
export interface RowProgress {
  backend: BackendId;
  threads: number;
  variant?: VariantName;
  phase: RowPhase;
  warmupDone: number;
  timedDone: number;
  firstRunMs: number | null;
  /** The median of its runs after the first (warm-up and timed): what its next runs will likely take; null until one ran. */
  typicalRunMs: number | null;
}

export interface BenchProgress {
  /** What runs now: the phase, and the row it runs on. */
  phase: BenchPhase;
  backend: BackendId;
  threads: number;
  variant?: VariantName;
  /** Timed runs done so far, all backends together, and the planned total. */
  done: number;
  total: number;
  rows: RowProgress[];
  /** Milliseconds since the first timed run began (0 before): what `minSeconds` counts. */
  timedElapsedMs: number;
}

/** Safety cap when `minSeconds` keeps a fast model running: no backend runs more than this. */
export const MAX_RUNS_PER_BACKEND = 1000;

export class BenchAbortedError extends Failure {
  override name = 'AbortError';
  constructor() {
    super('cancelled', 'The benchmark was cancelled.');
  }
}

/** One row was stopped by the user: it ends, the others go on. */
class RowStoppedError extends Failure {
  constructor() {
    super('cancelled', 'This row was stopped.');
  }
}

interface Slot {
  choice: BackendChoice;
  handle: TargetHandle;
  opened: OpenedTarget | null;
  error: string | null;
  firstRunMs: number | null;
  timings: RunTiming[];
  output: OutputSnapshot | null;
  bareRunsMs?: number[];
  /** The parity reference added by the procedure: opened and run once, never timed or reported. */
  hidden: boolean;
  disposed: boolean;
  phase: RowPhase;
  warmupDone: number;
  /** Inference times of its runs after the first, warm-up included. */
  laterRunsMs: number[];
  /** Aborted when the user stops this row alone. */
  stop: AbortSignal | null;
  stopped: boolean;
}

/**
 * A framework's CPU backend on one thread: the parity reference (ONNX Runtime's WASM for an ONNX
 * model, TensorFlow.js's WASM for a TF.js original as published).
 */
export function cpuReference(framework: Framework): BackendChoice {
  const [backend] = backendsWhere((b) => b.framework === framework && b.device === 'cpu');
  return { backend, threads: 1 };
}

export async function runBenchmark(
  plan: BenchPlan,
  createTarget: (choice: BackendChoice) => TargetHandle,
  options: {
    signal?: AbortSignal;
    onProgress?: (progress: BenchProgress) => void;
    /** One per choice of the plan: aborting one stops that row alone (its finished runs are kept), the others go on. */
    rowSignals?: readonly (AbortSignal | undefined)[];
  } = {},
): Promise<BenchResult[]> {
  const { signal, onProgress } = options;
  const check = (slot?: Slot) => {
    if (signal?.aborted) throw new BenchAbortedError();
    if (slot?.stop?.aborted) throw new RowStoppedError();
  };
  // A run can take seconds (WebGPU's first run compiles shaders, a software adapter takes seconds a
  // run): cancelling, or stopping its row, must not wait for it.
  const untilAborted = <T>(work: Promise<T>, slot?: Slot): Promise<T> => {
    const signals = [signal, slot?.stop].filter((s): s is AbortSignal => s !== undefined && s !== null);
    if (signals.length === 0) return work;
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => reject(signal?.aborted ? new BenchAbortedError() : new RowStoppedError());
      if (signals.some((s) => s.aborted)) return onAbort();
      for (const s of signals) s.addEventListener('abort', onAbort, { once: true });
      work.then(resolve, reject).finally(() => signals.forEach((s) => s.removeEventListener('abort', onAbort)));
    });
  };
  // The parity reference (WASM on one thread by default); run it unseen when the user did not pick it.
  const ref = plan.reference ?? cpuReference('onnxruntime-web');
  const isReference = (c: BackendChoice) => sameChoice(c, ref);
  const choices = plan.choices.some(isReference) ? plan.choices : [...plan.choices, ref];
  const hiddenReference = choices.length > plan.choices.length;
  const slots: Slot[] = choices.map((choice, i) => ({
    choice,
    handle: createTarget(choice),
    opened: null,
    error: null,
    firstRunMs: null,
    timings: [],
    output: null,
    hidden: hiddenReference && i === choices.length - 1,
    disposed: false,
    phase: 'waiting',
    warmupDone: 0,
    laterRunsMs: [],
    stop: (i < plan.choices.length ? options.rowSignals?.[i] : undefined) ?? null,
    stopped: false,
  }));
  const total = plan.timedRuns * plan.choices.length;
  let done = 0;
  let timedStarted: number | null = null;
  let current: { phase: BenchPhase; slot: Slot } | null = null;
  const rows = (): RowProgress[] =>
    slots
      .filter((s) => !s.hidden)
      .map((s) => ({
        backend: s.choice.backend,
        threads: s.choice.threads,
        ...(s.choice.variant && { variant: s.choice.variant }),
        phase: s.phase,
        warmupDone: s.warmupDone,
        timedDone: s.timings.length,
        firstRunMs: s.firstRunMs,
        typicalRunMs: s.laterRunsMs.length ? median(s.laterRunsMs) : null,
      }));
  const emit = () => {
    if (!current) return;
    const { phase, slot } = current;
    const { backend, threads, variant } = slot.choice;
    onProgress?.({ phase, backend, threads, ...(variant && { variant }), done, total, rows: rows(), timedElapsedMs: timedStarted === null ? 0 : performance.now() - timedStarted });
  };
  const report = (phase: BenchPhase, slot: Slot) => {
    slot.phase = phase;
    current = { phase, slot };
    emit();
  };
  const dispose = (slot: Slot, atOnce: boolean) => {
    if (slot.disposed) return Promise.resolve();
    slot.disposed = true;
    return slot.handle.dispose(atOnce);
  };
  /**
   * Records a target's failure and ends its worker before anyone else runs: whatever it still holds
   * (a session, GPU buffers, threads) must not share the machine with the backends being timed.
   * (A failed GPU run's queued GPU work is waited for in the worker itself, before the error is sent.)
   */
  const fail = async (slot: Slot, error: unknown, what: string) => {
    if (error instanceof BenchAbortedError) throw error;
    if (error instanceof RowStoppedError) return stopRow(slot);
    slot.error = `${what}${messageOf(error)}`;
    slot.phase = 'failed';
    await dispose(slot, true).catch(() => undefined);
    emit();
  };
  /** A row the user stopped: its worker ends at once, its finished runs stay. */
  const stopRow = async (slot: Slot) => {
    if (slot.stopped || slot.error) return;
    slot.stopped = true;
    slot.phase = 'stopped';
    emit();
    await dispose(slot, true).catch(() => undefined);
  };
  // Stopped while another row runs: end its worker now rather than at its next turn.
  for (const slot of slots) slot.stop?.addEventListener('abort', () => void stopRow(slot), { once: true });

  try {
    // Open one at a time: creating sessions in parallel would make each creation time meaningless.
    for (const slot of slots) {
      try {
        check(slot);
        report('open', slot);
        slot.opened = await untilAborted(slot.handle.open(), slot);
        check(slot);
        report('first-run', slot);
        slot.firstRunMs = (await untilAborted(slot.handle.run(), slot)).inferenceMs;
        // Loaded and run once: it waits while the others load.
        slot.phase = 'waiting';
      } catch (error) {
        await fail(slot, error, '');
      }
    }
    const live = () => slots.filter((s) => !s.error && !s.hidden && !s.stopped);
    for (let round = 0; round < plan.warmupRuns; round++) {
      for (const slot of live()) {
        check();
        report('warmup', slot);
        await runOnce(slot, false);
      }
    }
    const started = performance.now();
    timedStarted = started;
    const enough = () =>
      live().every((s) => s.timings.length >= plan.timedRuns) && performance.now() - started >= plan.minSeconds * 1000;
    while (live().length > 0 && !enough()) {
      for (const slot of live()) {
        if (slot.timings.length >= MAX_RUNS_PER_BACKEND) continue;
        check();
        report('timed', slot);
        await runOnce(slot, true);
      }
      if (live().every((s) => s.timings.length >= MAX_RUNS_PER_BACKEND)) break;
    }
    for (const slot of slots.filter((s) => !s.error && !s.stopped)) {
      check();
      report('parity', slot);
      try {
        slot.output = await untilAborted(slot.handle.output(), slot);
        slot.phase = 'done';
      } catch (error) {
        await fail(slot, error, 'failed while reading its output: ');
      }
    }
    emit();
  } finally {
    await Promise.allSettled(slots.map((s) => dispose(s, signal?.aborted ?? false)));
  }

  async function runOnce(slot: Slot, timed: boolean) {
    try {
      // With the bare yardstick on, alternate which of the pair goes first: the first after another
      // backend's turn meets cold caches, and that must not count against either.
      const bareFirst = timed && plan.bareLoop && slot.timings.length % 2 === 1;
      if (bareFirst) (slot.bareRunsMs ??= []).push(...(await untilAborted(slot.handle.bareLoop(1), slot)));
      const timing = await untilAborted(slot.handle.run(), slot);
      slot.laterRunsMs.push(timing.inferenceMs);
      if (timed) {
        slot.timings.push(timing);
        done++;
        if (plan.bareLoop && !bareFirst) (slot.bareRunsMs ??= []).push(...(await untilAborted(slot.handle.bareLoop(1), slot)));
      } else slot.warmupDone++;
    } catch (error) {
      await fail(slot, error, 'failed while running: ');
    }
  }

  const reference = slots.find((s) => isReference(s.choice));
  const results = slots.map((slot) => toResult(slot, reference?.output ? { choice: ref, output: reference.output } : null, plan));
  addFrameworkVersions(results);
  addSpeedups(results);
  return hiddenReference ? results.slice(0, -1) : results;
}

function toResult(slot: Slot, reference: { choice: BackendChoice; output: OutputSnapshot } | null, plan: BenchPlan): BenchResult {
  const { nativeReference } = plan;
  const { choice, opened } = slot;
  const runsMs = slot.timings.map((t) => t.inferenceMs);
  const base: BenchResult = {
    backend: choice.backend,
    ...(choice.variant && { variant: choice.variant }),
    threads: choice.threads,
    entry: slot.handle.entry,
    framework: frameworkOf(choice.backend),
    ...(opened?.frameworkVersion && { frameworkVersion: opened.frameworkVersion }),
    sessionCreateMs: opened?.sessionCreateMs ?? null,
    firstRunMs: slot.firstRunMs,
    runsMs,
    stats: runsMs.length ? summarize(runsMs) : null,
    stagesMs: runsMs.length
      ? {
          preprocess: median(slot.timings.map((t) => t.preprocessMs)),
          inference: median(runsMs),
          postprocess: median(slot.timings.map((t) => t.postprocessMs)),
        }
      : null,
  };
  if (plan.tokens && runsMs.length) base.tokensPerSecond = tokensPerSecond(plan.tokens, median(runsMs));
  if (hasCpuFallback(choice.backend)) base.cpuFallbackThreads = choice.threads;
  if (slot.error) base.error = slot.error;
  if (slot.stopped) base.stopped = true;
  if (opened?.placement) base.placement = opened.placement;
  if (slot.output) {
    if (slot.output.top5) base.top5 = slot.output.top5;
    if (slot.output.summaries.length) base.outputs = slot.output.summaries;
    if (reference) {
      base.parity = compareOutputs(slot.output.values, reference.output.values, {
        backend: choice.backend,
        dtype: slot.output.dtype,
        classifier: plan.classifier || plan.topLabel === true,
        reference: reference.choice.backend,
        // A quantized variant is judged by what it is for: the same top label and a cosine against fp32.
        quantized: judgedAsQuantized(choice.variant) && !judgedAsQuantized(reference.choice.variant),
        halfPrecision: choice.variant === 'fp16',
      });
      const { backend, threads, variant } = reference.choice;
      base.parityReference = { backend, threads, ...(variant && { variant }) };
    }
    if (nativeReference && slot.output.values.length === nativeReference.total) {
      const native = compareWithNative(slot.output.values, nativeReference);
      base.native = { ...native, pass: native.scaledDiff <= toleranceFor(choice.backend, slot.output.dtype) };
    }
  }
  if (slot.bareRunsMs) base.bareRunsMs = slot.bareRunsMs;
  return base;
}

/**
 * A row that never opened (unavailable, or failed to load) takes its framework's version from a row
 * of the same framework that did: one app build bundles one version of each runtime. (The hidden
 * parity reference counts, so a lone failed row still gets it.)
 */
function addFrameworkVersions(results: BenchResult[]): void {
  for (const row of results) {
    if (row.frameworkVersion) continue;
    const known = results.find((other) => other.framework === row.framework && other.frameworkVersion)?.frameworkVersion;
    if (known) row.frameworkVersion = known;
  }
}

/** Speedup over the WASM baseline (one thread if measured, else the first WASM row), for every row with runs. */
function addSpeedups(results: BenchResult[]): void {
  const baseline = speedupBaseline(results);
  if (!baseline) return;
  for (const row of results) {
    if (row.runsMs.length > 0) row.speedupVsWasm = speedupOfMedians(baseline.runsMs, row.runsMs);
  }
}
