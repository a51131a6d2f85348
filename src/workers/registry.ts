/**
 * The workers alive now, by name, each able to say how many sessions it holds and how large its
 * runtime's WASM memory is: what the "Memory and sessions" panel shows and what the long-session
 * tests check (every session released, memory levelling off).
 */
export interface WorkerResources {
  openSessions: number;
  /** The WebAssembly memory of the worker's runtime, onnxruntime or TF.js (0 before it has loaded). */
  wasmBytes: number;
  /** TF.js workers: the tensors TensorFlow.js holds (tf.memory()), which must stay flat over runs. */
  tfjs?: { numTensors: number; numBytes: number };
}

interface Tracked {
  name: string;
  resources(): Promise<WorkerResources>;
}

const live = new Set<Tracked>();

/** Registers a started worker; call the returned function when it ends. */
export function trackWorker(name: string, api: { resources(): Promise<WorkerResources> | WorkerResources }): () => void {
  const entry: Tracked = { name, resources: async () => api.resources() };
  live.add(entry);
  return () => live.delete(entry);
}

export async function liveWorkers(): Promise<({ name: string } & (WorkerResources | { openSessions: null; wasmBytes: null }))[]> {
  return Promise.all(
    [...live].map(async (w) => {
      // A worker busy for long (compiling a model) answers late: report it as busy, not as empty.
      const busy = { openSessions: null, wasmBytes: null } as const;
      const answer = await Promise.race([w.resources().catch(() => busy), new Promise<typeof busy>((r) => setTimeout(() => r(busy), 2000))]);
      return { name: w.name, ...answer };
    }),
  );
}
