/**
 * TensorFlow.js as the reference for a converted model: the original graph model run on TF.js's
 * WASM backend (the CPU backend where WASM lacks a kernel). The only code that imports TF.js; it is
 * imported on first use, so pages that never convert do not load it. TF.js's .wasm files come from
 * the app's own origin (Vite's ?url), as onnxruntime's do: no CDN, and the build's CSP allows nothing
 * else.
 */
import type { Feed, OutputValues } from './agreement';
import { gunzipped } from './fetch-tfjs';
import type { TfjsFiles } from './names';
import type { TfjsBackendName } from '../backends/backend-id';

type Tf = typeof import('@tensorflow/tfjs-core') & typeof import('@tensorflow/tfjs-converter');
export type TfjsBackend = 'wasm' | 'cpu';
type AnyTfjsBackend = TfjsBackend | TfjsBackendName;

let loading: Promise<Tf> | null = null;

export function loadTf(): Promise<Tf> {
  loading ??= (async () => {
    const [core, converter, wasm, plain, simd, threaded] = await Promise.all([
      import('@tensorflow/tfjs-core'),
      import('@tensorflow/tfjs-converter'),
      import('@tensorflow/tfjs-backend-wasm'),
      import('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url'),
      import('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url'),
      import('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url'),
      import('@tensorflow/tfjs-backend-cpu'),
    ]);
    wasm.setWasmPaths({
      'tfjs-backend-wasm.wasm': plain.default,
      'tfjs-backend-wasm-simd.wasm': simd.default,
      'tfjs-backend-wasm-threaded-simd.wasm': threaded.default,
    });
    // One thread: the reference must not depend on thread scheduling, and the threaded build would
    // start workers of its own inside this one.
    core.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    return { ...core, ...converter } as Tf;
  })();
  return loading;
}

async function useBackend(tf: Tf, backend: AnyTfjsBackend): Promise<void> {
  if (tf.getBackend() !== backend && !(await tf.setBackend(backend))) throw new Error(`TensorFlow.js's ${backend} backend did not start`);
  await tf.ready();
}

/** Why TF.js's WASM backend cannot run `threads` threads here, or null when it can. */
export function wasmThreadsRefusal(threads: number, isolated: boolean): string | null {
  if (threads <= 1 || isolated) return null;
  return (
    `TensorFlow.js WASM ×${threads} needs the page to be cross-origin isolated (COOP/COEP headers) for its threaded build's SharedArrayBuffer; ` +
    'this page is not, so only 1 thread can run. Serve the page with those headers, or compare with 1 thread.'
  );
}

/**
 * TF.js hands its thread workers the threaded build's factory as `factory.toString()` in a blob. The
 * production build's minifier renames the factory's free variable `_scriptDir` and drops its typeof
 * guard, so in the thread workers the text throws ReferenceError and no thread starts. The factory's
 * source as published (a string, never minified) is what they get instead.
 */
async function serialiseThreadedFactoryAsPublished(): Promise<void> {
  const [factoryModule, published] = await Promise.all([
    import('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js'),
    import('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js?raw'),
  ]);
  const factory = ((factoryModule as { default?: unknown }).default ?? factoryModule) as { toString(): string };
  const source = `(function () {\n${published.default}\nreturn WasmBackendModuleThreadedSimd;\n})()`;
  factory.toString = () => source;
}

/**
 * TF.js's threaded build caps its pool at half of navigator.hardwareConcurrency (it assumes two
 * hardware threads per core), read once as its runtime starts: on a 2-core machine it never runs 2.
 * The row is labelled with the count asked for, so while the runtime starts this worker reports
 * enough cores for it; the real value is back as soon as it has started.
 */
function liftHalfCoresCap(threads: number): () => void {
  const nav = globalThis.navigator as Navigator | undefined;
  if (!nav || threads <= 1 || threads * 2 <= nav.hardwareConcurrency) return () => {};
  Object.defineProperty(nav, 'hardwareConcurrency', { value: threads * 2, configurable: true });
  return () => void delete (nav as { hardwareConcurrency?: number }).hardwareConcurrency;
}

/**
 * TF.js on its WASM backend with `threads` threads (a benchmark target). Where the page is
 * cross-origin isolated it runs TF.js's threaded SIMD build at every count, 1 included, so rows differ
 * only in threads, as ORT's do; the count XNNPACK actually got is checked, not assumed.
 */
export async function loadTfWasm(threads: number): Promise<Tf> {
  const isolated = globalThis.crossOriginIsolated === true && typeof SharedArrayBuffer !== 'undefined';
  const refusal = wasmThreadsRefusal(threads, isolated);
  if (refusal) throw new Error(refusal);
  const tf = await loadTf();
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  // loadTf turns the threaded build off for the conversion check; a bench worker has a TF.js of its own.
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', isolated);
  if (isolated) await serialiseThreadedFactoryAsPublished();
  wasm.setThreadsCount(threads);
  const restore = liftHalfCoresCap(threads);
  try {
    await useBackend(tf, 'wasm');
  } finally {
    restore();
  }
  const actual = wasm.getThreadsCount();
  if (actual !== threads) {
    throw new Error(`TensorFlow.js WASM started with ${actual} thread${actual === 1 ? '' : 's'} instead of ${threads}: its threaded build did not load. Compare with 1 thread.`);
  }
  return tf;
}

/** TF.js on its WebGL backend (the benchmark's TF.js GPU target; in a worker, on an OffscreenCanvas). */
export async function loadTfWebgl(): Promise<Tf> {
  const tf = await loadTf();
  await import('@tensorflow/tfjs-backend-webgl');
  await useBackend(tf, 'webgl');
  return tf;
}

/** TF.js on its WebGPU backend (the benchmark's TF.js WebGPU target; a worker has navigator.gpu too). */
export async function loadTfWebgpu(): Promise<Tf> {
  const tf = await loadTf();
  await import('@tensorflow/tfjs-backend-webgpu');
  await useBackend(tf, 'webgpu');
  return tf;
}

/** TF.js on one of its backends, by TensorFlow.js's own name (the backend table's `tfjsBackend`); `threads` for WASM only. */
export function startTfBackend(backend: TfjsBackendName, threads: number): Promise<Tf> {
  const start: Record<TfjsBackendName, () => Promise<Tf>> = { wasm: () => loadTfWasm(threads), webgl: loadTfWebgl, webgpu: loadTfWebgpu };
  return start[backend]();
}

export type { TfjsFiles };

const baseName = (p: string) => p.slice(p.lastIndexOf('/') + 1);

/** A graph model from model.json and shard bytes (the user's own files), through tf.io.fromMemory. */
export async function loadTfjsGraphModel(tf: Tf, files: TfjsFiles) {
  const text = typeof files.modelJson === 'string' ? files.modelJson : new TextDecoder().decode(await gunzipped(files.modelJson));
  const json = JSON.parse(text);
  const groups = json.weightsManifest as { paths: string[]; weights: unknown[] }[];
  const parts = await Promise.all(groups.flatMap((g) => g.paths.map((p) => gunzipped(files.shards[baseName(p)]))));
  const weightData = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  parts.reduce((at, p) => (weightData.set(p, at), at + p.length), 0);
  return tf.loadGraphModel(
    tf.io.fromMemory({
      modelTopology: json.modelTopology,
      weightSpecs: groups.flatMap((g) => g.weights) as never,
      weightData: weightData.buffer,
      format: json.format,
      generatedBy: json.generatedBy,
      convertedBy: json.convertedBy,
      signature: json.signature,
      userDefinedMetadata: json.userDefinedMetadata,
    }),
  );
}

async function runOn(backend: TfjsBackend, files: TfjsFiles, feeds: Record<string, Feed>, outputNames: readonly string[]): Promise<Record<string, OutputValues>> {
  const tf = await loadTf();
  await useBackend(tf, backend);
  const model = await loadTfjsGraphModel(tf, files);
  const inputs = Object.fromEntries(Object.entries(feeds).map(([name, f]) => [name, tf.tensor(f.data, f.shape, f.dtype)]));
  try {
    // executeAsync runs every graph, those with dynamic ops (NMS, control flow) too, which `execute`
    // refuses; this run is the reference, not timed, so the asynchronous path costs nothing that counts.
    const result = await model.executeAsync(inputs, [...outputNames]);
    const list = Array.isArray(result) ? result : [result];
    const outputs: Record<string, OutputValues> = {};
    for (let k = 0; k < list.length; k++) outputs[outputNames[k]] = { shape: list[k].shape, data: Float64Array.from(await list[k].data(), Number) };
    tf.dispose(list);
    return outputs;
  } finally {
    tf.dispose(Object.values(inputs));
    model.dispose();
  }
}

/**
 * TF.js's WASM backend as the conversion check starts it (its one-thread build), for timing the
 * original against the conversion; `threads`: what the backend reports after setThreadsCount(1).
 */
export async function loadTfWasmOneThread(): Promise<{ tf: Tf; threads: number }> {
  const tf = await loadTf();
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  wasm.setThreadsCount(1);
  await useBackend(tf, 'wasm');
  return { tf, threads: wasm.getThreadsCount() };
}

/** Runs the original model on `feeds`: every output by its TF.js name, and the backend that ran it. */
export async function runTfjsReference(
  files: TfjsFiles,
  feeds: Record<string, Feed>,
  outputNames: readonly string[],
): Promise<{ backend: TfjsBackend; outputs: Record<string, OutputValues> }> {
  try {
    return { backend: 'wasm', outputs: await runOn('wasm', files, feeds, outputNames) };
  } catch (wasmError) {
    // A kernel the WASM backend lacks (BatchMatMul in some graphs): the CPU backend has more.
    try {
      return { backend: 'cpu', outputs: await runOn('cpu', files, feeds, outputNames) };
    } catch {
      throw wasmError;
    }
  }
}
