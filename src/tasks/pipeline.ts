/**
 * Runs any task definition, timing its stages the same way for all: the task worker and the Node
 * tests call this with their own `infer`, so the tests run exactly the code users run.
 */
import type { AnyTaskDefinition, Infer, ReadLabelFile, TaskDefinition, TaskModel, TaskTimings } from './task';

/** A task's result with where its time went. */
export type Timed<R> = R & { timings: TaskTimings };

export async function runTask<I, R extends object, M extends TaskModel, A>(
  task: TaskDefinition<string, I, R, M, A>,
  input: I,
  how: { infer: Infer; assets: A; model?: M },
): Promise<Timed<R>> {
  const timings: TaskTimings = { preprocessMs: 0, inferenceMs: 0, postprocessMs: 0 };
  const result = await task.run(input, {
    model: how.model ?? task.models[0],
    assets: how.assets,
    infer: how.infer,
    async time(stage, work) {
      const start = performance.now();
      try {
        return await work();
      } finally {
        timings[stage] += performance.now() - start;
      }
    },
  });
  return { ...result, timings };
}

/** What the task reads besides `model` (labels, alphabets), or undefined when nothing. */
export function loadTaskAssets<M extends TaskModel, A>(task: TaskDefinition<string, unknown, unknown, M, A>, model: M, read: ReadLabelFile): Promise<A> {
  return task.assets ? task.assets(model, read) : Promise.resolve(undefined as A);
}

/** The task's model with this id. */
export function taskModel(task: AnyTaskDefinition, id: string): TaskModel | undefined {
  return task.models.find((m: TaskModel) => m.id === id);
}
