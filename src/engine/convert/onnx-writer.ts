/**
 * Protobuf encoder for the few ModelProto fields the converter writes, the writing twin of
 * ../onnx-format/wire.ts. Hand-written rather than protobufjs: ~100 lines, no schema to load, and
 * weights are appended as views (never copied) until the single final concatenation.
 */
import { OnnxType, type AttrValue, type Initializer, type OnnxGraph, type OnnxNode, type ValueInfo } from './graph';

const utf8 = new TextEncoder();

class Message {
  readonly parts: Uint8Array[] = [];
  size = 0;
  private scratch: number[] = [];

  private flushScratch(): void {
    if (this.scratch.length === 0) return;
    this.parts.push(Uint8Array.from(this.scratch));
    this.size += this.scratch.length;
    this.scratch = [];
  }

  private varintRaw(value: number | bigint): void {
    // Negative int64 values are 10-byte two's complement on the wire.
    let v = BigInt.asUintN(64, BigInt(value));
    do {
      let byte = Number(v & 0x7fn);
      v >>= 7n;
      if (v > 0n) byte |= 0x80;
      this.scratch.push(byte);
    } while (v > 0n);
  }

  private key(field: number, wire: number): void {
    this.varintRaw(field * 8 + wire);
  }

  int(field: number, value: number | bigint): this {
    this.key(field, 0);
    this.varintRaw(value);
    return this;
  }

  float(field: number, value: number): this {
    this.key(field, 5);
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, value, true);
    this.scratch.push(...b);
    return this;
  }

  bytes(field: number, data: Uint8Array): this {
    this.key(field, 2);
    this.varintRaw(data.length);
    this.flushScratch();
    this.parts.push(data);
    this.size += data.length;
    return this;
  }

  string(field: number, text: string): this {
    return this.bytes(field, utf8.encode(text));
  }

  message(field: number, sub: Message): this {
    sub.flushScratch();
    this.key(field, 2);
    this.varintRaw(sub.size);
    this.flushScratch();
    this.parts.push(...sub.parts);
    this.size += sub.size;
    return this;
  }

  finish(): Uint8Array {
    this.flushScratch();
    const out = new Uint8Array(this.size);
    let at = 0;
    for (const p of this.parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }
}

function attribute(name: string, value: AttrValue): Message {
  const m = new Message().string(1, name);
  if ('i' in value) m.int(3, value.i).int(20, 2);
  else if ('f' in value) m.float(2, value.f).int(20, 1);
  else if ('s' in value) m.string(4, value.s).int(20, 3);
  else if ('ints' in value) {
    for (const v of value.ints) m.int(8, v);
    m.int(20, 7);
  } else if ('floats' in value) {
    for (const v of value.floats) m.float(7, v);
    m.int(20, 6);
  } else throw new Error(`attribute ${name}: string-list and tensor attributes are not written`);
  return m;
}

function node(n: OnnxNode): Message {
  const m = new Message();
  for (const i of n.inputs) m.string(1, i);
  for (const o of n.outputs) m.string(2, o);
  m.string(3, n.name).string(4, n.op);
  for (const [k, v] of Object.entries(n.attrs)) m.message(5, attribute(k, v));
  return m;
}

function tensor(t: Initializer): Message {
  const m = new Message();
  for (const d of t.dims) m.int(1, d);
  m.int(2, OnnxType[t.type]).string(8, t.name);
  // raw_data is little-endian, as typed arrays are on every platform this runs on.
  return m.bytes(9, new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength));
}

function valueInfo(v: ValueInfo): Message {
  const tensorType = new Message().int(1, OnnxType[v.type]);
  if (v.dims) {
    const shape = new Message();
    for (const d of v.dims) shape.message(1, typeof d === 'number' ? new Message().int(1, d) : new Message().string(2, d));
    tensorType.message(2, shape);
  }
  return new Message().string(1, v.name).message(2, new Message().message(1, tensorType));
}

export interface ModelHeader {
  opset: number;
  producerVersion: string;
  docString?: string;
  metadata?: Record<string, string>;
}

/** IR version matching the opset (ONNX 1.13 -> IR 8 / opset 18, 1.14-1.15 -> 9, 1.16 -> 10). */
function irVersionFor(opset: number): number {
  return opset <= 18 ? 8 : opset <= 20 ? 9 : 10;
}

export function writeModel(graph: OnnxGraph, header: ModelHeader): Uint8Array {
  const g = new Message();
  for (const n of graph.nodes) g.message(1, node(n));
  g.string(2, 'tfjs-graph');
  for (const t of graph.initializers.values()) g.message(5, tensor(t));
  for (const v of graph.inputs) g.message(11, valueInfo(v));
  for (const v of graph.outputs) g.message(12, valueInfo(v));
  const m = new Message()
    .int(1, irVersionFor(header.opset))
    .string(2, 'onnx-playground tfjs-to-onnx')
    .string(3, header.producerVersion);
  if (header.docString) m.string(6, header.docString);
  m.message(7, g).message(8, new Message().string(1, '').int(2, header.opset));
  for (const [k, v] of Object.entries(header.metadata ?? {})) m.message(14, new Message().string(1, k).string(2, v));
  return m.finish();
}
