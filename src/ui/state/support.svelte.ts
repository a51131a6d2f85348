/**
 * "Which backends run this model", measured: a session is created (not run) for the chosen model on
 * every available backend, one at a time, and the shipped onnxruntime-web itself says which ops each
 * backend leaves to the CPU or cannot run at all.
 */
import type { Capabilities } from '../../engine/backends/detect';
import { BACKENDS } from '../../engine/backends/backend-id';
import type { CheckedBackend } from '../../engine/backends/default-selection';
import type { Placement } from '../../engine/bench/placement';
import { placementOnFile } from '../../engine/graph/placement-overlay';
import { startBenchTarget } from '../../workers/bench-client';
import { messageOf } from '../../shared/errors';
import type { ModelChoice } from './model-choice.svelte';

/** One backend's row of the check: what the comparison page's choice reads, with the full placement and timing. */
export interface BackendSupport extends CheckedBackend {
  placement: Placement | null;
  sessionCreateMs: number | null;
}

export class SupportCheck {
  #rows = $state.raw<{ modelKey: number; rows: BackendSupport[] } | null>(null);
  checking = $state(false);
  error = $state<string | null>(null);

  constructor(private readonly model: ModelChoice) {}

  /** The rows measured for the model on screen; none for an earlier model. */
  get rows(): BackendSupport[] | null {
    return this.#rows?.modelKey === this.model.current.key ? this.#rows.rows : null;
  }

  async check(capabilities: Capabilities, dimOverrides: Record<string, number> = {}): Promise<void> {
    if (this.checking || !this.model.ready) return;
    const modelKey = this.model.current.key;
    this.checking = true;
    this.error = null;
    this.#rows = { modelKey, rows: [] };
    try {
      const payload = await this.model.payload();
      const open = { model: { kind: 'bytes' as const, ...payload }, classifier: null };
      // Placement is mapped onto the file's nodes here, from the graph the page already read.
      const fileNodes = (await this.model.whenGraphRead())?.graph.nodes ?? null;
      for (const status of capabilities.backends) {
        // The ONNX model's support: TF.js backends run the TF.js original, not this file.
        if (!status.available || BACKENDS[status.id].framework !== 'onnxruntime-web' || this.model.current.key !== modelKey) continue;
        const target = startBenchTarget({ backend: status.id, threads: capabilities.maxThreads }, open, { kind: 'synthetic', seed: 1, dimOverrides });
        let row: BackendSupport;
        try {
          const opened = await target.open();
          const placement = opened.placement;
          if (placement && fileNodes) placement.onFile = placementOnFile(status.id, placement, fileNodes);
          const fallback = placement !== null && placement.cpuNodes > 0 && BACKENDS[status.id].cpuFallback;
          row = { backend: status.id, status: fallback ? 'fallback' : 'ok', placement, message: null, sessionCreateMs: opened.sessionCreateMs };
        } catch (error) {
          row = { backend: status.id, status: 'error', placement: null, message: messageOf(error), sessionCreateMs: null };
        } finally {
          await target.dispose(false);
        }
        if (this.#rows?.modelKey === modelKey) this.#rows = { modelKey, rows: [...this.#rows.rows, row] };
      }
    } catch (error) {
      this.error = messageOf(error);
    } finally {
      this.checking = false;
    }
  }
}
