/**
 * Before any session exists: which of a model's op types each backend does not implement, from the
 * operator tables shipped with onnxruntime-web (operator-support.json, made by
 * scripts/make-operator-table.mjs). The live check (a session per backend, placement read from
 * ORT's log) is the ground truth; this is the instant, offline answer.
 */
import table from './operator-support.json';
import { BACKENDS, type BackendDescription, type BackendId } from './backend-id';

type Ranges = [number, number | null][];
interface BackendTable {
  source: string;
  ops: Record<string, Record<string, Ranges>>;
}
type OperatorList = NonNullable<BackendDescription['operatorList']>['table'];
const TABLES = table.backends as unknown as Record<OperatorList, BackendTable>;
export const OPERATOR_TABLE_VERSION: string = table.onnxruntimeWeb;

/**
 * The highest ai.onnx opset the bundled onnxruntime-web loads. Above it, creating a session fails on
 * every backend but WebGL2 (the legacy runtime), in onnxruntime's ValidateOpsetForDomain ("Current official support for domain
 * ai.onnx is till opset 26"); tests/unit/engine/opset-limit.test.ts checks it against the runtime.
 */
export const MAX_ONNX_OPSET = 26;

/** The model's ai.onnx opset when it is above what the runtime loads, else null. */
export function opsetBeyondRuntime(opsets: Record<string, number>): number | null {
  const opset = opsets[''] ?? opsets['ai.onnx'];
  return opset !== undefined && opset > MAX_ONNX_OPSET ? opset : null;
}

export interface MissingOp {
  /** As in the model's op histogram: `Conv`, or `com.microsoft.QLinearConv`. */
  op: string;
  count: number;
  /** Opset ranges the backend implements, when it has the op at all (the model's opset is outside them). */
  implemented: string | null;
}

export interface StaticSupport {
  backend: BackendId;
  /** Where the list comes from, for the user to check. */
  source: string;
  /** The list describes a sibling backend (the native WebGPU EP ships no list of its own). */
  approximate: boolean;
  /** What happens to missing ops: they run on the CPU, or the model does not load. */
  whenMissing: 'cpu-fallback' | 'fails' | 'none';
  missing: MissingOp[];
  /** The model's ai.onnx opset when this backend's runtime cannot load it at all (above MAX_ONNX_OPSET), else null. */
  opsetTooNew: number | null;
  /** Nodes whose op type is missing, of all nodes. */
  missingNodes: number;
  totalNodes: number;
}

/** `com.microsoft.QLinearConv` → [com.microsoft, QLinearConv]; a bare name is in ai.onnx. */
export function splitOpKey(key: string): [domain: string, op: string] {
  const dot = key.lastIndexOf('.');
  return dot < 0 ? ['ai.onnx', key] : [key.slice(0, dot), key.slice(dot + 1)];
}

const formatRanges = (ranges: Ranges) => ranges.map(([lo, hi]) => (hi === null ? `${lo}+` : lo === hi ? `${lo}` : `${lo}-${hi}`)).join(', ');

export function staticSupport(backend: BackendId, opHistogram: Record<string, number>, opsets: Record<string, number>): StaticSupport {
  const totalNodes = Object.values(opHistogram).reduce((a, b) => a + b, 0);
  const { operatorList, checksOpset, cpuFallback } = BACKENDS[backend];
  // WebGL2 is onnxruntime-web's legacy runtime (onnxjs), which checks ops against its own list, not the opset.
  const opsetTooNew = checksOpset ? opsetBeyondRuntime(opsets) : null;
  if (!operatorList) {
    return {
      backend, source: `onnxruntime-web@${OPERATOR_TABLE_VERSION}: the CPU execution provider, every operator kernel of the full build`,
      approximate: false, whenMissing: 'none', missing: [], opsetTooNew, missingNodes: 0, totalNodes,
    };
  }
  const list = TABLES[operatorList.table];
  const missing: MissingOp[] = [];
  for (const [key, count] of Object.entries(opHistogram)) {
    // onnxruntime turns Constant nodes into initializers when it loads a model: no kernel runs them.
    if (key === 'Constant') continue;
    const [domain, op] = splitOpKey(key);
    const ranges = list.ops[domain === '' ? 'ai.onnx' : domain]?.[op];
    const opset = opsets[domain] ?? opsets[domain === 'ai.onnx' ? '' : domain] ?? 1;
    const covered = ranges?.some(([lo, hi]) => opset >= lo && (hi === null || opset <= hi));
    if (!covered) missing.push({ op: key, count, implemented: ranges ? formatRanges(ranges) : null });
  }
  missing.sort((a, b) => b.count - a.count || a.op.localeCompare(b.op));
  return {
    backend,
    source: operatorList.approximate ? `${list.source} (the JSEP kernels' list; the native WebGPU EP ships none)` : list.source,
    approximate: operatorList.approximate,
    whenMissing: cpuFallback ? 'cpu-fallback' : 'fails',
    missing,
    opsetTooNew,
    missingNodes: missing.reduce((sum, m) => sum + m.count, 0),
    totalNodes,
  };
}
