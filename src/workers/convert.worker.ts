/// <reference lib="webworker" />
/**
 * TF.js graph model -> ONNX off the main thread (and ONNX -> TF.js: onnx-to-tfjs-job.ts), then the check that the conversion is faithful:
 * TF.js runs the original and onnxruntime-web (WASM, one thread) the ONNX model on the same seeded
 * input. TF.js is imported only when `verify` runs (src/engine/tfjs/reference.ts).
 *
 * The one worker file that loads TF.js: the TF.js benchmark target runs in it too. Each worker file
 * is built on its own with its own copy of what it imports, so two TF.js workers put TF.js in dist/
 * twice (2 MB, stored twice for offline use too).
 */
import * as Comlink from './rpc';
import { convertTfjsModel, type ConvertReport } from '../engine/convert/convert';
import { sourceFromFiles } from '../engine/convert/tfjs-model';
import { compareByName, syntheticFeeds, type Feed, type OutputValues } from '../engine/tfjs/agreement';
import { fetchTfjsModel } from '../engine/tfjs/fetch-tfjs';
import { loadTfjsGraphModel, loadTfWasmOneThread, runTfjsReference, type TfjsFiles } from '../engine/tfjs/reference';
import { TfjsBenchTarget } from '../engine/tfjs/tfjs-target';
import { OrtBenchTarget } from '../engine/ort/ort-target';
import { cpuReference, inProcess, runBenchmark, type TargetHandle } from '../engine/bench/run-benchmark';
import { BACKENDS, type BackendId } from '../engine/backends/backend-id';
import { openRuntime } from '../engine/ort/runtime';
import { ModelSession, openSessionCount, type TensorData } from '../engine/ort/session';
import { wasmMemoryBytes } from '../engine/ort/wasm-memory';
import type { ConvertApi, ConvertInput, ConvertStep } from './convert-protocol';
import { serveTfjsTarget } from './tfjs-bench.worker';
import { unsupportedOnnxOps } from '../engine/convert/onnx-to-tfjs';
import { convertOnnxToTfjs } from './onnx-to-tfjs-job';

let held: { files: TfjsFiles; onnx: Uint8Array; report: ConvertReport; name: string } | null = null;

async function filesOf(input: ConvertInput, onStep: (step: ConvertStep) => void): Promise<TfjsFiles> {
  if (input.kind === 'files') return sourceFromFiles(input.files);
  onStep({ stage: 'download', fraction: 0, loadedBytes: 0 });
  return fetchTfjsModel(input.url, input.name, (p) => onStep({ stage: 'download', fraction: 0, loadedBytes: p.loadedBytes }));
}

/** The synthetic feed as onnxruntime takes it, in the ONNX input's own element type. */
function ortFeed(feed: Feed, type: string): TensorData {
  if (type === 'int64') return { dtype: 'int64', dims: feed.shape, data: BigInt64Array.from(feed.data, (v) => BigInt(v)) };
  if (type === 'uint8') return { dtype: 'uint8', dims: feed.shape, data: Uint8Array.from(feed.data) };
  return { dtype: feed.dtype, dims: feed.shape, data: feed.data };
}

const numbers = (t: TensorData): OutputValues => ({
  shape: t.dims,
  data: Array.isArray(t.data) ? t.data.map(Number) : Float64Array.from(t.data as ArrayLike<number | bigint>, Number),
});

const api: ConvertApi = {
  async convert(input, onStep) {
    held = null;
    const files = await filesOf(input, onStep);
    const started = performance.now();
    const { onnx, report } = await convertTfjsModel(files, {}, (stage, fraction) => onStep({ stage, fraction }));
    const ms = performance.now() - started;
    held = { files, onnx, report, name: input.name };
    return { onnx, report, ms };
  },

  async verify() {
    if (!held) throw new Error('nothing has been converted in this worker');
    const { files, onnx, report, name } = held;
    const feeds = syntheticFeeds(report.inputs);
    const outputNames = report.outputs.map((o) => o.name);
    const t0 = performance.now();
    const reference = await runTfjsReference(files, feeds, outputNames);
    const t1 = performance.now();
    const { backend } = cpuReference('onnxruntime-web');
    const { ort } = await openRuntime({ backend, numThreads: 1 });
    const session = await ModelSession.create(ort, onnx, name, { backend, spinning: false });
    let outputs: Record<string, TensorData>;
    try {
      const types = new Map(report.inputs.map((i) => [i.name, i.type]));
      outputs = await session.run(Object.fromEntries(Object.entries(feeds).map(([n, f]) => [n, ortFeed(f, types.get(n)!)])), outputNames);
    } finally {
      await session.release();
    }
    const t2 = performance.now();
    const candidate = Object.fromEntries(Object.entries(outputs).map(([n, t]) => [n, numbers(t)]));
    return {
      agreement: compareByName(candidate, reference.outputs),
      tfjsBackend: reference.backend,
      inputShapes: Object.fromEntries(Object.entries(feeds).map(([n, f]) => [n, f.shape])),
      ms: { tfjs: t1 - t0, onnx: t2 - t1 },
    };
  },

  async benchmark(input, runs) {
    const files = await filesOf(input, () => {});
    const started = performance.now();
    const { onnx, report } = await convertTfjsModel(files, {});
    const convertMs = performance.now() - started;
    const feeds = syntheticFeeds(report.inputs);
    const outputNames = report.outputs.map((o) => o.name);
    const types = new Map(report.inputs.map((i) => [i.name, i.type]));
    const ortFeeds = Object.fromEntries(Object.entries(feeds).map(([n, f]) => [n, ortFeed(f, types.get(n)!)]));
    const tfjsFeeds = Object.fromEntries(Object.entries(feeds).map(([n, f]) => [n, { dtype: f.dtype, dims: f.shape, data: f.data } as TensorData]));
    // Both on their WASM CPU backend with one thread, timed by the benchmark's own procedure
    // (warm-up, then runs alternating so both meet the same machine state; medians).
    const ortChoice = cpuReference('onnxruntime-web');
    const tfjsChoice = cpuReference('tensorflow.js');
    const { ort } = await openRuntime({ backend: ortChoice.backend, numThreads: 1 });
    const { tf, threads } = await loadTfWasmOneThread();
    const targets = new Map<BackendId, TargetHandle>([
      [ortChoice.backend, inProcess(new OrtBenchTarget(ort, ortChoice.backend, { bytes: onnx, name: input.name, classifier: null }), BACKENDS[ortChoice.backend].entry, { kind: 'tensors', feeds: ortFeeds })],
      [tfjsChoice.backend, inProcess(new TfjsBenchTarget(tf, () => loadTfjsGraphModel(tf, files), outputNames), BACKENDS[tfjsChoice.backend].entry, { kind: 'tensors', feeds: tfjsFeeds })],
    ]);
    const results = await runBenchmark(
      { choices: [ortChoice, tfjsChoice], warmupRuns: 3, timedRuns: runs, minSeconds: 0, classifier: false, reference: tfjsChoice },
      (choice) => targets.get(choice.backend)!,
    );
    const [ortRow, tfjsRow] = results;
    const failed = results.find((r) => r.error);
    if (failed) throw new Error(`${BACKENDS[failed.backend].title} ${failed.error}`);
    return {
      transposesBefore: report.transposesBefore,
      transposesAfter: report.transposesAfter,
      convertMs,
      ortMs: ortRow.stats!.median,
      tfjsMs: tfjsRow.stats!.median,
      tfjsThreads: threads,
      runs,
    };
  },

  unsupportedOnnx: (bytes) => unsupportedOnnxOps(bytes),

  convertOnnx: (bytes, name, storage, onStep) => convertOnnxToTfjs(bytes, name, storage, onStep),

  resources: () => ({ openSessions: openSessionCount(), wasmBytes: wasmMemoryBytes() }),
};

// A worker named 'bench …' serves a TF.js benchmark target instead (src/workers/bench-client.ts).
if (self.name.startsWith('bench ')) serveTfjsTarget();
else Comlink.expose(api);
