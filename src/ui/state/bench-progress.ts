/**
 * A running benchmark in words: what each row is doing ("loading on WASM (CPU), 1 thread", "warm-up",
 * "timed runs 3 of 20", "checking answers"), and how long the rest will likely take, once every row
 * has timed a run after its first. The procedure's phases are engine/bench/run-benchmark.ts's.
 */
import { BACKENDS } from '../../engine/backends/backend-id';
import { rowTitle, threadUse } from '../../engine/bench/report';
import type { BenchProgress, RowProgress } from '../../engine/bench/run-benchmark';
import { formatMs } from '../format';
import { counted, grouped } from '../../shared/numbers';

/** The run counts a plan asks for. */
export interface PlannedRuns {
  warmupRuns: number;
  timedRuns: number;
  minSeconds: number;
}


/** A row the user stopped, said the same in the progress and in the results. */
export const stoppedWords = (timedRuns: number): string => (timedRuns ? `stopped by you after ${counted(timedRuns, 'timed run')}` : 'stopped by you before any timed run');

/** "WASM (CPU), 2 threads", "WebGPU (native EP)": where a row runs the model. */
function where(row: Pick<RowProgress, 'backend' | 'threads'>): string {
  const threads = threadUse(row).model;
  return `${BACKENDS[row.backend].title}${threads === null ? '' : `, ${counted(threads, 'thread')}`}`;
}

/** What a row is doing now, or how it ended. */
export function rowPhaseWords(row: RowProgress, plan: Pick<PlannedRuns, 'warmupRuns' | 'timedRuns'>): string {
  switch (row.phase) {
    case 'waiting':
      return row.firstRunMs === null ? 'waiting its turn to load' : 'loaded; waiting while the others load';
    case 'open':
      return `loading on ${where(row)}`;
    case 'first-run':
      return 'first run';
    case 'warmup':
      return `warm-up, ${grouped(row.warmupDone)} of ${grouped(plan.warmupRuns)} done`;
    case 'timed':
      return `timed runs ${grouped(row.timedDone)} of ${grouped(plan.timedRuns)}`;
    case 'parity':
      return 'checking answers';
    case 'done':
      return `done: ${counted(row.timedDone, 'timed run')}`;
    case 'failed':
      return 'failed (the results say why)';
    case 'stopped':
      return stoppedWords(row.timedDone);
  }
}

/** A row's line: what it does, and while it goes on, what its runs take and how long it has to go. */
export function rowLine(row: RowProgress, plan: Pick<PlannedRuns, 'warmupRuns' | 'timedRuns'>): string {
  const words = rowPhaseWords(row, plan);
  if (row.typicalRunMs === null || rowEnded(row)) return words;
  const left = rowRemainingMs(row, plan);
  return `${words} · ${formatMs(row.typicalRunMs)} ms a run${left ? `, ${durationWords(left)} to go` : ''}`;
}

/** The row has nothing left to do. */
export const rowEnded = (row: RowProgress): boolean => row.phase === 'done' || row.phase === 'failed' || row.phase === 'stopped';

/** A row's runs still to come, times what its runs take; null while no run after its first is known. */
export function rowRemainingMs(row: RowProgress, plan: Pick<PlannedRuns, 'warmupRuns' | 'timedRuns'>): number | null {
  if (rowEnded(row)) return 0;
  if (row.typicalRunMs === null) return null;
  const runs = Math.max(0, plan.warmupRuns - row.warmupDone) + Math.max(0, plan.timedRuns - row.timedDone);
  return runs * row.typicalRunMs;
}

/**
 * How long the rest of the benchmark will likely take: every row's runs still to come, at the pace
 * of its runs so far (runs alternate, so the rows' times add up), and at least what `minSeconds`
 * still asks for. Null until every row still going has a run after its first to go by.
 */
export function remainingMs(progress: Pick<BenchProgress, 'rows' | 'timedElapsedMs'>, plan: PlannedRuns): number | null {
  let warmup = 0;
  let timed = 0;
  for (const row of progress.rows) {
    if (rowEnded(row)) continue;
    if (row.typicalRunMs === null) return null;
    warmup += Math.max(0, plan.warmupRuns - row.warmupDone) * row.typicalRunMs;
    timed += Math.max(0, plan.timedRuns - row.timedDone) * row.typicalRunMs;
  }
  return warmup + Math.max(timed, plan.minSeconds * 1000 - progress.timedElapsedMs);
}

/** "about 5 min", "about 40 s", "a few seconds". */
export function durationWords(ms: number): string {
  const seconds = ms / 1000;
  if (seconds < 10) return 'a few seconds';
  if (seconds < 90) return `about ${grouped(Math.round(seconds / 5) * 5)} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 90) return `about ${grouped(minutes)} min`;
  return `about ${grouped(Math.round((minutes / 60) * 10) / 10)} h`;
}

/** The line above the rows: what runs now, the timed runs done in all, and the time left when known. */
export function progressHeadline(progress: BenchProgress, plan: PlannedRuns): string {
  const now = progress.rows.find((r) => r.backend === progress.backend && r.threads === progress.threads);
  // "Loading on WASM (CPU), 1 thread" names its row already.
  const doing = !now ? 'Checking answers' : now.phase === 'open' ? `L${rowPhaseWords(now, plan).slice(1)}` : `${rowTitle(now)}: ${rowPhaseWords(now, plan)}`;
  const left = remainingMs(progress, plan);
  const time = left === null ? 'time left: known after each backend’s next run' : `${durationWords(left)} left`;
  return `${doing} · ${grouped(progress.done)} of ${grouped(progress.total)} timed runs in all · ${time}`;
}
