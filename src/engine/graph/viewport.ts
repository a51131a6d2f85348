/**
 * What part of a laid-out graph to put in the page: only nodes and edges that meet the visible
 * area (plus a margin) are drawn, so a graph of thousands of nodes pans and zooms smoothly.
 */
import type { GraphLayout } from './layout';

/** An area in layout coordinates. */
export interface Rect {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** The layout coordinates seen through a `width`×`height` window translated by (x, y) and scaled by k. */
export function viewRect(view: { x: number; y: number; k: number }, width: number, height: number): Rect {
  return { left: -view.x / view.k, top: -view.y / view.k, right: (width - view.x) / view.k, bottom: (height - view.y) / view.k };
}

/** `rect` grown by `fraction` of its size on every side. */
export function grow(rect: Rect, fraction: number): Rect {
  const dx = (rect.right - rect.left) * fraction;
  const dy = (rect.bottom - rect.top) * fraction;
  return { left: rect.left - dx, top: rect.top - dy, right: rect.right + dx, bottom: rect.bottom + dy };
}

export const contains = (outer: Rect, inner: Rect) => inner.left >= outer.left && inner.top >= outer.top && inner.right <= outer.right && inner.bottom <= outer.bottom;
const meets = (a: Rect, b: Rect) => a.left <= b.right && b.left <= a.right && a.top <= b.bottom && b.top <= a.bottom;

/** Bounding boxes of every node and edge, computed once per layout. */
export interface LayoutIndex {
  nodes: Rect[];
  edges: Rect[];
}

export function indexLayout(layout: GraphLayout): LayoutIndex {
  const nodes = layout.boxes.map((b) => ({ left: b.x, top: b.y, right: b.x + b.width, bottom: b.y + b.height }));
  const edges = layout.paths.map((points, i) => {
    const label = layout.labels[i];
    const xs = points.map((p) => p.x);
    const ys = points.map((p) => p.y);
    // A label is written to the right of its edge: about 7 px a character at 10 px.
    if (label) (xs.push(label.x + label.text.length * 7), ys.push(label.y));
    return xs.length ? { left: Math.min(...xs), top: Math.min(...ys), right: Math.max(...xs), bottom: Math.max(...ys) } : { left: 0, top: 0, right: -1, bottom: -1 };
  });
  return { nodes, edges };
}

/** Ids of the nodes and indices of the edges that meet `area`, in drawing order. */
export function visibleIn(index: LayoutIndex, area: Rect): { nodes: number[]; edges: number[] } {
  const nodes: number[] = [];
  const edges: number[] = [];
  index.nodes.forEach((r, i) => meets(r, area) && nodes.push(i));
  index.edges.forEach((r, i) => r.right >= r.left && meets(r, area) && edges.push(i));
  return { nodes, edges };
}

/**
 * Past this many nodes in the area, the drawing switches to an overview: boxes and edges as a few
 * SVG paths (one per colour) instead of an element per node, so a whole large graph stays cheap to
 * draw and to pan; zooming in brings back the labelled nodes.
 */
export const MAX_DETAILED_NODES = 400;

/** An SVG path of polylines. */
export const polylinePath = (points: readonly { x: number; y: number }[]) => points.map((p, i) => `${i ? 'L' : 'M'}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join('');

/** An SVG path of the given boxes' rectangles. */
export function boxesPath(boxes: readonly { x: number; y: number; width: number; height: number }[], ids: readonly number[]): string {
  return ids.map((id) => {
    const b = boxes[id];
    return `M${b.x.toFixed(1)},${b.y.toFixed(1)}h${b.width.toFixed(1)}v${b.height.toFixed(1)}h${(-b.width).toFixed(1)}z`;
  }).join('');
}
