/**
 * Where to draw each detection's label on the photo so that no two labels overlap and none leaves
 * the photo. Pure geometry in one unit (the UI passes CSS pixels of the shown photo).
 */

export interface Size {
  width: number;
  height: number;
}
/** A box in corner form, in the frame's units. */
export interface Corners {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}
export interface Point {
  x: number;
  y: number;
}

const clamp = (v: number, max: number) => Math.min(Math.max(v, 0), Math.max(max, 0));

function overlapArea(a: Point & Size, b: Point & Size): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

/**
 * One top-left corner per label. Labels are placed in the order given (pass the best-scoring
 * detection first: it keeps the usual spot). Each label goes where it overlaps no label placed
 * before it, nearest to that usual spot (above the box's top-left corner); the candidates are the
 * box's corners, inside and outside, and the spots just beside or below each label already placed,
 * all kept inside the frame. When every candidate collides (more labels than room), the one with
 * the least overlap wins.
 */
export function placeLabels(boxes: readonly Corners[], labels: readonly Size[], frame: Size): Point[] {
  const placed: (Point & Size)[] = [];
  return boxes.map((box, i) => {
    const { width, height } = labels[i];
    const maxX = frame.width - width;
    const maxY = frame.height - height;
    const preferred = { x: clamp(box.x1, maxX), y: clamp(box.y1 - height, maxY) };
    const xs = [box.x1, box.x2 - width, ...placed.flatMap((p) => [p.x + p.width, p.x - width])];
    const ys = [box.y1 - height, box.y1, box.y2, box.y2 - height, ...placed.flatMap((p) => [p.y + p.height, p.y - height])];
    let best = { ...preferred, overlap: Number.POSITIVE_INFINITY, distance: Number.POSITIVE_INFINITY };
    for (const cx of xs) {
      for (const cy of ys) {
        const candidate = { x: clamp(cx, maxX), y: clamp(cy, maxY), width, height };
        const overlap = placed.reduce((sum, p) => sum + overlapArea(candidate, p), 0);
        const distance = Math.abs(candidate.x - preferred.x) + Math.abs(candidate.y - preferred.y);
        if (overlap < best.overlap || (overlap === best.overlap && distance < best.distance)) best = { ...candidate, overlap, distance };
      }
    }
    placed.push({ x: best.x, y: best.y, width, height });
    return { x: best.x, y: best.y };
  });
}
