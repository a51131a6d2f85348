/** A TF.js graph model by address: model.json, then every shard its manifest names, from beside it. */
import { fetchModel, type DownloadProgress } from '../model/fetch-model';
import { shardUrls, type TfjsFiles } from './names';

/** The bytes as they are, or gunzipped when they carry gzip's magic (TF.js models may be gzipped). */
export async function gunzipped(b: Uint8Array): Promise<Uint8Array> {
  if (!(b.length > 2 && b[0] === 0x1f && b[1] === 0x8b)) return b;
  const stream = new Blob([b as BlobPart]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** The manifest, when model.json parses; otherwise nothing (the converter names what is wrong). */
async function manifestOf(modelJson: Uint8Array): Promise<unknown> {
  try {
    return JSON.parse(new TextDecoder().decode(await gunzipped(modelJson)))?.weightsManifest;
  } catch {
    return undefined;
  }
}

export async function fetchTfjsModel(url: string, name: string, onProgress?: (p: DownloadProgress & { file: string }) => void): Promise<TfjsFiles & { modelJson: Uint8Array }> {
  let done = 0;
  const get = async (fileUrl: string, file: string) => {
    const bytes = await fetchModel(fileUrl, { name: file, fromUser: true }, (p) => onProgress?.({ file, loadedBytes: done + p.loadedBytes, totalBytes: 0 }));
    done += bytes.length;
    return bytes;
  };
  const modelJson = await get(url, name);
  const shards: Record<string, Uint8Array> = {};
  for (const shard of shardUrls(await manifestOf(modelJson), url)) shards[shard.path] = await get(shard.url, shard.path);
  return { modelJson, shards };
}
