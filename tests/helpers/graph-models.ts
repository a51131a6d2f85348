/**
 * Generated ONNX models for the graph drawing's tests and benchmark: a realistic DAG of any size
 * (residual and inception-like blocks, as ResNet and GoogLeNet are built) and a small model whose
 * If and Loop nodes hold subgraphs.
 */
import { writeModel } from '../../src/engine/convert/onnx-writer';
import type { OnnxNode } from '../../src/engine/convert/graph';
import { bytes, int, str, valueInfo } from './onnx-builder';

/**
 * Exactly `nodeCount` nodes: a stem, then blocks in turn — residual (Conv, Relu, Conv, Add, Relu),
 * inception-like (three branches of 1 to 3 nodes joined by a Concat) and a plain Conv, BatchNorm, Relu
 * chain — padded with Identity nodes. Weights are left out: only the graph's shape matters here.
 */
export function dagModel(nodeCount: number): Uint8Array {
  const nodes: OnnxNode[] = [];
  let value = 'x';
  const add = (op: string, inputs: string[]): string => {
    const output = `v${nodes.length}`;
    nodes.push({ op, name: `${op.toLowerCase()}_${nodes.length}`, inputs, outputs: [output], attrs: {} });
    return output;
  };
  const blocks: ((x: string) => string)[] = [
    (x) => add('Relu', [add('Add', [add('Conv', [add('Relu', [add('Conv', [x])])]), x])]),
    (x) => add('Concat', [add('Conv', [x]), add('Conv', [add('Relu', [add('Conv', [x])])]), add('Conv', [add('MaxPool', [x])])]),
    (x) => add('Relu', [add('BatchNormalization', [add('Conv', [x])])]),
  ];
  const largest = 7;
  for (let i = 0; nodes.length + largest <= nodeCount; i++) value = blocks[i % blocks.length](value);
  while (nodes.length < nodeCount) value = add('Identity', [value]);
  return writeModel(
    { nodes, initializers: new Map(), inputs: [{ name: 'x', type: 'float', dims: [1, 64, 56, 56] }], outputs: [{ name: value, type: 'float', dims: null }] },
    { opset: 17, producerVersion: 'graph tests' },
  );
}

const node = (op: string, name: string, inputs: string[], outputs: string[], attributes: number[][] = []) => [
  ...inputs.flatMap((i) => str(1, i)),
  ...outputs.flatMap((o) => str(2, o)),
  ...str(3, name),
  ...str(4, op),
  ...attributes.flatMap((a) => bytes(5, a)),
];
/** AttributeProto of type GRAPH (5). */
const graphAttribute = (name: string, graph: number[]) => [...str(1, name), ...bytes(6, graph), ...int(20, 5)];
const graph = (name: string, nodes: number[][], inputs: number[][], outputs: number[][], values: number[][] = []) => [
  ...nodes.flatMap((n) => bytes(1, n)),
  ...str(2, name),
  ...inputs.flatMap((v) => bytes(11, v)),
  ...outputs.flatMap((v) => bytes(12, v)),
  ...values.flatMap((v) => bytes(13, v)),
];

/**
 * x -> Relu "pre" -> If "branch" (then: Relu, Identity; else: Neg) -> Loop "repeat" (body: Identity,
 * Add) -> Sigmoid "post" -> y; 4 main nodes, 5 in subgraphs. The values `a` and `b` have stated shapes.
 */
export function subgraphModel(): Uint8Array {
  const FLOAT = 1;
  const BOOL = 9;
  const thenBranch = graph('then', [node('Relu', 'then_relu', ['a'], ['t1']), node('Identity', 'then_out', ['t1'], ['t_out'])], [], [valueInfo('t_out', FLOAT, [1, 3, 8, 8])], [valueInfo('t1', FLOAT, [1, 3, 8, 8])]);
  const elseBranch = graph('else', [node('Neg', 'else_neg', ['a'], ['e_out'])], [], [valueInfo('e_out', FLOAT, [1, 3, 8, 8])]);
  const body = graph(
    'body',
    [node('Identity', 'body_cond', ['cond_in'], ['cond_out']), node('Add', 'body_add', ['v', 'v'], ['v_out'])],
    [valueInfo('i', 7, []), valueInfo('cond_in', BOOL, []), valueInfo('v', FLOAT, [1, 3, 8, 8])],
    [valueInfo('cond_out', BOOL, []), valueInfo('v_out', FLOAT, [1, 3, 8, 8])],
  );
  const main = graph(
    'subgraphs',
    [
      node('Relu', 'pre', ['x'], ['a']),
      node('If', 'branch', ['cond'], ['b'], [graphAttribute('then_branch', thenBranch), graphAttribute('else_branch', elseBranch)]),
      node('Loop', 'repeat', ['n', '', 'b'], ['looped'], [graphAttribute('body', body)]),
      node('Sigmoid', 'post', ['looped'], ['y']),
    ],
    [valueInfo('x', FLOAT, [1, 3, 8, 8]), valueInfo('cond', BOOL, []), valueInfo('n', 7, [])],
    [valueInfo('y', FLOAT, [1, 3, 8, 8])],
    [valueInfo('a', FLOAT, [1, 3, 8, 8]), valueInfo('b', FLOAT, [1, 3, 'h', 8])],
  );
  return new Uint8Array([...int(1, 8), ...str(2, 'onnx-playground tests'), ...bytes(7, main), ...bytes(8, [...str(1, ''), ...int(2, 17)])]);
}
