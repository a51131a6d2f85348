/// <reference lib="webworker" />
/** Routes calls into the engine and tasks; no logic of its own beyond ordering and ownership. */
import * as Comlink from './rpc';
import { wasmMemoryBytes } from '../engine/ort/wasm-memory';
import { openRuntime, type Ort } from '../engine/ort/runtime';
import { ModelSession, openSessionCount } from '../engine/ort/session';
import { fetchModel } from '../engine/model/fetch-model';
import { bitmapToPixels, decodeImageFile } from '../engine/image/decode';
import { timed } from '../engine/bench/timer';
import { findClassifier } from '../tasks/classification/models';
import { ClassificationPipeline, type ClassificationResult } from '../tasks/classification/pipeline';
import { loadLabels } from '../tasks/classification/labels';
import { modelUrl } from '../tasks/model-source';
import type { InferenceApi, LoadedModelInfo } from './protocol';

let ort: Ort | null = null;
let pipeline: ClassificationPipeline | null = null;
let loadedInfo: LoadedModelInfo | null = null;

// Calls run one at a time, in the order they were made: a model switch never races a classification.
let queue: Promise<unknown> = Promise.resolve();
function serial<T>(work: () => Promise<T>): Promise<T> {
  const next = queue.then(work, work);
  queue = next.catch(() => undefined);
  return next;
}

function loaded(): ClassificationPipeline {
  if (!pipeline) throw new Error('No model is loaded yet. Pick a model and wait for it to load.');
  return pipeline;
}

const withTransfer = (result: ClassificationResult) => Comlink.transfer(result, [result.crop.data.buffer as ArrayBuffer]);

const api: InferenceApi = {
  resources: () => ({ openSessions: openSessionCount(), wasmBytes: wasmMemoryBytes() }),
  init: async (numThreads) => {
    const runtime = await openRuntime({ backend: 'wasm', numThreads });
    ort = runtime.ort;
    return runtime.info;
  },

  loadClassifier: (id, onProgress) =>
    serial(async () => {
      if (pipeline && loadedInfo?.id === id) return loadedInfo;
      const entry = findClassifier(id);
      if (!entry) throw new Error(`There is no model "${id}" in the catalogue.`);
      const download = await timed(() =>
        fetchModel(modelUrl(entry.source.file), { sha256: entry.source.sha256, bytes: entry.source.bytes, name: entry.title }, onProgress),
      );
      const runtime = ort;
      if (!runtime) throw new Error('The inference worker was not initialised.');
      const [created, labels] = await Promise.all([timed(() => ModelSession.create(runtime, download.value, entry.title)), loadLabels(entry.labelsFile)]);
      await pipeline?.release(); // free the previous model's WASM memory before holding the new one
      pipeline = new ClassificationPipeline(entry, created.value, labels);
      loadedInfo = {
        id,
        inputNames: created.value.inputNames,
        outputNames: created.value.outputNames,
        downloadMs: download.ms,
        sessionCreateMs: created.ms,
      };
      return loadedInfo;
    }),

  classifyFile: (file, name) =>
    serial(async () => {
      const model = loaded();
      const decoded = await timed(() => decodeImageFile(file, name));
      return withTransfer(await model.classify(decoded.value, decoded.ms));
    }),

  classifyFrame: (frame) =>
    serial(async () => {
      const model = loaded();
      const decoded = await timed(() => bitmapToPixels(frame, 'The camera frame'));
      return withTransfer(await model.classify(decoded.value, decoded.ms));
    }),

  release: () =>
    serial(async () => {
      await pipeline?.release();
      pipeline = null;
      loadedInfo = null;
    }),
};

Comlink.expose(api);
