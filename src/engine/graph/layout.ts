/**
 * Lays a model graph out top to bottom with dagre (in the worker that read it): node boxes, edge
 * polylines and edge labels (tensor shapes) in one coordinate space the page draws as SVG. Each
 * subgraph (If, Loop, Scan) gets a layout of its own.
 */
import dagre from '@dagrejs/dagre';
import type { GraphNode, ModelGraph } from '../onnx-format/model-graph';
import type { ValueSummary } from '../onnx-format/model-info';

/**
 * Past this many nodes a graph is listed, not drawn. Dagre takes ~2 s (idle machine) to 6 s (busy)
 * for 2,000 nodes, and its recursive passes overflow a worker's stack on chains ~2,500 nodes deep.
 */
export const MAX_DRAWN_NODES = 3000;

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
  g.setGraph({ rankdir: 'TB', nodesep: 16, ranksep: 30, marginx: 8, marginy: 8, acyclicer: 'greedy' });
  g.setDefaultEdgeLabel(() => ({}));
  for (const node of graph.nodes) g.setNode(String(node.id), { width: nodeWidth(nodeLabel(node)), height: NODE_HEIGHT });
  graph.edges.forEach((e, i) => g.setEdge(String(e.from), String(e.to), {}, String(i)));
  dagre.layout(g);
  const boxes = graph.nodes.map((node) => {
    const n = g.node(String(node.id));
    return { x: n.x - n.width / 2, y: n.y - n.height / 2, width: n.width, height: n.height };
  });
  const paths = graph.edges.map((e, i) => (g.edge(String(e.from), String(e.to), String(i))?.points ?? []).map((p: { x: number; y: number }) => ({ x: p.x, y: p.y })));
  const labels = graph.edges.map((e, i) => {
    const text = shapeText(graph.values[e.value]);
    return text && paths[i].length ? { ...middle(paths[i]), text } : null;
  });
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
