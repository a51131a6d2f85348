/** Starts the conversion worker: one per conversion, ended when its check is done or replaced. */
import * as Comlink from './rpc';
import type { OnnxOpsApi } from './onnx-ops.worker';
import type { Benchmarked, ConvertApi, ConvertInput, ConvertStep, Converted, ConvertedToTfjs, OnnxToTfjsStep, TfjsWeightStorage, Verified } from './convert-protocol';
import { trackWorker } from './registry';

export type { Benchmarked, ConvertInput, ConvertStep, Converted, ConvertedToTfjs, OnnxToTfjsStep, TfjsWeightStorage, Verified } from './convert-protocol';

export interface Converter {
  convert(input: ConvertInput, onStep: (step: ConvertStep) => void): Promise<Converted>;
  verify(): Promise<Verified>;
  benchmark(input: ConvertInput, runs: number): Promise<Benchmarked>;
  /** ONNX ops the TF.js converter cannot map, with counts ({} when none). */
  unsupportedOnnx(bytes: Uint8Array): Promise<Record<string, number>>;
  /** An ONNX model to a TF.js graph model, checked against onnxruntime-web. */
  convertOnnx(bytes: Uint8Array, name: string, storage: TfjsWeightStorage, onStep: (step: OnnxToTfjsStep) => void): Promise<ConvertedToTfjs>;
  /** Ends the worker and everything it holds (TF.js, onnxruntime, the model); calls still running reject. */
  terminate(): void;
}

/**
 * A worker's API whose calls reject once the worker is ended or crashes (a terminated worker never
 * answers: its pending calls would hang otherwise).
 */
function guarded<Api>(worker: Worker, what: string, untrack: () => void = () => {}) {
  const api = Comlink.wrap<Api>(worker);
  let end!: (error: Error) => void;
  const ended = new Promise<never>((_, reject) => (end = reject));
  ended.catch(() => {});
  worker.addEventListener('error', (event) => {
    event.preventDefault();
    end(new Error(`the ${what} worker stopped (${event.message || 'it failed to load or ran out of memory'})`));
  });
  let terminated = false;
  return {
    api,
    guard: <T>(call: Promise<T>) => Promise.race([call, ended]),
    terminate() {
      if (terminated) return;
      terminated = true;
      end(new Error(`the ${what} was stopped`));
      untrack();
      api[Comlink.releaseProxy]();
      worker.terminate();
    },
  };
}

/** `label`: the worker's name in the "Memory and sessions" panel. */
export function startConverter(label = 'TF.js conversion'): Converter {
  const worker = new Worker(new URL('./convert.worker.ts', import.meta.url), { type: 'module', name: 'convert' });
  let untrack = () => {};
  const { api, guard, terminate } = guarded<ConvertApi>(worker, 'conversion', () => untrack());
  untrack = trackWorker(label, api);
  return {
    convert: (input, onStep) => guard(api.convert(input, Comlink.proxy(onStep))),
    verify: () => guard(api.verify()),
    benchmark: (input, runs) => guard(api.benchmark(input, runs)),
    unsupportedOnnx: (bytes) => guard(api.unsupportedOnnx(bytes)),
    convertOnnx: (bytes, name, storage, onStep) => guard(api.convertOnnx(bytes, name, storage, Comlink.proxy(onStep))),
    terminate,
  };
}

export type OpsChecker = Pick<Converter, 'unsupportedOnnx' | 'terminate'>;

/**
 * The Model page's check of which ops cannot become TensorFlow.js, in a small worker of its own (the
 * converter's op table and ONNX reader only): opening a model loads neither TF.js nor the conversion worker.
 */
export function startOpsCheck(): OpsChecker {
  const worker = new Worker(new URL('./onnx-ops.worker.ts', import.meta.url), { type: 'module', name: 'onnx-ops' });
  const { api, guard, terminate } = guarded<OnnxOpsApi>(worker, 'op check');
  return { unsupportedOnnx: (bytes) => guard(api.unsupportedOnnx(bytes)), terminate };
}
