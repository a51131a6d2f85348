/**
 * The gallery's pose model, MoveNet converted here from TF.js: on a real photo, through the panel's own
 * preprocessing, it agrees with TF.js running the original graph on the same input, and the skeleton
 * it finds is a person's.
 */
import { describe, expect, it } from 'vitest';
import { decodeLikePillow, samplePath } from '../helpers/assets';
import { maxDiff, tfjsOutput } from '../helpers/converted-models';
import { runInNode } from '../helpers/node-tasks';
import { decodePose, MOVENET, visibleKeypoints, type Keypoint } from '../../src/tasks/pose/pose';
import { pose } from '../../src/tasks/pose/definition';

const runTf = (data: Int32Array, dims: number[]) => tfjsOutput(MOVENET.id, data, dims);
const byName = (keypoints: Keypoint[], name: string) => keypoints.find((k) => k.name === name)!;

describe('MoveNet (converted) on photos', () => {
  for (const photo of ['person.jpg', 'messi5.jpg']) {
    it(`${photo}: matches TF.js within 1e-3 and finds a plausible skeleton`, async () => {
      const result = await runInNode(pose, await decodeLikePillow(samplePath(photo)));
      const { feeds, outputs } = result.calls[0];
      const [data, dims] = [feeds[MOVENET.inputName].data as Int32Array, [...feeds[MOVENET.inputName].dims]];
      const onnx = outputs[MOVENET.outputName].data as Float32Array;
      const reference = await runTf(data, dims);
      expect(onnx.length).toBe(17 * 3);
      const diff = maxDiff(onnx, reference);
      console.log(`${photo}: max |ONNX - TF.js| = ${diff.toExponential(2)}`);
      expect(diff).toBeLessThan(1e-3);

      const keypoints = result.keypoints;
      const visible = visibleKeypoints(keypoints);
      console.log(`${photo}: ${visible.filter(Boolean).length} of 17 keypoints visible; ` + keypoints.map((k) => `${k.name} ${k.score.toFixed(2)}`).join(', '));
      expect(visible.filter(Boolean).length).toBeGreaterThanOrEqual(12);
      const nose = byName(keypoints, 'nose');
      const hips = (byName(keypoints, 'left hip').y + byName(keypoints, 'right hip').y) / 2;
      const ankles = (byName(keypoints, 'left ankle').y + byName(keypoints, 'right ankle').y) / 2;
      expect(nose.y).toBeLessThan(hips);
      if (photo === 'person.jpg') expect(hips).toBeLessThan(ankles);
      // Shoulders lie either side of the nose.
      const [l, r] = [byName(keypoints, 'left shoulder').x, byName(keypoints, 'right shoulder').x];
      expect(Math.min(l, r)).toBeLessThan(nose.x);
      expect(Math.max(l, r)).toBeGreaterThan(nose.x);
    }, 60_000);
  }

  it('letterboxing maps keypoints back to the photo: a point in the padding is outside 0-1', () => {
    const box = { size: 192, width: 192, height: 96, left: 0, top: 48 };
    const out = new Float32Array(17 * 3);
    out.set([0.2, 0.5, 0.9], 0); // in the top padding
    out.set([0.5, 0.5, 0.9], 3); // the centre
    const [a, b] = decodePose(out, box);
    expect(a.y).toBeLessThan(0);
    expect(b).toMatchObject({ x: 0.5, y: 0.5 });
    expect(visibleKeypoints([a, b])).toEqual([false, true]);
  });
});
