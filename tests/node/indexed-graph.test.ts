/**
 * The live index the Transpose optimiser rewrites through: lookups stay what a rebuild from the
 * node list would give, edit after edit.
 */
import { describe, expect, it } from 'vitest';
import { IndexedGraph } from '../../src/engine/convert/indexed-graph';
import type { OnnxNode } from '../../src/engine/convert/graph';

const node = (name: string, inputs: string[], outputs: string[]): OnnxNode => ({ op: 'Relu', inputs, outputs, attrs: {}, name });

/** Producer and consumers as a full rebuild from `nodes` gives them (consumers in node order). */
function rebuilt(nodes: OnnxNode[]) {
  const producer = new Map<string, string>();
  const consumers = new Map<string, string[]>();
  for (const n of nodes) {
    for (const o of n.outputs) producer.set(o, n.name);
    for (const i of n.inputs) if (!consumers.get(i)?.includes(n.name)) consumers.set(i, [...(consumers.get(i) ?? []), n.name]);
  }
  return { producer, consumers };
}

function expectConsistent(graph: IndexedGraph) {
  const nodes = graph.nodes();
  const { producer, consumers } = rebuilt(nodes);
  const names = new Set(nodes.flatMap((n) => [...n.inputs, ...n.outputs]));
  for (const name of names) {
    expect(graph.producerOf(name)?.name, `producer of ${name}`).toBe(producer.get(name));
    expect(graph.consumersOf(name).map((n) => n.name), `consumers of ${name}`).toEqual(consumers.get(name) ?? []);
  }
  // The order numbers sort like the list.
  const keys = nodes.map((n) => graph.orderOf(n));
  expect(keys).toEqual([...keys].sort((a, b) => a - b));
}

describe('IndexedGraph', () => {
  it('keeps producers and ordered consumers through edits, insertions and removals', () => {
    const a = node('a', ['in'], ['x']);
    const b = node('b', ['x'], ['y']);
    const c = node('c', ['x', 'y'], ['out']);
    const graph = new IndexedGraph([a, b, c], new Set(['out']));
    expectConsistent(graph);
    // A node inserted before c reading x comes between b and c among x's consumers.
    const t = node('t', ['x'], ['xt']);
    graph.insertBefore(c, t);
    expect(graph.consumersOf('x').map((n) => n.name)).toEqual(['b', 't', 'c']);
    graph.edit(c, () => (c.inputs = ['xt', 'y']));
    expectConsistent(graph);
    graph.insertAfter(a, node('u', ['x'], ['xu']));
    expect(graph.consumersOf('x').map((n) => n.name)).toEqual(['u', 'b', 't']);
    graph.remove(b);
    expect(graph.has(b)).toBe(false);
    expectConsistent(graph);
  });

  it('removes what nothing reads any more, and what only that read, but never a graph output', () => {
    const a = node('a', ['in'], ['x']);
    const b = node('b', ['x'], ['y']);
    const c = node('c', ['y'], ['out']);
    const d = node('d', ['in'], ['out2']);
    const graph = new IndexedGraph([a, b, c, d], new Set(['out', 'out2']));
    graph.edit(c, () => (c.inputs = ['in']));
    expect(graph.removeUnread().map((n) => n.name)).toEqual(['b', 'a']);
    expect(graph.nodes().map((n) => n.name)).toEqual(['c', 'd']);
    expectConsistent(graph);
  });

  it('numbers the nodes again when one gap has taken too many insertions, keeping the order', () => {
    const first = node('first', ['in'], ['x']);
    const last = node('last', ['x'], ['out']);
    const graph = new IndexedGraph([first, last], new Set(['out']));
    let renumbered = 0;
    graph.onRenumber = () => renumbered++;
    // Each one right after `first`: the gap halves every time, past what a double can split.
    for (let k = 0; k < 80; k++) graph.insertAfter(first, node(`n${k}`, ['x'], [`y${k}`]));
    expect(renumbered).toBeGreaterThan(0);
    expect(graph.consumersOf('x').map((n) => n.name)).toEqual([...Array.from({ length: 80 }, (_, k) => `n${79 - k}`), 'last']);
    expectConsistent(graph);
  });
});
