/**
 * The one place that configures onnxruntime-web's WASM runtime. Call `configureRuntime` once per
 * worker, before the first session: ORT reads these flags when it first initialises and ignores
 * later changes (so each thread count needs its own worker).
 */
import * as ort from 'onnxruntime-web/wasm';
// Served from our own origin (no CDN: the app must work offline). Pointing ORT at the files
// explicitly also stops its thread workers from importing the app bundle in production builds.
import wasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.wasm?url';
import mjsUrl from 'onnxruntime-web/ort-wasm-simd-threaded.mjs?url';

export interface RuntimeConfig {
  /** WASM threads; 1 when the page is not cross-origin isolated (no SharedArrayBuffer). */
  numThreads: number;
}

export interface RuntimeInfo {
  ortVersion: string;
  entry: 'onnxruntime-web/wasm';
  numThreads: number;
  crossOriginIsolated: boolean;
  hardwareConcurrency: number;
}

let configured: RuntimeInfo | null = null;

export function configureRuntime(config: RuntimeConfig): RuntimeInfo {
  const isolated = globalThis.crossOriginIsolated === true;
  const numThreads = isolated ? Math.max(1, Math.floor(config.numThreads)) : 1;
  if (configured) {
    if (configured.numThreads !== numThreads) {
      throw new Error(`the WASM runtime already runs with ${configured.numThreads} threads; use a new worker for ${numThreads}`);
    }
    return configured;
  }
  ort.env.wasm.wasmPaths = { wasm: wasmUrl, mjs: mjsUrl };
  ort.env.wasm.numThreads = numThreads;
  ort.env.wasm.proxy = false; // we are already off the main thread
  ort.env.logLevel = 'error';
  configured = {
    ortVersion: ort.env.versions.web ?? 'unknown',
    entry: 'onnxruntime-web/wasm',
    numThreads,
    crossOriginIsolated: isolated,
    hardwareConcurrency: globalThis.navigator?.hardwareConcurrency ?? 1,
  };
  return configured;
}
