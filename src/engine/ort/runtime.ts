/**
 * The one place that loads and configures onnxruntime-web. Each backend comes from its own entry
 * point, imported by URL only when first used, with its runtime files served from our own origin (no CDN:
 * the app must work offline; explicit paths also stop ORT's thread workers from importing the app
 * bundle in production builds).
 *
 * ORT reads `env.wasm.numThreads` once, when it first initialises: one worker holds one runtime at
 * one thread count, so comparing thread counts needs a worker per count.
 */
import type * as OrtModule from 'onnxruntime-web';
import { BACKENDS, type BackendId } from '../backends/backend-id';
import { trackWasmMemory } from './wasm-memory';
import wasmEntry from 'onnxruntime-web/wasm?url';
import webgpuEntry from 'onnxruntime-web/webgpu?url';
import jsepEntry from 'onnxruntime-web?url';
import allEntry from 'onnxruntime-web/all?url';
import wasmRuntime from 'onnxruntime-web/ort-wasm-simd-threaded.wasm?url';
import wasmGlue from 'onnxruntime-web/ort-wasm-simd-threaded.mjs?url';
import asyncifyRuntime from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm?url';
import asyncifyGlue from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.mjs?url';
import jsepRuntime from 'onnxruntime-web/ort-wasm-simd-threaded.jsep.wasm?url';
import jsepGlue from 'onnxruntime-web/ort-wasm-simd-threaded.jsep.mjs?url';

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

/**
 * Each entry's three files, as URLs of files the build copies unchanged (`?url`): the entry module
 * and its runtime's .wasm and .mjs. Imported by URL, not bundled: every worker build would otherwise
 * carry its own copy of each entry (they differ only in the bundler's helper chunk they import), so
 * dist/ held every ORT bundle twice and a visitor could download both.
 */
const ENTRIES: Partial<Record<string, { module: string; wasm: string; mjs: string }>> = {
  'onnxruntime-web/wasm': { module: wasmEntry, wasm: wasmRuntime, mjs: wasmGlue },
  'onnxruntime-web/webgpu': { module: webgpuEntry, wasm: asyncifyRuntime, mjs: asyncifyGlue },
  'onnxruntime-web': { module: jsepEntry, wasm: jsepRuntime, mjs: jsepGlue },
  'onnxruntime-web/all': { module: allEntry, wasm: jsepRuntime, mjs: jsepGlue },
};

async function importEntry(backend: BackendId): Promise<{ ort: Ort; wasm: string; mjs: string }> {
  const files = ENTRIES[BACKENDS[backend].entry];
  if (!files) throw new Error(`${BACKENDS[backend].title} is not an onnxruntime-web backend`);
  const ort = (await import(/* @vite-ignore */ files.module)) as Ort;
  return { ort, wasm: files.wasm, mjs: files.mjs };
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
