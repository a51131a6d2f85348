/** Thread-count policy, apart from env.ts so the UI can use it without loading onnxruntime-web. */

/** Thread count used when the caller does not choose; more rarely helps these small models. */
export const MAX_DEFAULT_THREADS = 8;

/**
 * Threads this browser can give WASM: every core when cross-origin isolated, else 1 (threads need
 * SharedArrayBuffer, which only isolated pages get).
 */
export function offeredThreads(isolated: boolean, cores: number | undefined): number {
  return isolated && Number.isInteger(cores) && cores! > 0 ? cores! : 1;
}

/** Threads to use by default: every core, capped, and 1 without cross-origin isolation (no SharedArrayBuffer). */
export function defaultThreadCount(isolated: boolean, cores: number): number {
  return Math.min(offeredThreads(isolated, cores), MAX_DEFAULT_THREADS);
}

/** One requested thread count checked against what is offered: usable (maybe lowered, with a note) or refused. */
export type ThreadCheck = { ok: true; threads: number; note: string | null } | { ok: false; note: string };

/**
 * Checks one `?threads=` value against `available` (see offeredThreads). A request above it is
 * lowered to it: more threads than cores only makes the runtime's threads wait on each other (99
 * threads on 2 cores ran 40 times slower). The app's default cap does not apply to an explicit
 * request. `isolated` only words the note: with 1 available, say why.
 */
export function checkThreadCount(value: string, available: number, isolated = true): ThreadCheck {
  const text = value.trim();
  if (!/^\d+$/.test(text) || Number(text) < 1) {
    return { ok: false, note: `?threads=${value} is not a thread count: give a whole number from 1 to ${available}.` };
  }
  const requested = Number(text);
  if (requested <= available) return { ok: true, threads: requested, note: null };
  const offered = isolated ? `this browser offers ${available}` : 'this page is not cross-origin isolated (serve it with COOP/COEP headers for more threads)';
  return { ok: true, threads: available, note: `?threads=${text}: ${offered}, using ${available}.` };
}

/**
 * The thread count for a single `?threads=` value (null or empty when the URL has none): the
 * request lowered to what is available, or the default when it is missing or nonsense; `note`
 * says what was changed and why.
 */
export function resolveThreads(requested: string | null, available: number, isolated = true): { threads: number; note: string | null } {
  const fallback = Math.min(available, MAX_DEFAULT_THREADS);
  if (requested === null || requested.trim() === '') return { threads: fallback, note: null };
  const check = checkThreadCount(requested, available, isolated);
  if (check.ok) return { threads: check.threads, note: check.note };
  return { threads: fallback, note: `${check.note} Using ${fallback} (every core, up to ${MAX_DEFAULT_THREADS}).` };
}

/**
 * A comma-separated list of thread counts (`?threads=1,2,4`): each value lowered to what is
 * available, nonsense dropped, duplicates (two values lowered to the same count) merged, ascending;
 * one note per value changed or dropped. An empty `threads` means the caller's default applies.
 */
export function resolveThreadList(requested: string | null, available: number, isolated = true): { threads: number[]; notes: string[] } {
  const threads = new Set<number>();
  const notes: string[] = [];
  for (const value of requested?.split(',').map((s) => s.trim()).filter(Boolean) ?? []) {
    const check = checkThreadCount(value, available, isolated);
    if (check.ok) threads.add(check.threads);
    if (check.note) notes.push(check.note);
  }
  return { threads: [...threads].sort((a, b) => a - b), notes };
}
