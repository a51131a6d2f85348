/** Starts the conversion worker: one per conversion, ended when its check is done or replaced. */
import * as Comlink from 'comlink';
import type { ConvertApi, ConvertInput, ConvertStep, Converted, Verified } from './convert-protocol';
import { trackWorker } from './registry';

export type { ConvertInput, ConvertStep, Converted, Verified } from './convert-protocol';

export interface Converter {
  convert(input: ConvertInput, onStep: (step: ConvertStep) => void): Promise<Converted>;
  verify(): Promise<Verified>;
  /** Ends the worker and everything it holds (TF.js, onnxruntime, the model). Safe to call twice. */
  terminate(): void;
}

export function startConverter(): Converter {
  const worker = new Worker(new URL('./convert.worker.ts', import.meta.url), { type: 'module', name: 'convert' });
  const api = Comlink.wrap<ConvertApi>(worker);
  const untrack = trackWorker('TF.js conversion', api);
  let ended = false;
  return {
    convert: (input, onStep) => api.convert(input, Comlink.proxy(onStep)),
    verify: () => api.verify(),
    terminate() {
      if (ended) return;
      ended = true;
      untrack();
      api[Comlink.releaseProxy]();
      worker.terminate();
    },
  };
}
