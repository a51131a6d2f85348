/// <reference lib="webworker" />
/** The gallery's task worker: owns one session per model and runs any task of the registry through the one pipeline. */
import * as Comlink from './rpc';
import { wasmMemoryBytes } from '../engine/ort/wasm-memory';
import { openRuntime, type Ort } from '../engine/ort/runtime';
import { ModelSession, openSessionCount } from '../engine/ort/session';
import { fetchModel } from '../engine/model/fetch-model';
import { bitmapToPixels, decodeImageFile } from '../engine/image/decode';
import type { Image8 } from '../engine/tensor/resize';
import { modelUrl } from '../tasks/model-source';
import { fetchLabelFile } from '../tasks/label-file';
import { loadTaskAssets, runTask } from '../tasks/pipeline';
import { findTask, findTextTask } from '../tasks/registry';
import type { AnyTaskDefinition, Infer, TaskModel } from '../tasks/task';
import { textTaskModel, textTaskOf, type TextAssets, type TextTaskModel } from '../tasks/text-model';
import { textAssets } from '../tasks/text-assets';
import type { BackendId } from '../engine/backends/backend-id';
import type { TaskApi, TaskRequest } from './task-protocol';

let ort: Ort | null = null;
let backend: BackendId = 'wasm';
const sessions = new Map<string, Promise<ModelSession>>();

function session(model: TaskModel): Promise<ModelSession> {
  const { source, title } = model;
  let pending = sessions.get(source.file);
  if (!pending) {
    pending = (async () => {
      if (!ort) throw new Error('The task worker was not initialised.');
      const bytes = await fetchModel(modelUrl(source.file), { sha256: source.sha256, bytes: source.bytes, name: title });
      return ModelSession.create(ort, bytes, title);
    })();
    pending.catch(() => sessions.delete(source.file)); // a failed load can be retried
    sessions.set(source.file, pending);
  }
  return pending;
}

const infer: Infer = async (model, feeds) => {
  const opened = await session(model);
  return opened.run(feeds, opened.outputNames);
};

/** The request as the task's input: photos and frames become pixels. */
async function inputOf(request: TaskRequest<unknown>): Promise<unknown> {
  if (request.kind === 'photo') return decodeImageFile(request.file, request.name);
  if (request.kind === 'camera') return bitmapToPixels(request.frame, 'The camera frame');
  return request.value;
}

/** The buffers of the pictures a result carries (super-resolution, segmentation), to transfer rather than copy. */
function pictureBuffers(result: object): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const value of Object.values(result)) {
    const data = (value as Partial<Image8> | null)?.data;
    if (data instanceof Uint8Array && data.buffer instanceof ArrayBuffer) buffers.add(data.buffer);
  }
  return [...buffers];
}

/** The text model the caller brought (one at a time: hub models are large). */
let text: { model: TextTaskModel; session: ModelSession; assets: TextAssets } | null = null;

async function releaseText(): Promise<void> {
  const old = text;
  text = null;
  await old?.session.release();
}

const api: TaskApi = {
  resources: () => ({ openSessions: openSessionCount(), wasmBytes: wasmMemoryBytes() }),
  async init(numThreads, chosen = 'wasm') {
    ort = (await openRuntime({ backend: chosen, numThreads })).ort;
    backend = chosen;
  },
  async loadText({ origin, bytes, files, externalData }) {
    if (!ort) throw new Error('The task worker was not initialised.');
    const start = performance.now();
    const model = textTaskModel(origin);
    if (text?.model.id !== model.id) {
      await releaseText();
      const session = await ModelSession.create(ort, bytes, model.title, { backend, externalData });
      try {
        text = { model, session, assets: textAssets(files, { inputs: session.inputs, outputs: session.outputs }) };
      } catch (error) {
        await session.release();
        throw error;
      }
    }
    return { id: model.id, task: textTaskOf(files, text!.assets.outputs), backend, loadMs: performance.now() - start };
  },
  async runText(id, modelId, input) {
    const loaded = text;
    if (!loaded || loaded.model.id !== modelId) throw new Error('That text model is not loaded here any more; open it again.');
    const task: AnyTaskDefinition = findTextTask(id);
    return runTask(task, input, { infer: (_model, feeds) => loaded.session.run(feeds, loaded.session.outputNames), assets: loaded.assets, model: loaded.model });
  },
  async run(id, request) {
    const task: AnyTaskDefinition = findTask(id);
    const model = task.models[0];
    // Loading the models and files first: the first call's loading is not preprocessing.
    const [assets] = await Promise.all([loadTaskAssets(task, model, fetchLabelFile), ...task.models.map(session)]);
    const start = performance.now();
    const input = await inputOf(request);
    const decodeMs = performance.now() - start;
    const output = await runTask(task, input, { infer, assets, model });
    output.timings.preprocessMs += decodeMs; // the panels show "decode and preprocess"
    return Comlink.transfer(output, pictureBuffers(output));
  },
};

Comlink.expose(api);
