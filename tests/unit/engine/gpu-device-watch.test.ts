// The GPU device watch of the ORT benchmark target: a lost device fails the run in flight and every
// later run with a 'gpu-lost' failure that says what happened, not the runtime's own error.
import { describe, expect, it } from 'vitest';
import { GpuDeviceWatch } from '../../../src/engine/ort/gpu-device-watch';
import { failureKind } from '../../../src/shared/errors';

/** A device that is lost when destroyed, as WebGPU's is. */
function fakeOrt() {
  let lose!: (info: { reason?: string; message?: string }) => void;
  const device = {
    lost: new Promise<{ reason?: string; message?: string }>((resolve) => (lose = resolve)),
    destroy: () => lose({ reason: 'destroyed', message: 'Device was destroyed.' }),
    queue: { onSubmittedWorkDone: async () => {} },
  };
  return { ort: { env: { webgpu: { device: Promise.resolve(device) } } }, device };
}

describe('GpuDeviceWatch', () => {
  it('runs work while the device lives, then fails every run with gpu-lost once it is destroyed after N runs', async () => {
    const { ort } = fakeOrt();
    const watch = new GpuDeviceWatch(2);
    await watch.watch(ort);
    expect(await watch.guarded(async () => 1)).toBe(1);
    expect(await watch.guarded(async () => 2)).toBe(2);
    expect(watch.lost).toBe(false);
    const third = await watch.guarded(async () => 3).catch((error: unknown) => error);
    expect(failureKind(third)).toBe('gpu-lost');
    expect((third as Error).message).toMatch(/^The GPU device was lost \(destroyed: Device was destroyed\.\)/);
    expect(watch.lost).toBe(true);
    expect(failureKind(await watch.guarded(async () => 4).catch((error: unknown) => error))).toBe('gpu-lost');
  });

  it('a run in flight when the device is lost reports the loss instead of its own error or never returning', async () => {
    const { ort, device } = fakeOrt();
    const watch = new GpuDeviceWatch();
    await watch.watch(ort);
    const hanging = watch.guarded(() => new Promise<never>(() => {}));
    device.destroy();
    await expect(hanging).rejects.toMatchObject({ kind: 'gpu-lost' });
  });

  it('without a device to watch, runs report their own errors', async () => {
    const watch = new GpuDeviceWatch();
    await watch.watch({ env: { webgpu: { device: Promise.reject(new Error('no adapter')) } } });
    await expect(watch.guarded(async () => Promise.reject(new Error('kernel failed')))).rejects.toThrow('kernel failed');
  });
});
