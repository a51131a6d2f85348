/**
 * Every model the app ships (assets.manifest.json), for pages that take any model: the backend
 * comparison runs classifiers on photos and the others on synthetic inputs. The manifest's files are
 * pinned by sha256; the TF.js models converted here at setup come after them.
 */
import manifest from '../../assets.manifest.json';
import { CLASSIFIERS, type ClassifierEntry } from './classification/models';
import { convertedSource, modelSource, type ModelSource } from './model-source';
import { CONVERTED_MODELS } from './converted-models';

export interface GalleryModel {
  /** The file name without `.onnx`, as in `?model=` and the CLI's `--model`. */
  id: string;
  task: string;
  source: ModelSource;
  /** Set for ImageNet classifiers: they can take a photo and report top-5. */
  classifier: ClassifierEntry | null;
}

export const GALLERY: readonly GalleryModel[] = [
  ...manifest.files
    .filter((f) => f.kind === 'models')
    .map((f) => {
      const id = f.file.replace(/\.onnx$/, '');
      return { id, task: (f as { task?: string }).task ?? 'unknown', source: modelSource(f.file), classifier: CLASSIFIERS.find((c) => c.id === id) ?? null };
    }),
  // TF.js models converted to ONNX at setup (no pinned checksum: see converted-models.ts).
  ...CONVERTED_MODELS.map((m) => ({ id: m.id, task: m.task, source: convertedSource(m), classifier: null })),
];

export function findGalleryModel(id: string): GalleryModel | undefined {
  return GALLERY.find((m) => m.id === id);
}

export const galleryTitle = (model: GalleryModel) => model.classifier?.title ?? model.id;
