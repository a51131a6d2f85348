import { defineConfig, type Plugin } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { hubEndpointFrom } from './src/engine/hub/endpoint.js';
import { contentSecurityPolicy as productionPolicy } from './src/engine/hub/csp.js';

// Cross-origin isolation gives SharedArrayBuffer, which onnxruntime-web needs for multi-threaded WASM.
const crossOriginIsolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/**
 * The hub models are opened from: HUB_ENDPOINT and HUB_CDN_ORIGINS at build time (baked into the app
 * through `define`) and at preview time (the CSP below); huggingface.co and its *.hf.co CDN by default.
 */
const hub = hubEndpointFrom(process.env.HUB_ENDPOINT, process.env.HUB_CDN_ORIGINS);
/** The privacy promise, enforced by the browser (src/engine/hub/csp.ts): this origin and the hub's, nothing else. The dev server goes without it (Vite's HMR). */
const contentSecurityPolicy = productionPolicy(hub);
const productionHeaders = { ...crossOriginIsolation, 'Content-Security-Policy': contentSecurityPolicy, 'Referrer-Policy': 'no-referrer' };

/** dist/_headers: the same headers for static hosts that read that file (Netlify, Cloudflare Pages). */
const headersFile = (): Plugin => ({
  name: 'onnx-playground:headers-file',
  apply: 'build',
  generateBundle() {
    const lines = Object.entries(productionHeaders).map(([name, value]) => `  ${name}: ${value}`);
    this.emitFile({ type: 'asset', fileName: '_headers', source: `/*\n${lines.join('\n')}\n` });
  },
});

/** Files under public/<dir>, as paths relative to public/. */
function publicFiles(dir: string): string[] {
  const root = join(import.meta.dirname, 'public');
  const walk = (at: string): string[] =>
    readdirSync(at, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(at, e.name)) : [relative(root, join(at, e.name))]));
  try {
    return walk(join(root, dir));
  } catch {
    return []; // not set up yet: nothing to list
  }
}

/**
 * dist/sw.js (src/offline/service-worker.js with its manifest) and dist/offline-manifest.json: the
 * shell kept after the first visit, once the app is idle (the app, the WASM runtime, the default
 * model, labels and photos; nothing is fetched at install), and the extras the "save for offline"
 * button fetches (the GPU runtimes, TF.js, every other model).
 */
const offlinePlugin = (): Plugin => ({
  name: 'onnx-playground:offline',
  apply: 'build',
  // After writing: only then are the entry's and the CSS's hashed names final.
  writeBundle(options, bundle) {
    const built = Object.keys(bundle).filter((f) => f !== 'index.html' && f !== '_headers');
    // Not at install, but cached when first used (and by "save for offline"): the GPU runtimes, and
    // TF.js (its .wasm files and chunks, named tfjs-*), which only the TF.js conversion loads.
    const onUse = (f: string) => /\.(jsep|asyncify)[^/]*\.wasm$/.test(f) || /(^|\/)tfjs-[^/]*$/.test(f);
    const defaultModel = 'models/mobilenetv2-12-int8.onnx';
    const shell = ['./', ...built.filter((f) => !onUse(f)), 'favicon.svg', defaultModel, ...publicFiles('labels'), ...publicFiles('samples')];
    const extras = [...built.filter(onUse), ...publicFiles('models').filter((f) => f !== defaultModel)];
    const version = createHash('sha256').update(built.sort().join('\n')).digest('hex').slice(0, 12);
    const manifest = { version, shell, extras };
    const worker = readFileSync(join(import.meta.dirname, 'src', 'offline', 'service-worker.js'), 'utf8');
    writeFileSync(join(options.dir!, 'offline-manifest.json'), JSON.stringify(manifest, null, 1));
    writeFileSync(join(options.dir!, 'sw.js'), `const OFFLINE_MANIFEST = ${JSON.stringify({ version, shell })};\n${worker}`);
  },
});

export default defineConfig({
  plugins: [svelte(), headersFile(), offlinePlugin()],
  define: { __HUB_ENDPOINT__: JSON.stringify(hub.endpoint), __HUB_CDN_ORIGINS__: JSON.stringify(hub.cdnOrigins.join(',')) },
  server: { headers: crossOriginIsolation },
  // No CORS on the preview server (a static host sends none): its `Vary: Origin` kept the offline
  // worker from reading module scripts the page had fetched from the HTTP cache, so it asked again.
  preview: { headers: productionHeaders, cors: false },
  // ORT loads its runtime (.mjs + .wasm) itself from env.wasm.wasmPaths; pre-bundling it only gets in the way.
  optimizeDeps: { exclude: ['onnxruntime-web'] },
  worker: {
    format: 'es',
    // TF.js (loaded by the conversion worker on first use) in chunks named tfjs-*, so the offline
    // manifest can leave it out of the shell: it is cached when used, like the GPU runtimes.
    rolldownOptions: {
      output: { chunkFileNames: (chunk) => (chunk.moduleIds.some((id) => id.includes('/@tensorflow/')) && !chunk.name.startsWith('tfjs') ? 'assets/tfjs-[name]-[hash].js' : 'assets/[name]-[hash].js') },
    },
  },
  build: { target: 'es2022', chunkSizeWarningLimit: 1024 },
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/node/**/*.test.ts'],
    benchmark: { include: ['tests/bench/**/*.bench.ts'] },
    environment: 'node',
    testTimeout: 60_000,
  },
});
