/// <reference lib="webworker" />
/** A bench worker: routes calls into one BenchTarget. One worker per backend and thread count. */
import * as Comlink from './rpc';
import { wasmMemoryBytes } from '../engine/ort/wasm-memory';
import { openSessionCount } from '../engine/ort/session';
import { openRuntime } from '../engine/ort/runtime';
import { BenchTarget } from '../engine/bench/bench-target';
import { fetchModel } from '../engine/model/fetch-model';
import { decodeImageFile } from '../engine/image/decode';
import { loadLabels } from '../tasks/classification/labels';
import { prepareImageInput } from '../tasks/image-input';
import type { BenchWorkerApi } from './bench-protocol';
import { bytesSource } from '../engine/onnx-format/byte-source';
import { readModelGraph } from '../engine/onnx-format/model-graph';
import { placementOnFile } from '../engine/graph/placement-overlay';

let target: BenchTarget | null = null;
/** Set when the GPU device behind this worker's session is lost (driver reset, GPU process crash). */
let gpuLost: string | null = null;
/** Rejects when the device is lost: a run in flight then would otherwise never return. */
let lostSignal: Promise<never> = new Promise(() => {});

interface LosableDevice {
  lost: Promise<{ reason?: string; message?: string }>;
  destroy(): void;
  queue: { onSubmittedWorkDone(): Promise<void> };
}

let watchedDevice: LosableDevice | null = null;
/** Diagnostics: runs left before this worker destroys its device on purpose (null: never). */
let runsBeforeLoss: number | null = null;

/** How long a failed run may wait for the GPU to finish what it queued before reporting anyway. */
const GPU_SETTLE_TIMEOUT_MS = 60_000;

/**
 * Waits until the GPU has done the work this worker queued. A run that fails part-way has already
 * queued its earlier kernels, with their shader compilation; on a software adapter (SwiftShader)
 * that is seconds of CPU, which ending the worker does not cancel, and which would be timed against
 * the next backend's runs. Bounded, in case the device never answers.
 */
async function gpuIdle(): Promise<void> {
  const queue = watchedDevice?.queue;
  if (!queue) return;
  await Promise.race([queue.onSubmittedWorkDone().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, GPU_SETTLE_TIMEOUT_MS))]);
}

/** Watches the device ORT created: a lost device fails every later run, and the run should say why. */
async function watchDevice(ort: { env: { webgpu: { device: unknown } } }): Promise<void> {
  let device: LosableDevice | null = null;
  try {
    // A promise under JSEP, the device itself (or nothing) under the native WebGPU EP.
    // Bounded: a getter that has to create a device would wait for one that is never used.
    const timeout = new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 1000));
    device = ((await Promise.race([ort.env.webgpu.device, timeout])) as LosableDevice | undefined) ?? null;
  } catch {
    return; // no device to watch: runs report their own errors
  }
  if (!device?.lost) return;
  watchedDevice = device;
  lostSignal = device.lost.then((info) => {
    gpuLost =
      `The GPU device was lost (${info.reason || 'reason unknown'}${info.message ? `: ${info.message}` : ''}), as happens when the ` +
      'driver resets or the GPU process restarts. Run the benchmark again: each run starts a fresh worker and GPU device.';
    throw new Error(gpuLost);
  });
  lostSignal.catch(() => undefined); // observed by the runs that race it
}

async function guarded<T>(work: () => Promise<T>): Promise<T> {
  if (runsBeforeLoss !== null && runsBeforeLoss-- <= 0) {
    runsBeforeLoss = null;
    watchedDevice?.destroy();
    await new Promise((resolve) => setTimeout(resolve, 0)); // let the lost promise settle
  }
  if (gpuLost) throw new Error(gpuLost);
  try {
    return await Promise.race([work(), lostSignal]);
  } catch (error) {
    await gpuIdle(); // the error is reported once the failed run's queued work no longer runs
    // The run's own error (a failed mapAsync, a destroyed buffer) says less than the loss does.
    await new Promise((resolve) => setTimeout(resolve, 0));
    throw gpuLost ? new Error(gpuLost) : error;
  }
}

// After a device loss, onnxruntime's own pending GPU reads (mapAsync) reject with nobody to catch
// them; the loss is already reported with the run, so they are not errors of their own.
self.addEventListener('unhandledrejection', (event) => {
  if (gpuLost) event.preventDefault();
});

function live(): BenchTarget {
  if (!target) throw new Error('the bench worker has no model open');
  return target;
}

const api: BenchWorkerApi = {
  resources: () => ({ openSessions: openSessionCount(), wasmBytes: wasmMemoryBytes() }),
  async open({ backend, numThreads, model, classifier, loseGpuAfterRuns, mapPlacement }) {
    const { ort, info } = await openRuntime({ backend, numThreads });
    const bytes =
      model.kind === 'bytes' ? model.bytes : await fetchModel(model.url, { sha256: model.sha256 ?? undefined, bytes: model.bytes, name: model.name });
    const labels = classifier ? await loadLabels(classifier.labelsFile) : [];
    target = new BenchTarget(ort, backend);
    const head = classifier && { outputName: classifier.outputName, outputKind: classifier.outputKind, labels };
    const opened = await target.open(bytes, model.name, head, model.kind === 'bytes' ? model.externalData : undefined);
    // Placement on the file's own nodes, read here where the bytes are, after the timed session creation.
    const placement = opened.placement;
    if (placement && mapPlacement) {
      const graph = await readModelGraph(bytesSource(bytes)).catch(() => null);
      if (graph) placement.onFile = placementOnFile(backend, placement, graph.nodes);
    }
    // JSEP hands out its device; the native WebGPU EP (1.30) does not, and asking it makes a new one.
    if (backend === 'webgpu-jsep') {
      await watchDevice(ort as unknown as Parameters<typeof watchDevice>[0]);
      runsBeforeLoss = loseGpuAfterRuns ?? null;
    }
    return { ...opened, runtime: info };
  },
  async setInput(request) {
    if (request.kind === 'synthetic') return live().setInput(request);
    const pixels = await decodeImageFile(request.file, request.name);
    const recipe = request.recipe;
    live().setInput({ kind: 'image', pixels, prepare: (image) => prepareImageInput(image, recipe) });
  },
  run: () => guarded(() => live().run()),
  output: async () => {
    const snapshot = live().output();
    return Comlink.transfer(snapshot, [snapshot.values.buffer as ArrayBuffer]);
  },
  bareLoop: (runs) => guarded(() => live().bareLoop(runs)),
  async release() {
    await target?.release();
    target = null;
  },
};

Comlink.expose(api);
