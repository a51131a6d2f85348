/**
 * A laid-out graph and its subgraphs as a tree of scopes (the main graph, then each If branch or
 * Loop body inside it) and one flat list of every node of every scope, in reading order: a node
 * followed by the nodes of its subgraphs. The page lists and searches the flat list and draws one
 * scope at a time.
 */
import type { GraphNode } from '../onnx-format/model-graph';
import type { LaidOutGraph } from './layout';

export interface GraphScope {
  laid: LaidOutGraph;
  /** "Main graph", or the node and attribute holding it: "branch › then_branch". */
  title: string;
  /** Null for the main graph. */
  parent: number | null;
  /** Nesting depth: 0 for the main graph. */
  depth: number;
  /** By node id: the node's index in the flat list. */
  flat: number[];
}

export interface FlatNode {
  scope: number;
  node: GraphNode;
}

export interface GraphScopes {
  scopes: GraphScope[];
  nodes: FlatNode[];
  /** By flat index of a node holding subgraphs: the scopes of its subgraphs, in attribute order. */
  childScopes: Map<number, number[]>;
}

export function graphScopes(root: LaidOutGraph): GraphScopes {
  const result: GraphScopes = { scopes: [], nodes: [], childScopes: new Map() };
  const visit = (laid: LaidOutGraph, title: string, parent: number | null, depth: number) => {
    const scope = result.scopes.length;
    const entry: GraphScope = { laid, title, parent, depth, flat: [] };
    result.scopes.push(entry);
    for (const node of laid.graph.nodes) {
      const at = result.nodes.length;
      entry.flat[node.id] = at;
      result.nodes.push({ scope, node });
      const children = (laid.subgraphs[node.id] ?? []).map((sub, i) => visit(sub, `${node.name || node.opType} › ${node.subgraphs[i].attribute}`, scope, depth + 1));
      if (children.length) result.childScopes.set(at, children);
    }
    return scope;
  };
  visit(root, 'Main graph', null, 0);
  return result;
}
