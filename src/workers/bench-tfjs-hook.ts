/**
 * The page side of `npm run bench:tfjs` (loaded only with `?bench-tfjs`): `window.benchTfjs(id, runs)`
 * converts `/bench-tfjs/<id>.json` (copied into dist/ by the script) in a fresh conversion worker and
 * times it on onnxruntime-web against TF.js, both WASM with one thread.
 */
import { startConverter, type Benchmarked } from './convert-client';

declare global {
  interface Window {
    benchTfjs?: (id: string, runs: number) => Promise<Benchmarked>;
  }
}

export function installBenchTfjsHook(): void {
  window.benchTfjs = async (id, runs) => {
    const converter = startConverter();
    try {
      return await converter.benchmark({ kind: 'url', url: new URL(`/bench-tfjs/${id}.json`, location.href).href, name: `${id}.json` }, runs);
    } finally {
      converter.terminate();
    }
  };
}
