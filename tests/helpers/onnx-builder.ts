/**
 * Hand-made ONNX models for tests of odd cases (an unknown op, an opset from the future, odd dims):
 * a minimal protobuf encoder for the few ModelProto fields they need.
 */
const enc = new TextEncoder();

export function varint(value: number): number[] {
  const out: number[] = [];
  let v = value < 0 ? 2n ** 64n + BigInt(value) : BigInt(value);
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) byte |= 0x80;
    out.push(byte);
  } while (v > 0n);
  return out;
}

export const key = (field: number, wire: number) => varint(field * 8 + wire);
export const int = (field: number, value: number) => [...key(field, 0), ...varint(value)];
export const bytes = (field: number, data: number[] | Uint8Array) => [...key(field, 2), ...varint(data.length), ...data];
export const str = (field: number, text: string) => bytes(field, enc.encode(text));

export function valueInfo(name: string, elemType: number, dims: (number | string)[]): number[] {
  const shape = dims.flatMap((d) => bytes(1, typeof d === 'number' ? int(1, d) : str(2, d)));
  const tensorType = [...int(1, elemType), ...bytes(2, shape)];
  return [...str(1, name), ...bytes(2, bytes(1, tensorType))];
}

export interface ToyModel {
  opType?: string;
  opDomain?: string;
  opset?: number;
  irVersion?: number;
  inputDims?: (number | string)[];
  producer?: string;
  /**
   * Store the 3 weights in an external data file of this name and add them to x (y = x + w), as
   * exporters do for models over 2 GB. The file's bytes come from `externalWeightBytes()`.
   */
  externalData?: string;
}

/** The external data file for `toyModel({ externalData })`: float32 [10, 20, 30]. */
export function externalWeightBytes(): Uint8Array {
  return new Uint8Array(new Float32Array([10, 20, 30]).buffer);
}

/** A one-node model: y = Op(x), float32, with a 2x3 float initializer that is not used (or y = x + w with external w). */
export function toyModel({ opType = 'Relu', opDomain = '', opset = 13, irVersion = 8, inputDims = ['batch', 3], producer = 'onnx-playground tests', externalData }: ToyModel = {}): Uint8Array {
  if (externalData) opType = 'Add';
  const node = [...str(1, 'x'), ...(externalData ? str(1, 'w') : []), ...str(2, 'y'), ...str(3, 'node0'), ...str(4, opType), ...(opDomain ? str(7, opDomain) : [])];
  const weights = new Uint8Array(new Float32Array([1, 2, 3, 4, 5, 6]).buffer);
  const entry = (k: string, v: string) => bytes(13, [...str(1, k), ...str(2, v)]);
  const initializer = externalData
    ? [...int(1, 3), ...int(2, 1), ...str(8, 'w'), ...entry('location', externalData), ...entry('offset', '0'), ...entry('length', '12'), ...int(14, 1)]
    : [...int(1, 2), ...int(1, 3), ...int(2, 1), ...str(8, 'unused_weight'), ...bytes(9, weights)];
  const graph = [
    ...bytes(1, node),
    ...str(2, 'toy'),
    ...bytes(5, initializer),
    ...bytes(11, valueInfo('x', 1, inputDims)),
    ...bytes(12, valueInfo('y', 1, inputDims)),
  ];
  const opsetImports = [...bytes(8, [...str(1, ''), ...int(2, opset)]), ...(opDomain ? bytes(8, [...str(1, opDomain), ...int(2, 1)]) : [])];
  return new Uint8Array([...int(1, irVersion), ...str(2, producer), ...str(3, '1.0'), ...bytes(7, graph), ...opsetImports]);
}

/**
 * A model whose graph nests `depth` If nodes, each holding the next in its then_branch graph: a
 * protobuf nested far deeper than any real model (protobuf's own parsers stop at 100 levels).
 * Written outside-in with lengths computed first, so it takes linear time at any depth.
 */
export function deeplyNestedModel(depth: number): Uint8Array {
  const varintLength = (n: number) => varint(n).length;
  const nodeHead = [...str(4, 'If')];
  const attrHead = [...str(1, 'then_branch'), ...int(20, 5)];
  // node_k = nodeHead + tag5 len(attr_k) attr_k; attr_k = attrHead + tag6 len(graph_k) graph_k; graph_k = tag1 len(node_k+1) node_k+1
  const nodeLen = new Array<number>(depth + 1);
  nodeLen[depth] = nodeHead.length; // the innermost If has no branch
  for (let k = depth - 1; k >= 0; k--) {
    const graphLen = 1 + varintLength(nodeLen[k + 1]) + nodeLen[k + 1];
    const attrLen = attrHead.length + 1 + varintLength(graphLen) + graphLen;
    nodeLen[k] = nodeHead.length + 1 + varintLength(attrLen) + attrLen;
  }
  const out: number[] = [...int(1, 8), ...str(2, 'onnx-playground tests')];
  const graphBody: number[] = [];
  for (let k = 0; k <= depth; k++) {
    graphBody.push(...key(1, 2), ...varint(nodeLen[k]), ...nodeHead);
    if (k === depth) break;
    const graphLen = 1 + varintLength(nodeLen[k + 1]) + nodeLen[k + 1];
    const attrLen = attrHead.length + 1 + varintLength(graphLen) + graphLen;
    graphBody.push(...key(5, 2), ...varint(attrLen), ...attrHead, ...key(6, 2), ...varint(graphLen));
  }
  return new Uint8Array(out.concat(key(7, 2), varint(graphBody.length), graphBody, bytes(8, [...str(1, ''), ...int(2, 13)])));
}

/** A model whose graph field declares `declared` bytes (far more than the file holds). */
export function oversizedFieldModel(declared = 2 ** 40): Uint8Array {
  return new Uint8Array([...int(1, 8), ...str(2, 'onnx-playground tests'), ...key(7, 2), ...varint(declared), ...bytes(1, str(4, 'Relu'))]);
}
