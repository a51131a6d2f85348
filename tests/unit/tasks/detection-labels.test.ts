import { describe, expect, it } from 'vitest';
import { placeLabels, type Corners, type Point, type Size } from '../../../src/tasks/detection/labels';

const label = { width: 80, height: 15 };
const frame = { width: 400, height: 300 };
type Placed = Point & Size;
const rects = (points: Point[], sizes: Size[]): Placed[] => points.map((p, i) => ({ ...p, ...sizes[i] }));
const overlap = (a: Placed, b: Placed) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

function expectApartAndInside(placed: Placed[], area: Size) {
  for (let i = 0; i < placed.length; i++) {
    for (let j = i + 1; j < placed.length; j++) expect(overlap(placed[i], placed[j]), `labels ${i} and ${j}`).toBe(false);
    expect(placed[i].x).toBeGreaterThanOrEqual(0);
    expect(placed[i].y).toBeGreaterThanOrEqual(0);
    expect(placed[i].x + placed[i].width).toBeLessThanOrEqual(area.width);
    expect(placed[i].y + placed[i].height).toBeLessThanOrEqual(area.height);
  }
}

describe('placeLabels', () => {
  it('puts a lone label just above its box, at its left edge', () => {
    expect(placeLabels([{ x1: 100, y1: 100, x2: 200, y2: 200 }], [label], frame)).toEqual([{ x: 100, y: 85 }]);
  });

  it('keeps labels on the photo: inside a box touching the top, left of a box touching the right edge', () => {
    expect(placeLabels([{ x1: 350, y1: 0, x2: 400, y2: 50 }], [label], frame)).toEqual([{ x: 320, y: 0 }]);
  });

  it('moves the second of two labels that would cover each other, staying next to its box', () => {
    const boxes = [{ x1: 100, y1: 100, x2: 200, y2: 200 }, { x1: 130, y1: 105, x2: 230, y2: 205 }];
    const points = placeLabels(boxes, [label, label], frame);
    expect(points[0]).toEqual({ x: 100, y: 85 });
    const [a, b] = rects(points, [label, label]);
    expect(overlap(a, b)).toBe(false);
    // Near its own box: within one label height of its top edge, or beside the first label.
    expect(Math.abs(b.y - (boxes[1].y1 - label.height)) + Math.abs(b.x - boxes[1].x1)).toBeLessThanOrEqual(label.width);
  });

  it('lays out a row of overlapping boxes (a herd) with no two labels overlapping', () => {
    const boxes: Corners[] = Array.from({ length: 6 }, (_, i) => ({ x1: 20 + i * 40, y1: 120 + (i % 2) * 6, x2: 120 + i * 40, y2: 220 }));
    const sizes = boxes.map((_, i) => ({ width: 60 + (i % 3) * 10, height: 15 }));
    expectApartAndInside(rects(placeLabels(boxes, sizes, frame), sizes), frame);
  });

  it('never overlaps when there is room, for random scenes', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    for (let scene = 0; scene < 200; scene++) {
      const n = 1 + Math.floor(random() * 8);
      const boxes = Array.from({ length: n }, () => {
        const x1 = random() * 380;
        const y1 = random() * 280;
        return { x1, y1, x2: x1 + 10 + random() * 150, y2: y1 + 10 + random() * 150 };
      });
      const sizes = boxes.map(() => ({ width: 40 + random() * 60, height: 15 }));
      expectApartAndInside(rects(placeLabels(boxes, sizes, frame), sizes), frame);
    }
  });

  it('still returns a spot on the photo for each label when they cannot all fit', () => {
    const small = { width: 100, height: 20 };
    const boxes = Array.from({ length: 10 }, () => ({ x1: 10, y1: 5, x2: 90, y2: 15 }));
    const points = placeLabels(boxes, boxes.map(() => label), small);
    expect(points).toHaveLength(10);
    for (const p of points) {
      expect(p.x).toBeGreaterThanOrEqual(0);
      expect(p.x).toBeLessThanOrEqual(small.width - label.width);
      expect(p.y).toBeGreaterThanOrEqual(0);
      expect(p.y).toBeLessThanOrEqual(small.height - label.height);
    }
    // A label wider than the photo starts at its left edge (the UI cuts it with an ellipsis).
    expect(placeLabels([boxes[0]], [{ width: 150, height: 15 }], small)).toEqual([{ x: 0, y: 0 }]);
  });

  it('handles a frame not measured yet (zero size) without negative positions', () => {
    expect(placeLabels([{ x1: 0, y1: 0, x2: 0, y2: 0 }], [label], { width: 0, height: 0 })).toEqual([{ x: 0, y: 0 }]);
  });
});
