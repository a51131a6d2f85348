/**
 * Telling a TensorFlow.js graph model (model.json + .bin shards) from an ONNX model, and naming the
 * ONNX file a conversion gives. Plain functions: the page and the worker share them.
 */

/** Files that hold a TF.js model: any .json among them (the converter then names what is wrong). */
export const holdsTfjsModel = (names: readonly string[]) => names.some((n) => n.toLowerCase().endsWith('.json'));

/** An address whose path ends in .json is a TF.js model.json (its shards beside it). */
export function isTfjsAddress(address: string, base: string): boolean {
  try {
    return new URL(address.trim(), base).pathname.toLowerCase().endsWith('.json');
  } catch {
    return false;
  }
}

/**
 * The ONNX file a model.json converts to: movenet-lightning.json -> movenet-lightning.onnx; a file
 * called model.json takes its folder's name (…/movenet/model.json -> movenet.onnx) when there is one.
 * `path` is a file name, a relative path (a picked folder) or a URL path.
 */
export function onnxNameFor(path: string): string {
  const parts = path.split(/[\\/]/).filter(Boolean);
  const file = parts.pop() ?? 'model.json';
  const stem = file.replace(/\.json$/i, '') || 'model';
  const folder = parts.pop();
  const name = stem.toLowerCase() === 'model' && folder ? folder : stem;
  return `${name}.onnx`;
}

/** The shard addresses a model.json at `modelUrl` names (weightsManifest paths are relative to it). */
export function shardUrls(manifest: unknown, modelUrl: string): { path: string; url: string }[] {
  if (!Array.isArray(manifest)) return [];
  const paths = manifest.flatMap((g: { paths?: unknown }) => (Array.isArray(g?.paths) ? g.paths.filter((p): p is string => typeof p === 'string') : []));
  return [...new Set(paths)].map((path) => ({ path, url: new URL(path, modelUrl).href }));
}

/** model.json's text and its shards by base name, as the user gave them (gzipped or not). */
export interface TfjsFiles {
  modelJson: Uint8Array | string;
  shards: Record<string, Uint8Array>;
}

/**
 * How TF.js got a model's files for a benchmark, in words for "What each figure includes": the
 * files the user opened are read from disk; an address is fetched, from this site or another; a
 * model without a TF.js original runs its conversion, made once in the tab and passed in memory.
 */
export function tfjsFilesFrom(source: { kind: 'files' } | { kind: 'url'; url: string } | { kind: 'converted'; ms: number }, page: string): string {
  if (source.kind === 'files') return 'reading model.json and the weight files you opened, from your disk (no download)';
  if (source.kind === 'converted') {
    return `taking the graph model converted from this ONNX model in the tab (converted once, in ${Math.round(source.ms).toLocaleString('en-US')} ms, not counted; kept for later runs), from memory`;
  }
  const url = new URL(source.url, page);
  return `fetching model.json and the weight files from ${url.origin === new URL(page).origin ? 'this site' : url.host}`;
}
