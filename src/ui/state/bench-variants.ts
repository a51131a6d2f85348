/**
 * Where the comparison page gets the variants of the chosen model (fp32, q8...: engine/hub/variants.ts),
 * each as a payload the bench workers take. One benchmark procedure runs them all; only where the
 * files come from differs: the gallery (a model it holds in several files, the manifest's `variant`),
 * addresses given with the plan (`&variantUrl=q8:<address>`, how the CLI brings a folder in the hub's
 * layout), and a hub repository's variants.
 */
import { parseVariantName, type VariantName } from '../../engine/hub/variants';
import { fetchModel } from '../../engine/model/fetch-model';
import { galleryVariants } from '../../tasks/gallery';
import { modelUrl } from '../../tasks/model-source';
import type { ChosenModel, ModelChoice, ModelPayload } from './model-choice.svelte';

export interface VariantSource {
  name: VariantName;
  /** The file it runs, for the form ("mobilenetv2-12-int8.onnx"). */
  file: string;
  /** Its size when known before loading. */
  bytes: number | null;
  /** The chosen model is this variant (its own bytes are loaded already). */
  own: boolean;
  /** The variant's model as the workers take it (the chosen model's own bytes for its own variant). */
  load(): Promise<ModelPayload>;
}

/** A model file at an address, with the checks the gallery pins when it has them. */
async function fetched(url: string, name: string, expected: { sha256?: string | null; bytes?: number | null } = {}): Promise<ModelPayload> {
  return { bytes: await fetchModel(url, { ...expected, name }), name, externalData: [] };
}

/** `q8:<address>` as the URL and the CLI give a variant's file; a bad name is a Failure that lists the names. */
export function parseVariantUrl(text: string): { name: VariantName; url: string } {
  const cut = text.indexOf(':');
  return { name: parseVariantName(cut < 0 ? text : text.slice(0, cut)), url: cut < 0 ? '' : text.slice(cut + 1) };
}

/**
 * The variants the comparison page offers for the chosen model, full precision first; [] when it
 * has one file only. `addresses`: variants given as addresses with the plan, for a model opened from
 * an address (its own variant is the one whose address it was opened from).
 */
export function variantSources(model: ChosenModel, choice: ModelChoice, addresses: readonly { name: VariantName; url: string }[] = []): VariantSource[] {
  const source = (name: VariantName, file: string, bytes: number | null, own: boolean, load: () => Promise<ModelPayload>): VariantSource => ({ name, file, bytes, own, load: own ? () => choice.payload() : load });
  // A hub repository's variants: each downloaded (or read from storage) when its row runs.
  const hub = model.hub;
  if (hub) return hub.variants.map((v) => source(v.name, v.parts[0].file.path, v.bytes, v.name === hub.variant, () => choice.variantPayload(v.name)));
  if (model.gallery?.variant) {
    const mine = model.gallery.id;
    return galleryVariants(model.gallery).map((m) =>
      source(m.variant!.name, m.source.file, m.source.bytes, m.id === mine, () => fetched(modelUrl(m.source.file), m.source.file, { sha256: m.source.sha256, bytes: m.source.bytes })),
    );
  }
  if (model.origin === 'url' && model.url && addresses.length) {
    return addresses.map(({ name, url }) => source(name, url.split('/').pop() ?? url, null, url === model.url, () => fetched(url, url.split('/').pop() ?? url)));
  }
  return [];
}

