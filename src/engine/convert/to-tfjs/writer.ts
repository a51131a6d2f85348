/**
 * A mapped TF graph -> the files of a TF.js graph model: model.json (format "graph-model",
 * modelTopology, weightsManifest, signature) and weight shards cut at 4 MB as tensorflowjs_converter
 * cuts them.
 */
import type { ValueInfo } from '../graph';
import type { NodeJson, TensorInfoJson } from '../tfjs-model';
import { encodeWeight, TFJS_SHARD_BYTES, type EncodedWeight, type Quantization } from '../weights';
import { DT, tfDtypeOf, type TfConst } from './tf-builder';

export interface TfjsWeightEntry {
  name: string;
  shape: number[];
  dtype: string;
  quantization?: { dtype: string; scale?: number; min?: number; original_dtype?: string };
}

export interface TfjsModelJson {
  format: 'graph-model';
  generatedBy: string;
  convertedBy: string;
  modelTopology: { node: NodeJson[]; library: Record<string, never>; versions: { producer?: number } };
  weightsManifest: { paths: string[]; weights: TfjsWeightEntry[] }[];
  signature: { inputs: Record<string, TensorInfoJson>; outputs: Record<string, TensorInfoJson> };
  userDefinedMetadata?: Record<string, unknown>;
}

export interface TfjsFile {
  name: string;
  bytes: Uint8Array;
}

export interface SignatureEntry {
  /** The ONNX name (the signature's key). */
  info: ValueInfo;
  /** The TF tensor ("node:0"). */
  ref: string;
}

const shapeJson = (dims: ValueInfo['dims']) => (dims ? { dim: dims.map((d) => ({ size: String(typeof d === 'number' ? d : -1) })) } : { unknownRank: true });

function signatureOf(entries: SignatureEntry[]): Record<string, TensorInfoJson> {
  return Object.fromEntries(entries.map(({ info, ref }) => [info.name, { name: /:\d+$/.test(ref) ? ref : `${ref}:0`, dtype: DT[tfDtypeOf(info.type)], tensorShape: shapeJson(info.dims) }]));
}

export interface WrittenModel {
  modelJson: TfjsModelJson;
  weightData: ArrayBuffer;
  files: TfjsFile[];
  weightBytes: number;
}

/** Shard names as tensorflowjs_converter writes them: group1-shard1of3.bin, ... */
const shardName = (i: number, n: number) => `group1-shard${i + 1}of${n}.bin`;

export function writeTfjsModel(nodes: NodeJson[], consts: TfConst[], inputs: SignatureEntry[], outputs: SignatureEntry[], quantize: Quantization | null, metadata: Record<string, unknown>): WrittenModel {
  const encoded: EncodedWeight[] = consts.map((c) => encodeWeight(c.name, c.dtype, c.shape, c.data, quantize));
  const total = encoded.reduce((a, e) => a + e.bytes.length, 0);
  const data = new Uint8Array(total);
  let at = 0;
  for (const e of encoded) {
    data.set(e.bytes, at);
    at += e.bytes.length;
  }
  const count = Math.max(1, Math.ceil(total / TFJS_SHARD_BYTES));
  const paths = Array.from({ length: count }, (_, i) => shardName(i, count));
  const modelJson: TfjsModelJson = {
    format: 'graph-model',
    generatedBy: 'onnx-playground ONNX -> TF.js converter',
    convertedBy: 'onnx-playground',
    modelTopology: { node: nodes, library: {}, versions: {} },
    weightsManifest: [{ paths, weights: encoded.map((e) => e.spec) }],
    signature: { inputs: signatureOf(inputs), outputs: signatureOf(outputs) },
    userDefinedMetadata: metadata,
  };
  const json = new TextEncoder().encode(JSON.stringify(modelJson));
  const files: TfjsFile[] = [{ name: 'model.json', bytes: json }, ...paths.map((name, i) => ({ name, bytes: data.subarray(i * TFJS_SHARD_BYTES, Math.min(total, (i + 1) * TFJS_SHARD_BYTES)) }))];
  return { modelJson, weightData: data.buffer, files, weightBytes: total };
}
