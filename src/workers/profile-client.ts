/** Profiles a model on one backend in a worker of its own, ended when the profile is done or fails. */
import * as Comlink from 'comlink';
import type { ProfileWorkerApi } from './profile.worker';
import type { ProfileRequest } from '../engine/profile/run-profile';
import { trackWorker } from './registry';

export async function profileInWorker(
  request: ProfileRequest & { numThreads: number },
  onProgress: (done: number, total: number) => void,
): ReturnType<ProfileWorkerApi['profile']> {
  const worker = new Worker(new URL('./profile.worker.ts', import.meta.url), { type: 'module', name: `profile ${request.backend}` });
  const api = Comlink.wrap<ProfileWorkerApi>(worker);
  // The session is released before the profile returns; the worker holds nothing afterwards.
  const untrack = trackWorker(`profile ${request.backend}`, { resources: () => ({ openSessions: 0, wasmBytes: 0 }) });
  try {
    return await api.profile(request, Comlink.proxy(onProgress));
  } finally {
    untrack();
    api[Comlink.releaseProxy]();
    worker.terminate();
  }
}
