/** Starts TF.js bench workers: a TF.js original as a benchmark target, beside the ORT ones. */
import * as Comlink from 'comlink';
import { BACKENDS } from '../engine/backends/backend-id';
import type { BackendChoice, TargetHandle } from '../engine/bench/run-benchmark';
import type { InputRequest } from './bench-protocol';
import type { TfjsBenchWorkerApi, TfjsOpenRequest } from './tfjs-bench-protocol';
import { trackWorker } from './registry';
import { workerDriven } from './bench-client';

/** Where setup puts a gallery model's TF.js original (public/tfjs-models, copied from the npm package). */
export function tfjsOriginalUrl(id: string): string {
  return new URL(`${import.meta.env.BASE_URL}tfjs-models/${id}.json`, location.href).href;
}

/** The same interface as an ORT target's: runBenchmark cannot tell the frameworks apart. */
export function startTfjsBenchTarget(choice: BackendChoice, open: Omit<TfjsOpenRequest, 'backend' | 'threads'>, input: InputRequest, onVersion?: (version: string) => void): TargetHandle {
  const worker = new Worker(new URL('./tfjs-bench.worker.ts', import.meta.url), { type: 'module', name: `bench ${choice.backend} x${choice.threads}` });
  const api = Comlink.wrap<TfjsBenchWorkerApi>(worker);
  const untrack = trackWorker(`benchmark ${choice.backend} x${choice.threads}`, { resources: () => ({ openSessions: 0, wasmBytes: 0 }) });
  return {
    entry: BACKENDS[choice.backend].entry,
    async open() {
      if (input.kind !== 'synthetic') throw new Error('TensorFlow.js targets take the seeded synthetic input only: choose "synthetic" as the input.');
      const { version, ...opened } = await api.open({ ...open, backend: choice.backend === 'tfjs-webgl' ? 'webgl' : 'wasm', threads: choice.threads });
      onVersion?.(version);
      await api.setInput(input.seed, input.dimOverrides);
      return { ...opened, frameworkVersion: version };
    },
    ...workerDriven(api, worker, untrack),
  };
}
