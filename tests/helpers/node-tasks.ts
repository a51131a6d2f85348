/**
 * Runs the app's task definitions on onnxruntime-node through the same pipeline the task worker
 * uses (src/tasks/pipeline.ts): only `infer` and the label files' reader differ.
 */
import { readFile } from 'node:fs/promises';
import * as ort from 'onnxruntime-node';
import { loadTaskAssets, runTask, type Timed } from '../../src/tasks/pipeline';
import type { Feeds, Infer, Outputs, TaskDefinition, TaskModel } from '../../src/tasks/task';
import type { TensorData } from '../../src/engine/ort/session';
import { labelsPath, modelPath } from './assets';

export const readLabelFile = (file: string) => readFile(labelsPath(file), 'utf8');

const toOrt = (feeds: Feeds) => Object.fromEntries(Object.entries(feeds).map(([name, t]) => [name, new ort.Tensor(t.dtype, t.data as never, t.dims)]));
const fromOrt = (outputs: ort.InferenceSession.OnnxValueMapType): Outputs =>
  Object.fromEntries(Object.entries(outputs).map(([name, t]) => [name, { dtype: t.type, dims: t.dims, data: t.data } as TensorData]));

/** One inference of a model: what it was fed and what it returned. */
export interface InferenceCall {
  model: TaskModel;
  feeds: Feeds;
  outputs: Outputs;
}

/** `infer` on onnxruntime-node, one session per model file, recording every call (tests compare them with TF.js). */
export function nodeInfer(): { infer: Infer; calls: InferenceCall[]; release(): Promise<void> } {
  const sessions = new Map<string, Promise<ort.InferenceSession>>();
  const calls: InferenceCall[] = [];
  const session = (model: TaskModel) => {
    let pending = sessions.get(model.source.file);
    if (!pending) sessions.set(model.source.file, (pending = ort.InferenceSession.create(modelPath(model.source.file))));
    return pending;
  };
  return {
    calls,
    infer: async (model, feeds) => {
      const outputs = fromOrt(await (await session(model)).run(toOrt(feeds)));
      calls.push({ model, feeds, outputs });
      return outputs;
    },
    release: async () => {
      for (const pending of sessions.values()) await (await pending).release();
      sessions.clear();
    },
  };
}

/** Runs `task` on `input` with its first model (or `model`), as the app's task worker does. */
export async function runInNode<I, R extends object, M extends TaskModel, A>(
  task: TaskDefinition<string, I, R, M, A>,
  input: I,
  options: { model?: M; infer?: ReturnType<typeof nodeInfer> } = {},
): Promise<Timed<R> & { calls: InferenceCall[] }> {
  const model = options.model ?? task.models[0];
  const runner = options.infer ?? nodeInfer();
  try {
    const assets = await loadTaskAssets(task, model, readLabelFile);
    const calls = runner.calls.length;
    const result = await runTask(task, input, { infer: runner.infer, assets, model });
    return { ...result, calls: runner.calls.slice(calls) };
  } finally {
    if (!options.infer) await runner.release();
  }
}
