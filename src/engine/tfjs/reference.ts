/**
 * TensorFlow.js as the reference for a converted model: the original graph model run on TF.js's
 * WASM backend (the CPU backend where WASM lacks a kernel). The only code that imports TF.js; it is
 * imported on first use, so pages that never convert do not load it. TF.js's .wasm files come from
 * the app's own origin (Vite's ?url), as onnxruntime's do: no CDN, and the build's CSP allows nothing
 * else.
 */
import type { Feed, OutputValues } from './agreement';
import { gunzipped } from './fetch-tfjs';

type Tf = typeof import('@tensorflow/tfjs-core') & typeof import('@tensorflow/tfjs-converter');
export type TfjsBackend = 'wasm' | 'cpu';
type AnyTfjsBackend = TfjsBackend | 'webgl';

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

/** TF.js on its WASM backend with one thread (the benchmark's TF.js target). */
export async function loadTfWasmSingleThread(): Promise<Tf> {
  const tf = await loadTf();
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  wasm.setThreadsCount(1);
  await useBackend(tf, 'wasm');
  return tf;
}

/** TF.js on its WebGL backend (the benchmark's TF.js GPU target; in a worker, on an OffscreenCanvas). */
export async function loadTfWebgl(): Promise<Tf> {
  const tf = await loadTf();
  await import('@tensorflow/tfjs-backend-webgl');
  await useBackend(tf, 'webgl');
  return tf;
}

/** model.json's text and its shards by base name, as the user gave them (gzipped or not). */
export interface TfjsFiles {
  modelJson: Uint8Array | string;
  shards: Record<string, Uint8Array>;
}

const baseName = (p: string) => p.slice(p.lastIndexOf('/') + 1);

async function loadModel(tf: Tf, files: TfjsFiles) {
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
  const model = await loadModel(tf, files);
  const inputs = Object.fromEntries(Object.entries(feeds).map(([name, f]) => [name, tf.tensor(f.data, f.shape, f.dtype)]));
  try {
    let result;
    try {
      result = model.execute(inputs, [...outputNames]);
    } catch (error) {
      // Graphs with dynamic ops (NMS, control flow) run only asynchronously.
      if (!/executeAsync/.test((error as Error).message)) throw error;
      result = await model.executeAsync(inputs, [...outputNames]);
    }
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
 * The original loaded once on TF.js's WASM backend with one thread, for timing (the TF.js vs ORT
 * benchmark): `run` executes the graph and reads every output back, as an app would.
 */
export async function openTfjsWasm(files: TfjsFiles, feeds: Record<string, Feed>, outputNames: readonly string[]) {
  const tf = await loadTf();
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  wasm.setThreadsCount(1);
  await useBackend(tf, 'wasm');
  const model = await loadModel(tf, files);
  const inputs = Object.fromEntries(Object.entries(feeds).map(([name, f]) => [name, tf.tensor(f.data, f.shape, f.dtype)]));
  return {
    threads: wasm.getThreadsCount(),
    async run(): Promise<void> {
      const result = model.execute(inputs, [...outputNames]);
      const list = Array.isArray(result) ? result : [result];
      await Promise.all(list.map((t) => t.data()));
      tf.dispose(list);
    },
    dispose() {
      tf.dispose(Object.values(inputs));
      model.dispose();
    },
  };
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
