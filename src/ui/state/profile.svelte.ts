/**
 * "Profile": the model on the Model page run a few times per chosen backend with onnxruntime's
 * profiling on, one backend at a time, each in a worker of its own; then where the time went.
 */
import type { Capabilities } from '../../engine/backends/detect';
import { BACKENDS, backendsWhere, type BackendId } from '../../engine/backends/backend-id';
import type { GraphOverlay } from '../../engine/graph/overlay';
import { checkSum, chromeTrace, profiledNodes, slowestNodes, timeByOperator, timeOverlay, type BackendProfile, type ProfiledGraphNode } from '../../engine/profile/profile';
import { profileInWorker } from '../../workers/profile-client';
import { failureKind, messageOf } from '../../shared/errors';
import type { ModelChoice } from './model-choice.svelte';

export interface ProfileChoice {
  backend: BackendId;
  title: string;
  /** Null when it can be profiled here; else why not. */
  unavailable: string | null;
}

interface Result {
  modelKey: number;
  nodes: ProfiledGraphNode[];
  profiles: BackendProfile[];
  /** Backends whose profile failed, with what to do. */
  failures: { backend: BackendId; message: string }[];
}

export const WARMUP_RUNS = 1;
/** One thread: with more, kernels also wait for the thread pool, and a busy machine makes that noise. */
const PROFILE_THREADS = 1;

export class ProfileState {
  /** The CPU backend to start with: it profiles every model. */
  chosen = $state<BackendId[]>(backendsWhere((b) => b.profiling !== null && b.device === 'cpu'));
  runs = $state(5);
  running = $state(false);
  progress = $state<string | null>(null);
  #result = $state.raw<Result | null>(null);

  constructor(private readonly model: ModelChoice) {}

  /** The result for the model on screen; none for an earlier model. */
  get result(): Result | null {
    return this.#result?.modelKey === this.model.current.key ? this.#result : null;
  }

  /** Every backend, with why it cannot be profiled in this browser when it cannot. */
  choices(capabilities: Capabilities): ProfileChoice[] {
    return capabilities.backends.map((status) => ({
      backend: status.id,
      title: BACKENDS[status.id].title,
      unavailable: BACKENDS[status.id].noProfileReason ?? (status.available ? null : (status.reason ?? 'not available in this browser')),
    }));
  }

  get operatorRows() {
    const result = this.result;
    return result ? timeByOperator(result.profiles, result.nodes) : [];
  }

  slowest(profile: BackendProfile) {
    return slowestNodes(profile, this.result?.nodes ?? [], 20);
  }

  sumCheck(profile: BackendProfile) {
    return checkSum(profile);
  }

  get overlays(): GraphOverlay[] {
    const result = this.result;
    return result ? result.profiles.map((profile) => timeOverlay(profile, result.nodes)) : [];
  }

  /** The profiles as Chrome trace JSON (Perfetto, chrome://tracing). */
  traceJson(): string {
    const result = this.result;
    return JSON.stringify(result ? chromeTrace(result.profiles, result.nodes) : { traceEvents: [] });
  }

  async profile(capabilities: Capabilities): Promise<void> {
    if (this.running || !this.model.ready) return;
    const modelKey = this.model.current.key;
    const usable = new Set(this.choices(capabilities).filter((c) => !c.unavailable).map((c) => c.backend));
    const backends = this.chosen.filter((b) => usable.has(b));
    const runs = Math.max(1, Math.min(50, Math.floor(this.runs) || 1));
    this.running = true;
    this.#result = { modelKey, nodes: [], profiles: [], failures: [] };
    try {
      const payload = await this.model.payload();
      // Kernels are mapped onto the graph the page already read; a worker reads it only when the page has none.
      const laid = await this.model.whenGraphRead();
      const known = laid ? profiledNodes(laid.graph) : null;
      for (const backend of backends) {
        if (this.model.current.key !== modelKey) break;
        const title = BACKENDS[backend].title;
        this.progress = `${title}: opening the model…`;
        try {
          const { profile, nodes } = await profileInWorker(
            { backend, numThreads: PROFILE_THREADS, bytes: payload.bytes, name: payload.name, externalData: payload.externalData, warmupRuns: WARMUP_RUNS, runs, readNodes: known === null },
            (done, total) => (this.progress = `${title}: run ${done} of ${total} (${WARMUP_RUNS} warm-up)`),
          );
          if (this.#result?.modelKey === modelKey) this.#result = { ...this.#result, nodes: known ?? nodes ?? [], profiles: [...this.#result.profiles, profile] };
        } catch (error) {
          // A load failure carries its own advice; otherwise suggest what is left to try (not WASM when WASM failed).
          const text = messageOf(error);
          const hint = failureKind(error) === 'model-load' ? '' : BACKENDS[backend].device === 'cpu' ? ' Try fewer runs.' : ' Try WASM, or fewer runs.';
          const message = `Profiling ${payload.name} on ${title} failed: ${text}${hint} The rest of the page still works.`;
          if (this.#result?.modelKey === modelKey) this.#result = { ...this.#result, failures: [...this.#result.failures, { backend, message }] };
        }
      }
    } catch (error) {
      if (this.#result?.modelKey === modelKey) this.#result = { ...this.#result, failures: [{ backend: 'wasm', message: messageOf(error) }] };
    } finally {
      this.running = false;
      this.progress = null;
    }
  }
}
