/**
 * Lays a model graph out top to bottom with dagre (in the worker that read it): node boxes, edge
 * polylines and edge labels (tensor shapes) in one coordinate space the page draws as SVG. Each
 * subgraph (If, Loop, Scan) gets a layout of its own.
 */
import dagre from '@dagrejs/dagre';
import type { GraphNode, ModelGraph } from '../onnx-format/model-graph';
import type { ValueSummary } from '../onnx-format/model-info';
import { inferShapes } from './shapes';

/**
 * Past this many nodes a graph is listed, not drawn: layout would take too long (5,000 generated
 * nodes: seconds, docs/PERFORMANCE.md). Drawing is not the limit: only what is in view is drawn.
 */
export const MAX_DRAWN_NODES = 5000;

/**
 * Past this many nodes, ranks and the order within ranks are set here, in loops: dagre's own ranker
 * and first ordering recurse once per rank and overflow a browser worker's stack on chains of
 * ~2,000 nodes, and its sweeps that reduce crossings take 40% of the time while a model's mostly
 * chained graph, ordered depth-first, crosses few edges anyway.
 */
const QUICK_LAYOUT_NODES = 1000;

type DagreGraph = InstanceType<typeof dagre.graphlib.Graph>;
/** Dagre's working labels, untyped in its declarations. */
const at = (g: DagreGraph, v: string) => g.node(v) as { rank: number; order: number };

/** Each node one rank below its lowest predecessor (longest path from the sources), in topological order. */
function rankFromSources(g: DagreGraph): void {
  const waiting = new Map<string, number>();
  const ready: string[] = [];
  for (const v of g.nodes()) {
    at(g, v).rank = 0;
    const n = g.inEdges(v)?.length ?? 0;
    waiting.set(v, n);
    if (!n) ready.push(v);
  }
  while (ready.length) {
    const v = ready.pop()!;
    const rank = at(g, v).rank;
    for (const e of g.outEdges(v) ?? []) {
      const w = at(g, e.w);
      w.rank = Math.max(w.rank, rank + ((g.edge(e) as { minlen?: number }).minlen ?? 1));
      const left = waiting.get(e.w)! - 1;
      waiting.set(e.w, left);
      if (!left) ready.push(e.w);
    }
  }
}

/** Within each rank, nodes in depth-first order from the top ranks down, as dagre's first order puts them. */
function orderDepthFirst(g: DagreGraph): void {
  const layers: string[][] = [];
  const seen = new Set<string>();
  const starts = g.nodes().sort((a, b) => at(g, a).rank - at(g, b).rank);
  for (const start of starts) {
    const stack = [start];
    while (stack.length) {
      const v = stack.pop()!;
      if (seen.has(v)) continue;
      seen.add(v);
      const layer = (layers[at(g, v).rank] ??= []);
      at(g, v).order = layer.length;
      layer.push(v);
      const next = g.successors(v) ?? [];
      for (let i = next.length - 1; i >= 0; i--) if (!seen.has(next[i])) stack.push(next[i]);
    }
  }
}

export interface NodeBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A tensor shape written by an edge, at the middle of its polyline. */
export interface EdgeLabel {
  x: number;
  y: number;
  text: string;
}

export interface GraphLayout {
  width: number;
  height: number;
  /** By node id. */
  boxes: NodeBox[];
  /** By edge index: points of the polyline. */
  paths: { x: number; y: number }[][];
  /** By edge index: the shape of the value carried, where the model states it. */
  labels: (EdgeLabel | null)[];
  ms: number;
}

export interface LaidOutGraph {
  graph: ModelGraph;
  /** Null when the graph is too large (or too deep) to draw: `notDrawn` says why. */
  layout: GraphLayout | null;
  notDrawn?: string;
  /** By node id, one per entry of the node's `subgraphs`. */
  subgraphs: Record<number, LaidOutGraph[]>;
}

export const NODE_HEIGHT = 28;
const CHAR_WIDTH = 7.2;

/** What a node's box says: its op type, and how many subgraphs it holds ("If · 2 subgraphs"). */
export function nodeLabel(node: Pick<GraphNode, 'opType' | 'subgraphs'>): string {
  const n = node.subgraphs.length;
  return n ? `${node.opType} · ${n} subgraph${n === 1 ? '' : 's'}` : node.opType;
}

export function nodeWidth(label: string): number {
  return Math.max(56, Math.round(label.length * CHAR_WIDTH + 20));
}

/** "1×32×112×112"; symbolic dims by name, unknown ones as "?"; null when the shape is not stated. */
export function shapeText(value: ValueSummary | undefined): string | null {
  if (!value?.shape) return null;
  return value.shape.length ? value.shape.map((d) => d ?? '?').join('×') : 'scalar';
}

function middle(points: { x: number; y: number }[]): { x: number; y: number } {
  const i = (points.length - 1) / 2;
  const a = points[Math.floor(i)];
  const b = points[Math.ceil(i)];
  return { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
}

export function layoutGraph(graph: ModelGraph): GraphLayout {
  const start = performance.now();
  const g = new dagre.graphlib.Graph({ multigraph: true });
  // ranksep leaves room for a shape label between ranks; the greedy acyclicer is not recursive.
  const quick = graph.nodes.length > QUICK_LAYOUT_NODES;
  const values = inferShapes(graph);
  const texts = graph.edges.map((e) => shapeText(values[e.value]));
  // Shape labels are written beside their edges: side-by-side nodes need room for one between them.
  const nodesep = texts.some(Boolean) ? 64 : 16;
  g.setGraph({ rankdir: 'TB', nodesep, ranksep: 30, marginx: 8, marginy: 8, acyclicer: 'greedy', ...(quick ? { ranker: rankFromSources as unknown as string } : {}) });
  g.setDefaultEdgeLabel(() => ({}));
  for (const node of graph.nodes) g.setNode(String(node.id), { width: nodeWidth(nodeLabel(node)), height: NODE_HEIGHT });
  graph.edges.forEach((e, i) => g.setEdge(String(e.from), String(e.to), {}, String(i)));
  dagre.layout(g, quick ? { customOrder: orderDepthFirst } : {});
  const boxes = graph.nodes.map((node) => {
    const n = g.node(String(node.id));
    return { x: n.x - n.width / 2, y: n.y - n.height / 2, width: n.width, height: n.height };
  });
  const paths = graph.edges.map((e, i) => (g.edge(String(e.from), String(e.to), String(i))?.points ?? []).map((p: { x: number; y: number }) => ({ x: p.x, y: p.y })));
  const labels = texts.map((text, i) => (text && paths[i].length ? { ...middle(paths[i]), text } : null));
  const size = g.graph();
  return { width: size.width ?? 0, height: size.height ?? 0, boxes, paths, labels, ms: performance.now() - start };
}

/** The graph with its layout and its subgraphs' layouts; a graph that cannot be drawn keeps its nodes for the list. */
export function laidOut(graph: ModelGraph): LaidOutGraph {
  const subgraphs: Record<number, LaidOutGraph[]> = {};
  for (const node of graph.nodes) if (node.subgraphs.length) subgraphs[node.id] = node.subgraphs.map((s) => laidOut(s.graph));
  if (graph.nodes.length > MAX_DRAWN_NODES) {
    return { graph, layout: null, notDrawn: `This graph has ${graph.nodes.length.toLocaleString('en')} nodes, too many to draw here (over ${MAX_DRAWN_NODES.toLocaleString('en')})`, subgraphs };
  }
  try {
    return { graph, layout: layoutGraph(graph), subgraphs };
  } catch (error) {
    // Dagre recurses once per rank: a very deep chain exhausts the stack.
    if (!(error instanceof RangeError)) throw error;
    return { graph, layout: null, notDrawn: `This graph's ${graph.nodes.length.toLocaleString('en')} nodes form chains too deep for the layout library to draw`, subgraphs };
  }
}
