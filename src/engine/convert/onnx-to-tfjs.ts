/**
 * ONNX -> TF.js graph model, in plain TypeScript (runs in a worker and in Node). The TF.js model
 * keeps the ONNX model's interface (input and output names in its signature, dtypes, the layout
 * at its boundary); inside, convolutions run channels-last with the Transposes that costs pushed
 * out and cancelled.
 */
import { ConvertError } from './errors';
import { sortTopologically, type OnnxGraph, type OnnxNode, type ValueInfo } from './graph';
import { readOnnx } from './onnx-read';
import { optimizeTransposes, countOp } from './optimize';
import type { ConvertProgress } from './convert';
import { formatCounts } from './convert';
import { ONNX_TO_TF } from './to-tfjs/ops';
import { foldConstants } from './to-tfjs/fold';
import { foldBatchNorms, fuseTfOps } from './to-tfjs/fuse';
import { wrapNchwOps } from './to-tfjs/layout';
import { normalizeOpsets } from './to-tfjs/normalize';
import { inferShapes, type TensorInfo } from './to-tfjs/shapes';
import { constValuesOf, OnnxAttrs, tfAttr, tfDtypeOf, TfBuilder, type OnnxOpContext } from './to-tfjs/tf-builder';
import { writeTfjsModel, type SignatureEntry, type TfjsFile, type TfjsModelJson } from './to-tfjs/writer';

export { ConvertError } from './errors';
export type { TfjsFile, TfjsModelJson } from './to-tfjs/writer';
export type { ConvertProgress } from './convert';

export interface OnnxToTfjsOptions {
  /** Store float weights as TF.js quantizes them (tensorflowjs_converter's --quantize_float16 / --quantize_uint8). */
  quantize?: 'float16' | 'uint8' | null;
  /** NHWC inside and Transpose removal (default true); false keeps every NCHW op wrapped in its Transposes. */
  optimize?: boolean;
}

export interface OnnxToTfjsReport {
  /** The ONNX model's interface, kept by the TF.js model. */
  inputs: ValueInfo[];
  outputs: ValueInfo[];
  /** ONNX op -> count ('domain:Op' outside the default domain). */
  onnxOps: Record<string, number>;
  /** ONNX op -> the TF ops it became, with counts. */
  mapping: Record<string, Record<string, number>>;
  /** ONNX nodes; TF nodes (Const excluded). */
  nodesBefore: number;
  nodesAfter: number;
  /** Transposes with every NCHW op wrapped (the model's own included); after the optimizer. */
  transposesBefore: number;
  transposesAfter: number;
  /** ONNX nodes folded to constants (shape arithmetic). */
  folded: number;
  quantize: 'float16' | 'uint8' | null;
  weightBytes: number;
  opset: number;
  producer: string;
}

export interface OnnxToTfjsResult {
  /** The object model.json holds. */
  modelJson: TfjsModelJson;
  /** All shards concatenated in manifest order (for tf.io.fromMemory / loadGraphModel). */
  weightData: ArrayBuffer;
  /** model.json first, then the shards: ready to write to a folder or zip. */
  files: TfjsFile[];
  report: OnnxToTfjsReport;
}

/** What tf.io.fromMemory takes (tf.loadGraphModel(tf.io.fromMemory(artifacts))). */
export interface TfjsArtifacts {
  modelTopology: TfjsModelJson['modelTopology'];
  weightSpecs: TfjsModelJson['weightsManifest'][number]['weights'];
  weightData: ArrayBuffer;
  format: string;
  generatedBy: string;
  convertedBy: string;
  signature: TfjsModelJson['signature'];
  userDefinedMetadata?: Record<string, unknown>;
}

const opKey = (n: OnnxNode) => (n.domain ? `${n.domain}:${n.op}` : n.op);

function countOps(nodes: OnnxNode[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const n of nodes) out[opKey(n)] = (out[opKey(n)] ?? 0) + 1;
  return out;
}

const isMapped = (n: OnnxNode) => !n.domain && Object.hasOwn(ONNX_TO_TF, n.op);

function unsupportedIn(nodes: OnnxNode[]): Record<string, number> {
  return countOps(nodes.filter((n) => !isMapped(n)));
}

/** Ops of the model the converter cannot map (ONNX op -> count, 'domain:Op' outside the default domain); {} when all map. */
export function unsupportedOnnxOps(bytes: Uint8Array): Record<string, number> {
  return unsupportedIn(readOnnx(bytes, { data: false }).graph.nodes);
}

/** Where a mapping failed, for messages: the ONNX node by name and op. */
const where = (n: OnnxNode) => `${n.name} (${opKey(n)})`;

interface MapResult {
  b: TfBuilder;
  inputs: SignatureEntry[];
  outputs: SignatureEntry[];
  mapping: Record<string, Record<string, number>>;
}

function mapGraph(g: OnnxGraph, opset: number, shapes: Map<string, TensorInfo>, nhwc: ReadonlySet<OnnxNode>): MapResult {
  const b = new TfBuilder();
  const refs = new Map<string, string>();
  const inputs: SignatureEntry[] = [];
  for (const input of g.inputs) {
    const dtype = tfDtypeOf(input.type);
    const shape = input.dims ? input.dims.map((d) => (typeof d === 'number' ? d : -1)) : null;
    b.currentOnnxOp = 'input';
    const ref = b.node('Placeholder', [], { dtype: tfAttr.type(dtype), shape: tfAttr.shape(shape) }, input.name);
    refs.set(input.name, ref);
    inputs.push({ info: input, ref });
  }
  const refOf = (name: string): string => {
    const known = refs.get(name);
    if (known) return known;
    const init = g.initializers.get(name);
    if (!init) throw new ConvertError(`the model reads ${name}, which no node produces and which is neither an input nor a weight: the model is damaged`);
    const ref = b.initializer(init);
    refs.set(name, ref);
    return ref;
  };
  for (const node of g.nodes) {
    const handler = isMapped(node) ? ONNX_TO_TF[node.op] : undefined;
    if (!handler) throw new ConvertError(`unsupported ONNX op: ${opKey(node)}`, { [opKey(node)]: 1 });
    b.currentOnnxOp = opKey(node);
    const fail = (what: string): never => {
      throw new ConvertError(`${where(node)} cannot be converted: ${what}`);
    };
    const info = (i: number): TensorInfo | undefined => (node.inputs[i] ? shapes.get(node.inputs[i]) : undefined);
    const ctx: OnnxOpContext = {
      b,
      node,
      attrs: new OnnxAttrs(node, where(node)),
      opset,
      nhwc: nhwc.has(node),
      input: (i) => (node.inputs[i] ? refOf(node.inputs[i]) : ''),
      has: (i) => !!node.inputs[i],
      shape: (i) => info(i)?.dims ?? null,
      outShape: (i) => (node.outputs[i] ? shapes.get(node.outputs[i])?.dims ?? null : null),
      dtype: (i) => {
        const t = info(i)?.type;
        return t ? tfDtypeOf(t) : 'float32';
      },
      constant: (i) => (node.inputs[i] ? g.initializers.get(node.inputs[i]) ?? null : null),
      constValues: (i) => constValuesOf(node.inputs[i] ? g.initializers.get(node.inputs[i]) ?? null : null),
      fail,
    };
    let outs: string[];
    try {
      outs = handler(ctx);
    } catch (e) {
      if (e instanceof ConvertError) throw e;
      throw new ConvertError(`${where(node)} cannot be converted: ${(e as Error).message}`);
    }
    node.outputs.forEach((o, k) => {
      if (o && outs[k]) refs.set(o, outs[k]);
    });
  }
  b.currentOnnxOp = 'output';
  const outputs: SignatureEntry[] = [];
  const taken = new Set(inputs.map((i) => i.ref));
  for (const out of g.outputs) {
    let ref = refs.get(out.name) ?? (g.initializers.has(out.name) ? refOf(out.name) : undefined);
    if (!ref) throw new ConvertError(`output ${out.name} is not computed by the converted graph (it reads an output the mapping does not produce)`);
    // Two signature entries on one tensor, or an output that is an input or a weight: an Identity of its own.
    if (taken.has(ref) || g.initializers.has(out.name)) ref = b.node('Identity', [ref], { T: tfAttr.type(tfDtypeOf(out.type)) }, out.name);
    taken.add(ref);
    outputs.push({ info: out, ref });
  }
  const { resolve, fusedInto } = fuseTfOps(b, new Set(outputs.map((o) => o.ref.replace(/:\d+$/, ''))));
  for (const o of outputs) o.ref = resolve(o.ref);
  return { b, inputs, outputs, mapping: mappingOf(b, fusedInto) };
}

/** ONNX op -> the TF ops made for it (a node fused into another counts as 'fused into <op>'). */
function mappingOf(b: TfBuilder, fusedInto: Map<string, string>): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  const add = (onnxOp: string | undefined, tfOp: string) => {
    if (!onnxOp || onnxOp === 'input' || onnxOp === 'output') return;
    const m = (out[onnxOp] ??= {});
    m[tfOp] = (m[tfOp] ?? 0) + 1;
  };
  for (const n of b.nodes) if (n.op !== 'Const') add(b.origin.get(n.name), n.op);
  for (const [name, op] of fusedInto) add(b.origin.get(name), `fused into ${op}`);
  return out;
}

export async function convertOnnxModel(bytes: Uint8Array, options: OnnxToTfjsOptions = {}, onProgress?: ConvertProgress): Promise<OnnxToTfjsResult> {
  const quantize = options.quantize ?? null;
  if (quantize !== null && quantize !== 'float16' && quantize !== 'uint8') throw new ConvertError(`quantization ${String(quantize)} is not supported: choose float16, uint8 or none`);
  onProgress?.('read', 0);
  const model = readOnnx(bytes);
  const { graph, opset, valueInfo } = model;
  const interfaceInputs = graph.inputs.map((i) => ({ ...i }));
  const interfaceOutputs = graph.outputs.map((o) => ({ ...o }));
  const onnxOps = countOps(graph.nodes);
  const nodesBefore = graph.nodes.length;
  const fold = foldConstants(graph);
  // Ops folded to constants need no mapping; the rest must all have one, named before anything is written.
  const unsupported = unsupportedIn(graph.nodes);
  if (Object.keys(unsupported).length) {
    throw new ConvertError(
      `unsupported ONNX ops: ${formatCounts(unsupported)}. The converter maps ${Object.keys(ONNX_TO_TF).length} ONNX ops to TensorFlow.js, not these: the model runs on ONNX Runtime only (export it without these ops to convert it).`,
      unsupported,
    );
  }
  const badTypes = Object.entries(model.unsupportedTypes);
  if (badTypes.length) throw new ConvertError(`${badTypes.map(([n, t]) => `${n} is ${t}`).join(', ')}: TensorFlow.js has no such type, so the model cannot be converted`);
  onProgress?.('map', 0.2);
  const known = new Map(fold.shapes);
  const shapesNow = () => inferShapes(graph, opset, { declared: valueInfo, known });
  normalizeOpsets(graph, opset, shapesNow());
  if (options.optimize !== false) foldBatchNorms(graph);
  const before = shapesNow();
  const nhwc = wrapNchwOps(graph, before);
  const transposesBefore = countOp(graph, 'Transpose');
  onProgress?.('optimize', 0.4);
  if (options.optimize !== false) optimizeTransposes(graph, nhwc);
  sortTopologically(graph);
  const shapes = inferShapes(graph, opset, { declared: valueInfo, nhwc, known: new Map([...before].map(([k, v]) => [k, v.dims])) });
  onProgress?.('map', 0.6);
  const { b, inputs, outputs, mapping } = mapGraph(graph, opset, shapes, nhwc);
  onProgress?.('write', 0.8);
  const written = writeTfjsModel(b.nodes, b.consts, inputs, outputs, quantize, { onnx: { opset, producer: model.producer } });
  onProgress?.('write', 1);
  const tfNodes = b.nodes.filter((n) => n.op !== 'Const' && n.op !== 'Placeholder');
  return {
    modelJson: written.modelJson,
    weightData: written.weightData,
    files: written.files,
    report: {
      inputs: interfaceInputs,
      outputs: interfaceOutputs,
      onnxOps,
      mapping,
      nodesBefore,
      nodesAfter: tfNodes.length,
      transposesBefore,
      transposesAfter: tfNodes.filter((n) => n.op === 'Transpose').length,
      folded: fold.folded,
      quantize,
      weightBytes: written.weightBytes,
      opset,
      producer: model.producer,
    },
  };
}

export function tfjsArtifacts(result: OnnxToTfjsResult): TfjsArtifacts {
  const m = result.modelJson;
  return {
    modelTopology: m.modelTopology,
    weightSpecs: m.weightsManifest.flatMap((g) => g.weights),
    weightData: result.weightData,
    format: m.format,
    generatedBy: m.generatedBy,
    convertedBy: m.convertedBy,
    signature: m.signature,
    userDefinedMetadata: m.userDefinedMetadata,
  };
}
