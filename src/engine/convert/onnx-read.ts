/**
 * An ONNX model's bytes -> the converter's OnnxGraph, weights decoded: every attribute kind, every
 * tensor encoding (raw_data and the typed fields), Constant nodes as initializers. Element types are
 * narrowed to what TF.js computes with: float16/double/bfloat16 -> float32, int8/int16/uint16/uint32
 * -> int32; int64 stays int64 (BigInt64Array) until the mapping narrows it; uint8 and bool stay bytes.
 * External data and subgraph attributes (If/Loop/Scan bodies) are refused by name.
 */
import { ConvertError } from './errors';
import type { AttrValue, Initializer, OnnxGraph, OnnxNode, OnnxTypeName, TensorData, ValueInfo } from './graph';
import { halfToFloat32 } from './weights';
import { MessageReader, OnnxFormatError, Wire } from '../onnx-format/wire';
import { dataTypeName } from '../onnx-format/data-types';
import { DEFAULT_DOMAIN } from '../onnx-format/onnx-model';
import { readOpset } from '../onnx-format/reader';

export interface OnnxModelRead {
  graph: OnnxGraph;
  /** The default domain's opset version (0 when the model names none). */
  opset: number;
  /** Every domain's opset version ('' for the default domain). */
  opsets: Record<string, number>;
  producer: string;
  /** Types and shapes of intermediate tensors the model declares (value_info). */
  valueInfo: Map<string, ValueInfo>;
  /** Graph inputs and outputs whose element type TF.js has no equivalent for (strings, complex), with that type. */
  unsupportedTypes: Record<string, string>;
}

export interface ReadOptions {
  /**
   * Decode tensor data (default true). Without it initializers have empty data and external data or
   * subgraphs are not refused: enough to list the ops.
   */
  data?: boolean;
}

/** ONNX element type -> the type the converter holds it as (null: not representable). */
const TYPE_OF: Record<number, OnnxTypeName> = { 1: 'float', 2: 'uint8', 3: 'int32', 4: 'int32', 5: 'int32', 6: 'int32', 7: 'int64', 9: 'bool', 10: 'float', 11: 'float', 12: 'int32', 13: 'int64', 16: 'float' };

const decoder = new TextDecoder();

function fail(what: string): never {
  throw new ConvertError(`The model cannot be read: ${what}. Check that it is a complete .onnx file (export or download it again).`);
}

function readDims(m: MessageReader, wire: Wire, into: number[]): void {
  m.varints(wire, into, true);
}

/** A float32 array over `bytes`: a view of the model's bytes where aligned (never written to), else a copy. */
function f32(bytes: Uint8Array): Float32Array {
  if (bytes.byteOffset % 4 === 0) return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length >> 2);
  return new Float32Array(new Uint8Array(bytes).buffer);
}

/** The values of a raw_data payload, narrowed as the module comment says. */
function fromRaw(type: number, raw: Uint8Array, n: number, where: string): TensorData {
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const need = (bytes: number) => {
    if (raw.length !== n * bytes) fail(`tensor ${where} holds ${raw.length} bytes of data for ${n} ${dataTypeName(type)} values`);
  };
  switch (type) {
    case 1:
      need(4);
      return f32(raw);
    case 10: {
      need(2);
      const bits = new Uint16Array(n);
      for (let i = 0; i < n; i++) bits[i] = view.getUint16(2 * i, true);
      return halfToFloat32(bits);
    }
    case 16: {
      need(2);
      const out = new Float32Array(n);
      const u = new Uint32Array(out.buffer);
      for (let i = 0; i < n; i++) u[i] = view.getUint16(2 * i, true) << 16;
      return out;
    }
    case 11: {
      need(8);
      const out = new Float32Array(n);
      for (let i = 0; i < n; i++) out[i] = view.getFloat64(8 * i, true);
      return out;
    }
    case 2:
    case 9:
      need(1);
      return new Uint8Array(raw);
    case 3:
      need(1);
      return Int32Array.from(new Int8Array(raw.buffer, raw.byteOffset, n));
    case 4:
    case 5: {
      need(2);
      const out = new Int32Array(n);
      for (let i = 0; i < n; i++) out[i] = type === 4 ? view.getUint16(2 * i, true) : view.getInt16(2 * i, true);
      return out;
    }
    case 6:
    case 12: {
      need(4);
      const out = new Int32Array(n);
      for (let i = 0; i < n; i++) out[i] = view.getInt32(4 * i, true);
      return out;
    }
    case 7:
    case 13: {
      need(8);
      const out = new BigInt64Array(n);
      for (let i = 0; i < n; i++) out[i] = view.getBigInt64(8 * i, true);
      return out;
    }
  }
  throw new ConvertError(`tensor ${where} is of type ${dataTypeName(type)}, which TensorFlow.js cannot hold: the model cannot be converted`);
}

/** Values from the typed repeated fields (float_data, int32_data, int64_data, double_data, uint64_data). */
function fromTyped(type: number, fields: { floats: number[]; ints: number[]; int64s: bigint[]; doubles: number[] }, n: number, where: string): TensorData {
  const count = (got: number) => {
    if (got !== n) fail(`tensor ${where} has ${got} values for its ${n} elements`);
  };
  switch (type) {
    case 1:
      count(fields.floats.length);
      return Float32Array.from(fields.floats);
    case 11:
      count(fields.doubles.length);
      return Float32Array.from(fields.doubles);
    case 10:
      count(fields.ints.length);
      return halfToFloat32(Uint16Array.from(fields.ints));
    case 16: {
      count(fields.ints.length);
      const out = new Float32Array(n);
      const u = new Uint32Array(out.buffer);
      fields.ints.forEach((v, i) => (u[i] = (v & 0xffff) << 16));
      return out;
    }
    case 2:
    case 9:
      count(fields.ints.length);
      return Uint8Array.from(fields.ints);
    case 3:
    case 4:
    case 5:
    case 6:
      count(fields.ints.length);
      return Int32Array.from(fields.ints, (v) => (type === 3 ? (v << 24) >> 24 : type === 5 ? (v << 16) >> 16 : v | 0));
    case 12:
    case 7:
    case 13:
      count(fields.int64s.length);
      return type === 12 ? Int32Array.from(fields.int64s, Number) : BigInt64Array.from(fields.int64s);
  }
  throw new ConvertError(`tensor ${where} is of type ${dataTypeName(type)}, which TensorFlow.js cannot hold: the model cannot be converted`);
}

const EMPTY: Record<OnnxTypeName, () => TensorData> = {
  float: () => new Float32Array(0),
  float16: () => new Float32Array(0),
  uint8: () => new Uint8Array(0),
  bool: () => new Uint8Array(0),
  int32: () => new Int32Array(0),
  int64: () => new BigInt64Array(0),
};

/** Packed or single float (4 bytes) or double (8 bytes) values of a repeated field. */
function fixedValues(m: MessageReader, wire: Wire, size: 4 | 8, into: number[]): void {
  const fixed = size === 4 ? Wire.Fixed32 : Wire.Fixed64;
  if (wire !== Wire.Bytes && wire !== fixed) return m.skip(wire);
  const b = wire === Wire.Bytes ? m.bytes() : m.buf.subarray(m.pos, (m.pos += size));
  if (b.length % size) fail(`a list of ${size === 4 ? 'floats' : 'doubles'} is cut off`);
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  for (let i = 0; i < b.length; i += size) into.push(size === 4 ? v.getFloat32(i, true) : v.getFloat64(i, true));
}

/** A TensorProto, its data decoded (or left empty when `data` is false). */
export function readTensor(m: MessageReader, data = true, fallbackName = ''): Initializer {
  const dims: number[] = [];
  let type = 0;
  let name = '';
  let raw: Uint8Array | null = null;
  let external = false;
  const fields = { floats: [] as number[], ints: [] as number[], int64s: [] as bigint[], doubles: [] as number[] };
  let hasStrings = false;
  let segment = false;
  while (!m.done) {
    const { field, wire } = m.tag();
    if (field === 1) readDims(m, wire, dims);
    else if (field === 2 && wire === Wire.Varint) type = m.varint();
    else if (field === 8 && wire === Wire.Bytes) name = m.string();
    else if (field === 9 && wire === Wire.Bytes) raw = m.bytes();
    else if (field === 14 && wire === Wire.Varint) external = m.varint() === 1;
    else if (field === 3 && wire === Wire.Bytes) (segment = true), m.skip(wire);
    else if (field === 6 && wire === Wire.Bytes) (hasStrings = true), m.skip(wire);
    else if (!data) m.skip(wire);
    else if (field === 4) fixedValues(m, wire, 4, fields.floats);
    else if (field === 5) m.varints(wire, fields.ints, true);
    else if (field === 7 || field === 11) {
      // int64 and uint64 values exactly, as BigInt.
      const one = (r: MessageReader) => {
        let big = 0n;
        for (let shift = 0n; ; shift += 7n) {
          if (r.pos >= r.end) fail(`an int64 value of tensor ${name || fallbackName} is cut off`);
          const byte = r.buf[r.pos++];
          big |= BigInt(byte & 0x7f) << shift;
          if (byte < 0x80) break;
        }
        fields.int64s.push(field === 7 ? BigInt.asIntN(64, big) : BigInt.asUintN(64, big));
      };
      if (wire === Wire.Bytes) {
        const sub = m.message();
        while (!sub.done) one(sub);
      } else if (wire === Wire.Varint) one(m);
      else m.skip(wire);
    } else if (field === 10) fixedValues(m, wire, 8, fields.doubles);
    else m.skip(wire);
  }
  name ||= fallbackName;
  if (external && data) throw new ConvertError(`tensor ${name} keeps its data in an external file: the converter reads single-file models only. Save the model with its weights inside (onnx.save_model(model, path, save_as_external_data=False)).`);
  if (segment) throw new ConvertError(`tensor ${name} is split into segments, which the converter does not read`);
  if (type === 8 || hasStrings) throw new ConvertError(`tensor ${name} holds strings, which TensorFlow.js graph models cannot compute with`);
  const onnxType = TYPE_OF[type];
  if (!onnxType) throw new ConvertError(`tensor ${name} is of type ${dataTypeName(type)}, which TensorFlow.js cannot hold: the model cannot be converted`);
  if (dims.some((d) => d < 0)) fail(`tensor ${name} has a negative dimension (${dims.join('x')})`);
  const n = dims.reduce((a, b) => a * b, 1);
  const values = !data ? EMPTY[onnxType]() : raw ? fromRaw(type, raw, n, name) : fromTyped(type, fields, n, name);
  return { name, type: onnxType, dims, data: values };
}

function readAttribute(m: MessageReader, where: string, data: boolean, subgraphs: string[]): [string, AttrValue | null] {
  let name = '';
  let type = 0;
  let value: AttrValue | null = null;
  const ints: number[] = [];
  const floats: number[] = [];
  const strings: string[] = [];
  let refAttr = '';
  let graphs = false;
  let tensors = 0;
  while (!m.done) {
    const { field, wire } = m.tag();
    if (field === 1 && wire === Wire.Bytes) name = m.string();
    else if (field === 20 && wire === Wire.Varint) type = m.varint();
    else if (field === 21 && wire === Wire.Bytes) refAttr = m.string();
    else if (field === 2 && wire === Wire.Fixed32) {
      const one: number[] = [];
      fixedValues(m, wire, 4, one);
      value = { f: one[0] };
    } else if (field === 3 && wire === Wire.Varint) value = { i: m.int64() };
    else if (field === 4 && wire === Wire.Bytes) value = { s: decoder.decode(m.bytes()) };
    else if (field === 5 && wire === Wire.Bytes) value = { t: readTensor(m.message(), data, `${where}.${name}`) };
    else if ((field === 6 || field === 11) && wire === Wire.Bytes) (graphs = true), m.skip(wire);
    else if (field === 10 && wire === Wire.Bytes) (tensors++, m.skip(wire));
    else if (field === 7) fixedValues(m, wire, 4, floats);
    else if (field === 8 && (wire === Wire.Varint || wire === Wire.Bytes)) m.varints(wire, ints, true);
    else if (field === 9 && wire === Wire.Bytes) strings.push(decoder.decode(m.bytes()));
    else m.skip(wire);
  }
  if (refAttr) throw new ConvertError(`${where}: attribute ${name} refers to a function's attribute (${refAttr}); model-local functions are not supported`);
  if (graphs || type === 5 || type === 10) {
    subgraphs.push(`${where} attribute ${name}`);
    return [name, null];
  }
  if (tensors || type === 9) throw new ConvertError(`${where}: attribute ${name} is a list of tensors, which no supported op takes`);
  // AttributeProto.type: FLOATS 6, INTS 7, STRINGS 8 (an empty list has only its type).
  if (ints.length || type === 7) value = { ints };
  else if (floats.length || type === 6) value = { floats };
  else if (strings.length || type === 8) value = { strings };
  return [name, value];
}

function readNode(m: MessageReader, index: number, data: boolean, subgraphs: string[]): OnnxNode {
  const node: OnnxNode = { op: '', inputs: [], outputs: [], attrs: {}, name: '', domain: '' };
  const attrs: MessageReader[] = [];
  while (!m.done) {
    const { field, wire } = m.tag();
    if (wire !== Wire.Bytes) m.skip(wire);
    else if (field === 1) node.inputs.push(m.string());
    else if (field === 2) node.outputs.push(m.string());
    else if (field === 3) node.name = m.string();
    else if (field === 4) node.op = m.string();
    else if (field === 7) node.domain = m.string();
    else if (field === 5) attrs.push(m.message());
    else m.skip(wire);
  }
  if (!node.op) fail(`node ${index} has no operator type`);
  node.name ||= `${node.op}_${index}`;
  if (node.domain === 'ai.onnx') node.domain = '';
  const where = `node ${node.name} (${node.op})`;
  for (const a of attrs) {
    const [name, value] = readAttribute(a, where, data, subgraphs);
    if (value) node.attrs[name] = value;
  }
  return node;
}

function readValueInfo(m: MessageReader): { name: string; elemType: number; dims: (number | string)[] | null } {
  let name = '';
  let elemType = 0;
  let dims: (number | string)[] | null = null;
  while (!m.done) {
    const { field, wire } = m.tag();
    if (field === 1 && wire === Wire.Bytes) name = m.string();
    else if (field === 2 && wire === Wire.Bytes) {
      const t = m.message();
      while (!t.done) {
        const tt = t.tag();
        if (tt.field === 1 && tt.wire === Wire.Bytes) {
          const tensor = t.message();
          while (!tensor.done) {
            const f = tensor.tag();
            if (f.field === 1 && f.wire === Wire.Varint) elemType = tensor.varint();
            else if (f.field === 2 && f.wire === Wire.Bytes) {
              dims = [];
              const shape = tensor.message();
              while (!shape.done) {
                const s = shape.tag();
                if (s.field !== 1 || s.wire !== Wire.Bytes) {
                  shape.skip(s.wire);
                  continue;
                }
                const dim = shape.message();
                let d: number | string = `${name}_d${dims.length}`;
                while (!dim.done) {
                  const x = dim.tag();
                  if (x.field === 1 && x.wire === Wire.Varint) d = dim.int64();
                  else if (x.field === 2 && x.wire === Wire.Bytes) d = dim.string() || d;
                  else dim.skip(x.wire);
                }
                dims.push(typeof d === 'number' && d < 0 ? `${name}_d${dims.length}` : d);
              }
            } else tensor.skip(f.wire);
          }
        } else t.skip(tt.wire);
      }
    } else m.skip(wire);
  }
  return { name, elemType, dims };
}

/** A Constant node's value as an initializer named by its output. */
function constantOf(node: OnnxNode): Initializer {
  const out = node.outputs[0];
  const a = node.attrs;
  const where = `Constant ${node.name}`;
  if (a.value && 't' in a.value) return { ...a.value.t, name: out };
  if (a.value_float && 'f' in a.value_float) return { name: out, type: 'float', dims: [], data: Float32Array.of(a.value_float.f) };
  if (a.value_floats && 'floats' in a.value_floats) return { name: out, type: 'float', dims: [a.value_floats.floats.length], data: Float32Array.from(a.value_floats.floats) };
  if (a.value_int && 'i' in a.value_int) return { name: out, type: 'int64', dims: [], data: BigInt64Array.of(BigInt(a.value_int.i)) };
  if (a.value_ints && 'ints' in a.value_ints) return { name: out, type: 'int64', dims: [a.value_ints.ints.length], data: BigInt64Array.from(a.value_ints.ints, BigInt) };
  const kind = Object.keys(a)[0];
  throw new ConvertError(`${where} holds ${kind ? `a ${kind}` : 'no value'}, which the converter does not support (tensors, floats and ints are)`);
}

/**
 * Reads a model. Throws ConvertError for what cannot be converted whatever the op mappings
 * (external data, subgraphs, strings) and for a damaged file.
 */
export function readOnnx(bytes: Uint8Array, { data = true }: ReadOptions = {}): OnnxModelRead {
  const opsets: Record<string, number> = {};
  let producer = '';
  let graphMsg: MessageReader | null = null;
  try {
    const m = new MessageReader(bytes);
    while (!m.done) {
      const { field, wire } = m.tag();
      if (field === 7 && wire === Wire.Bytes) graphMsg = m.message();
      else if (field === 2 && wire === Wire.Bytes) producer = m.string();
      else if (field === 3 && wire === Wire.Bytes) producer = producer ? `${producer} ${m.string()}` : m.string();
      else if (field === 8 && wire === Wire.Bytes) {
        const { domain, version } = readOpset(m.message());
        opsets[domain === DEFAULT_DOMAIN ? '' : domain] = version;
      } else m.skip(wire);
    }
    if (!graphMsg) fail('it holds no graph (read as protobuf, the file holds no ModelProto)');
    return { ...readGraph(graphMsg, data), opset: opsets[''] ?? 0, opsets, producer };
  } catch (e) {
    if (e instanceof OnnxFormatError) fail(e.message);
    if (e instanceof RangeError) fail(`a field runs past the end of the file (${e.message})`);
    throw e;
  }
}

function readGraph(m: MessageReader, data: boolean): Omit<OnnxModelRead, 'opset' | 'opsets' | 'producer'> {
  const graph: OnnxGraph = { nodes: [], initializers: new Map(), inputs: [], outputs: [] };
  const inputs: ReturnType<typeof readValueInfo>[] = [];
  const outputs: ReturnType<typeof readValueInfo>[] = [];
  const valueInfo = new Map<string, ValueInfo>();
  const subgraphs: string[] = [];
  while (!m.done) {
    const { field, wire } = m.tag();
    if (wire !== Wire.Bytes) m.skip(wire);
    else if (field === 1) graph.nodes.push(readNode(m.message(), graph.nodes.length, data, subgraphs));
    else if (field === 5) {
      const t = readTensor(m.message(), data, `initializer ${graph.initializers.size}`);
      graph.initializers.set(t.name, t);
    } else if (field === 11) inputs.push(readValueInfo(m.message()));
    else if (field === 12) outputs.push(readValueInfo(m.message()));
    else if (field === 13) {
      const v = readValueInfo(m.message());
      const type = TYPE_OF[v.elemType];
      if (type) valueInfo.set(v.name, { name: v.name, type, dims: v.dims });
    } else if (field === 15) throw new ConvertError('the model has sparse initializers, which the converter does not read');
    else m.skip(wire);
  }
  if (subgraphs.length && data) {
    throw new ConvertError(`the model has control flow (subgraphs: ${subgraphs.slice(0, 3).join('; ')}${subgraphs.length > 3 ? ` and ${subgraphs.length - 3} more` : ''}), which the converter does not support`);
  }
  // Constant nodes become initializers (Constant outside the default domain is someone else's op).
  graph.nodes = graph.nodes.filter((n) => {
    if (n.op !== 'Constant' || n.domain) return true;
    if (n.outputs.length !== 1) fail(`Constant ${n.name} has ${n.outputs.length} outputs`);
    if (data) graph.initializers.set(n.outputs[0], constantOf(n));
    else graph.initializers.set(n.outputs[0], { name: n.outputs[0], type: 'float', dims: [], data: new Float32Array(0) });
    return false;
  });
  const unsupportedTypes: Record<string, string> = {};
  const info = (v: ReturnType<typeof readValueInfo>): ValueInfo => {
    // The interface keeps float16 (fed as such to ONNX Runtime; TF.js takes float32 in its place).
    const type = v.elemType === 10 ? 'float16' : TYPE_OF[v.elemType];
    if (!type) unsupportedTypes[v.name] = dataTypeName(v.elemType);
    return { name: v.name, type: type ?? 'float', dims: v.dims };
  };
  // Old exporters list initializers among the inputs too: those are weights, not inputs.
  graph.inputs = inputs.filter((v) => !graph.initializers.has(v.name)).map(info);
  graph.outputs = outputs.map(info);
  if (!graph.outputs.length) fail('its graph has no outputs');
  return { graph, valueInfo, unsupportedTypes };
}
