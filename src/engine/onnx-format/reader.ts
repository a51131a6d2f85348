/**
 * The ONNX reader: decodes a model file once into an OnnxModel, without materialising its weights.
 * The model and its main graph are walked as streams and tensor payloads are skipped by length, so
 * a 1 GB model is read by reading its metadata and nodes only.
 */
import { bytesSource, type ByteSource } from './byte-source';
import { dataTypeName, dataTypeSize } from './data-types';
import { DEFAULT_DOMAIN, type OnnxAttribute, type OnnxGraph, type OnnxModel, type OnnxNode, type TensorSummary, type ValueSummary } from './onnx-model';
import { MessageReader, OnnxFormatError, StreamReader, TruncatedError, Wire } from './wire';
import { grouped } from '../../shared/numbers';

/** Reads a model; throws OnnxFormatError (with a message for the user) when it is not a readable ONNX model. */
export async function readOnnxModel(source: ByteSource): Promise<OnnxModel> {
  if (source.size === 0) throw new OnnxFormatError('The file is empty (0 bytes): it is not an ONNX model.');
  const head = await source.read(0, Math.min(64, source.size));
  const foreign = recogniseForeignFormat(head);
  if (foreign) throw new OnnxFormatError(`This is ${foreign}, not an ONNX model. Open an .onnx file.`);

  const model: Omit<OnnxModel, 'graph'> = {
    fileBytes: source.size,
    irVersion: 0,
    opsets: {},
    producer: { name: '', version: '' },
    domain: '',
    modelVersion: 0,
    docString: '',
    metadata: {},
  };
  let graph: OnnxGraph | null = null;
  const reader = new StreamReader(source, 0, source.size);
  try {
    while (!reader.done) {
      const { field, wire } = await reader.tag();
      if (field === 7 && wire === Wire.Bytes) {
        graph = await readGraph(await reader.stream(), 0);
      } else if (wire === Wire.Bytes && [2, 3, 4, 6, 8, 14].includes(field)) {
        const m = await reader.message();
        if (field === 2) model.producer = { ...model.producer, name: utf8(m) };
        else if (field === 3) model.producer = { ...model.producer, version: utf8(m) };
        else if (field === 4) model.domain = utf8(m);
        else if (field === 6) model.docString = utf8(m);
        else if (field === 8) {
          const { domain, version } = readOpset(m);
          model.opsets[domain] = version;
        } else {
          const { key, value } = readStringPair(m);
          model.metadata[key] = value;
        }
      } else if (wire === Wire.Varint && (field === 1 || field === 5)) {
        const value = await reader.varint();
        if (field === 1) model.irVersion = value;
        else model.modelVersion = value;
      } else {
        await reader.skip(wire);
      }
    }
  } catch (error) {
    if (error instanceof TruncatedError) throw new OnnxFormatError(`The file is truncated or not an ONNX model: ${error.message}. Open the complete .onnx file (download or export it again if it was cut short).`);
    if (error instanceof OnnxFormatError) throw new OnnxFormatError(`This is not a valid ONNX model: ${error.message}. Check that it is an .onnx file and complete (not cut short); export or download it again.`);
    throw error;
  }
  if (!graph || !model.irVersion) {
    throw new OnnxFormatError(
      `This is not an ONNX model: ${!graph ? 'it has no graph' : 'it has no IR version'} (read as protobuf, the file holds no ModelProto).`,
    );
  }
  return { ...model, graph };
}

const decoder = new TextDecoder();
const utf8 = (m: MessageReader) => decoder.decode(m.buf.subarray(m.pos, m.end));

/** A message already in memory, walked as a stream (a subgraph or a tensor inside a node), at its place in the file. */
const streamOver = (m: MessageReader) => new StreamReader(bytesSource(m.buf, m.base), m.base + m.pos, m.base + m.end);

export function readOpset(m: MessageReader): { domain: string; version: number } {
  let domain = '';
  let version = 0;
  while (!m.done) {
    const { field, wire } = m.tag();
    if (field === 1 && wire === Wire.Bytes) domain = m.string();
    else if (field === 2 && wire === Wire.Varint) version = m.varint();
    else m.skip(wire);
  }
  return { domain: domain || DEFAULT_DOMAIN, version };
}

function readStringPair(m: MessageReader): { key: string; value: string } {
  let key = '';
  let value = '';
  while (!m.done) {
    const { field, wire } = m.tag();
    if (field === 1 && wire === Wire.Bytes) key = m.string();
    else if (field === 2 && wire === Wire.Bytes) value = m.string();
    else m.skip(wire);
  }
  return { key, value };
}

/**
 * Protobuf's own parsers (onnxruntime's included) refuse messages nested deeper than 100 levels;
 * a graph is two levels (node, attribute) below its parent graph.
 */
const MAX_GRAPH_NESTING = 48;

/** Read at a time from a tensor: enough for its header (dims, type, name); its data is skipped. */
const TENSOR_WINDOW_BYTES = 4096;

/** A graph: the main one streamed from the file, a subgraph (depth > 0) from its node's bytes in memory. */
async function readGraph(reader: StreamReader, depth: number): Promise<OnnxGraph> {
  if (depth > MAX_GRAPH_NESTING) {
    throw new OnnxFormatError(`its graphs are nested more than ${MAX_GRAPH_NESTING} levels deep (If/Loop/Scan bodies), past what protobuf parsers accept`);
  }
  const graph: OnnxGraph = { name: '', docString: '', nodes: [], initializers: [], inputs: [], outputs: [], valueInfo: [] };
  while (!reader.done) {
    const { field, wire } = await reader.tag();
    if (wire !== Wire.Bytes) await reader.skip(wire);
    // Initializers hold the weights: walked as streams so raw_data is skipped unread.
    else if (field === 5) graph.initializers.push(await readTensor(await reader.stream(TENSOR_WINDOW_BYTES)));
    else if (field === 1) graph.nodes.push(await readNode(await reader.message(), depth));
    else if (field === 2) graph.name = utf8(await reader.message());
    else if (field === 10) graph.docString = utf8(await reader.message());
    else if (field === 11) graph.inputs.push(readValueInfo(await reader.message()));
    else if (field === 12) graph.outputs.push(readValueInfo(await reader.message()));
    else if (field === 13) graph.valueInfo.push(readValueInfo(await reader.message()));
    else await reader.skip(wire); // sparse initializers (15): rare in practice
  }
  return graph;
}

async function readNode(m: MessageReader, depth: number): Promise<OnnxNode> {
  const node: OnnxNode = { name: '', opType: '', domain: '', inputs: [], outputs: [], attributes: [], constants: [], subgraphs: [] };
  const tensors: MessageReader[] = [];
  const graphs: { attribute: string; graph: MessageReader }[] = [];
  while (!m.done) {
    const { field, wire } = m.tag();
    if (wire !== Wire.Bytes) m.skip(wire);
    else if (field === 1) node.inputs.push(m.string());
    else if (field === 2) node.outputs.push(m.string());
    else if (field === 3) node.name = m.string();
    else if (field === 4) node.opType = m.string();
    else if (field === 7) node.domain = m.string();
    else if (field === 5) {
      const read = readAttribute(m.message());
      node.attributes.push(read.attribute);
      tensors.push(...read.tensors);
      const listed = read.graphs.length > 1 || read.attribute.value.startsWith('[');
      read.graphs.forEach((graph, i) => graphs.push({ attribute: listed ? `${read.attribute.name}[${i}]` : read.attribute.name, graph }));
    } else m.skip(wire);
  }
  for (const { attribute, graph } of graphs) node.subgraphs.push({ attribute, graph: await readGraph(streamOver(graph), depth + 1) });
  if (node.opType === 'Constant' && !node.domain) for (const tensor of tensors) node.constants.push(await readTensor(streamOver(tensor)));
  return node;
}

const MAX_LIST = 16;

function float32(m: MessageReader): number {
  if (m.pos + 4 > m.end) throw new TruncatedError(`a float is cut off at byte ${grouped(m.base + m.pos)}`);
  const view = new DataView(m.buf.buffer, m.buf.byteOffset + m.pos, 4);
  m.pos += 4;
  return Math.fround(view.getFloat32(0, true));
}

function list(items: (number | string)[]): string {
  const shown = items.slice(0, MAX_LIST).map(String).join(', ');
  return `[${shown}${items.length > MAX_LIST ? `, … (${items.length})` : ''}]`;
}

const short = (x: number) => (Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(6))));

/** An attribute's value as text, and the tensors (t) and graphs (g, graphs) it holds, still in memory. */
function readAttribute(m: MessageReader): { attribute: OnnxAttribute; tensors: MessageReader[]; graphs: MessageReader[] } {
  let name = '';
  const tensors: MessageReader[] = [];
  const graphs: MessageReader[] = [];
  let value = '';
  const ints: number[] = [];
  const floats: number[] = [];
  const strings: string[] = [];
  let type = 0;
  while (!m.done) {
    const { field, wire } = m.tag();
    if (field === 1 && wire === Wire.Bytes) name = m.string();
    else if (field === 20 && wire === Wire.Varint) type = m.varint();
    else if (field === 2 && wire === Wire.Fixed32) value = short(float32(m));
    else if (field === 3 && wire === Wire.Varint) value = String(m.int64());
    else if (field === 4 && wire === Wire.Bytes) value = JSON.stringify(m.string());
    else if (field === 5 && wire === Wire.Bytes) (tensors.push(m.message()), (value = 'tensor'));
    else if (field === 6 && wire === Wire.Bytes) (graphs.push(m.message()), (value = 'graph'));
    else if (field === 11 && wire === Wire.Bytes) (graphs.push(m.message()), (value = `[${graphs.length} graphs]`));
    else if (field === 8 && (wire === Wire.Varint || wire === Wire.Bytes)) m.varints(wire, ints, true);
    else if (field === 7 && wire === Wire.Bytes) {
      const sub = m.message();
      while (!sub.done) floats.push(float32(sub));
    } else if (field === 7 && wire === Wire.Fixed32) floats.push(float32(m));
    else if (field === 9 && wire === Wire.Bytes) strings.push(JSON.stringify(m.string()));
    else m.skip(wire);
  }
  // The AttributeProto enum: FLOATS 6, INTS 7, STRINGS 8.
  if (ints.length || type === 7) value = list(ints);
  else if (floats.length || type === 6) value = list(floats.map(short));
  else if (strings.length || type === 8) value = list(strings);
  return { attribute: { name, value }, tensors, graphs };
}

/** A tensor's name, type, dims and payload size; its data is skipped unread. */
async function readTensor(reader: StreamReader): Promise<TensorSummary> {
  const dims: number[] = [];
  let dataType = 0;
  let name = '';
  let payloadBytes = 0;
  let external = false;
  const externalEntries: Record<string, string> = {};
  while (!reader.done) {
    const { field, wire } = await reader.tag();
    if (field === 1) {
      if (wire === Wire.Bytes) {
        const m = await reader.message();
        while (!m.done) dims.push(m.int64());
      } else dims.push(await reader.int64());
    } else if (field === 2 && wire === Wire.Varint) dataType = await reader.varint();
    else if (field === 8 && wire === Wire.Bytes) name = utf8(await reader.message());
    else if (field === 14 && wire === Wire.Varint) external = (await reader.varint()) === 1;
    else if (field === 13 && wire === Wire.Bytes) {
      const { key, value } = readStringPair(await reader.message());
      externalEntries[key] = value;
    } else if (wire === Wire.Bytes && [4, 5, 6, 7, 9, 10, 11].includes(field)) {
      // raw_data or a packed typed field: its length is all we need.
      const length = await reader.length();
      reader.pos += length;
      payloadBytes += length;
    } else await reader.skip(wire);
  }
  const elements = dims.reduce((a, b) => a * Math.max(b, 0), 1);
  const dtype = dataTypeName(dataType);
  if (external) {
    const length = externalEntries.length !== undefined ? Number(externalEntries.length) : null;
    const ref = { tensor: name, location: externalEntries.location ?? '', offset: Number(externalEntries.offset ?? 0), length };
    return { name, dtype, dims, bytes: length ?? Math.ceil(elements * dataTypeSize(dataType)), external: ref };
  }
  // raw_data, packed values or strings by their length; unpacked repeated values (rare) by count.
  const bytes = payloadBytes > 0 || dataType === 8 ? payloadBytes : Math.ceil(elements * dataTypeSize(dataType));
  return { name, dtype, dims, bytes, external: null };
}

function readValueInfo(m: MessageReader): ValueSummary {
  let name = '';
  let type: Omit<ValueSummary, 'name'> = { dtype: 'unknown', shape: null };
  while (!m.done) {
    const { field, wire } = m.tag();
    if (field === 1 && wire === Wire.Bytes) name = m.string();
    else if (field === 2 && wire === Wire.Bytes) type = readType(m.message());
    else m.skip(wire);
  }
  return { name, ...type };
}

function readType(m: MessageReader, depth = 0): Omit<ValueSummary, 'name'> {
  if (depth > MAX_GRAPH_NESTING) throw new OnnxFormatError(`a value type is nested more than ${MAX_GRAPH_NESTING} levels deep`);
  let result: Omit<ValueSummary, 'name'> = { dtype: 'unknown', shape: null };
  while (!m.done) {
    const { field, wire } = m.tag();
    if (wire !== Wire.Bytes) {
      m.skip(wire);
      continue;
    }
    const sub = m.message();
    if (field === 1 || field === 8) result = readTensorType(sub, field === 8 ? 'sparse ' : '');
    else if (field === 4 || field === 9) {
      const inner = readNested(sub, 1, depth + 1);
      result = { dtype: `${field === 4 ? 'sequence' : 'optional'}<${inner.dtype}>`, shape: null };
    } else if (field === 5) {
      let key = 0;
      let value = 'unknown';
      while (!sub.done) {
        const t = sub.tag();
        if (t.field === 1 && t.wire === Wire.Varint) key = sub.varint();
        else if (t.field === 2 && t.wire === Wire.Bytes) value = readType(sub.message(), depth + 1).dtype;
        else sub.skip(t.wire);
      }
      result = { dtype: `map<${dataTypeName(key)},${value}>`, shape: null };
    }
  }
  return result;
}

function readNested(m: MessageReader, field: number, depth: number): Omit<ValueSummary, 'name'> {
  let result: Omit<ValueSummary, 'name'> = { dtype: 'unknown', shape: null };
  while (!m.done) {
    const t = m.tag();
    if (t.field === field && t.wire === Wire.Bytes) result = readType(m.message(), depth);
    else m.skip(t.wire);
  }
  return result;
}

function readTensorType(m: MessageReader, prefix: string): Omit<ValueSummary, 'name'> {
  let dtype = 'unknown';
  let shape: (number | string | null)[] | null = null;
  while (!m.done) {
    const { field, wire } = m.tag();
    if (field === 1 && wire === Wire.Varint) dtype = prefix + dataTypeName(m.varint());
    else if (field === 2 && wire === Wire.Bytes) {
      shape = [];
      const s = m.message();
      while (!s.done) {
        const t = s.tag();
        if (t.field === 1 && t.wire === Wire.Bytes) shape.push(readDim(s.message()));
        else s.skip(t.wire);
      }
    } else m.skip(wire);
  }
  return { dtype, shape };
}

function readDim(m: MessageReader): number | string | null {
  let dim: number | string | null = null;
  while (!m.done) {
    const { field, wire } = m.tag();
    if (field === 1 && wire === Wire.Varint) dim = m.int64();
    else if (field === 2 && wire === Wire.Bytes) dim = m.string();
    else m.skip(wire);
  }
  return dim;
}

/** Names common files that are mistaken for models, from their first bytes. */
export function recogniseForeignFormat(head: Uint8Array): string | null {
  const ascii = (from: number, n: number) => String.fromCharCode(...head.subarray(from, from + n));
  if (head[0] === 0x89 && ascii(1, 3) === 'PNG') return 'a PNG image';
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'a JPEG image';
  if (ascii(0, 4) === 'GIF8') return 'a GIF image';
  if (ascii(0, 4) === 'RIFF' && ascii(8, 4) === 'WEBP') return 'a WebP image';
  if (ascii(0, 4) === '%PDF') return 'a PDF document';
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return 'a ZIP archive (a PyTorch .pt/.pth checkpoint is one: export it with torch.onnx.export)';
  if (head[0] === 0x1f && head[1] === 0x8b) return 'a gzip archive (decompress it first)';
  if (ascii(4, 4) === 'TFL3') return 'a TensorFlow Lite model (convert it with tf2onnx)';
  if (ascii(4, 4) === 'ORTM') return 'an ORT-format model (.ort); this inspector reads .onnx files';
  if (head.length >= 9 && head[8] === 0x7b && head[7] === 0 && head[6] === 0) return 'a safetensors file (weights only, no graph)';
  if (ascii(0, 5) === '<?xml' || ascii(0, 5).toLowerCase() === '<!doc' || ascii(0, 5).toLowerCase() === '<html') return 'an XML or HTML document';
  if (ascii(0, 1) === '{' || ascii(0, 1) === '[') return 'a JSON document';
  return null;
}
