/** Memory and open sessions, measured on request: what a long session costs, and proof sessions are released. */
import { liveWorkers } from '../../workers/registry';
import { messageOf } from '../../shared/errors';

export interface ResourceReading {
  workers: Awaited<ReturnType<typeof liveWorkers>>;
  /** All workers' WASM memory. */
  wasmBytes: number;
  /** The page's own JS heap (Chrome's performance.memory), null elsewhere. */
  pageHeapBytes: number | null;
}

export async function readResources(): Promise<ResourceReading> {
  const workers = await liveWorkers();
  const heap = (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory;
  return { workers, wasmBytes: workers.reduce((sum, w) => sum + (w.wasmBytes ?? 0), 0), pageHeapBytes: heap?.usedJSHeapSize ?? null };
}

export class ResourcesState {
  reading = $state.raw<ResourceReading | null>(null);
  measuring = $state(false);
  error = $state<string | null>(null);

  async measure(): Promise<void> {
    this.measuring = true;
    this.error = null;
    try {
      this.reading = await readResources();
    } catch (error) {
      this.error = `Could not measure: ${messageOf(error)}`;
    } finally {
      this.measuring = false;
    }
  }
}
