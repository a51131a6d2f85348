// @ts-check
/// <reference lib="webworker" />
/**
 * The offline service worker. The build (vite.config.ts, offlinePlugin) writes it to dist/sw.js
 * with OFFLINE_MANIFEST defined above this code: the app shell to cache at install, and its version.
 *
 * - Navigations: network first, the cached shell when offline.
 * - Everything else on this origin: cache first; what the network returns is cached on the way,
 *   so every model, runtime file, label file and photo used once works offline afterwards.
 * Models, labels and samples live in a cache that outlives app versions; the shell's is per version.
 */
const sw = /** @type {ServiceWorkerGlobalScope} */ (/** @type {unknown} */ (self));
/** @type {{ version: string, shell: string[] }} */
// eslint-disable-next-line no-undef
const manifest = OFFLINE_MANIFEST;
const SHELL_CACHE = `onnx-playground-app-${manifest.version}`;
const DATA_CACHE = 'onnx-playground-data';
const isData = (/** @type {string} */ path) => /(^|\/)(models|labels|samples)\//.test(path);

sw.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(SHELL_CACHE)
      .then((cache) => cache.addAll(manifest.shell.filter((path) => !isData(path))))
      .then(() => caches.open(DATA_CACHE))
      .then((cache) => cache.addAll(manifest.shell.filter(isData)))
      .then(() => sw.skipWaiting()),
  );
});

sw.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((n) => n.startsWith('onnx-playground-app-') && n !== SHELL_CACHE).map((n) => caches.delete(n))))
      .then(() => sw.clients.claim()),
  );
});

sw.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== sw.location.origin || request.headers.has('range')) return;
  if (request.mode === 'navigate') {
    event.respondWith(
      fetch(request).catch(async () => (await caches.match(new URL("./", sw.registration.scope).href, { ignoreVary: true })) ?? Response.error()),
    );
    return;
  }
  event.respondWith(
    caches.match(request, { ignoreVary: true }).then(
      (cached) =>
        cached ??
        fetch(request).then((response) => {
          if (response.status === 200 && response.type === 'basic') {
            const copy = response.clone();
            event.waitUntil(caches.open(isData(url.pathname) ? DATA_CACHE : SHELL_CACHE).then((cache) => cache.put(request, copy)));
          }
          return response;
        }),
    ),
  );
});
