/**
 * An ONNX model's facts (Netron's "model properties"), read without materialising its weights:
 * the model and graph are walked as streams and tensor payloads are skipped by length, so a 1 GB
 * model is inspected by reading its metadata only.
 */
import { bytesSource, type ByteSource } from './byte-source';
import { dataTypeName, dataTypeSize } from './data-types';
import { frameworkOf } from './frameworks';
import { MessageReader, OnnxFormatError, StreamReader, TruncatedError, Wire } from './wire';

export { OnnxFormatError, TruncatedError };

export interface ValueSummary {
  name: string;
  /** Element type for tensors ("float32"), or a description ("sequence<float32>", "map<int64,float32>"). */
  dtype: string;
  /** Numbers for fixed sizes, strings for symbolic dims, null for unknown; null overall when the rank is unknown. */
  shape: (number | string | null)[] | null;
}

export interface ExternalDataRef {
  tensor: string;
  location: string;
  offset: number;
  length: number | null;
}

export interface ModelInfo {
  fileBytes: number;
  irVersion: number;
  /** Opset per domain; the default domain is "ai.onnx". */
  opsets: Record<string, number>;
  producer: { name: string; version: string };
  framework: string;
  domain: string;
  modelVersion: number;
  docString: string;
  graphName: string;
  graphDocString: string;
  metadata: Record<string, string>;
  inputs: ValueSummary[];
  outputs: ValueSummary[];
  /** Op type → count, all graphs (subgraphs of If/Loop/Scan included); custom domains as "domain.Op". */
  opHistogram: Record<string, number>;
  nodeCount: number;
  parameterCount: number;
  weightBytes: number;
  weightBytesByDtype: Record<string, number>;
  initializerCount: number;
  /** Weights held by Constant nodes instead of initializers (counted in parameterCount and weightBytes too). */
  constantTensorCount: number;
  externalData: ExternalDataRef[];
}

const DEFAULT_DOMAIN = 'ai.onnx';

interface GraphFacts {
  name: string;
  docString: string;
  inputs: ValueSummary[];
  outputs: ValueSummary[];
  initializerNames: Set<string>;
}

export class Totals {
  opHistogram: Record<string, number> = {};
  nodeCount = 0;
  parameterCount = 0;
  weightBytes = 0;
  weightBytesByDtype: Record<string, number> = {};
  initializerCount = 0;
  constantTensorCount = 0;
  externalData: ExternalDataRef[] = [];

  addWeights(dtype: string, elements: number, bytes: number, fromInitializer: boolean) {
    if (fromInitializer) this.initializerCount++;
    else this.constantTensorCount++;
    this.parameterCount += elements;
    this.weightBytes += bytes;
    this.weightBytesByDtype[dtype] = (this.weightBytesByDtype[dtype] ?? 0) + bytes;
  }
}

/** Reads a model's facts; throws OnnxFormatError (with a message for the user) when it is not a readable ONNX model. */
export async function readModelInfo(source: ByteSource): Promise<ModelInfo> {
  if (source.size === 0) throw new OnnxFormatError('The file is empty (0 bytes): it is not an ONNX model.');
  const head = await source.read(0, Math.min(64, source.size));
  const foreign = recogniseForeignFormat(head);
  if (foreign) throw new OnnxFormatError(`This is ${foreign}, not an ONNX model. Open an .onnx file.`);

  const totals = new Totals();
  const info: Partial<ModelInfo> & { opsets: Record<string, number>; metadata: Record<string, string> } = { opsets: {}, metadata: {} };
  let graph: GraphFacts | null = null;
  const reader = new StreamReader(source, 0, source.size);
  try {
    while (!reader.done) {
      const { field, wire } = await reader.tag();
      if (field === 7 && wire === Wire.Bytes) {
        graph = await readGraphStream(await reader.stream(), totals);
      } else if (wire === Wire.Bytes && [2, 3, 4, 6, 8, 14].includes(field)) {
        const m = await reader.message();
        if (field === 2) info.producer = { name: utf8(m), version: info.producer?.version ?? '' };
        else if (field === 3) info.producer = { name: info.producer?.name ?? '', version: utf8(m) };
        else if (field === 4) info.domain = utf8(m);
        else if (field === 6) info.docString = utf8(m);
        else if (field === 8) {
          const { domain, version } = readOpset(m);
          info.opsets[domain] = version;
        } else {
          const { key, value } = readStringPair(m);
          info.metadata[key] = value;
        }
      } else if (wire === Wire.Varint && (field === 1 || field === 5)) {
        const value = await reader.varint();
        if (field === 1) info.irVersion = value;
        else info.modelVersion = value;
      } else {
        await reader.skip(wire);
      }
    }
  } catch (error) {
    if (error instanceof TruncatedError) throw new OnnxFormatError(`The file is truncated or not an ONNX model: ${error.message}.`);
    if (error instanceof OnnxFormatError) throw new OnnxFormatError(`This is not a valid ONNX model: ${error.message}. Check that it is an .onnx file and complete (not cut short); export or download it again.`);
    throw error;
  }
  if (!graph || !info.irVersion) {
    throw new OnnxFormatError(
      `This is not an ONNX model: ${!graph ? 'it has no graph' : 'it has no IR version'} (read as protobuf, the file holds no ModelProto).`,
    );
  }
  return {
    fileBytes: source.size,
    irVersion: info.irVersion,
    opsets: info.opsets,
    producer: info.producer ?? { name: '', version: '' },
    framework: frameworkOf(info.producer?.name ?? '', graph.name),
    domain: info.domain ?? '',
    modelVersion: info.modelVersion ?? 0,
    docString: info.docString ?? '',
    graphName: graph.name,
    graphDocString: graph.docString,
    metadata: info.metadata,
    // Before IR 4, initializers were also listed as inputs; they are weights, not inputs.
    inputs: graph.inputs.filter((v) => !graph!.initializerNames.has(v.name)),
    outputs: graph.outputs,
    opHistogram: totals.opHistogram,
    nodeCount: totals.nodeCount,
    parameterCount: totals.parameterCount,
    weightBytes: totals.weightBytes,
    weightBytesByDtype: totals.weightBytesByDtype,
    initializerCount: totals.initializerCount,
    constantTensorCount: totals.constantTensorCount,
    externalData: totals.externalData,
  };
}

const decoder = new TextDecoder();
export const utf8 = (m: MessageReader) => decoder.decode(m.buf.subarray(m.pos, m.end));

function readOpset(m: MessageReader): { domain: string; version: number } {
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

async function readGraphStream(reader: StreamReader, totals: Totals): Promise<GraphFacts> {
  const facts: GraphFacts = { name: '', docString: '', inputs: [], outputs: [], initializerNames: new Set() };
  while (!reader.done) {
    const { field, wire } = await reader.tag();
    if (wire !== Wire.Bytes) {
      await reader.skip(wire);
    } else if (field === 5) {
      // Initializers hold the weights: walk them as streams so raw_data is skipped unread.
      const { name } = await readTensorStream(await reader.stream(), totals);
      facts.initializerNames.add(name);
    } else if (field === 15) {
      await reader.skip(wire); // sparse initializers: counted as nodes' inputs, rare in practice
    } else if (field === 1) {
      for (const tensor of readNode(await reader.message(), totals)) {
        await readTensorStream(new StreamReader(bytesSource(tensor), 0, tensor.length), totals, false);
      }
    } else if (field === 2 || field === 10 || field === 11 || field === 12) {
      const m = await reader.message();
      if (field === 2) facts.name = utf8(m);
      else if (field === 10) facts.docString = utf8(m);
      else (field === 11 ? facts.inputs : facts.outputs).push(readValueInfo(m));
    } else {
      await reader.skip(wire);
    }
  }
  return facts;
}

/**
 * Protobuf's own parsers (onnxruntime's included) refuse messages nested deeper than 100 levels;
 * a graph is two levels (node, attribute) below its parent graph.
 */
const MAX_GRAPH_NESTING = 48;

/** A graph inside a node attribute (If, Loop, Scan): already in memory with its node. */
function readSubgraph(m: MessageReader, totals: Totals, depth: number): Uint8Array[] {
  if (depth > MAX_GRAPH_NESTING) {
    throw new OnnxFormatError(`its graphs are nested more than ${MAX_GRAPH_NESTING} levels deep (If/Loop/Scan bodies), past what protobuf parsers accept`);
  }
  const tensors: Uint8Array[] = [];
  while (!m.done) {
    const { field, wire } = m.tag();
    if (field === 1 && wire === Wire.Bytes) tensors.push(...readNode(m.message(), totals, depth));
    else m.skip(wire);
  }
  return tensors;
}

/**
 * Counts a node and returns the tensors held in its attributes: a Constant's value is a weight
 * (paddle2onnx, for one, stores every weight that way, with no initializers).
 */
function readNode(m: MessageReader, totals: Totals, depth = 0): Uint8Array[] {
  let opType = '';
  let domain = '';
  const attributes: MessageReader[] = [];
  while (!m.done) {
    const { field, wire } = m.tag();
    if (field === 4 && wire === Wire.Bytes) opType = m.string();
    else if (field === 7 && wire === Wire.Bytes) domain = m.string();
    else if (field === 5 && wire === Wire.Bytes) attributes.push(m.message());
    else m.skip(wire);
  }
  const key = domain && domain !== DEFAULT_DOMAIN ? `${domain}.${opType}` : opType;
  totals.opHistogram[key] = (totals.opHistogram[key] ?? 0) + 1;
  totals.nodeCount++;
  const tensors: Uint8Array[] = [];
  for (const attribute of attributes) {
    while (!attribute.done) {
      const { field, wire } = attribute.tag();
      if ((field === 6 || field === 11) && wire === Wire.Bytes) tensors.push(...readSubgraph(attribute.message(), totals, depth + 1));
      else if (field === 5 && wire === Wire.Bytes && opType === 'Constant' && !domain) tensors.push(attribute.bytes());
      else attribute.skip(wire);
    }
  }
  return tensors;
}

export interface TensorSummary {
  name: string;
  dtype: string;
  dims: number[];
  bytes: number;
}

/** A tensor's name, type, dims and payload size; its data is skipped unread. */
export async function readTensorStream(reader: StreamReader, totals: Totals, fromInitializer = true): Promise<TensorSummary> {
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
  let bytes: number;
  if (external) {
    const length = externalEntries.length !== undefined ? Number(externalEntries.length) : null;
    totals.externalData.push({ tensor: name, location: externalEntries.location ?? '', offset: Number(externalEntries.offset ?? 0), length });
    bytes = length ?? Math.ceil(elements * dataTypeSize(dataType));
  } else if (payloadBytes > 0 || dataType === 8) {
    bytes = payloadBytes; // raw_data, packed values, or strings
  } else {
    bytes = Math.ceil(elements * dataTypeSize(dataType)); // unpacked repeated values (rare): by count
  }
  totals.addWeights(dataTypeName(dataType), elements, bytes, fromInitializer);
  return { name, dtype: dataTypeName(dataType), dims, bytes };
}

export function readValueInfo(m: MessageReader): ValueSummary {
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
