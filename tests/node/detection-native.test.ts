/** The detection tasks (preprocessing, decoders), run through the app's task pipeline on onnxruntime-node with real photos. */
import { describe, expect, it } from 'vitest';
import { faceDetection, objectDetection } from '../../src/tasks/detection/definition';
import { iou, nms } from '../../src/tasks/detection/boxes';
import { placeLabels } from '../../src/tasks/detection/labels';
import { decodeLikePillow, samplePath } from '../helpers/assets';
import { runInNode } from '../helpers/node-tasks';

const detect = async (task: typeof faceDetection | typeof objectDetection, photo: string) => (await runInNode(task, await decodeLikePillow(samplePath(photo)))).detections;

describe('face detection (UltraFace, PyTorch)', () => {
  it('finds one face in messi5.jpg and in kimono.jpg, none in fruits.jpg', async () => {
    for (const [photo, faces] of [['messi5.jpg', 1], ['kimono.jpg', 1], ['fruits.jpg', 0]] as const) {
      const found = await detect(faceDetection, photo);
      expect(found, photo).toHaveLength(faces);
      for (const f of found) expect(f.x2 - f.x1).toBeGreaterThan(0.01);
    }
  });
});

describe('object detection (FastestDet, PyTorch 2)', () => {
  it('finds a dog and a bicycle in dog.jpg, horses in horses.jpg', async () => {
    const dog = await detect(objectDetection, 'dog.jpg');
    expect(dog.map((d) => d.label)).toEqual(expect.arrayContaining(['dog', 'bicycle']));
    const dogBox = dog.find((d) => d.label === 'dog')!;
    // The dog sits in the lower left of the photo.
    expect((dogBox.x1 + dogBox.x2) / 2).toBeLessThan(0.5);
    expect((dogBox.y1 + dogBox.y2) / 2).toBeGreaterThan(0.5);
    const horses = await detect(objectDetection, 'horses.jpg');
    expect(horses.some((d) => d.label === 'horse')).toBe(true);
  });
});

describe('labels on the photo (horses.jpg: a herd of nearby boxes)', () => {
  it('do not overlap at phone or desktop width, where labels drawn above each box did', async () => {
    const found = await detect(objectDetection, 'horses.jpg');
    expect(found.length).toBeGreaterThanOrEqual(3);
    // The photo (773x512) as shown at 390 px (a 340 px frame) and at 1280 px (a 580 px frame);
    // labels of the UI's size: about 7 px a character at 12 px, 16 px high.
    for (const frame of [{ width: 340, height: 225 }, { width: 580, height: 384 }]) {
      const boxes = found.map((d) => ({ x1: d.x1 * frame.width, y1: d.y1 * frame.height, x2: d.x2 * frame.width, y2: d.y2 * frame.height }));
      const sizes = found.map((d) => ({ width: 7 * `${d.label} 00%`.length + 8, height: 16 }));
      const overlapping = (points: { x: number; y: number }[]) => {
        const r = points.map((p, i) => ({ ...p, ...sizes[i] }));
        return r.flatMap((a, i) => r.slice(i + 1).filter((b) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height).map(() => i));
      };
      // The old layout (each label just above its box) overlaps here: the case is a real one.
      expect(overlapping(boxes.map((b, i) => ({ x: b.x1, y: b.y1 - sizes[i].height }))).length, `${frame.width} px, old layout`).toBeGreaterThan(0);
      const points = placeLabels(boxes, sizes, frame);
      expect(overlapping(points), `${frame.width} px`).toEqual([]);
      for (const [i, p] of points.entries()) {
        expect(p.x + sizes[i].width).toBeLessThanOrEqual(frame.width);
        expect(p.y + sizes[i].height).toBeLessThanOrEqual(frame.height);
      }
    }
  });
});

describe('non-maximum suppression', () => {
  const box = (x1: number, score: number, classIndex = 0) => ({ x1, y1: 0, x2: x1 + 0.2, y2: 0.2, score, classIndex, label: '' });
  it('keeps the best of overlapping boxes of one class, and boxes of other classes', () => {
    expect(iou(box(0, 1), box(0, 1))).toBeCloseTo(1, 12);
    expect(iou(box(0, 1), box(0.1, 1))).toBeCloseTo(1 / 3, 12);
    expect(iou(box(0, 1), box(0.5, 1))).toBe(0);
    const kept = nms([box(0, 0.5), box(0.02, 0.9), box(0.5, 0.4), box(0.01, 0.8, 1)], 0.45);
    expect(kept.map((k) => k.score)).toEqual([0.9, 0.8, 0.4]);
  });
});
