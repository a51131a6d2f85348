/// <reference lib="webworker" />
/** An onnxruntime-web bench worker: one OrtBenchTarget, one backend at one thread count (ORT fixes its runtime per worker). */
import { serveTarget } from './serve-target';
import { wasmMemoryBytes } from '../engine/ort/wasm-memory';
import { openSessionCount } from '../engine/ort/session';
import { openRuntime } from '../engine/ort/runtime';
import { OrtBenchTarget } from '../engine/ort/ort-target';
import { fetchModel } from '../engine/model/fetch-model';
import { loadLabels } from '../tasks/classification/labels';

let current: OrtBenchTarget | null = null;

serveTarget(
  async ({ backend, threads, model, classifier, loseGpuAfterRuns }) => {
    if (!model) throw new Error('an onnxruntime-web bench worker needs the ONNX model');
    const { ort } = await openRuntime({ backend, numThreads: threads });
    const bytes = model.kind === 'bytes' ? model.bytes : await fetchModel(model.url, { sha256: model.sha256 ?? undefined, bytes: model.bytes, name: model.name });
    const head = classifier && { outputName: classifier.outputName, outputKind: classifier.outputKind, labels: await loadLabels(classifier.labelsFile) };
    const externalData = model.kind === 'bytes' ? model.externalData : undefined;
    current = new OrtBenchTarget(ort, backend, { bytes, name: model.name, externalData, classifier: head }, { loseGpuAfterRuns });
    return current;
  },
  () => ({ openSessions: openSessionCount(), wasmBytes: wasmMemoryBytes() }),
);

// After a device loss, onnxruntime's own pending GPU reads (mapAsync) reject with nobody to catch
// them; the loss is already reported with the run, so they are not errors of their own.
self.addEventListener('unhandledrejection', (event) => {
  if (current?.gpu?.lost) event.preventDefault();
});
