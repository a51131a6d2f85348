// The TF.js benchmark target on MoveNet's original (TF.js's WASM backend, in Node): session creation
// and runs timed, outputs read back, and no tensor left behind by runs or by release.
import { describe, expect, it } from 'vitest';
import { TfjsBenchTarget } from '../../src/engine/tfjs/tfjs-target';
import { humanModelPath, loadTfjsModel, tfjs } from '../helpers/tfjs-reference';

describe('TfjsBenchTarget', () => {
  it('times load and runs of movenet-lightning, reads every output, and disposes every tensor', async () => {
    const tf = await tfjs('wasm');
    const before = tf.memory().numTensors;
    const target = new TfjsBenchTarget(tf as never);
    const opened = await target.open(() => loadTfjsModel(tf, humanModelPath('movenet-lightning')) as never, null);
    expect(opened.sessionCreateMs).toBeGreaterThan(0);
    expect(opened.inputs.map((i) => i.dtype)).toEqual(['int32']);
    target.setInput({ kind: 'synthetic', seed: 7, dimOverrides: {} });
    const afterOpen = tf.memory().numTensors;
    for (let k = 0; k < 5; k++) expect((await target.run()).inferenceMs).toBeGreaterThan(0);
    // Runs leave nothing behind: the count is the weights and the input, as after opening.
    expect(tf.memory().numTensors).toBe(afterOpen);
    const out = target.output();
    expect(out.values.length).toBe(17 * 3);
    expect(out.values.every(Number.isFinite)).toBe(true);
    // The same seed gives the same input and so the same output.
    target.setInput({ kind: 'synthetic', seed: 7, dimOverrides: {} });
    await target.run();
    expect(target.output().values).toEqual(out.values);
    target.release();
    expect(tf.memory().numTensors).toBe(before);
  }, 60_000);
});
