import { describe, expect, it } from 'vitest';
import { MODEL_WAIT_STAGE, OTHER_STAGE, stageRows } from '../../../src/ui/stage-rows';

const timings = { decodeMs: 27, preprocessMs: 68, inferenceMs: 255, postprocessMs: 1.7 };
const sum = (rows: { ms: number }[]) => rows.reduce((s, r) => s + r.ms, 0);

describe('stageRows', () => {
  it('a click while the model loads: the wait is its own row, and the rows add up to the total', () => {
    // The case: 2,856 ms click to result beside stages summing to ~567 ms.
    const rows = stageRows(timings, { clickToResultMs: 2856, modelWaitMs: 2280 });
    expect(rows.map((r) => r.stage)).toEqual([MODEL_WAIT_STAGE, 'Decode', 'Preprocess', 'Inference', 'Postprocess', OTHER_STAGE]);
    expect(rows[0].ms).toBe(2280);
    expect(sum(rows)).toBeCloseTo(2856, 9);
    expect(rows.at(-1)!.ms).toBeCloseTo(2856 - 2280 - 351.7, 9);
  });
  it('a click on a loaded model: no wait row, the hand-over still makes the total', () => {
    const rows = stageRows(timings, { clickToResultMs: 360, modelWaitMs: 0 });
    expect(rows.map((r) => r.stage)).not.toContain(MODEL_WAIT_STAGE);
    expect(sum(rows)).toBeCloseTo(360, 9);
  });
  it('a camera frame (no total): the worker stages only', () => {
    const rows = stageRows(timings, { clickToResultMs: null, modelWaitMs: 0 });
    expect(rows.map((r) => r.stage)).toEqual(['Decode', 'Preprocess', 'Inference', 'Postprocess']);
  });
  it('never shows a negative remainder', () => {
    const rows = stageRows(timings, { clickToResultMs: 351, modelWaitMs: 0 });
    expect(rows.at(-1)).toEqual({ stage: OTHER_STAGE, ms: 0 });
  });
});
