/**
 * Every model the app ships (assets.manifest.json), for pages that take any model: the backend
 * comparison runs classifiers on photos and the others on synthetic inputs.
 */
import manifest from '../../assets.manifest.json';
import { CLASSIFIERS, type ClassifierEntry } from './classification/models';
import { modelSource, type ModelSource } from './model-source';

export interface GalleryModel {
  /** The file name without `.onnx`, as in `?model=` and the CLI's `--model`. */
  id: string;
  task: string;
  source: ModelSource;
  /** Set for ImageNet classifiers: they can take a photo and report top-5. */
  classifier: ClassifierEntry | null;
}

export const GALLERY: readonly GalleryModel[] = manifest.files
  .filter((f) => f.kind === 'models')
  .map((f) => {
    const id = f.file.replace(/\.onnx$/, '');
    return { id, task: (f as { task?: string }).task ?? 'unknown', source: modelSource(f.file), classifier: CLASSIFIERS.find((c) => c.id === id) ?? null };
  });

export function findGalleryModel(id: string): GalleryModel | undefined {
  return GALLERY.find((m) => m.id === id);
}

export const galleryTitle = (model: GalleryModel) => model.classifier?.title ?? model.id;
