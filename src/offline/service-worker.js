// @ts-check
/// <reference lib="webworker" />
/**
 * The offline service worker. The build (vite.config.ts, offlinePlugin) writes it to dist/sw.js
 * with OFFLINE_MANIFEST defined above this code: the app shell to keep, and its version.
 *
 * It downloads nothing while a first visit loads: installing caches nothing, and it takes control
 * at once, so what the page and its workers fetch from then on is cached on the way (the WASM
 * runtime and the model, fetched once), and what the page fetched before is stored from the HTTP
 * cache (only-if-cached: never the network). When the page says it is idle (its first result is shown,
 * nothing downloads, no worker is busy: src/offline/offline-cache.ts) it fetches the rest of the
 * shell (the other pages' workers, labels, photos).
 *
 * - Navigations: network first (kept for offline), the cached shell when offline.
 * - Everything else on this origin: cache first; what the network returns is cached on the way.
 *   Two requests for one file while it downloads share that one download.
 * Models, labels and samples live in a cache that outlives app versions; the shell's is per version.
 */
const sw = /** @type {ServiceWorkerGlobalScope} */ (/** @type {unknown} */ (self));
/** @type {{ version: string, shell: string[] }} */
// eslint-disable-next-line no-undef
const manifest = OFFLINE_MANIFEST;
const SHELL_CACHE = `onnx-playground-app-${manifest.version}`;
const DATA_CACHE = 'onnx-playground-data';
const isData = (/** @type {string} */ path) => /(^|\/)(models|labels|samples)\//.test(path);
const cacheFor = (/** @type {string} */ url) => caches.open(isData(new URL(url).pathname) ? DATA_CACHE : SHELL_CACHE);
const scopeUrl = (/** @type {string} */ path) => new URL(path, sw.registration.scope).href;

sw.addEventListener('install', () => sw.skipWaiting());

sw.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((n) => n.startsWith('onnx-playground-app-') && n !== SHELL_CACHE).map((n) => caches.delete(n))))
      .then(() => sw.clients.claim()),
  );
});

/** Downloads in progress, by URL, until stored: a second request for the same file waits for it. */
const downloading = new Map();
let lastActivity = Date.now();

/**
 * Fetches `request`, handing the response on as it streams and keeping a 200 from this origin in
 * its cache; `stored` settles once it is kept (or not). A request for a file already downloading
 * is answered from the cache once that download is stored.
 */
function fetchAndKeep(/** @type {Request} */ request) {
  const url = request.url;
  const pending = downloading.get(url);
  if (pending) {
    const response = pending.then(async () => (await caches.match(url, { ignoreVary: true })) ?? fetch(request));
    return { response, stored: pending };
  }
  /** @type {Promise<unknown>} */
  let keep = Promise.resolve();
  // A copy the browser already holds (fetched before this worker took control) is used as it is,
  // not revalidated: this origin's files change name when they change, and what is kept here is
  // served as it is anyway.
  const response = fetch(new Request(request, { cache: 'force-cache' })).then((r) => {
    if (r.status === 200 && r.type === 'basic') {
      const copy = r.clone();
      keep = cacheFor(url).then((cache) => cache.put(url, copy));
    }
    return r;
  });
  const stored = response
    .then(() => keep)
    .catch(() => {})
    .finally(() => {
      downloading.delete(url);
      lastActivity = Date.now();
    });
  downloading.set(url, stored);
  return { response, stored };
}

/** The shell files not stored yet, stored; from the HTTP cache where the page already fetched them. */
async function fillShell() {
  for (const path of manifest.shell) {
    const url = scopeUrl(path);
    if (await caches.match(url, { ignoreVary: true })) continue;
    const { response, stored } = fetchAndKeep(new Request(url));
    if (!(await response.then((r) => r.ok, () => false))) return false; // offline, or the server failed: next time
    await stored;
  }
  for (const client of await sw.clients.matchAll()) client.postMessage({ type: 'offline-ready' });
  return true;
}

/**
 * The shell files the browser already holds (what the page fetched before this worker took control:
 * the page, its script and style, thumbnails), stored from the HTTP cache alone: no network.
 */
async function keepFromHttpCache(/** @type {string} */ page) {
  const root = scopeUrl('./');
  for (const path of manifest.shell) {
    const url = scopeUrl(path);
    if (downloading.has(url) || (await caches.match(url, { ignoreVary: true }))) continue;
    // The page: the address it was opened at (`/?view=model`) served the same index.html as the root.
    const from = url === root && page.startsWith(root) ? page : url;
    const response = await fetch(new Request(from, { cache: 'only-if-cached', mode: 'same-origin' })).catch(() => null);
    if (response?.status === 200) await (await cacheFor(url)).put(url, response);
  }
}

sw.addEventListener('message', (event) => {
  const data = event.data ?? {};
  const reply = (/** @type {unknown} */ answer) => event.ports[0]?.postMessage(answer);
  // 'network': is anything downloading, and how long since the last request (the page's idle check).
  if (data.type === 'network') reply({ downloading: downloading.size, quietMs: Date.now() - lastActivity });
  // 'controlled': keep what the browser already holds; 'fill': the page is idle, store the rest.
  if (data.type === 'controlled') event.waitUntil(keepFromHttpCache(String(data.page ?? '')));
  if (data.type === 'fill') event.waitUntil(fillShell().then((done) => reply({ done })));
});

sw.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== sw.location.origin || request.headers.has('range')) return;
  lastActivity = Date.now();
  if (request.mode === 'navigate') {
    const root = scopeUrl('./');
    event.respondWith(
      fetch(request)
        .then(async (response) => {
          if (url.href === root && response.status === 200) await (await caches.open(SHELL_CACHE)).put(root, response.clone());
          return response;
        })
        .catch(async () => (await caches.match(root, { ignoreVary: true })) ?? Response.error()),
    );
    return;
  }
  event.respondWith(
    caches.match(request, { ignoreVary: true }).then((cached) => {
      if (cached) return cached;
      const { response, stored } = fetchAndKeep(request);
      event.waitUntil(stored);
      return response;
    }),
  );
});
