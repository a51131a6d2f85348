/**
 * The page's side of offline use: register the service worker (production builds only), list what
 * Cache Storage holds, save every gallery model and runtime file for offline use with progress, and
 * clear it all. The service worker (service-worker.js) fills the same caches as files are used.
 */
import { readWithProgress } from '../engine/model/fetch-model';
import { liveWorkers } from '../workers/registry';
import { HUB_CACHE } from './hub-cache';

export const DATA_CACHE = 'onnx-playground-data';
const CACHE_PREFIX = 'onnx-playground-';

export interface CachedFile {
  url: string;
  /** Path under the app, e.g. `models/mnist-8.onnx`. */
  path: string;
  bytes: number;
}

export interface OfflineManifest {
  version: string;
  /** Kept after the first visit: the app and the WASM runtime, the default model, labels, photos. */
  shell: string[];
  /** Cached on demand: the GPU runtimes and every other model. */
  extras: string[];
}

/** How long a first visit waits for the service worker to take control before starting anyway. */
const CONTROL_WAIT_MS = 2000;

/**
 * Registers the offline service worker and waits (at most CONTROL_WAIT_MS) until it controls the
 * page, so that the workers the app starts next fetch through it: the WASM runtime and the model
 * are then kept for offline use as they download, not downloaded a second time. The worker fills
 * in the rest of the app once the network is quiet (after the first result).
 */
export async function registerServiceWorker(): Promise<void> {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  const container = navigator.serviceWorker;
  const controlled = new Promise<void>((resolve) => {
    if (container.controller) resolve();
    else container.addEventListener('controllerchange', () => resolve(), { once: true });
  });
  let registration: ServiceWorkerRegistration | undefined;
  try {
    registration = await container.register(`${import.meta.env.BASE_URL}sw.js`);
  } catch (error) {
    // Offline use is a bonus: the app works without it (private windows may refuse workers).
    console.warn('Offline support is unavailable:', error);
  }
  // No registration (refused, or blocked as test browsers do): nothing to wait for.
  if (!registration) return;
  await Promise.race([controlled, sleep(CONTROL_WAIT_MS)]);
  if (!container.controller) return;
  container.controller.postMessage({ type: 'controlled', page: location.href });
  void keepAppWhenIdle(container);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Asks the service worker, which answers on a message channel. */
function askWorker<T>(worker: ServiceWorker, message: { type: string }): Promise<T> {
  const channel = new MessageChannel();
  const answer = new Promise<T>((resolve) => (channel.port1.onmessage = (event) => resolve(event.data as T)));
  worker.postMessage(message, [channel.port2]);
  return answer;
}

/** Idle: nothing downloading for 2 s, and every worker answering at once (none loading or running a model). */
const IDLE_QUIET_MS = 2000;
const BUSY_WORKER_MS = 300;

/** Past this, the shell is stored even if the app never looks idle (a camera classifying frames). */
const IDLE_WAIT_LIMIT_MS = 60_000;
const FILL_ATTEMPTS = 3;

/**
 * Once the app has been idle for two checks in a row (its first result is shown, or it waits for
 * the user), the service worker stores the rest of the app for offline use: never while the first
 * result still needs the network or the CPU. A fill that fails (the network dropped) is tried again.
 */
async function keepAppWhenIdle(container: ServiceWorkerContainer): Promise<void> {
  const started = performance.now();
  for (let attempt = 0; attempt < FILL_ATTEMPTS; attempt++) {
    for (let calm = 0; calm < 2 && performance.now() - started < IDLE_WAIT_LIMIT_MS; ) {
      await sleep(1000);
      const worker = container.controller;
      if (!worker) return;
      const asked = performance.now();
      const [network] = await Promise.all([askWorker<{ downloading: number; quietMs: number }>(worker, { type: 'network' }), liveWorkers()]);
      const workersAnswered = performance.now() - asked < BUSY_WORKER_MS;
      calm = network.downloading === 0 && network.quietMs >= IDLE_QUIET_MS && workersAnswered ? calm + 1 : 0;
    }
    const worker = container.controller;
    if (!worker || (await askWorker<{ done: boolean }>(worker, { type: 'fill' })).done) return;
  }
}

export const offlineSupported = () => typeof caches !== 'undefined' && import.meta.env.PROD;

export async function listCached(): Promise<CachedFile[]> {
  if (typeof caches === 'undefined') return [];
  const base = new URL(import.meta.env.BASE_URL, location.href).href;
  const files: CachedFile[] = [];
  // Hub models are listed by model (hub-cache.ts listStoredHubModels), not file by file here.
  for (const name of (await caches.keys()).filter((n) => n.startsWith(CACHE_PREFIX) && n !== HUB_CACHE)) {
    const cache = await caches.open(name);
    for (const request of await cache.keys()) {
      const response = await cache.match(request);
      const bytes = Number(response?.headers.get('Content-Length')) || (response ? (await response.clone().blob()).size : 0);
      files.push({ url: request.url, path: request.url.startsWith(base) ? request.url.slice(base.length) || 'index.html' : request.url, bytes });
    }
  }
  return files.sort((a, b) => b.bytes - a.bytes);
}

export async function clearCached(): Promise<void> {
  for (const name of (await caches.keys()).filter((n) => n.startsWith(CACHE_PREFIX))) await caches.delete(name);
}

/**
 * Downloads every file of `paths` (and, unless told otherwise, of the offline manifest's shell and
 * extras) that is not cached yet, reporting bytes as they arrive; each goes into its cache whole or not at all.
 */
export async function saveForOffline(
  paths: string[],
  onProgress: (loaded: number, total: number, path: string) => void,
  signal?: AbortSignal,
  options: { extras: boolean } = { extras: true },
): Promise<number> {
  const base = import.meta.env.BASE_URL;
  const manifest: OfflineManifest = await fetch(`${base}offline-manifest.json`).then((r) => {
    if (!r.ok) throw new Error(`The offline manifest is missing (HTTP ${r.status}); offline use needs the production build.`);
    return r.json();
  });
  const dataCache = await caches.open(DATA_CACHE);
  const appCache = await caches.open(`${CACHE_PREFIX}app-${manifest.version}`);
  const wanted: string[] = [];
  for (const path of [...new Set([...(options.extras ? [...manifest.shell.filter((p) => p !== './'), ...manifest.extras] : []), ...paths])]) {
    if (!(await caches.match(`${base}${path}`))) wanted.push(path);
  }
  const sizes = await Promise.all(wanted.map((path) => fetch(`${base}${path}`, { method: 'HEAD', signal }).then((r) => Number(r.headers.get('Content-Length')) || 0)));
  const total = sizes.reduce((a, b) => a + b, 0);
  let loaded = 0;
  for (const path of wanted) {
    const response = await fetch(`${base}${path}`, { signal });
    if (!response.ok) throw new Error(`Could not download ${path} for offline use: HTTP ${response.status}.`);
    const before = loaded;
    const bytes = await readWithProgress(response, 0, (p) => onProgress((loaded = before + p.loadedBytes), total, path));
    const cache = /^(models|labels|samples)\//.test(path) ? dataCache : appCache;
    await cache.put(`${base}${path}`, new Response(bytes as BlobPart, { headers: response.headers }));
  }
  return wanted.length;
}
