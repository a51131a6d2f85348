/** Which backends "try it" offers for a model: the rule, apart from the page, so it can be tested. */
import { BACKENDS, BASELINE_BACKEND, type BackendId } from '../../engine/backends/backend-id';
import type { Capabilities } from '../../engine/backends/detect';
import { staticSupport } from '../../engine/backends/operator-support';
import type { ModelInfo } from '../../engine/onnx-format/model-info';

/**
 * The onnxruntime-web backends this browser offers that can run the model: not those its op list
 * says cannot load it (an op missing with no CPU fallback, an opset past the runtime), nor those
 * the measured check (`failed`) could not load it on. The baseline (WASM) first; it alone before
 * the browser is known.
 */
export function tryBackendsFor(capabilities: Capabilities | null, info: Pick<ModelInfo, 'opHistogram' | 'opsets'> | null, failed: ReadonlySet<BackendId> = new Set()): BackendId[] {
  if (!capabilities || !info) return [BASELINE_BACKEND];
  const runs = (id: BackendId) => {
    const listed = staticSupport(id, info.opHistogram, info.opsets);
    return listed.opsetTooNew === null && !(listed.whenMissing === 'fails' && listed.missing.length > 0) && !failed.has(id);
  };
  const offered = capabilities.backends
    .filter((status) => status.available && BACKENDS[status.id].framework === 'onnxruntime-web' && runs(status.id))
    .map((status) => status.id)
    .sort((a, b) => Number(BACKENDS[b].baseline) - Number(BACKENDS[a].baseline));
  return offered.length ? offered : [BASELINE_BACKEND];
}
