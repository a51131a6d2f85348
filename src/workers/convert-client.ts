/** Starts the conversion worker: one per conversion, ended when its check is done or replaced. */
import * as Comlink from './rpc';
import type { Benchmarked, ConvertApi, ConvertInput, ConvertStep, Converted, Verified } from './convert-protocol';
import { trackWorker } from './registry';

export type { Benchmarked, ConvertInput, ConvertStep, Converted, Verified } from './convert-protocol';

export interface Converter {
  convert(input: ConvertInput, onStep: (step: ConvertStep) => void): Promise<Converted>;
  verify(): Promise<Verified>;
  benchmark(input: ConvertInput, runs: number): Promise<Benchmarked>;
  /** Ends the worker and everything it holds (TF.js, onnxruntime, the model); calls still running reject. */
  terminate(): void;
}

export function startConverter(): Converter {
  const worker = new Worker(new URL('./convert.worker.ts', import.meta.url), { type: 'module', name: 'convert' });
  const api = Comlink.wrap<ConvertApi>(worker);
  const untrack = trackWorker('TF.js conversion', api);
  // A terminated or crashed worker never answers: its pending calls reject instead of hanging.
  let end!: (error: Error) => void;
  const ended = new Promise<never>((_, reject) => (end = reject));
  ended.catch(() => {});
  worker.addEventListener('error', (event) => {
    event.preventDefault();
    end(new Error(`the conversion worker stopped (${event.message || 'it failed to load or ran out of memory'})`));
  });
  const guard = <T>(call: Promise<T>) => Promise.race([call, ended]);
  let terminated = false;
  return {
    convert: (input, onStep) => guard(api.convert(input, Comlink.proxy(onStep))),
    verify: () => guard(api.verify()),
    benchmark: (input, runs) => guard(api.benchmark(input, runs)),
    terminate() {
      if (terminated) return;
      terminated = true;
      end(new Error('the conversion was stopped'));
      untrack();
      api[Comlink.releaseProxy]();
      worker.terminate();
    },
  };
}
