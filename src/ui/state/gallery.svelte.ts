/** The gallery page's state: one task worker for its small models, started with the page. */
import { defaultThreadCount } from '../../engine/ort/threads';
import { startTaskWorker, type TaskClient } from '../../workers/task-client';
import type { TaskReply, TaskRequest } from '../../workers/task-protocol';
import type { TaskId, TaskInput } from '../../tasks/registry';
import { messageOf } from '../../shared/errors';

export class GalleryState {
  client = $state.raw<TaskClient | null>(null);
  error = $state<string | null>(null);

  async start(): Promise<void> {
    try {
      this.client = await startTaskWorker(defaultThreadCount(crossOriginIsolated, navigator.hardwareConcurrency));
    } catch (error) {
      this.error = `The task worker could not start: ${messageOf(error)}`;
    }
  }

  /** Runs a task in the worker (the panels show only once it has started). */
  run<T extends TaskId>(task: T, request: TaskRequest<TaskInput<T>>): Promise<TaskReply<T>> {
    if (!this.client) return Promise.reject(new Error('The task worker has not started.'));
    return this.client.run(task, request);
  }

  dispose(): void {
    this.client?.terminate();
    this.client = null;
  }
}
