/** A gallery panel's runs of its task: the result, its error message, whether one is running. */
import { messageOf } from '../../shared/errors';
import type { TaskId, TaskInput } from '../../tasks/registry';
import type { TaskReply } from '../../workers/task-protocol';
import type { GalleryState } from './gallery.svelte';

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

/** A task run on photos the user picks; `imageUrl` shows the photo under the result when the panel draws on it. */
export class PhotoTaskRun<T extends TaskId> extends TaskRun<TaskReply<T> & { imageUrl: string | null }> {
  constructor(
    private readonly gallery: GalleryState,
    readonly task: T,
    private readonly showsPhoto: boolean,
  ) {
    super();
  }

  pick = (pending: Blob | Promise<Blob>, name: string): Promise<void> =>
    this.run(async () => {
      const file = await pending;
      const found = await this.gallery.run(this.task, { kind: 'photo', file, name });
      if (this.result?.imageUrl) URL.revokeObjectURL(this.result.imageUrl);
      return { ...found, imageUrl: this.showsPhoto ? URL.createObjectURL(file) : null };
    });
}

/** A task run on live camera frames: the latest frame's result, or why the last one failed. */
export class CameraTaskRun<T extends TaskId> {
  live = $state.raw<TaskReply<T> | null>(null);
  error = $state<string | null>(null);

  constructor(
    private readonly gallery: GalleryState,
    readonly task: T,
  ) {}

  /** One frame (transferred to the worker); false when it failed, which stops the camera loop. */
  frame = async (frame: ImageBitmap): Promise<boolean> => {
    try {
      this.live = await this.gallery.run(this.task, { kind: 'camera', frame });
      this.error = null;
      return true;
    } catch (error) {
      this.error = messageOf(error);
      this.live = null;
      return false;
    }
  };
}

/**
 * A task asked again and again (each stroke of a drawing, each submitted form): only the latest
 * question's answer shows, and `forget` drops the shown one when the question changes.
 */
export class LatestAnswer<T extends TaskId> {
  result = $state.raw<TaskReply<T> | null>(null);
  error = $state<string | null>(null);
  busy = $state(false);
  /** Bumped by every question and every `forget`: an answer for an older one is dropped. */
  #question = 0;
  #latestAsked = 0;

  constructor(
    private readonly gallery: GalleryState,
    readonly task: T,
    /** Put before a failure's message: "The digit could not be recognised: ". */
    private readonly failure: string,
  ) {}

  /** The question changed (a form edited): the shown answer and error no longer apply. */
  forget(): void {
    this.#question++;
    this.result = null;
    this.error = null;
  }

  /** Starting over (a drawing cleared): drop the answer and stop waiting for the one asked. */
  clear(): void {
    this.#question++;
    this.result = null;
    this.busy = false;
  }

  async ask(value: TaskInput<T>): Promise<void> {
    const mine = ++this.#question;
    this.#latestAsked = mine;
    this.busy = true;
    try {
      const answer = await this.gallery.run(this.task, { kind: 'value', value });
      if (mine === this.#question) {
        this.result = answer;
        this.error = null;
      }
    } catch (error) {
      if (mine === this.#question) this.error = `${this.failure}${messageOf(error)}`;
    } finally {
      if (mine === this.#latestAsked) this.busy = false;
    }
  }
}
