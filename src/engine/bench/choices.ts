/** The (backend, threads) pairs a comparison runs, from the backends ticked and the thread counts chosen. */
import { BACKEND_IDS, BACKENDS, frameworkOf, runsModel, type BackendId, type TfjsModelKind } from '../backends/backend-id';
import type { BackendChoice } from './run-benchmark';

/**
 * WASM once per thread count, GPUs with the most threads for their CPU fallback. TF.js backends run a
 * TF.js graph model (`tfjsModel`: the model's TF.js original, or its conversion; null: neither, so
 * no TF.js row); TF.js's GPU backends have no thread setting.
 */
export function benchChoices(selected: Readonly<Record<BackendId, boolean>>, wasmThreads: readonly number[], tfjsModel: TfjsModelKind | null): BackendChoice[] {
  const threads = [...new Set(wasmThreads)].sort((a, b) => a - b);
  const fallbackThreads = threads.at(-1) ?? 1;
  const choices: BackendChoice[] = [];
  for (const id of BACKEND_IDS) {
    if (!selected[id]) continue;
    if (!runsModel(id, tfjsModel)) continue;
    if (BACKENDS[id].threaded) choices.push(...threads.map((t) => ({ backend: id, threads: t })));
    else if (frameworkOf(id) === 'tensorflow.js') choices.push({ backend: id, threads: 1 });
    else choices.push({ backend: id, threads: fallbackThreads });
  }
  return choices;
}
