/** Thread-count policy, apart from env.ts so the UI can use it without loading onnxruntime-web. */

/** Thread count used when the caller does not choose; more rarely helps these small models. */
export const MAX_DEFAULT_THREADS = 8;

/** Threads to use by default: every core, capped, and 1 without cross-origin isolation (no SharedArrayBuffer). */
export function defaultThreadCount(isolated: boolean, cores: number): number {
  return isolated ? Math.max(1, Math.min(cores, MAX_DEFAULT_THREADS)) : 1;
}
