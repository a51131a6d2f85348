/** The (backend, threads) pairs a comparison runs, from the backends ticked and the thread counts chosen. */
import { BACKEND_IDS, BACKENDS, frameworkOf, type BackendId } from '../backends/backend-id';
import type { BackendChoice } from './run-benchmark';

/**
 * WASM once per thread count, GPUs with the most threads for their CPU fallback. TF.js runs only a
 * model's TF.js original (`tfjsOriginal`); its GPU backends have no thread setting.
 */
export function benchChoices(selected: Readonly<Record<BackendId, boolean>>, wasmThreads: readonly number[], tfjsOriginal: boolean): BackendChoice[] {
  const threads = [...new Set(wasmThreads)].sort((a, b) => a - b);
  const fallbackThreads = threads.at(-1) ?? 1;
  const choices: BackendChoice[] = [];
  for (const id of BACKEND_IDS) {
    if (!selected[id]) continue;
    if (frameworkOf(id) === 'tensorflow.js' && !tfjsOriginal) continue;
    if (BACKENDS[id].threaded) choices.push(...threads.map((t) => ({ backend: id, threads: t })));
    else if (frameworkOf(id) === 'tensorflow.js') choices.push({ backend: id, threads: 1 });
    else choices.push({ backend: id, threads: fallbackThreads });
  }
  return choices;
}
