/**
 * The one place that loads and configures onnxruntime-web. Each backend comes from its own entry
 * point, imported only when first used, with its runtime files served from our own origin (no CDN:
 * the app must work offline; explicit paths also stop ORT's thread workers from importing the app
 * bundle in production builds).
 *
 * ORT reads `env.wasm.numThreads` once, when it first initialises: one worker holds one runtime at
 * one thread count, so comparing thread counts needs a worker per count.
 */
import type * as OrtModule from 'onnxruntime-web';
import { BACKENDS, type BackendId } from '../backends/backend-id';
import { trackWasmMemory } from './wasm-memory';

export type Ort = typeof OrtModule;

export interface RuntimeConfig {
  backend: BackendId;
  /** WASM threads; 1 when the page is not cross-origin isolated (no SharedArrayBuffer). */
  numThreads: number;
}

export interface RuntimeInfo {
  backend: BackendId;
  ortVersion: string;
  entry: string;
  numThreads: number;
  crossOriginIsolated: boolean;
  hardwareConcurrency: number;
}

/** Awaits an entry's module and its two runtime files' URLs together. */
async function entry(ort: Promise<unknown>, wasm: Promise<{ default: string }>, mjs: Promise<{ default: string }>) {
  const [module, wasmUrl, mjsUrl] = await Promise.all([ort, wasm, mjs]);
  return { ort: module as Ort, wasm: wasmUrl.default, mjs: mjsUrl.default };
}

// Literal import paths, so Vite emits each entry and its runtime files as separate chunks.
function importEntry(backend: BackendId): Promise<{ ort: Ort; wasm: string; mjs: string }> {
  switch (BACKENDS[backend].entry) {
    case 'onnxruntime-web/wasm':
      return entry(
        import('onnxruntime-web/wasm'),
        import('onnxruntime-web/ort-wasm-simd-threaded.wasm?url'),
        import('onnxruntime-web/ort-wasm-simd-threaded.mjs?url'),
      );
    case 'onnxruntime-web/webgpu':
      return entry(
        import('onnxruntime-web/webgpu'),
        import('onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm?url'),
        import('onnxruntime-web/ort-wasm-simd-threaded.asyncify.mjs?url'),
      );
    case 'onnxruntime-web':
      return entry(
        import('onnxruntime-web'),
        import('onnxruntime-web/ort-wasm-simd-threaded.jsep.wasm?url'),
        import('onnxruntime-web/ort-wasm-simd-threaded.jsep.mjs?url'),
      );
    case 'onnxruntime-web/all':
      return entry(
        import('onnxruntime-web/all'),
        import('onnxruntime-web/ort-wasm-simd-threaded.jsep.wasm?url'),
        import('onnxruntime-web/ort-wasm-simd-threaded.jsep.mjs?url'),
      );
    default:
      return Promise.reject(new Error(`${BACKENDS[backend].title} is not an onnxruntime-web backend`));
  }
}

let loaded: { ort: Ort; info: RuntimeInfo } | null = null;

/** Loads and configures this worker's runtime; later calls must ask for the same settings. */
export async function openRuntime(config: RuntimeConfig): Promise<{ ort: Ort; info: RuntimeInfo }> {
  const isolated = globalThis.crossOriginIsolated === true;
  const numThreads = isolated ? Math.max(1, Math.floor(config.numThreads)) : 1;
  if (loaded) {
    if (loaded.info.backend !== config.backend || loaded.info.numThreads !== numThreads) {
      throw new Error(
        `this worker already runs ${loaded.info.backend} with ${loaded.info.numThreads} threads; start a new worker for ${config.backend} with ${numThreads}`,
      );
    }
    return loaded;
  }
  trackWasmMemory();
  const { ort, wasm, mjs } = await importEntry(config.backend);
  ort.env.wasm.wasmPaths = { wasm, mjs };
  ort.env.wasm.numThreads = numThreads;
  ort.env.wasm.proxy = false; // we are already off the main thread
  ort.env.logLevel = 'error';
  loaded = {
    ort,
    info: {
      backend: config.backend,
      ortVersion: ort.env.versions?.web ?? 'unknown',
      entry: BACKENDS[config.backend].entry,
      numThreads,
      crossOriginIsolated: isolated,
      hardwareConcurrency: globalThis.navigator?.hardwareConcurrency ?? 1,
    },
  };
  return loaded;
}
