import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeModel } from '../../../src/engine/convert/onnx-writer';
import type { OnnxGraph } from '../../../src/engine/convert/graph';
import { bytesSource } from '../../../src/engine/onnx-format/byte-source';
import { readModelGraph } from '../../../src/engine/onnx-format/model-graph';
import { laidOut, layoutGraph, MAX_DRAWN_NODES, shapeText } from '../../../src/engine/graph/layout';
import { graphScopes } from '../../../src/engine/graph/scopes';
import { inferShapes } from '../../../src/engine/graph/shapes';
import { indexLayout, visibleIn } from '../../../src/engine/graph/viewport';
import { countNodes, modelGraph, readModelGraph as readGraph } from '../../../src/engine/onnx-format/model-graph';
import { readOnnxModel } from '../../../src/engine/onnx-format/reader';
import { dagModel, subgraphModel } from '../../helpers/graph-models';
import { modelInfo, readModelInfo } from '../../../src/engine/onnx-format/model-info';

// x -> Conv(w, b) -> Relu -> Add(relu, conv) -> y: two weights, a branch that joins again.
function smallModel(): Uint8Array {
  const graph: OnnxGraph = {
    nodes: [
      { op: 'Conv', name: 'conv1', inputs: ['x', 'w', 'b'], outputs: ['c'], attrs: { kernel_shape: { ints: [3, 3] }, group: { i: 1 }, auto_pad: { s: 'SAME_UPPER' } } },
      { op: 'LeakyRelu', name: 'act', inputs: ['c'], outputs: ['r'], attrs: { alpha: { f: 0.25 } } },
      { op: 'Add', name: 'sum', inputs: ['r', 'c'], outputs: ['y'], attrs: {} },
    ],
    initializers: new Map([
      ['w', { name: 'w', type: 'float', dims: [4, 2, 3, 3], data: new Float32Array(72) }],
      ['b', { name: 'b', type: 'float', dims: [4], data: new Float32Array(4) }],
    ]),
    inputs: [{ name: 'x', type: 'float', dims: ['n', 2, 8, 8] }],
    outputs: [{ name: 'y', type: 'float', dims: ['n', 4, 8, 8] }],
  };
  return writeModel(graph, { opset: 17, producerVersion: 'test' });
}

describe('model graph', () => {
  it('folds initializers into their nodes and connects nodes by value', async () => {
    const graph = await readModelGraph(bytesSource(smallModel()));
    expect(graph.nodes.map((n) => n.opType)).toEqual(['Conv', 'LeakyRelu', 'Add']);
    const conv = graph.nodes[0];
    expect(conv.inputs).toEqual(['x']);
    expect(conv.weights).toEqual([
      { name: 'w', dtype: 'float32', dims: [4, 2, 3, 3], bytes: 288 },
      { name: 'b', dtype: 'float32', dims: [4], bytes: 16 },
    ]);
    expect(conv.attributes).toEqual([
      { name: 'kernel_shape', value: '[3, 3]' },
      { name: 'group', value: '1' },
      { name: 'auto_pad', value: '"SAME_UPPER"' },
    ]);
    expect(graph.nodes[1].attributes).toEqual([{ name: 'alpha', value: '0.25' }]);
    // No edge from or to a weight; the Conv output feeds both the LeakyRelu and the Add.
    expect(graph.edges).toEqual([
      { from: 0, to: 1, value: 'c' },
      { from: 1, to: 2, value: 'r' },
      { from: 0, to: 2, value: 'c' },
    ]);
    expect(graph.values.x.shape).toEqual(['n', 2, 8, 8]);
    expect(graph.inputs.map((v) => v.name)).toEqual(['x']);
  });

  it('lays every node and edge out, top to bottom', async () => {
    const { graph, layout } = laidOut(await readModelGraph(bytesSource(smallModel())));
    expect(layout).not.toBeNull();
    expect(layout!.boxes).toHaveLength(3);
    expect(layout!.paths).toHaveLength(3);
    expect(layout!.boxes[0].y).toBeLessThan(layout!.boxes[1].y);
    expect(layout!.boxes[1].y).toBeLessThan(layout!.boxes[2].y);
    expect(graph.nodes).toHaveLength(3);
  });

  it('a graph over the drawing limit is kept, not laid out', () => {
    const nodes = Array.from({ length: MAX_DRAWN_NODES + 1 }, (_, id) => ({ id, name: '', opType: 'Relu', domain: '', inputs: [], outputs: [], attributes: [], weights: [], subgraphs: [] }));
    const result = laidOut({ nodes, edges: [], inputs: [], outputs: [], values: {} });
    expect(result.layout).toBeNull();
    expect(result.notDrawn).toContain(`${(MAX_DRAWN_NODES + 1).toLocaleString('en')} nodes, too many to draw`);
  });

  it('MobileNetV2 fp32 from the gallery has 139 nodes, as the model reader counts', async () => {
    const bytes = new Uint8Array(readFileSync(resolve(import.meta.dirname, '../../../public/models/mobilenetv2-12-fp32.onnx')));
    const graph = await readModelGraph(bytesSource(bytes));
    expect(graph.nodes).toHaveLength(139);
    expect((await readModelInfo(bytesSource(bytes))).nodeCount).toBe(139);
    // Every weight is on a node: 52 Convs with weight and bias, the classifier's MatMul.
    expect(graph.nodes.filter((n) => n.opType === 'Conv').every((n) => n.weights.length === 2 && n.inputs.length === 1)).toBe(true);
    expect(graph.edges.every((e) => e.from < e.to)).toBe(true);
  });

  it('reads the subgraphs of If and Loop nodes, counted as the model reader counts them', async () => {
    const bytes = subgraphModel();
    const graph = await readGraph(bytesSource(bytes));
    expect(graph.nodes.map((n) => n.name)).toEqual(['pre', 'branch', 'repeat', 'post']);
    const [, branch, repeat] = graph.nodes;
    expect(branch.subgraphs.map((s) => [s.attribute, s.graph.nodes.map((n) => n.name)])).toEqual([
      ['then_branch', ['then_relu', 'then_out']],
      ['else_branch', ['else_neg']],
    ]);
    expect(branch.attributes).toEqual([
      { name: 'then_branch', value: 'graph' },
      { name: 'else_branch', value: 'graph' },
    ]);
    // Inside a body, nodes connect to each other; values from the outer graph (a) are plain inputs.
    const body = repeat.subgraphs[0].graph;
    expect(body.edges).toEqual([]);
    expect(branch.subgraphs[0].graph.edges).toEqual([{ from: 0, to: 1, value: 't1' }]);
    expect(body.inputs.map((v) => v.name)).toEqual(['i', 'cond_in', 'v']);
    expect(countNodes(graph)).toBe(9);
    expect((await readModelInfo(bytesSource(bytes))).nodeCount).toBe(9);
  });

  it('lays subgraphs out on their own and lists every node in reading order', async () => {
    const laid = laidOut(await readGraph(bytesSource(subgraphModel())));
    expect(laid.subgraphs[1].map((s) => s.layout?.boxes.length)).toEqual([2, 1]);
    const tree = graphScopes(laid);
    expect(tree.scopes.map((s) => [s.title, s.parent, s.depth])).toEqual([
      ['Main graph', null, 0],
      ['branch › then_branch', 0, 1],
      ['branch › else_branch', 0, 1],
      ['repeat › body', 0, 1],
    ]);
    expect(tree.nodes.map((e) => e.node.name)).toEqual(['pre', 'branch', 'then_relu', 'then_out', 'else_neg', 'repeat', 'body_cond', 'body_add', 'post']);
    expect(tree.childScopes.get(1)).toEqual([1, 2]);
    expect(tree.childScopes.get(5)).toEqual([3]);
    expect(tree.scopes[3].flat).toEqual([6, 7]);
  });

  it('labels edges with the shapes the model states, and only those', async () => {
    const graph = await readGraph(bytesSource(subgraphModel()));
    const layout = layoutGraph(graph);
    // Edges: If -> Loop carries b (stated 1×3×h×8), Loop -> Sigmoid carries looped (not stated).
    expect(graph.edges.map((e) => e.value)).toEqual(['b', 'looped']);
    expect(layout.labels.map((l) => l?.text ?? null)).toEqual(['1×3×h×8', null]);
    const label = layout.labels[0]!;
    const [from, to] = [layout.boxes[1], layout.boxes[2]];
    expect(label.y).toBeGreaterThan(from.y + from.height - 1);
    expect(label.y).toBeLessThan(to.y + 1);
    expect(shapeText({ name: 's', dtype: 'float32', shape: [] })).toBe('scalar');
    expect(shapeText({ name: 'u', dtype: 'float32', shape: null })).toBeNull();
  });

  // 1,100 nodes take the quick path (ranks and order set in loops, no crossing sweeps).
  it.each([300, 1100])('lays a generated %i-node DAG out: every node boxed, edges joining boxes, no NaN, the same twice', async (count) => {
    const graph = await readGraph(bytesSource(dagModel(count)));
    expect(graph.nodes).toHaveLength(count);
    expect(graph.edges.length).toBeGreaterThan(count); // residual and inception joins add edges
    const layout = layoutGraph(graph);
    expect(layout.boxes).toHaveLength(count);
    // Top to bottom: every edge goes down.
    expect(graph.edges.every((e) => layout.boxes[e.from].y < layout.boxes[e.to].y)).toBe(true);
    const numbers = [layout.width, layout.height, ...layout.boxes.flatMap((b) => [b.x, b.y, b.width, b.height]), ...layout.paths.flat().flatMap((p) => [p.x, p.y])];
    expect(numbers.every(Number.isFinite)).toBe(true);
    const near = (p: { x: number; y: number }, b: { x: number; y: number; width: number; height: number }) => p.x >= b.x - 1 && p.x <= b.x + b.width + 1 && p.y >= b.y - 1 && p.y <= b.y + b.height + 1;
    graph.edges.forEach((e, i) => {
      const points = layout.paths[i];
      expect(points.length).toBeGreaterThanOrEqual(2);
      expect(near(points[0], layout.boxes[e.from])).toBe(true);
      expect(near(points.at(-1)!, layout.boxes[e.to])).toBe(true);
    });
    const again = layoutGraph(graph);
    expect({ ...again, ms: 0 }).toEqual({ ...layout, ms: 0 });
  });

  it('puts in the page only the nodes and edges that meet the visible area', async () => {
    const layout = layoutGraph(await readGraph(bytesSource(dagModel(200))));
    const index = indexLayout(layout);
    const all = visibleIn(index, { left: -1e6, top: -1e6, right: 1e6, bottom: 1e6 });
    expect(all.nodes).toHaveLength(200);
    expect(all.edges).toHaveLength(layout.paths.length);
    const band = { left: 0, top: 0, right: layout.width, bottom: layout.height / 10 };
    const some = visibleIn(index, band);
    expect(some.nodes.length).toBeGreaterThan(0);
    expect(some.nodes.length).toBeLessThan(60);
    expect(some.nodes.every((id) => layout.boxes[id].y <= band.bottom)).toBe(true);
    // Every node left out lies wholly below the band.
    const shown = new Set(some.nodes);
    expect(layout.boxes.every((b, id) => shown.has(id) || b.y > band.bottom)).toBe(true);
  });

  const galleryGraph = async (name: string) => readGraph(bytesSource(new Uint8Array(readFileSync(resolve(import.meta.dirname, `../../../public/models/${name}.onnx`)))));

  it('works out the shapes SqueezeNet states, from its inputs alone', async () => {
    const graph = await galleryGraph('squeezenet1.1-7-fp32');
    const produced = new Set(graph.nodes.flatMap((n) => n.outputs));
    const stated = Object.values(graph.values).filter((v) => v.shape && produced.has(v.name));
    expect(stated.length).toBeGreaterThan(60);
    const inputsOnly = Object.fromEntries(graph.inputs.map((v) => [v.name, v]));
    const inferred = inferShapes({ ...graph, values: inputsOnly });
    for (const value of stated) expect([value.name, inferred[value.name]?.shape]).toEqual([value.name, value.shape]);
  });

  it('labels MobileNetV2 fp32 edges with worked-out shapes (the file states only input and output)', async () => {
    const graph = await galleryGraph('mobilenetv2-12-fp32');
    const layout = layoutGraph(graph);
    const texts = layout.labels.map((l) => l?.text);
    expect(texts.filter(Boolean).length).toBeGreaterThan(130);
    const firstConv = graph.nodes.findIndex((n) => n.opType === 'Conv');
    const out = graph.edges.findIndex((e) => e.from === firstConv);
    expect(texts[out]).toBe('batch_size×32×112×112');
    const pool = graph.nodes.findIndex((n) => n.opType === 'GlobalAveragePool');
    expect(texts[graph.edges.findIndex((e) => e.from === pool)]).toBe('batch_size×1280×1×1');
  });
});

describe('one read of a model gives its summary and its graph', () => {
  it('MobileNetV2 fp32: the summary and graph of one read, reading under one pass of its bytes with its weights skipped', async () => {
    const bytes = new Uint8Array(readFileSync(resolve(import.meta.dirname, '../../../public/models/mobilenetv2-12-fp32.onnx')));
    let requested = 0;
    const counted = { size: bytes.length, read: async (offset: number, length: number) => ((requested += length), bytes.subarray(offset, offset + length)) };
    const model = await readOnnxModel(counted);
    expect(modelInfo(model)).toEqual(await readModelInfo(bytesSource(bytes)));
    expect(modelGraph(model)).toEqual(await readModelGraph(bytesSource(bytes)));
    // Its 13 MB are mostly weights: the reader asks for a fraction of them, never the file twice.
    expect(requested).toBeLessThan(bytes.length);
  });
});
