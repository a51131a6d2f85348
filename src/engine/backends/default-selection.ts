/**
 * Which backends the comparison page unticks for a model, and why: a GPU row that would mostly time
 * the CPU fallback (or could not load the model at all) measures nothing worth comparing.
 */
import { BACKEND_IDS, BACKENDS, backendsWhere, type BackendId, type TfjsModelKind } from './backend-id';
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
  /**
   * The TF.js graph model TensorFlow.js backends would run (the model's TF.js original, or the ONNX
   * model converted in the tab); null: none. With one, the run can compare the frameworks.
   */
  tfjsModel?: TfjsModelKind | null;
}

/** A backend that runs a TF.js graph model: offered only for a model with one (an original, or a conversion). */
const runsTfjsGraph = (id: BackendId) => BACKENDS[id].runs === 'tfjs-graph';

/**
 * The ticks for a model once it is read, with a note for each backend unticked (or ticked for a
 * framework comparison). Unless the user already chose: the table's default backends this browser
 * offers as they are (not a software GPU) and that can run the model. Then the Model page's
 * measurement, when there is one, unticks a GPU backend that failed or ran mostly on the CPU;
 * without one, the default-ticked backends with an operator list (WebGPU) are checked against it.
 */
export function initialSelection({ model, selected, measured, backendsChosen, backends, tfjsModel = null }: SelectionInput): { selected: Record<BackendId, boolean>; notes: string[] } {
  const next = { ...selected };
  const notes: string[] = [];
  const status = (id: BackendId) => backends.find((b) => b.id === id);
  if (!backendsChosen) {
    for (const id of backendsWhere((b) => b.tickedByDefault)) {
      // A conversion is offered, not ticked: it costs a conversion, and the comparison is asked for.
      next[id] = startsTicked(status(id)) && (tfjsModel === 'original' || !runsTfjsGraph(id));
    }
  }
  const framework = tfjsModel ? frameworkNote(model.name, tfjsModel, next, backendsChosen, backends) : null;
  if (framework) notes.push(framework);
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
      if (!next[id]) continue;
      const listed = staticSupport(id, model.opHistogram, model.opsets);
      const onCpu = listed.whenMissing === 'fails' ? listed.totalNodes : listed.missingNodes;
      if (listed.totalNodes === 0 || onCpu / listed.totalNodes <= MOSTLY_CPU) continue;
      next[id] = false;
      notes.push(
        `${BACKENDS[id].title} is unticked: by onnxruntime-web's operator list, ${onCpu} of ${listed.totalNodes} nodes of ${model.name} would run on the CPU, ` +
          'so its row would time the CPU fallback, not the GPU. Tick it to run it anyway.',
      );
    }
  }
  return { selected: next, notes };
}

/** A backend the browser offers, and not as a software emulation: it starts ticked when the table says so. */
const startsTicked = (status: BackendStatus | undefined): boolean => (status?.available ?? false) && !status?.untickedReason;

/** For a model with a TF.js graph model: which TF.js rows compare the frameworks, or which to tick for that. */
function frameworkNote(modelName: string, kind: TfjsModelKind, selected: Readonly<Record<BackendId, boolean>>, backendsChosen: boolean, backends: readonly BackendStatus[]): string | null {
  const titles = (ids: BackendId[]) => ids.map((id) => BACKENDS[id].title).join(' and ');
  const ticked = backendsWhere((b) => b.runs === 'tfjs-graph').filter((id) => selected[id]);
  const has = kind === 'original' ? `${modelName} has a TensorFlow.js original` : `${modelName} converts to TensorFlow.js (once, in this tab)`;
  const comparison = `this run compares ONNX Runtime with TensorFlow.js on the same model${kind === 'converted' ? ', converted' : ''}`;
  if (ticked.length && !backendsChosen) return `${has}, so ${titles(ticked)} ${ticked.length === 1 ? 'is' : 'are'} ticked: ${comparison}.`;
  if (ticked.length) return `${has}: with ${titles(ticked)}, ${comparison}.`;
  // A conversion left unticked is said beside each TF.js box (untickedReason), not as a note on every model that converts.
  if (kind === 'converted') return null;
  const offered = backendsWhere((b) => b.runs === 'tfjs-graph' && b.tickedByDefault).filter((id) => startsTicked(backends.find((b) => b.id === id)));
  return offered.length ? `${has}: tick ${titles(offered)} to compare ONNX Runtime with TensorFlow.js on it.` : null;
}

/** The ticks before any model, URL or capability check: the table's defaults for backends that run any model. */
export function defaultSelection(): Record<BackendId, boolean> {
  return Object.fromEntries(BACKEND_IDS.map((id) => [id, BACKENDS[id].tickedByDefault && !runsTfjsGraph(id)])) as Record<BackendId, boolean>;
}

/** The ticks for this browser before any model: the defaults it offers as they are (not a software GPU). */
export function browserSelection(selected: Readonly<Record<BackendId, boolean>>, backends: readonly BackendStatus[]): Record<BackendId, boolean> {
  const next = { ...selected };
  for (const status of backends) if (!startsTicked(status)) next[status.id] = false;
  return next;
}

/**
 * Why a backend's box is unticked, for the note beside it: what the browser lacks, that it is a
 * software emulation here, the table's reason, or for a TF.js backend that it would run the model's
 * conversion (`tfjsModel`); null when there is nothing to say.
 */
export function untickedReason(id: BackendId, status: BackendStatus | undefined, tfjsModel: TfjsModelKind | null = null): string | null {
  if (status && !status.available) return null; // The form says "unavailable", the backends list why.
  const converted = tfjsModel === 'converted' && runsTfjsGraph(id) ? CONVERTED_UNTICKED : null;
  return status?.untickedReason ?? BACKENDS[id].untickedReason ?? converted;
}

/** Why a TF.js backend starts unticked for a model with no TF.js original that converts. */
export const CONVERTED_UNTICKED = 'this model has no TensorFlow.js original: tick it to run the model converted to TensorFlow.js in this tab (once, kept for later runs) and compare the frameworks';
