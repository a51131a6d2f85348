// The TF.js benchmark target on MoveNet's original (TF.js's WASM backend, in Node): session creation
// and runs timed, outputs read back, and no tensor left behind by runs or by release.
import { describe, expect, it } from 'vitest';
import { TfjsBenchTarget } from '../../src/engine/tfjs/tfjs-target';
import { humanModelPath, loadTfjsModel, tfjs } from '../helpers/tfjs-reference';
import { decodeLikePillow, samplePath } from '../helpers/assets';
import { prepareImageInput } from '../../src/tasks/image-input';

describe('TfjsBenchTarget', () => {
  it('times load and runs of movenet-lightning, reads every output, and disposes every tensor', async () => {
    const tf = await tfjs('wasm');
    const before = tf.memory().numTensors;
    const target = new TfjsBenchTarget(tf as never, () => loadTfjsModel(tf, humanModelPath('movenet-lightning')) as never, null);
    const opened = await target.open();
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
    await target.release();
    expect(tf.memory().numTensors).toBe(before);
  }, 60_000);

  it('on a photo: the pose task preprocessing runs in every run, timed as preprocess, and its tensor is disposed with the run', async () => {
    const tf = await tfjs('wasm');
    const before = tf.memory().numTensors;
    const target = new TfjsBenchTarget(tf as never, () => loadTfjsModel(tf, humanModelPath('movenet-lightning')) as never, null);
    await target.open();
    const pixels = await decodeLikePillow(samplePath('person.jpg'));
    target.setInput({ kind: 'image', pixels, prepare: (image) => prepareImageInput(image, { kind: 'task', task: 'pose', model: 'movenet-lightning' }) });
    const afterOpen = tf.memory().numTensors;
    const timings = [];
    for (let k = 0; k < 3; k++) timings.push(await target.run());
    for (const t of timings) {
      expect(t.preprocessMs).toBeGreaterThan(0);
      expect(t.inferenceMs).toBeGreaterThan(0);
    }
    expect(tf.memory().numTensors).toBe(afterOpen);
    // A person in the photo: some keypoint (y, x, score) is scored confidently.
    const values = target.output().values;
    const scores = Array.from({ length: 17 }, (_, k) => values[k * 3 + 2]);
    expect(Math.max(...scores)).toBeGreaterThan(0.5);
    await target.release();
    expect(tf.memory().numTensors).toBe(before);
  }, 60_000);
});
