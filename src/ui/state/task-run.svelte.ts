/** One user-started task in a panel: its result, its error message, and whether it is running. */
import { messageOf } from '../../shared/errors';

export class TaskRun<T> {
  result = $state.raw<T | null>(null);
  error = $state<string | null>(null);
  busy = $state(false);

  /** Runs `work`; a failure clears the result and shows its message. */
  async run(work: () => Promise<T>): Promise<void> {
    this.busy = true;
    this.error = null;
    try {
      this.result = await work();
    } catch (error) {
      this.error = messageOf(error);
      this.result = null;
    } finally {
      this.busy = false;
    }
  }
}
