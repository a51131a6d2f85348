import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeModel } from '../../../src/engine/convert/onnx-writer';
import type { OnnxGraph } from '../../../src/engine/convert/graph';
import { bytesSource } from '../../../src/engine/onnx-format/byte-source';
import { readModelGraph } from '../../../src/engine/onnx-format/model-graph';
import { laidOut, MAX_DRAWN_NODES } from '../../../src/engine/graph/layout';
import { readModelInfo } from '../../../src/engine/onnx-format/model-info';

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
    const nodes = Array.from({ length: MAX_DRAWN_NODES + 1 }, (_, id) => ({ id, name: '', opType: 'Relu', domain: '', inputs: [], outputs: [], attributes: [], weights: [] }));
    expect(laidOut({ nodes, edges: [], inputs: [], outputs: [], values: {} }).layout).toBeNull();
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
});
