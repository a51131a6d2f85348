/**
 * A TF.js graph model's files -> its GraphDef nodes, signature and decoded weights. Accepts the
 * model.json and shards as bytes (gzipped or not) or File-likes (a browser's file picker).
 */
import { ConvertError } from './errors';
import { checkShardSizes, decodeWeights, type DecodedWeight, type WeightsGroup } from './weights';

export interface AttrJson {
  i?: string | number;
  f?: number;
  b?: boolean;
  s?: string | number[];
  type?: string | number;
  shape?: ShapeJson;
  list?: { i?: (string | number)[]; f?: number[]; s?: (string | number[])[]; type?: (string | number)[]; shape?: ShapeJson[]; b?: boolean[] };
  tensor?: unknown;
  func?: { name: string };
}
export interface ShapeJson {
  dim?: { size?: string | number }[];
  unknownRank?: boolean;
}
export interface NodeJson {
  name: string;
  op: string;
  input?: string[];
  attr?: Record<string, AttrJson>;
}
export interface TensorInfoJson {
  name: string;
  dtype?: string;
  tensorShape?: ShapeJson;
}
export interface Signature {
  inputs?: Record<string, TensorInfoJson>;
  outputs?: Record<string, TensorInfoJson>;
}

export interface TfjsGraphModel {
  nodes: NodeJson[];
  functions: { name: string }[];
  signature: Signature | null;
  weights: Map<string, DecodedWeight>;
  generatedBy?: string;
  convertedBy?: string;
}

/** What a file picker gives: name and bytes. */
export interface FileLike {
  name: string;
  arrayBuffer(): Promise<ArrayBuffer>;
}

export interface ModelSource {
  /** model.json's bytes or text. */
  modelJson: Uint8Array | string;
  /** Shard bytes by file name (the names in weightsManifest[].paths; only the base name is matched). */
  shards: Record<string, Uint8Array>;
}

const isGzip = (b: Uint8Array) => b.length > 2 && b[0] === 0x1f && b[1] === 0x8b;

async function gunzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

async function maybeGunzip(b: Uint8Array, file: string): Promise<Uint8Array> {
  if (!isGzip(b)) return b;
  try {
    return await gunzip(b);
  } catch (e) {
    throw new ConvertError(`${file} is gzipped but does not decompress (${(e as Error).message}): the file is damaged or cut short`);
  }
}

/** Checks the manifest's shape before anything walks it. */
function checkManifest(manifest: unknown): asserts manifest is WeightsGroup[] {
  if (!Array.isArray(manifest)) throw new ConvertError('model.json is not a TF.js graph model: it has no weightsManifest');
  manifest.forEach((g: Partial<WeightsGroup>, i) => {
    const bad = (what: string) => new ConvertError(`weightsManifest[${i}] is malformed: ${what}`);
    if (!g || !Array.isArray(g.paths) || !g.paths.every((p) => typeof p === 'string')) throw bad('paths must be a list of file names');
    if (!Array.isArray(g.weights)) throw bad('weights must be a list');
    for (const w of g.weights) {
      if (!w || typeof w.name !== 'string' || typeof w.dtype !== 'string' || !Array.isArray(w.shape) || !w.shape.every((d) => Number.isInteger(d) && d >= 0)) {
        throw bad(`weight ${JSON.stringify(w?.name ?? w)} needs a name, a dtype and a shape of sizes`);
      }
    }
  });
}

const baseName = (p: string) => p.slice(p.lastIndexOf('/') + 1);

/** Picks model.json (the one .json among the files) and the shards from a file list. */
export async function sourceFromFiles(files: FileLike[]): Promise<ModelSource> {
  const jsons = files.filter((f) => f.name.toLowerCase().endsWith('.json'));
  if (jsons.length !== 1) throw new ConvertError(jsons.length === 0 ? 'no model.json among the files' : `several .json files (${jsons.map((f) => f.name).join(', ')}): choose one model.json and its .bin shards`);
  const shards: Record<string, Uint8Array> = {};
  for (const f of files) if (f !== jsons[0]) shards[baseName(f.name)] = new Uint8Array(await f.arrayBuffer());
  return { modelJson: new Uint8Array(await jsons[0].arrayBuffer()), shards };
}

export async function readTfjsModel(source: ModelSource): Promise<TfjsGraphModel> {
  const raw = typeof source.modelJson === 'string' ? source.modelJson : new TextDecoder().decode(await maybeGunzip(source.modelJson, 'model.json'));
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(raw);
  } catch (e) {
    throw new ConvertError(`model.json is not valid JSON: ${(e as Error).message}`);
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) throw new ConvertError('model.json is not a TF.js model: it is not a JSON object');
  const topology = json.modelTopology as Record<string, unknown> | undefined;
  if (json.format === 'layers-model' || (topology && ('model_config' in topology || 'class_name' in topology))) {
    throw new ConvertError(
      'this is a TF.js layers model (Keras, format "layers-model"); only graph models (format "graph-model") are supported: convert it with tensorflowjs_converter --output_format tfjs_graph_model',
    );
  }
  if (!topology || !Array.isArray(topology.node)) throw new ConvertError('model.json is not a TF.js graph model: it has no modelTopology.node list');
  const manifest = json.weightsManifest;
  checkManifest(manifest);
  const badNode = (topology.node as Partial<NodeJson>[]).findIndex((n) => !n || typeof n.name !== 'string' || typeof n.op !== 'string' || (n.input !== undefined && !Array.isArray(n.input)));
  if (badNode >= 0) throw new ConvertError(`modelTopology.node[${badNode}] is malformed: a node needs a name, an op and a list of inputs`);

  const byBase = new Map(Object.entries(source.shards).map(([k, v]) => [baseName(k), v]));
  const missing = manifest.flatMap((g) => g.paths).filter((p) => !byBase.has(baseName(p)));
  if (missing.length) throw new ConvertError(`weight file${missing.length > 1 ? 's' : ''} missing: ${missing.join(', ')} (model.json needs ${missing.length > 1 ? 'them' : 'it'} beside it)`);
  const shards = await Promise.all(manifest.map((g) => Promise.all(g.paths.map((p) => maybeGunzip(byBase.get(baseName(p))!, p)))));
  checkShardSizes(manifest, shards.map((files) => files.map((b) => b.length)));

  const udm = json.userDefinedMetadata as { signature?: Signature } | undefined;
  const library = topology.library as { function?: { signature?: { name: string } }[] } | undefined;
  return {
    nodes: topology.node as NodeJson[],
    functions: (library?.function ?? []).map((f) => ({ name: f.signature?.name ?? '?' })),
    signature: udm?.signature ?? (json.signature as Signature | undefined) ?? null,
    weights: decodeWeights(manifest, shards),
    generatedBy: json.generatedBy as string | undefined,
    convertedBy: json.convertedBy as string | undefined,
  };
}
