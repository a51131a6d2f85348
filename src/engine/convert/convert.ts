/**
 * TF.js graph model -> ONNX, in plain TypeScript (runs in a worker and in Node). The ONNX model
 * keeps TF.js's interface: the same input and output names, dtypes and NHWC layout.
 */
import { Attrs, Builder, onnxTypeOf, tfDtype, type Tensor } from './builder';
import { ConvertError } from './errors';
import { dependencyOrder, sortTopologically, type OnnxGraph, type ValueInfo } from './graph';
import { writeModel } from './onnx-writer';
import { fuseDilatedConvs, resolveConstantConds } from './rewrite';
import { OPS, STRUCTURAL_OPS } from './ops';
import { countOp, foldPadsIntoConvs, optimizeTransposes, removeDead } from './optimize';
import { readTfjsModel, sourceFromFiles, type FileLike, type ModelSource, type NodeJson, type ShapeJson, type TfjsGraphModel } from './tfjs-model';

export { ConvertError } from './errors';

export interface ConvertOptions {
  /** ONNX opset, 18 or newer (Resize's `axes` and reductions' axes inputs need 18). */
  opset?: number;
  /** Push Transposes out of the graph and fold zero Pads into Convs (default true). */
  optimize?: boolean;
}

export interface ConvertReport {
  inputs: ValueInfo[];
  outputs: ValueInfo[];
  /** TF op -> how many of it the graph uses (those the outputs depend on). */
  tfOps: Record<string, number>;
  /** TF op -> ONNX ops it became, with counts. */
  mapping: Record<string, Record<string, number>>;
  nodesBefore: number;
  nodesAfter: number;
  /** Identity nodes of the ONNX file that give graph outputs their TF.js names (no TF op became them). */
  outputRenames: number;
  transposesBefore: number;
  transposesAfter: number;
  opset: number;
  generatedBy?: string;
}

export interface ConvertResult {
  onnx: Uint8Array;
  report: ConvertReport;
}

export type ConvertProgress = (stage: 'read' | 'map' | 'optimize' | 'write', fraction: number) => void;

/** Ops that mean TF control flow (loops, conditionals, tensor arrays): refused by name. */
const CONTROL_FLOW = /^(Enter|Exit|Merge|Switch|LoopCond|NextIteration|(Stateless)?(While|If)|TensorArray.*|TensorList.*)$/;

/** "node" -> "node:0"; "node:1" stays; "^node" (a control dependency) -> null. */
function ref(input: string): string | null {
  if (input.startsWith('^')) return null;
  return /:\d+$/.test(input) ? input : `${input}:0`;
}

/** TF.js's name for a tensor: output 0 is the node's name, others `node:i`. */
const publicName = (r: string) => r.replace(/:0$/, '');

function outputRefs(model: TfjsGraphModel): string[] {
  const sig = model.signature?.outputs;
  if (sig && Object.keys(sig).length) return Object.values(sig).map((o) => ref(o.name)!);
  const consumed = new Set(model.nodes.flatMap((n) => (n.input ?? []).map((i) => ref(i)?.replace(/:\d+$/, ''))));
  return model.nodes.filter((n) => !consumed.has(n.name) && n.op !== 'NoOp' && n.op !== 'Const').map((n) => `${n.name}:0`);
}

/** The nodes the outputs depend on, inputs first (control dependencies are not followed). */
function topoOrder(byName: Map<string, NodeJson>, outputs: string[]): NodeJson[] {
  const roots = outputs.map((o) => {
    const root = byName.get(o.replace(/:\d+$/, ''));
    if (!root) throw new ConvertError(`output ${publicName(o)} names no node of the graph`);
    return root;
  });
  return dependencyOrder(roots, (node) =>
    (node.input ?? [])
      .map(ref)
      .filter((r): r is string => r !== null)
      .map((r) => {
        const name = r.replace(/:\d+$/, '');
        const next = byName.get(name);
        if (!next) throw new ConvertError(`${node.name} reads ${name}, which is not in the graph`);
        return next;
      }),
  );
}

function dims(shape: ShapeJson | undefined, input: string): (number | string)[] | null {
  if (!shape || shape.unknownRank) return null;
  return (shape.dim ?? []).map((d, i) => {
    // proto3 JSON leaves zeros out: a dim without size has size 0; unknown is -1.
    const size = Number(d.size ?? 0);
    return size >= 0 ? size : i === 0 ? 'batch' : `${input}_d${i}`;
  });
}

function counts(items: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const i of items) out[i] = (out[i] ?? 0) + 1;
  return out;
}

export const formatCounts = (c: Record<string, number>) =>
  Object.entries(c)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([k, n]) => `${k} x${n}`)
    .join(', ');

/**
 * A node's inputs as its op's mapping sees them, noting whether the mapping looked for one past the
 * last (optional inputs are read that way too, so reading one is no error by itself).
 */
function watchedInputs(inputs: Tensor[]): { inputs: Tensor[]; readPastLast: () => boolean } {
  let pastLast = false;
  const watched = new Proxy(inputs, {
    get(target, key, receiver) {
      if (typeof key === 'string' && Number(key) >= target.length) pastLast = true;
      return Reflect.get(target, key, receiver);
    },
  });
  return { inputs: watched, readPastLast: () => pastLast };
}

/** The name suffix of the Identity nodes that rename graph outputs. */
const RENAME = '/rename';

export function buildGraph(model: TfjsGraphModel): { graph: OnnxGraph; builder: Builder; tfOps: Record<string, number> } {
  const outputs = outputRefs(model);
  const byName = new Map(resolveConstantConds(fuseDilatedConvs(model), model.weights).map((n) => [n.name, n]));
  if (outputs.length === 0) throw new ConvertError('the graph has no outputs');
  const order = topoOrder(byName, outputs);
  const tfOps = counts(order.map((n) => n.op));
  const unsupported = Object.fromEntries(Object.entries(tfOps).filter(([op]) => !OPS[op] && !STRUCTURAL_OPS.has(op)));
  if (Object.keys(unsupported).length) {
    const control = Object.keys(unsupported).some((op) => CONTROL_FLOW.test(op));
    throw new ConvertError(`unsupported TF ops${control ? ' (the model uses control flow)' : ''}: ${formatCounts(unsupported)}`, unsupported);
  }

  const graph: OnnxGraph = { nodes: [], initializers: new Map(), inputs: [], outputs: [] };
  const b = new Builder(graph);
  const tensors = new Map<string, Tensor>();
  const sigInputs = new Map(Object.values(model.signature?.inputs ?? {}).map((i) => [publicName(ref(i.name)!), i]));

  for (const node of order) {
    const where = `${node.name} (${node.op})`;
    const attrs = new Attrs(node.attr ?? {}, where);
    if (node.op === 'NoOp') continue;
    if (node.op === 'Const') {
      const w = model.weights.get(node.name);
      if (!w) throw new ConvertError(`constant ${node.name} has no weight in weightsManifest`);
      b.addInit({ name: node.name, type: onnxTypeOf(w.dtype), dims: w.shape, data: w.data });
      tensors.set(`${node.name}:0`, { name: node.name, dtype: w.dtype });
      continue;
    }
    if (node.op === 'Placeholder') {
      const dtype = attrs.type('dtype');
      // The Placeholder's shape is what TF.js reports (model.inputs[i].shape); the signature's, which
      // can be narrower (MoveNet multipose: 256x256 for a model that takes any size), only without it.
      const d = dims(node.attr?.shape?.shape, node.name) ?? dims(sigInputs.get(node.name)?.tensorShape, node.name);
      if (!d) throw new ConvertError(`input ${node.name}: its shape cannot be known (neither the signature nor the Placeholder gives its rank)`);
      graph.inputs.push({ name: node.name, type: onnxTypeOf(dtype), dims: d });
      tensors.set(`${node.name}:0`, { name: node.name, dtype });
      continue;
    }
    const inputs = (node.input ?? []).map(ref).filter((r): r is string => r !== null).map((r) => {
      const t = tensors.get(r);
      if (!t) throw new ConvertError(`${where} reads ${r}, which no converted node produced`);
      return t;
    });
    b.currentTfOp = node.op;
    let outs: Tensor[];
    const seen = watchedInputs(inputs);
    try {
      outs = OPS[node.op]({ node, inputs: seen.inputs, attrs, b });
    } catch (e) {
      // A node the mapping did not expect (missing inputs, odd attributes): named, not a crash.
      if (e instanceof ConvertError) throw e;
      if (seen.readPastLast()) throw new ConvertError(`${where} cannot be converted: its ${inputs.length} input${inputs.length === 1 ? '' : 's'} are fewer than ${node.op} needs`);
      throw new ConvertError(`${where} cannot be converted: ${(e as Error).message}`);
    }
    outs.forEach((t, i) => tensors.set(`${node.name}:${i}`, t));
  }

  b.currentTfOp = 'output';
  const sigOutputs = new Map(Object.values(model.signature?.outputs ?? {}).map((o) => [ref(o.name)!, o]));
  for (const r of outputs) {
    const t = tensors.get(r);
    if (!t) throw new ConvertError(`output ${publicName(r)} was not produced`);
    const name = publicName(r);
    // Graph outputs carry TF.js's names; an Identity renames when the mapping produced another.
    if (t.name !== name) graph.nodes.push({ op: 'Identity', inputs: [t.name], outputs: [name], attrs: {}, name: `${name}${RENAME}` });
    graph.outputs.push({ name, type: onnxTypeOf(t.dtype), dims: dims(sigOutputs.get(r)?.tensorShape, name) });
  }
  removeDead(graph);
  return { graph, builder: b, tfOps };
}

export async function convertTfjsModel(source: ModelSource | FileLike[], options: ConvertOptions = {}, onProgress?: ConvertProgress): Promise<ConvertResult> {
  const opset = options.opset ?? 18;
  if (!Number.isInteger(opset) || opset < 18 || opset > 23) throw new ConvertError(`opset ${opset} is not supported: choose 18 to 23`);
  onProgress?.('read', 0);
  const model = await readTfjsModel(Array.isArray(source) ? await sourceFromFiles(source) : source);
  onProgress?.('map', 0.3);
  const { graph, builder, tfOps } = buildGraph(model);
  const nodesBefore = graph.nodes.length;
  const transposesBefore = countOp(graph, 'Transpose');
  onProgress?.('optimize', 0.6);
  let onnx: Uint8Array;
  try {
    if (options.optimize !== false) {
      optimizeTransposes(graph);
      foldPadsIntoConvs(graph);
    }
    sortTopologically(graph);
    onProgress?.('write', 0.8);
    onnx = writeModel(graph, {
      opset,
      producerVersion: '1',
      docString: `Converted from a TensorFlow.js graph model${model.generatedBy ? ` (generated by ${model.generatedBy})` : ''}`,
      metadata: { source_format: 'tfjs-graph-model', ...(model.generatedBy ? { tfjs_generated_by: model.generatedBy } : {}) },
    });
  } catch (e) {
    // Only a damaged model gets here (every real one converts): still a named refusal, not a crash.
    throw new ConvertError(`the mapped graph is inconsistent (${(e as Error).message}): the model is damaged or uses an op in a way the converter does not expect`);
  }
  onProgress?.('write', 1);
  const mapping = Object.fromEntries([...builder.mapped].map(([tf, m]) => [tf, Object.fromEntries(m)]));
  return {
    onnx,
    report: {
      inputs: graph.inputs,
      outputs: graph.outputs,
      tfOps,
      mapping,
      nodesBefore,
      nodesAfter: graph.nodes.length,
      outputRenames: graph.nodes.filter((n) => n.op === 'Identity' && n.name?.endsWith(RENAME)).length,
      transposesBefore,
      transposesAfter: countOp(graph, 'Transpose'),
      opset,
      generatedBy: model.generatedBy,
    },
  };
}
