/**
 * Which backends the comparison page unticks for a model, and why: a GPU row that would mostly time
 * the CPU fallback (or could not load the model at all) measures nothing worth comparing.
 */
import { BACKEND_IDS, BACKENDS, backendsWhere, type BackendId } from './backend-id';
import type { BackendStatus } from './detect';
import { staticSupport } from './operator-support';

/** Below this share of nodes on the GPU, a GPU row would time the CPU fallback, not the GPU. */
export const MOSTLY_CPU = 0.5;

/** What the Model page's backend check measured for one backend (the part the choice reads). */
export interface CheckedBackend {
  backend: BackendId;
  /** 'ok': every node on this backend; 'fallback': some on the CPU; 'error': the session could not be created. */
  status: 'ok' | 'fallback' | 'error';
  placement: { cpuNodes: number; gpuNodes: number } | null;
  message: string | null;
}

export interface SelectionModel {
  name: string;
  opHistogram: Record<string, number>;
  opsets: Record<string, number>;
}

export interface SelectionInput {
  model: SelectionModel;
  /** The ticks as they stand. */
  selected: Readonly<Record<BackendId, boolean>>;
  /** The Model page's check for this model, when it brought the model; null otherwise. */
  measured: readonly CheckedBackend[] | null;
  /** The backends were chosen (by the URL or by hand): the default ticks are not revised. */
  backendsChosen: boolean;
  /** What this browser offers. */
  backends: readonly BackendStatus[];
}

/**
 * The ticks for a model once it is read, with a note for each backend unticked. The Model page's
 * measurement wins when there is one; otherwise the default-ticked backends with an operator list
 * (WebGPU) are checked against it, unless the user already chose.
 */
export function initialSelection({ model, selected, measured, backendsChosen, backends }: SelectionInput): { selected: Record<BackendId, boolean>; notes: string[] } {
  const next = { ...selected };
  const notes: string[] = [];
  for (const row of measured ?? []) {
    // Only a GPU backend can load a model the CPU loads, or hand most of it to the CPU.
    if (!BACKENDS[row.backend].gpu || !next[row.backend]) continue;
    const placement = row.placement;
    const mostlyCpu = row.status === 'fallback' && placement !== null && placement.cpuNodes / (placement.cpuNodes + placement.gpuNodes) > MOSTLY_CPU;
    if (row.status !== 'error' && !mostlyCpu) continue;
    next[row.backend] = false;
    notes.push(
      row.status === 'error'
        ? `${BACKENDS[row.backend].title} is unticked: it could not load ${model.name} when checked on the Model page (${row.message}).`
        : `${BACKENDS[row.backend].title} is unticked: the check on the Model page put ${placement!.cpuNodes} of ${placement!.cpuNodes + placement!.gpuNodes} nodes on the CPU, so its row would time the CPU fallback. Tick it to run it anyway.`,
    );
  }
  if (!backendsChosen && !measured) {
    // The backends ticked by default whose operator list says what they run (WebGPU): a model mostly
    // outside the list would time the CPU fallback.
    for (const id of backendsWhere((b) => b.tickedByDefault && b.operatorList !== null)) {
      const listed = staticSupport(id, model.opHistogram, model.opsets);
      const onCpu = listed.whenMissing === 'fails' ? listed.totalNodes : listed.missingNodes;
      const mostlyCpu = listed.totalNodes > 0 && onCpu / listed.totalNodes > MOSTLY_CPU;
      const available = backends.find((b) => b.id === id)?.available ?? false;
      next[id] = available && !mostlyCpu;
      if (available && mostlyCpu) {
        notes.push(
          `${BACKENDS[id].title} is unticked: by onnxruntime-web's operator list, ${onCpu} of ${listed.totalNodes} nodes of ${model.name} would run on the CPU, ` +
            'so its row would time the CPU fallback, not the GPU. Tick it to run it anyway.',
        );
      }
    }
  }
  return { selected: next, notes };
}

/** The ticks before any model, URL or capability check: the table's defaults. */
export function defaultSelection(): Record<BackendId, boolean> {
  return Object.fromEntries(BACKEND_IDS.map((id) => [id, BACKENDS[id].tickedByDefault])) as Record<BackendId, boolean>;
}
