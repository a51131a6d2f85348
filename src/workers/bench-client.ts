/** Starts bench workers: one per backend and thread count (ORT fixes its runtime per worker). */
import * as Comlink from './rpc';
import { BACKENDS } from '../engine/backends/backend-id';
import type { BackendChoice, TargetHandle } from '../engine/bench/run-benchmark';
import type { BenchWorkerApi, InputRequest, OpenRequest } from './bench-protocol';
import type { RuntimeInfo } from '../engine/ort/runtime';
import type { OutputSnapshot, RunTiming } from '../engine/bench/bench-target';
import { trackWorker } from './registry';

const RELEASE_TIMEOUT_MS = 2000;

/** A target in its own worker; `dispose` releases the session and then ends the worker. */
export function startBenchTarget(
  choice: BackendChoice,
  open: Omit<OpenRequest, 'backend' | 'numThreads'>,
  input: InputRequest,
  onRuntime?: (info: RuntimeInfo) => void,
): TargetHandle {
  const worker = new Worker(new URL('./bench.worker.ts', import.meta.url), { type: 'module', name: `bench ${choice.backend} x${choice.threads}` });
  const api = Comlink.wrap<BenchWorkerApi>(worker);
  const untrack = trackWorker(`benchmark ${choice.backend} x${choice.threads}`, api);
  return {
    entry: BACKENDS[choice.backend].entry,
    async open() {
      const { runtime, ...opened } = await api.open({ ...open, backend: choice.backend, numThreads: choice.threads });
      onRuntime?.(runtime);
      await api.setInput(input);
      return { ...opened, frameworkVersion: runtime.ortVersion };
    },
    ...workerDriven(api, worker, untrack),
  };
}

interface WorkerTargetApi {
  run(): Promise<RunTiming>;
  output(): Promise<OutputSnapshot>;
  bareLoop(runs: number): Promise<number[]>;
  release(): Promise<void>;
}

/** run, output, bareLoop and dispose of a target that lives in `worker` (ORT's or TF.js's alike). */
export function workerDriven(api: Comlink.Remote<WorkerTargetApi>, worker: Worker, untrack: () => void): Omit<TargetHandle, 'entry' | 'open'> {
  let ended = false;
  return {
    run: () => api.run(),
    output: () => api.output(),
    bareLoop: (runs) => api.bareLoop(runs),
    async dispose(atOnce) {
      if (ended) return;
      ended = true;
      // Release first so GPU buffers are freed cleanly; never wait long on a busy worker, and not at
      // all when cancelled or failed (ending the worker frees everything it holds).
      if (!atOnce) await Promise.race([api.release().catch(() => undefined), new Promise((r) => setTimeout(r, RELEASE_TIMEOUT_MS))]);
      untrack();
      api[Comlink.releaseProxy]();
      worker.terminate();
    },
  };
}
