/**
 * Lays a model graph out top to bottom with dagre (in the worker that read it): node boxes and edge
 * polylines in one coordinate space the page draws as SVG.
 */
import dagre from '@dagrejs/dagre';
import type { ModelGraph } from '../onnx-format/model-graph';

/** Past this many nodes the graph is listed, not drawn: layout and drawing would take too long. */
export const MAX_DRAWN_NODES = 3000;

export interface NodeBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface GraphLayout {
  width: number;
  height: number;
  /** By node id. */
  boxes: NodeBox[];
  /** By edge index: points of the polyline. */
  paths: { x: number; y: number }[][];
  ms: number;
}

export interface LaidOutGraph {
  graph: ModelGraph;
  /** Null when the graph has more than MAX_DRAWN_NODES nodes. */
  layout: GraphLayout | null;
}

export const NODE_HEIGHT = 28;
const CHAR_WIDTH = 7.2;

export function nodeWidth(opType: string): number {
  return Math.max(56, Math.round(opType.length * CHAR_WIDTH + 20));
}

export function layoutGraph(graph: ModelGraph): GraphLayout {
  const start = performance.now();
  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: 'TB', nodesep: 16, ranksep: 24, marginx: 8, marginy: 8 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const node of graph.nodes) g.setNode(String(node.id), { width: nodeWidth(node.opType), height: NODE_HEIGHT });
  graph.edges.forEach((e, i) => g.setEdge(String(e.from), String(e.to), {}, String(i)));
  dagre.layout(g);
  const boxes = graph.nodes.map((node) => {
    const n = g.node(String(node.id));
    return { x: n.x - n.width / 2, y: n.y - n.height / 2, width: n.width, height: n.height };
  });
  const paths = graph.edges.map((e, i) => (g.edge(String(e.from), String(e.to), String(i))?.points ?? []).map((p: { x: number; y: number }) => ({ x: p.x, y: p.y })));
  const size = g.graph();
  return { width: size.width ?? 0, height: size.height ?? 0, boxes, paths, ms: performance.now() - start };
}

export function laidOut(graph: ModelGraph): LaidOutGraph {
  return { graph, layout: graph.nodes.length > MAX_DRAWN_NODES ? null : layoutGraph(graph) };
}
