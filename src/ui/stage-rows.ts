/**
 * The Classify page's stage table: the worker's four stages, and around them the time the user also
 * waited (for the model to finish loading, for the photo to be read and handed over), so the rows add
 * up to "Click to result".
 */
import type { StageTimings } from '../tasks/classification/definition';

export interface StageRow {
  stage: string;
  ms: number;
}

/** What the page measured around the worker's stages. */
export interface WaitTimings {
  /** From the user's action to the result, or null (camera frames). */
  clickToResultMs: number | null;
  /** Time the photo waited for the model (still downloading or opening) before the worker took it; 0 when it was ready. */
  modelWaitMs: number;
}

export const MODEL_WAIT_STAGE = 'Waiting for the model to load';
export const OTHER_STAGE = 'Reading the photo, passing it to the worker';

/** Rows of the stage table, top to bottom; with a total, they add up to it. */
export function stageRows(timings: StageTimings, waits: WaitTimings): StageRow[] {
  const rows: StageRow[] = [];
  if (waits.clickToResultMs !== null && waits.modelWaitMs > 0) rows.push({ stage: MODEL_WAIT_STAGE, ms: waits.modelWaitMs });
  rows.push(
    { stage: 'Decode', ms: timings.decodeMs },
    { stage: 'Preprocess', ms: timings.preprocessMs },
    { stage: 'Inference', ms: timings.inferenceMs },
    { stage: 'Postprocess', ms: timings.postprocessMs },
  );
  if (waits.clickToResultMs === null) return rows;
  const counted = rows.reduce((sum, row) => sum + row.ms, 0);
  // The worker's stages run inside the page's interval, so the rest is never negative but for clock
  // granularity; it is shown even when small, so the column visibly adds up.
  rows.push({ stage: OTHER_STAGE, ms: Math.max(0, waits.clickToResultMs - counted) });
  return rows;
}
