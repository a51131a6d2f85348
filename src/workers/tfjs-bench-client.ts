/** Starts TF.js bench workers: a TF.js original as a benchmark target, beside the ORT ones. */
import * as Comlink from './rpc';
import { BACKENDS, type BackendId } from '../engine/backends/backend-id';
import type { BackendChoice, TargetHandle } from '../engine/bench/run-benchmark';
import type { InputRequest } from './bench-protocol';
import type { TfjsBenchBackend, TfjsBenchWorkerApi, TfjsOpenRequest } from './tfjs-bench-protocol';
import { trackWorker } from './registry';
import type { ConvertInput } from './convert-protocol';
import { findConverted } from '../tasks/converted-models';
import { workerDriven } from './bench-client';

/** Where setup puts a gallery model's TF.js original (public/tfjs-models, copied from the npm package). */
export function tfjsOriginalUrl(id: string): string {
  return new URL(`${import.meta.env.BASE_URL}tfjs-models/${id}.json`, location.href).href;
}

/** The TF.js original TF.js backends run for this model: a gallery model's, or the one the user converted; null when there is none. */
export function tfjsSourceOf(model: { gallery: { id: string } | null; tfjsSource: ConvertInput | null }): ConvertInput | null {
  if (model.tfjsSource) return model.tfjsSource;
  const id = model.gallery?.id;
  return id && findConverted(id) ? { kind: 'url', url: tfjsOriginalUrl(id), name: `${id}.json` } : null;
}

/** Each TF.js backend id's TensorFlow.js backend name. */
const TFJS_BACKENDS: Partial<Record<BackendId, TfjsBenchBackend>> = { 'tfjs-wasm': 'wasm', 'tfjs-webgl': 'webgl', 'tfjs-webgpu': 'webgpu' };

/** The same interface as an ORT target's: runBenchmark cannot tell the frameworks apart. */
export function startTfjsBenchTarget(choice: BackendChoice, open: Omit<TfjsOpenRequest, 'backend' | 'threads'>, input: InputRequest, onVersion?: (version: string) => void): TargetHandle {
  const worker = new Worker(new URL('./tfjs-bench.worker.ts', import.meta.url), { type: 'module', name: `bench ${choice.backend} x${choice.threads}` });
  const api = Comlink.wrap<TfjsBenchWorkerApi>(worker);
  const untrack = trackWorker(`benchmark ${choice.backend} x${choice.threads}`, api);
  return {
    entry: BACKENDS[choice.backend].entry,
    async open() {
      const { version, ...opened } = await api.open({ ...open, backend: TFJS_BACKENDS[choice.backend] ?? 'wasm', threads: choice.threads });
      onVersion?.(version);
      await api.setInput(input);
      return { ...opened, frameworkVersion: version };
    },
    ...workerDriven(api, worker, untrack),
  };
}
