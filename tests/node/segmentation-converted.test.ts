/**
 * The gallery's person segmentation (MediaPipe selfie, converted here from TF.js): on person.jpg,
 * through the panel's own preprocessing, the mask matches TF.js on the same input and covers the
 * person FastestDet finds, not the background; the composites keep the person and change the rest.
 */
import { describe, expect, it } from 'vitest';
import { objectDetection } from '../../src/tasks/detection/definition';
import { blur, maskImage, maskMeans, SELFIE } from '../../src/tasks/segmentation/segmentation';
import { segmentation } from '../../src/tasks/segmentation/definition';
import { decodeLikePillow, samplePath } from '../helpers/assets';
import { maxDiff, tfjsOutput } from '../helpers/converted-models';
import { runInNode } from '../helpers/node-tasks';

describe('selfie segmentation (converted) on person.jpg', () => {
  it('matches TF.js within 1e-3 and covers the person, not the background', async () => {
    const image = await decodeLikePillow(samplePath('person.jpg'));
    const result = await runInNode(segmentation, image);
    const { feeds, outputs } = result.calls[0];
    const [data, dims] = [feeds[SELFIE.inputName].data as Float32Array, [...feeds[SELFIE.inputName].dims]];
    const out = outputs[SELFIE.outputName].data as Float32Array;
    const reference = await tfjsOutput(SELFIE.id, data, dims);
    expect(out.length).toBe(256 * 256);
    const diff = maxDiff(out, reference);
    expect(diff).toBeLessThan(1e-3);

    const found = (await runInNode(objectDetection, image)).detections;
    const person = found.find((d) => d.label === 'person')!;
    expect(person).toBeDefined();
    const mask = maskImage(out);
    const { inside, outside } = maskMeans(mask, person);
    console.log(`person.jpg: max |ONNX - TF.js| = ${diff.toExponential(1)}; mask mean ${inside.toFixed(2)} in the person's box, ${outside.toFixed(2)} outside`);
    expect(inside).toBeGreaterThan(0.4);
    expect(outside).toBeLessThan(0.1);
    expect(inside).toBeGreaterThan(5 * outside);

    // Composites: the person's pixels stay, the background's change.
    const { photo, blurred, replaced } = result;
    const change = (img: typeof photo, box: { x1: number; y1: number; x2: number; y2: number }, insideBox: boolean) => {
      let sum = 0, n = 0;
      for (let y = 0; y < photo.height; y++)
        for (let x = 0; x < photo.width; x++) {
          const within = x / photo.width >= box.x1 && x / photo.width <= box.x2 && y / photo.height >= box.y1 && y / photo.height <= box.y2;
          if (within !== insideBox) continue;
          for (let c = 0; c < 3; c++) sum += Math.abs(img.data[(y * photo.width + x) * 3 + c] - photo.data[(y * photo.width + x) * 3 + c]);
          n += 3;
        }
      return sum / n;
    };
    const core = { x1: (person.x1 * 2 + person.x2) / 3, x2: (person.x1 + person.x2 * 2) / 3, y1: (person.y1 * 3 + person.y2) / 4, y2: (person.y1 + person.y2 * 3) / 4 };
    for (const img of [blurred, replaced]) expect(change(img, person, false)).toBeGreaterThan(3 * change(img, core, true));
  }, 60_000);

  it('blur keeps a flat image flat and spreads an edge', () => {
    const flat = { width: 5, height: 4, channels: 3, data: new Uint8Array(60).fill(77) };
    expect([...blur(flat, 2).data].every((v) => v === 77)).toBe(true);
    const edge = { width: 20, height: 1, channels: 3, data: Uint8Array.from({ length: 60 }, (_, i) => (i < 30 ? 0 : 255)) };
    const soft = blur(edge, 2).data;
    expect(soft[0]).toBe(0);
    expect(soft[57]).toBe(255);
    expect(soft[27]).toBeGreaterThan(0);
    expect(soft[30]).toBeLessThan(255);
  });
});
