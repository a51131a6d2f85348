/** The gallery page's state: one task worker for its small models, started with the page. */
import { defaultThreadCount } from '../../engine/ort/threads';
import { startTaskWorker, type TaskClient } from '../../workers/task-client';
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

  dispose(): void {
    this.client?.terminate();
    this.client = null;
  }
}
