/**
 * Every model the app ships (assets.manifest.json), for pages that take any model: the backend
 * comparison runs classifiers on photos and the others on synthetic inputs. The manifest's files are
 * pinned by sha256; the TF.js models converted here at setup come after them.
 */
import manifest from '../../assets.manifest.json';
import { CLASSIFIERS, type ClassifierEntry } from './classification/models';
import { convertedSource, modelSource, type ModelSource } from './model-source';
import { CONVERTED_MODELS } from './converted-models';
import { taskOfModel, type TaskId } from './registry';
import { parseVariantName, VARIANT_NAMES, type VariantName } from '../engine/hub/variants';

export interface GalleryModel {
  /** The file name without `.onnx`, as in `?model=` and the CLI's `--model`. */
  id: string;
  /** The registry's task that runs it, or null for a model no task runs. */
  task: TaskId | null;
  /** What the model does, in the catalogue's words ("ocr: text detection (DB)"), for model lists. */
  purpose: string;
  source: ModelSource;
  /** Set for ImageNet classifiers: they can take a photo and report top-5. */
  classifier: ClassifierEntry | null;
  /** A short name for lists where the file's own name is long (the manifest's `title`), else null. */
  title: string | null;
  /**
   * One variant of a model the gallery holds in several (the manifest's `variant`): `of` names the
   * model they share, `name` this file's variant (fp32, q8...). null for a model in one file only.
   */
  variant: { of: string; name: VariantName } | null;
}

function taskIdOf(modelId: string): TaskId | null {
  return taskOfModel(modelId)?.id ?? null;
}

export const GALLERY: readonly GalleryModel[] = [
  ...manifest.files
    .filter((f) => f.kind === 'models')
    .map((f) => {
      const id = f.file.replace(/\.onnx$/, '');
      const { task, title, variant } = f as { task?: string; title?: string; variant?: { of: string; name: string } };
      return {
        id,
        task: taskIdOf(id),
        purpose: task ?? 'unknown',
        source: modelSource(f.file),
        classifier: CLASSIFIERS.find((c) => c.id === id) ?? null,
        title: title ?? null,
        variant: variant ? { of: variant.of, name: parseVariantName(variant.name) } : null,
      };
    }),
  // TF.js models converted to ONNX at setup (no pinned checksum: see converted-models.ts).
  ...CONVERTED_MODELS.map((m) => ({ id: m.id, task: taskIdOf(m.id), purpose: m.task, source: convertedSource(m), classifier: null, title: m.title, variant: null })),
];

export function findGalleryModel(id: string): GalleryModel | undefined {
  return GALLERY.find((m) => m.id === id);
}

/** The gallery models that are variants of the same model as this one (itself included), full precision first; [] for a model in one file. */
export function galleryVariants(model: Pick<GalleryModel, 'variant'>): GalleryModel[] {
  const of = model.variant?.of;
  if (!of) return [];
  const members = GALLERY.filter((m) => m.variant?.of === of);
  return VARIANT_NAMES.flatMap((name) => members.filter((m) => m.variant?.name === name));
}

export const galleryTitle = (model: GalleryModel) => model.classifier?.title ?? model.title ?? model.id;

/** "image-classification" -> "Image classification", "ocr: text detection (DB)" -> "OCR: text detection (DB)". */
export function purposeTitle(purpose: string): string {
  const words = purpose.replace(/-/g, ' ').replace(/^ocr\b/i, 'OCR');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * The models grouped by what they do, in catalogue order, for a select's optgroups: the option then
 * names only the model, short enough to show whole in a narrow form ("MobileNetV2 (int8) · 3.4 MB").
 */
export function galleryGroups(models: readonly GalleryModel[] = GALLERY): { title: string; models: GalleryModel[] }[] {
  const groups = new Map<string, GalleryModel[]>();
  for (const model of models) {
    const title = purposeTitle(model.purpose);
    groups.set(title, [...(groups.get(title) ?? []), model]);
  }
  return [...groups].map(([title, members]) => ({ title, models: members }));
}
