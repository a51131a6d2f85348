/**
 * A hub model opened: its files listed and grouped into variants, its small JSON files read, and a
 * variant's files fetched from storage or downloaded (then stored). Plain TypeScript: the store
 * (Cache Storage in the browser: src/offline/hub-cache.ts) and fetch are handed in.
 */
import { groupVariants, type ModelVariant, type RepoFile, type VariantName, type VariantPart } from './variants';
import { hubHost, resolveUrl, treeUrl, type HubEndpoint } from './endpoint';
import { HubError, noOnnxError, offlineNotStoredError, sizeWords, WASM_FILE_LIMIT, WASM_HEAP_LIMIT } from './hub-error';
import { listRepoFiles, type FetchLike } from './hub-listing';
import { checkWhole, downloadHubFile, ProgressMeter, type HubProgress } from './hub-download';
import type { HubAddress } from './hub-address';

/** The small files read when a repository is opened, where it has them. */
export const HUB_JSON_FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'preprocessor_config.json'] as const;

/** Where finished files are kept, by their resolve address (repo + revision + path). Never a partial file. */
export interface HubStore {
  read(url: string): Promise<Uint8Array | null>;
  write(url: string, bytes: Uint8Array, about: { repo: string; revision: string; path: string; sha256?: string }): Promise<void>;
}

export interface HubContext {
  hub: HubEndpoint;
  fetch?: FetchLike;
  store?: HubStore | null;
  signal?: AbortSignal;
  /** False when the browser knows it is offline: then only storage is read, and no request is made. */
  online?: () => boolean;
}

export interface HubRepo {
  repo: string;
  revision: string;
  files: RepoFile[];
  variants: ModelVariant[];
  /** Parsed config.json, tokenizer.json, tokenizer_config.json, preprocessor_config.json where present, by file name. */
  json: Record<string, unknown>;
}

/** One variant's bytes as onnxruntime takes them: its graph, and its external data named as the graph names them. */
export interface VariantBytes {
  variant: VariantName;
  /** The graph file's path in the repository. */
  path: string;
  bytes: Uint8Array;
  externalData: { path: string; data: Uint8Array }[];
}

const LISTING_PATH = '(file list)';
const decoder = new TextDecoder();
const encoder = new TextEncoder();

/** Lists the repository (from storage when offline), groups its variants and reads its small JSON files. */
export async function openHubRepo(address: HubAddress, ctx: HubContext): Promise<HubRepo> {
  const { repo, revision } = address;
  const online = ctx.online?.() ?? true;
  const listingKey = treeUrl(ctx.hub, repo, revision);
  let files: RepoFile[];
  if (online) {
    try {
      files = await listRepoFiles(ctx.hub, repo, revision, { fetch: ctx.fetch, signal: ctx.signal });
      await ctx.store?.write(listingKey, encoder.encode(JSON.stringify(files)), { repo, revision, path: LISTING_PATH }).catch(() => {});
    } catch (error) {
      const stored = error instanceof HubError && error.problem === 'unreachable' ? await readStoredListing(ctx, listingKey) : null;
      if (!stored) throw error;
      files = stored;
    }
  } else {
    const stored = await readStoredListing(ctx, listingKey);
    if (!stored) throw offlineNotStoredError(repo, 'The file list');
    files = stored;
  }
  const variants = groupVariants(files);
  if (variants.length === 0) throw noOnnxError(repo, revision, files.length);
  const json: Record<string, unknown> = {};
  for (const name of HUB_JSON_FILES) {
    const file = files.find((f) => f.path === name);
    if (!file) continue;
    const bytes = await getFile(ctx, { repo, revision }, file, null);
    try {
      json[name] = JSON.parse(decoder.decode(bytes));
    } catch {
      // Not JSON after all: the task and tokenizer code say what they miss.
    }
  }
  return { repo, revision, files, variants, json };
}

async function readStoredListing(ctx: HubContext, key: string): Promise<RepoFile[] | null> {
  const bytes = await ctx.store?.read(key).catch(() => null);
  if (!bytes) return null;
  try {
    return JSON.parse(decoder.decode(bytes)) as RepoFile[];
  } catch {
    return null;
  }
}

/** The graph a variant opens as: `model` where it has one, else its first part (an encoder, say). */
export const mainPart = (variant: ModelVariant): VariantPart => variant.parts.find((p) => p.base === 'model') ?? variant.parts[0];

/** The files of a variant's main graph: the graph, then its external data. */
export const variantFiles = (variant: ModelVariant): RepoFile[] => {
  const part = mainPart(variant);
  return [part.file, ...part.externalData];
};

/**
 * Refuses, before any download, what one WebAssembly memory cannot hold: a graph file over 2 GB
 * that keeps its weights inside it, or files over the 4 GB heap in all. Says the numbers.
 */
export function checkFitsWasm(repo: string, variant: ModelVariant): void {
  const part = mainPart(variant);
  if (part.file.bytes > WASM_FILE_LIMIT && part.externalData.length === 0) {
    throw new HubError(
      'too-big',
      `${part.file.path} of ${repo} (${variant.name}) is ${sizeWords(part.file.bytes)} in one file, past the ${sizeWords(WASM_FILE_LIMIT)} a browser can hand to onnxruntime at once. Choose a smaller variant (q8, q4), or a model exported with external data.`,
    );
  }
  const total = variantFiles(variant).reduce((sum, f) => sum + f.bytes, 0);
  if (total > WASM_HEAP_LIMIT) {
    throw new HubError(
      'too-big',
      `The ${variant.name} variant of ${repo} is ${sizeWords(total)}, past the ${sizeWords(WASM_HEAP_LIMIT)} one WebAssembly memory can hold. Choose a smaller variant (q8, q4, q4f16) or a smaller model.`,
    );
  }
}

/** A file from storage, else downloaded (progress through `meter`), checked and stored. */
async function getFile(ctx: HubContext, at: { repo: string; revision: string }, file: RepoFile, meter: ProgressMeter | null): Promise<Uint8Array> {
  const url = resolveUrl(ctx.hub, at.repo, at.revision, file.path);
  const stored = await ctx.store?.read(url).catch(() => null);
  if (stored) {
    try {
      await checkWhole({ ...file, repo: at.repo }, stored);
      return stored;
    } catch {
      // Stored, but not what the listing says now (the branch moved on): download it again.
    }
  }
  if (ctx.online && !ctx.online()) throw offlineNotStoredError(at.repo, file.path);
  const bytes = await downloadHubFile(
    { url, repo: at.repo, revision: at.revision, path: file.path, bytes: file.bytes, sha256: file.sha256, host: hubHost(ctx.hub) },
    { fetch: ctx.fetch, signal: ctx.signal, onBytes: (loaded) => meter?.update(file.path, loaded) },
  );
  await ctx.store?.write(url, bytes, { repo: at.repo, revision: at.revision, path: file.path, sha256: file.sha256 }).catch(() => {});
  return bytes;
}

/** A variant's main graph and its external data, from storage or downloaded; refused up front when too big. */
export async function fetchVariant(repo: HubRepo, name: VariantName, ctx: HubContext, onProgress?: (p: HubProgress) => void): Promise<VariantBytes> {
  const variant = repo.variants.find((v) => v.name === name);
  if (!variant) {
    throw new HubError('file-not-found', `${repo.repo} has no ${name} variant: it has ${repo.variants.map((v) => v.name).join(', ')}.`);
  }
  checkFitsWasm(repo.repo, variant);
  const files = variantFiles(variant);
  const meter = new ProgressMeter(
    files.reduce((sum, f) => sum + f.bytes, 0),
    (p) => onProgress?.(p),
  );
  const got: Uint8Array[] = [];
  for (const file of files) {
    got.push(await getFile(ctx, repo, file, meter));
    meter.finished(file.bytes);
  }
  const part = mainPart(variant);
  const folder = part.file.path.includes('/') ? part.file.path.slice(0, part.file.path.lastIndexOf('/') + 1) : '';
  return {
    variant: name,
    path: part.file.path,
    bytes: got[0],
    // The graph names its data files relative to itself: `model.onnx_data` beside `onnx/model.onnx`.
    externalData: part.externalData.map((f, i) => ({ path: f.path.slice(folder.length), data: got[i + 1] })),
  };
}
