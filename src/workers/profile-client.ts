/** Profiles a model on one backend in a worker of its own, ended when the profile is done or fails. */
import * as Comlink from './rpc';
import type { ProfileWorkerApi } from './profile.worker';
import type { ProfileRequest } from '../engine/profile/run-profile';
import { trackWorker } from './registry';

/** Past this a profile is abandoned and its worker ended (a GPU backend on a software adapter can stall). */
const PROFILE_TIMEOUT_MS = 5 * 60_000;

export async function profileInWorker(
  request: ProfileRequest & { numThreads: number; readNodes: boolean },
  onProgress: (done: number, total: number) => void,
): ReturnType<ProfileWorkerApi['profile']> {
  const worker = new Worker(new URL('./profile.worker.ts', import.meta.url), { type: 'module', name: `profile ${request.backend}` });
  const api = Comlink.wrap<ProfileWorkerApi>(worker);
  // The session is released before the profile returns; the worker holds nothing afterwards.
  const untrack = trackWorker(`profile ${request.backend}`, { resources: () => ({ openSessions: 0, wasmBytes: 0 }) });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`it gave no answer within ${PROFILE_TIMEOUT_MS / 60_000} minutes, so it was stopped. Try fewer runs, or WASM.`)),
      PROFILE_TIMEOUT_MS,
    );
  });
  try {
    return await Promise.race([api.profile(request, Comlink.proxy(onProgress)), timeout]);
  } finally {
    clearTimeout(timer);
    untrack();
    api[Comlink.releaseProxy]();
    worker.terminate();
  }
}
