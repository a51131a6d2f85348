/**
 * Watches the WebGPU device a backend hands out (the table's `exposesGpuDevice`): a lost device
 * (driver reset, GPU process crash) fails every later run, and the run should say why instead of
 * hanging or reporting a destroyed buffer. Used by the ORT benchmark target.
 */
import { Failure } from '../../shared/errors';

interface LosableDevice {
  lost: Promise<{ reason?: string; message?: string }>;
  destroy(): void;
  queue: { onSubmittedWorkDone(): Promise<void> };
}

/** How long a failed run may wait for the GPU to finish what it queued before reporting anyway. */
const GPU_SETTLE_TIMEOUT_MS = 60_000;
/** How long to wait for the runtime to hand out its device: a getter that has to create one would wait for one that is never used. */
const DEVICE_ASK_TIMEOUT_MS = 1000;

const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));

export class GpuDeviceWatch {
  private device: LosableDevice | null = null;
  /** Set when the device is lost: what every later run reports. */
  private lostMessage: string | null = null;
  /** Rejects when the device is lost: a run in flight then would otherwise never return. */
  private lostSignal: Promise<never> = new Promise(() => {});

  /**
   * @param runsBeforeLoss Diagnostics (?loseGpuAfter=N): destroy the device on purpose after N runs,
   * to show how a lost device is handled (null: never).
   */
  constructor(private runsBeforeLoss: number | null = null) {}

  /** True once the device is lost: the runtime's own pending reads then reject with nobody to catch them, and are not errors of their own. */
  get lost(): boolean {
    return this.lostMessage !== null;
  }

  /** Starts watching the device the runtime created (a promise under JSEP). */
  async watch(ort: { env: { webgpu: { device: unknown } } }): Promise<void> {
    let device: LosableDevice | null;
    try {
      const timeout = new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), DEVICE_ASK_TIMEOUT_MS));
      device = ((await Promise.race([ort.env.webgpu.device, timeout])) as LosableDevice | undefined) ?? null;
    } catch {
      return; // no device to watch: runs report their own errors
    }
    if (!device?.lost) return;
    this.device = device;
    this.lostSignal = device.lost.then((info) => {
      this.lostMessage =
        `The GPU device was lost (${info.reason || 'reason unknown'}${info.message ? `: ${info.message}` : ''}), as happens when the ` +
        'driver resets or the GPU process restarts. Run the benchmark again: each run starts a fresh worker and GPU device.';
      throw this.failure();
    });
    this.lostSignal.catch(() => undefined); // observed by the runs that race it
  }

  /** Runs `work` on the device: fails at once when the device is lost, and says so when it is lost meanwhile. */
  async guarded<T>(work: () => Promise<T>): Promise<T> {
    if (this.runsBeforeLoss !== null && this.runsBeforeLoss-- <= 0) {
      this.runsBeforeLoss = null;
      this.device?.destroy();
      await nextTask(); // let the lost promise settle
    }
    if (this.lostMessage) throw this.failure();
    try {
      return await Promise.race([work(), this.lostSignal]);
    } catch (error) {
      await this.idle(); // the error is reported once the failed run's queued work no longer runs
      // The run's own error (a failed mapAsync, a destroyed buffer) says less than the loss does.
      await nextTask();
      throw this.lostMessage ? this.failure() : error;
    }
  }

  private failure(): Failure {
    return new Failure('gpu-lost', this.lostMessage!);
  }

  /**
   * Waits until the GPU has done the work queued so far. A run that fails part-way has already
   * queued its earlier kernels, with their shader compilation; on a software adapter (SwiftShader)
   * that is seconds of CPU, which ending the worker does not cancel, and which would be timed against
   * the next backend's runs. Bounded, in case the device never answers.
   */
  private async idle(): Promise<void> {
    const queue = this.device?.queue;
    if (!queue) return;
    await Promise.race([queue.onSubmittedWorkDone().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, GPU_SETTLE_TIMEOUT_MS))]);
  }
}
