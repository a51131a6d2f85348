/**
 * The "Model" page: one model the user opens (from the gallery, their files or an address), its
 * details and which backends run it. A button hands it to the comparison page.
 */
import type { Capabilities } from '../../engine/backends/detect';
import { BASELINE_BACKEND, type BackendId } from '../../engine/backends/backend-id';
import type { GraphOverlay } from '../../engine/graph/overlay';
import { findGalleryModel } from '../../tasks/gallery';
import { parseVariantName, type VariantName } from '../../engine/hub/variants';
import { browserCapabilities } from './capabilities';
import { TfjsConversion } from './conversion.svelte';
import { ModelChoice } from './model-choice.svelte';
import { OnnxToTfjsState } from './onnx-to-tfjs.svelte';
import { ProfileState } from './profile.svelte';
import { SupportCheck } from './support.svelte';
import { TryTextState, type TryTextModel } from './try-text.svelte';
import { tryBackendsFor } from './try-backends';

/**
 * A request to show one node in the "Model graph" drawing, made elsewhere on the page (the profile's
 * slowest nodes). Each request is a new object, so asking for the same node twice shows it again.
 */
export class GraphFocus {
  request = $state.raw<{ nodeKey: string } | null>(null);

  /** `nodeKey`: the node's key in overlays (its name, or its first output: see nodeKey). */
  show(nodeKey: string): void {
    this.request = { nodeKey };
  }
}

export class ModelPageState {
  /** Its graph is drawn here, so each model's graph is laid out from the read that gives its details. */
  readonly model = new ModelChoice({ withGraph: true });
  readonly support = new SupportCheck(this.model);
  /** A TF.js model opened here is converted to ONNX, which then becomes `model`. */
  readonly conversion = new TfjsConversion(this.model);
  /** The open ONNX model converted to a TensorFlow.js graph model, on request. */
  readonly tfjsExport = new OnnxToTfjsState(this.model);
  readonly profile = new ProfileState(this.model);
  readonly graphFocus = new GraphFocus();
  /** "Try it" on a hub text model: one state for the page, so the text typed stays across variants. */
  readonly tryText = new TryTextState();
  /** The backend "try it" runs on, chosen on the page. */
  tryBackend = $state<BackendId>(BASELINE_BACKEND);
  capabilities = $state.raw<Capabilities | null>(null);
  /** Set when the URL named a model the gallery does not have. */
  notice = $state<string | null>(null);
  #started = false;

  /** What the graph can be coloured by: placement per backend (from the support check), then time per profiled backend. */
  get graphOverlays(): GraphOverlay[] {
    return [...(this.support.rows?.flatMap((row) => row.placement?.onFile?.overlay ?? []) ?? []), ...this.profile.overlays];
  }

  /**
   * The open hub variant as "try it" runs it: its origin, the repository's JSON files, and the bytes
   * this page already holds (no second download). Null unless a hub variant is ready and is a text
   * classifier or a sentence encoder.
   */
  get tryModel(): TryTextModel | null {
    const current = this.model.current;
    const hub = current.hub;
    if (current.status !== 'ready' || !hub || !TryTextState.taskOf(hub.files)) return null;
    const variant = hub.variants.find((v) => v.name === hub.variant);
    const file = variant?.parts[0]?.file;
    if (!variant || !file) return null;
    const model = this.model;
    return {
      origin: { repo: hub.repo, revision: hub.revision, variant: hub.variant, file: file.path, bytes: variant.bytes },
      files: hub.files,
      payload: async () => {
        const { bytes, externalData } = await model.variantPayload(hub.variant);
        return { bytes, externalData };
      },
    };
  }

  /**
   * The backends "try it" can run the open model on: onnxruntime-web backends this browser offers,
   * less those its op lists say cannot load it (or whose measured check could not). Baseline first.
   */
  get tryBackends(): BackendId[] {
    const failed = new Set(this.support.rows?.filter((row) => row.status === 'error').map((row) => row.backend));
    return tryBackendsFor(this.capabilities, this.model.current.info, failed);
  }

  /** The hub file "try it" last showed: an answer about another variant or model is not left under this one. */
  #triedFile = '';

  /** Called as "try it" shows `model`: forgets the answer (and error) given for another file. */
  retarget(model: TryTextModel): void {
    const { repo, revision = 'main', file } = model.origin;
    const key = `${repo}@${revision}/${file}`;
    if (this.#triedFile && this.#triedFile !== key) {
      this.tryText.answer = null;
      this.tryText.error = null;
    }
    this.#triedFile = key;
  }

  /** The backend "try it" uses: the one chosen, while it can still run the open model; else the first offered. */
  get tryBackendNow(): BackendId {
    const offered = this.tryBackends;
    return offered.includes(this.tryBackend) ? this.tryBackend : offered[0];
  }

  /** Once per app: `?model=<gallery id>` opens that model, `?hub=<repo id>` a hub model. */
  async start(search: string): Promise<void> {
    if (this.#started) return;
    this.#started = true;
    const params = new URLSearchParams(search);
    const id = params.get('model');
    const hub = params.get('hub');
    // `?view=model&hub=<repo id>[&revision=<rev>][&variant=q8]`: a hub model from a link.
    if (hub) this.model.openHub(hub, params.get('revision') ?? '', variantFromUrl(params.get('variant')));
    else if (id && findGalleryModel(id)) this.model.useGallery(id);
    else if (id) this.notice = `There is no model "${id}" in the gallery: open one below.`;
    this.capabilities = await browserCapabilities();
  }

  checkSupport(): void {
    if (this.capabilities) void this.support.check(this.capabilities);
  }
}

/** A `variant=` the link named, when it is one (a wrong one opens the default). */
function variantFromUrl(text: string | null): VariantName | undefined {
  try {
    return text ? parseVariantName(text) : undefined;
  } catch {
    return undefined;
  }
}
