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

/**
 * What is computed once per layout so that a frame of pan or zoom costs little: bounding boxes of
 * every node and edge, a grid of buckets holding them (so culling looks at the cells in view, not at
 * every item), and each edge's SVG path.
 */
export interface LayoutIndex {
  nodes: Rect[];
  edges: Rect[];
  /** By edge index: the polyline as an SVG path. */
  edgePaths: string[];
  grid: Grid;
}

interface Grid {
  left: number;
  top: number;
  cell: number;
  columns: number;
  rows: number;
  /** By cell (row-major): the ids of the nodes and the indices of the edges that meet it. */
  nodeCells: number[][];
  edgeCells: number[][];
}

/** About this many nodes a cell: fewer cells to visit than items to test, few items tested twice. */
const NODES_PER_CELL = 4;
/** At most this many cells a side, so a long thin graph does not make a huge grid. */
const MAX_CELLS_PER_SIDE = 256;

const empty = (r: Rect) => r.right < r.left;

function buildGrid(nodes: Rect[], edges: Rect[]): Grid {
  let [left, top, right, bottom] = [0, 0, 1, 1];
  for (const r of [...nodes, ...edges]) {
    if (empty(r)) continue;
    [left, top, right, bottom] = [Math.min(left, r.left), Math.min(top, r.top), Math.max(right, r.right), Math.max(bottom, r.bottom)];
  }
  const width = right - left;
  const height = bottom - top;
  const cell = Math.max(Math.sqrt((width * height * NODES_PER_CELL) / Math.max(1, nodes.length)), width / MAX_CELLS_PER_SIDE, height / MAX_CELLS_PER_SIDE, 1);
  const columns = Math.ceil(width / cell) + 1;
  const rows = Math.ceil(height / cell) + 1;
  const grid: Grid = { left, top, cell, columns, rows, nodeCells: Array.from({ length: columns * rows }, () => []), edgeCells: Array.from({ length: columns * rows }, () => []) };
  nodes.forEach((r, i) => forCells(grid, r, (c) => grid.nodeCells[c].push(i)));
  edges.forEach((r, i) => empty(r) || forCells(grid, r, (c) => grid.edgeCells[c].push(i)));
  return grid;
}

/** Calls `visit` with every cell of the grid that `rect` meets. */
function forCells(grid: Grid, rect: Rect, visit: (cell: number) => void): void {
  const clamp = (v: number, max: number) => Math.min(max - 1, Math.max(0, v));
  const c0 = clamp(Math.floor((rect.left - grid.left) / grid.cell), grid.columns);
  const c1 = clamp(Math.floor((rect.right - grid.left) / grid.cell), grid.columns);
  const r0 = clamp(Math.floor((rect.top - grid.top) / grid.cell), grid.rows);
  const r1 = clamp(Math.floor((rect.bottom - grid.top) / grid.cell), grid.rows);
  if (rect.right < grid.left || rect.bottom < grid.top || rect.left > grid.left + grid.columns * grid.cell || rect.top > grid.top + grid.rows * grid.cell) return;
  for (let r = r0; r <= r1; r++) for (let c = c0; c <= c1; c++) visit(r * grid.columns + c);
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
  return { nodes, edges, edgePaths: layout.paths.map(polylinePath), grid: buildGrid(nodes, edges) };
}

/** The items of `cells` (each possibly in several cells) whose box meets `area`, in ascending order. */
function gather(index: LayoutIndex, cells: number[][], boxes: Rect[], area: Rect): number[] {
  const seen = new Set<number>();
  const found: number[] = [];
  forCells(index.grid, area, (c) => {
    for (const i of cells[c]) {
      if (seen.has(i)) continue;
      seen.add(i);
      if (meets(boxes[i], area)) found.push(i);
    }
  });
  return found.sort((a, b) => a - b);
}

/** Ids of the nodes and indices of the edges that meet `area`, in drawing order. */
export function visibleIn(index: LayoutIndex, area: Rect): { nodes: number[]; edges: number[] } {
  return { nodes: gather(index, index.grid.nodeCells, index.nodes, area), edges: gather(index, index.grid.edgeCells, index.edges, area) };
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
