/**
 * Hub model files kept in the browser (Cache Storage, cache `onnx-playground-hub`), by their resolve
 * address (repo + revision + path): a reload or an offline visit opens them with no request. Only
 * whole, checked files are written (src/engine/hub/hub-model.ts); each entry says what it is in its
 * headers, so the offline panel can list hub models with their sizes and remove one.
 */
import type { HubStore } from '../engine/hub/hub-model';

export const HUB_CACHE = 'onnx-playground-hub';

const hasCaches = () => typeof caches !== 'undefined';

export const hubCacheStore: HubStore = {
  async read(url) {
    if (!hasCaches()) return null;
    const response = await (await caches.open(HUB_CACHE)).match(url);
    return response ? new Uint8Array(await response.arrayBuffer()) : null;
  },
  async write(url, bytes, about) {
    if (!hasCaches()) return;
    const headers: Record<string, string> = {
      'Content-Type': 'application/octet-stream',
      'Content-Length': String(bytes.byteLength),
      'X-Hub-Repo': about.repo,
      'X-Hub-Revision': about.revision,
      'X-Hub-Path': about.path,
      ...(about.sha256 ? { 'X-Hub-Sha256': about.sha256 } : {}),
    };
    await (await caches.open(HUB_CACHE)).put(url, new Response(bytes as BlobPart, { headers }));
  },
};

/** One hub model (repository at a revision) as stored: its files and their bytes in all. */
export interface StoredHubModel {
  repo: string;
  revision: string;
  files: number;
  bytes: number;
}

export async function listStoredHubModels(): Promise<StoredHubModel[]> {
  if (!hasCaches() || !(await caches.has(HUB_CACHE))) return [];
  const cache = await caches.open(HUB_CACHE);
  const byModel = new Map<string, StoredHubModel>();
  for (const request of await cache.keys()) {
    const response = await cache.match(request);
    const repo = response?.headers.get('X-Hub-Repo');
    const revision = response?.headers.get('X-Hub-Revision');
    if (!response || !repo || !revision) continue;
    const key = `${repo}@${revision}`;
    const model = byModel.get(key) ?? { repo, revision, files: 0, bytes: 0 };
    model.files++;
    model.bytes += Number(response.headers.get('Content-Length')) || 0;
    byModel.set(key, model);
  }
  return [...byModel.values()].sort((a, b) => b.bytes - a.bytes);
}

/** Removes every stored file of one hub model (all of them when `repo` is not given). */
export async function removeStoredHubModel(repo?: string, revision?: string): Promise<void> {
  if (!hasCaches()) return;
  if (!repo) {
    await caches.delete(HUB_CACHE);
    return;
  }
  const cache = await caches.open(HUB_CACHE);
  for (const request of await cache.keys()) {
    const response = await cache.match(request);
    if (response?.headers.get('X-Hub-Repo') === repo && (!revision || response.headers.get('X-Hub-Revision') === revision)) await cache.delete(request);
  }
}
