/**
 * Tensor shapes the model does not state, worked out from its common ops (elementwise, Conv,
 * pooling, Concat, MatMul, Gemm, Flatten): many exports (MobileNetV2 from the ONNX model zoo) state
 * only the graph's inputs and outputs, and the drawing labels edges with shapes. Ops whose output
 * shape depends on values (Reshape from a computed shape) are left unknown, and so is what follows.
 */
import type { GraphNode, ModelGraph } from '../onnx-format/model-graph';
import type { ValueSummary } from '../onnx-format/model-info';

type Dim = number | string | null;
type Shape = Dim[];

const SAME_SHAPE = new Set(['Identity', 'Relu', 'Clip', 'Sigmoid', 'HardSigmoid', 'HardSwish', 'LeakyRelu', 'Tanh', 'Elu', 'Selu', 'Softplus', 'Erf', 'Gelu', 'BatchNormalization', 'InstanceNormalization', 'LayerNormalization', 'Dropout', 'Softmax', 'LogSoftmax', 'Neg', 'Abs', 'Exp', 'Log', 'Sqrt', 'Reciprocal', 'Floor', 'Ceil', 'Round', 'Cast', 'Not', 'Sign', 'QuantizeLinear', 'DequantizeLinear', 'LRN']);
const BROADCAST = new Set(['Add', 'Sub', 'Mul', 'Div', 'Pow', 'Max', 'Min', 'Sum', 'Mean', 'PRelu', 'Equal', 'Less', 'Greater', 'And', 'Or', 'Xor', 'Mod']);

function attribute(node: GraphNode, name: string): unknown {
  const text = node.attributes.find((a) => a.name === name)?.value;
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined; // a truncated list, a tensor or a graph
  }
}
const ints = (node: GraphNode, name: string) => {
  const value = attribute(node, name);
  return Array.isArray(value) && value.every((v) => typeof v === 'number') ? (value as number[]) : undefined;
};

function broadcast(shapes: Shape[]): Shape {
  const rank = Math.max(...shapes.map((s) => s.length));
  return Array.from({ length: rank }, (_, i) => {
    const dims = shapes.map((s) => s[s.length - rank + i]).filter((d) => d !== undefined && d !== 1);
    return dims.find((d) => typeof d === 'number') ?? dims[0] ?? 1;
  });
}

/** Conv and pooling: channels from `channels`, spatial sizes from kernel, strides, pads, dilations. */
function sliding(node: GraphNode, x: Shape, channels: Dim, kernel: number[] | undefined): Shape | null {
  if (!kernel || x.length !== kernel.length + 2) return null;
  const strides = ints(node, 'strides') ?? kernel.map(() => 1);
  const dilations = ints(node, 'dilations') ?? kernel.map(() => 1);
  const pads = ints(node, 'pads') ?? kernel.map(() => 0).concat(kernel.map(() => 0));
  const autoPad = attribute(node, 'auto_pad');
  const spatial = kernel.map((k, i) => {
    const size = x[i + 2];
    if (typeof size !== 'number') return null;
    if (autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER') return Math.ceil(size / strides[i]);
    const span = (k - 1) * dilations[i] + 1;
    const padded = autoPad === 'VALID' ? size : size + pads[i] + pads[i + kernel.length];
    return Math.floor((padded - span) / strides[i]) + 1;
  });
  return [x[0], channels, ...spatial];
}

function outputShape(node: GraphNode, shapes: Shape[]): Shape | null {
  const [x, y] = shapes;
  const op = node.domain && node.domain !== 'ai.onnx' ? '' : node.opType;
  if (!x) return null;
  if (SAME_SHAPE.has(op)) return x;
  if (BROADCAST.has(op)) return broadcast(shapes);
  if (op === 'Conv') {
    const w = node.weights[0]?.dims ?? (y?.every((d) => typeof d === 'number') ? (y as number[]) : undefined);
    return w ? sliding(node, x, w[0], ints(node, 'kernel_shape') ?? w.slice(2)) : null;
  }
  if (op === 'MaxPool' || op === 'AveragePool') return sliding(node, x, x[1], ints(node, 'kernel_shape'));
  if (op === 'GlobalAveragePool' || op === 'GlobalMaxPool') return [x[0], x[1], ...x.slice(2).map(() => 1)];
  if (op === 'Concat') {
    const rank = x.length;
    const given = attribute(node, 'axis');
    if (typeof given !== 'number' || shapes.some((s) => s.length !== rank)) return null;
    const axis = (given + rank) % rank;
    const along = shapes.map((s) => s[axis]);
    return x.map((d, i) => (i !== axis ? d : along.every((a) => typeof a === 'number') ? (along as number[]).reduce((a, b) => a + b, 0) : null));
  }
  if (op === 'MatMul' && y && x.length >= 2 && y.length >= 2) return [...broadcast([x.slice(0, -2), y.slice(0, -2)]), x[x.length - 2], y[y.length - 1]];
  if (op === 'Gemm' && y && x.length === 2 && y.length === 2) return [attribute(node, 'transA') === 1 ? x[1] : x[0], attribute(node, 'transB') === 1 ? y[0] : y[1]];
  if (op === 'Flatten') {
    const given = attribute(node, 'axis');
    const axis = ((typeof given === 'number' ? given : 1) + x.length) % x.length;
    const product = (dims: Shape) => (dims.every((d) => typeof d === 'number') ? (dims as number[]).reduce((a, b) => a * b, 1) : null);
    return [product(x.slice(0, axis)), product(x.slice(axis))];
  }
  return null;
}

/** Every value's type: as the model states it, or worked out here (dtype "inferred" when not stated). */
export function inferShapes(graph: ModelGraph): Record<string, ValueSummary> {
  const known: Record<string, ValueSummary> = { ...graph.values };
  for (const node of graph.nodes) {
    const out = node.outputs[0];
    if (!out || known[out]?.shape) continue;
    // Operands in the order the node lists them, weights (folded out of `inputs`) included.
    const operands = [...node.inputs.map((v) => known[v]?.shape ?? undefined), ...node.weights.map((w) => w.dims as Shape)];
    if (operands.some((s) => !s)) continue;
    const shape = outputShape(node, operands as Shape[]);
    if (shape) known[out] = { name: out, dtype: known[node.inputs[0]]?.dtype ?? 'inferred', shape };
  }
  return known;
}
