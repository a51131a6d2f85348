/// <reference lib="webworker" />
/** A bench worker: routes calls into one BenchTarget. One worker per backend and thread count. */
import * as Comlink from 'comlink';
import { openRuntime } from '../engine/ort/runtime';
import { BenchTarget } from '../engine/bench/bench-target';
import { fetchModel } from '../engine/model/fetch-model';
import { decodeImageFile } from '../engine/image/decode';
import { loadLabels } from '../tasks/classification/labels';
import type { BenchWorkerApi } from './bench-protocol';

let target: BenchTarget | null = null;

function live(): BenchTarget {
  if (!target) throw new Error('the bench worker has no model open');
  return target;
}

const api: BenchWorkerApi = {
  async open({ backend, numThreads, model, classifier }) {
    const { ort, info } = await openRuntime({ backend, numThreads });
    const bytes =
      model.kind === 'bytes' ? model.bytes : await fetchModel(model.url, { sha256: model.sha256 ?? undefined, bytes: model.bytes, name: model.name });
    const labels = classifier ? await loadLabels(classifier.labelsFile) : [];
    target = new BenchTarget(ort, backend);
    const head = classifier && { outputName: classifier.outputName, outputKind: classifier.outputKind, labels };
    const opened = await target.open(bytes, model.name, head, model.kind === 'bytes' ? model.externalData : undefined);
    return { ...opened, runtime: info };
  },
  async setInput(request) {
    if (request.kind === 'synthetic') return live().setInput(request);
    const pixels = await decodeImageFile(request.file, request.name);
    live().setInput({ kind: 'image', pixels, preprocessing: request.preprocessing, inputName: request.inputName });
  },
  run: () => live().run(),
  output: async () => {
    const snapshot = live().output();
    return Comlink.transfer(snapshot, [snapshot.values.buffer as ArrayBuffer]);
  },
  bareLoop: (runs) => live().bareLoop(runs),
  async release() {
    await target?.release();
    target = null;
  },
};

Comlink.expose(api);
