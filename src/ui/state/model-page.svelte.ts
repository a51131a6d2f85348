/**
 * The "Model" page: one model the user opens (from the gallery, their files or an address), its
 * details and which backends run it. A button hands it to the comparison page.
 */
import type { Capabilities } from '../../engine/backends/detect';
import type { GraphOverlay } from '../../engine/graph/overlay';
import { findGalleryModel } from '../../tasks/gallery';
import { parseVariantName, type VariantName } from '../../engine/hub/variants';
import { browserCapabilities } from './capabilities';
import { TfjsConversion } from './conversion.svelte';
import { ModelChoice } from './model-choice.svelte';
import { ProfileState } from './profile.svelte';
import { SupportCheck } from './support.svelte';

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
  readonly profile = new ProfileState(this.model);
  readonly graphFocus = new GraphFocus();
  capabilities = $state.raw<Capabilities | null>(null);
  /** Set when the URL named a model the gallery does not have. */
  notice = $state<string | null>(null);
  #started = false;

  /** What the graph can be coloured by: placement per backend (from the support check), then time per profiled backend. */
  get graphOverlays(): GraphOverlay[] {
    return [...(this.support.rows?.flatMap((row) => row.placement?.onFile?.overlay ?? []) ?? []), ...this.profile.overlays];
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
