import { defineConfig, type Plugin } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// Cross-origin isolation gives SharedArrayBuffer, which onnxruntime-web needs for multi-threaded WASM.
const crossOriginIsolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/**
 * The production build's privacy promise, enforced by the browser: the page, its workers and
 * onnxruntime may contact only the page's own origin (connect-src), so no photo, model or number can
 * be sent anywhere else, and nothing loads from elsewhere. 'wasm-unsafe-eval' lets WebAssembly
 * compile; inline styles are Svelte's style: directives and the chart's attributes. The dev server
 * goes without it (Vite's HMR), and that is also where opening a model from another site works.
 */
const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self' blob:",
  "connect-src 'self' blob: data:",
  "img-src 'self' blob: data:",
  "media-src 'self' blob: mediastream:",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
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

export default defineConfig({
  plugins: [svelte(), headersFile()],
  server: { headers: crossOriginIsolation },
  preview: { headers: productionHeaders },
  // ORT loads its runtime (.mjs + .wasm) itself from env.wasm.wasmPaths; pre-bundling it only gets in the way.
  optimizeDeps: { exclude: ['onnxruntime-web'] },
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 1024 },
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/node/**/*.test.ts'],
    benchmark: { include: ['tests/bench/**/*.bench.ts'] },
    environment: 'node',
    testTimeout: 60_000,
  },
});
