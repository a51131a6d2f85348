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
}

function taskIdOf(modelId: string): TaskId | null {
  return taskOfModel(modelId)?.id ?? null;
}

export const GALLERY: readonly GalleryModel[] = [
  ...manifest.files
    .filter((f) => f.kind === 'models')
    .map((f) => {
      const id = f.file.replace(/\.onnx$/, '');
      const purpose = (f as { task?: string }).task ?? 'unknown';
      return { id, task: taskIdOf(id), purpose, source: modelSource(f.file), classifier: CLASSIFIERS.find((c) => c.id === id) ?? null };
    }),
  // TF.js models converted to ONNX at setup (no pinned checksum: see converted-models.ts).
  ...CONVERTED_MODELS.map((m) => ({ id: m.id, task: taskIdOf(m.id), purpose: m.task, source: convertedSource(m), classifier: null })),
];

export function findGalleryModel(id: string): GalleryModel | undefined {
  return GALLERY.find((m) => m.id === id);
}

export const galleryTitle = (model: GalleryModel) => model.classifier?.title ?? model.id;
