/**
 * A benchmark the page was reloaded (or left) during: what it was running and how far each row got,
 * written to the tab's session storage as the run goes, so the page after a reload can say the run
 * was interrupted, show what was finished, and offer to run it again.
 */
import { rowTitle } from '../../engine/bench/report';
import type { BenchProgress } from '../../engine/bench/run-benchmark';
import { durationWords, rowPhaseWords, type PlannedRuns } from './bench-progress';
import { formatMs } from '../format';
import { grouped } from '../../shared/numbers';

export interface RunRecord {
  /** The model's name as the page shows it, and its gallery id (null: the user's own file or address). */
  model: string;
  galleryId: string | null;
  startedAt: number;
  updatedAt: number;
  plan: PlannedRuns;
  /** Each row: its name, how far it got in words, its timed runs done, and the median of its runs after the first. */
  rows: { title: string; words: string; timedDone: number; typicalRunMs: number | null }[];
}

/** The record of a run as it stands. */
export function recordRun(base: Pick<RunRecord, 'model' | 'galleryId' | 'startedAt' | 'plan'>, progress: BenchProgress | null): RunRecord {
  return {
    ...base,
    updatedAt: Date.now(),
    rows: (progress?.rows ?? []).map((row) => ({
      title: rowTitle(row),
      words: rowPhaseWords(row, base.plan),
      timedDone: row.timedDone,
      typicalRunMs: row.typicalRunMs,
    })),
  };
}

/** What the page says after a reload interrupted a run: what ran, for how long, and how far each row got. */
export function interruptedWords(record: RunRecord): string {
  const rows = record.rows.map((r) => `${r.title}: ${r.words}${r.typicalRunMs === null ? '' : ` (${formatMs(r.typicalRunMs)} ms a run)`}`);
  const ran = durationWords(Math.max(0, record.updatedAt - record.startedAt));
  const what = `${grouped(record.plan.warmupRuns)} warm-up and ${grouped(record.plan.timedRuns)} timed runs`;
  const where = rows.length ? ` Where each row had got to: ${rows.join('; ')}.` : ' No row had started yet.';
  return `The benchmark of ${record.model} (${what}) was interrupted when the page was reloaded or left, after ${ran}; its results were not kept.${where}`;
}
