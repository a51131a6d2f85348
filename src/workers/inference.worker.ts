/// <reference lib="webworker" />
/** Routes calls into the engine and the classification task; no logic of its own beyond ordering and ownership. */
import * as Comlink from './rpc';
import { wasmMemoryBytes } from '../engine/ort/wasm-memory';
import { openRuntime, type Ort } from '../engine/ort/runtime';
import { ModelSession, openSessionCount } from '../engine/ort/session';
import { fetchModel } from '../engine/model/fetch-model';
import { bitmapToPixels, decodeImageFile } from '../engine/image/decode';
import type { Image8 } from '../engine/tensor/resize';
import { timed } from '../engine/bench/timer';
import { findClassifier, type ClassifierEntry } from '../tasks/classification/models';
import { classification, type ClassificationResult } from '../tasks/classification/definition';
import { loadTaskAssets, runTask } from '../tasks/pipeline';
import { fetchLabelFile } from '../tasks/label-file';
import { modelUrl } from '../tasks/model-source';
import type { InferenceApi, LoadedModelInfo } from './protocol';

let ort: Ort | null = null;
/** The loaded classifier: its entry, session and labels. */
let loaded: { entry: ClassifierEntry; session: ModelSession; labels: string[]; info: LoadedModelInfo } | null = null;

// Calls run one at a time, in the order they were made: a model switch never races a classification.
let queue: Promise<unknown> = Promise.resolve();
function serial<T>(work: () => Promise<T>): Promise<T> {
  const next = queue.then(work, work);
  queue = next.catch(() => undefined);
  return next;
}

/** Classifies decoded pixels with the loaded classifier through the task pipeline. */
async function classify(image: Image8, decodeMs: number): Promise<ClassificationResult> {
  const { entry, session, labels } = loaded!;
  const out = await runTask(classification, image, { model: entry, assets: labels, infer: (_model, feeds) => session.run(feeds, session.outputNames) });
  const result = { ...out, timings: { decodeMs, ...out.timings } };
  return Comlink.transfer(result, [result.crop.data.buffer as ArrayBuffer]);
}

function requireLoaded(): void {
  if (!loaded) throw new Error('No model is loaded yet. Pick a model and wait for it to load.');
}

const api: InferenceApi = {
  resources: () => ({ openSessions: openSessionCount(), wasmBytes: wasmMemoryBytes() }),
  init: async (numThreads) => {
    const runtime = await openRuntime({ backend: 'wasm', numThreads });
    ort = runtime.ort;
    return runtime.info;
  },

  loadClassifier: (id, onProgress) =>
    serial(async () => {
      if (loaded?.info.id === id) return loaded.info;
      const entry = findClassifier(id);
      if (!entry) throw new Error(`There is no model "${id}" in the catalogue.`);
      const download = await timed(() =>
        fetchModel(modelUrl(entry.source.file), { sha256: entry.source.sha256, bytes: entry.source.bytes, name: entry.title }, onProgress),
      );
      const runtime = ort;
      if (!runtime) throw new Error('The inference worker was not initialised.');
      const [created, labels] = await Promise.all([timed(() => ModelSession.create(runtime, download.value, entry.title)), loadTaskAssets(classification, entry, fetchLabelFile)]);
      await loaded?.session.release(); // free the previous model's WASM memory before holding the new one
      const info = { id, inputNames: created.value.inputNames, outputNames: created.value.outputNames, downloadMs: download.ms, sessionCreateMs: created.ms };
      loaded = { entry, session: created.value, labels, info };
      return info;
    }),

  classifyFile: (file, name) =>
    serial(async () => {
      requireLoaded();
      const decoded = await timed(() => decodeImageFile(file, name));
      return classify(decoded.value, decoded.ms);
    }),

  classifyFrame: (frame) =>
    serial(async () => {
      requireLoaded();
      const decoded = await timed(() => bitmapToPixels(frame, 'The camera frame'));
      return classify(decoded.value, decoded.ms);
    }),

  release: () =>
    serial(async () => {
      await loaded?.session.release();
      loaded = null;
    }),
};

Comlink.expose(api);
