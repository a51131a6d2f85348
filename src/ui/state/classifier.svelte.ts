/**
 * The classification page's state: which model, which image, the latest result, errors. Components
 * read it and call its methods; the work happens in the inference worker.
 */
import { defaultThreadCount } from '../../engine/ort/threads';
import type { DownloadProgress } from '../../engine/model/fetch-model';
import { CLASSIFIERS, DEFAULT_CLASSIFIER_ID, findClassifier, type ClassifierEntry } from '../../tasks/classification/models';
import type { ClassificationResult } from '../../tasks/classification/pipeline';
import { startInferenceWorker, proxy, transfer, type InferenceClient } from '../../workers/client';
import type { LoadedModelInfo } from '../../workers/protocol';

export interface ImageSource {
  blob: Blob;
  name: string;
}

/** Settings read from the page URL: `?model=<id>` and `?threads=<n>`. */
export function readUrlSettings(search: string): { modelId: string; threads: number | null; unknownModel: string | null } {
  const params = new URLSearchParams(search);
  const requested = params.get('model');
  const threads = Number(params.get('threads'));
  const known = requested !== null && findClassifier(requested) !== undefined;
  return {
    modelId: known ? requested : DEFAULT_CLASSIFIER_ID,
    threads: Number.isInteger(threads) && threads > 0 ? threads : null,
    unknownModel: requested !== null && !known ? requested : null,
  };
}

export const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

export class ClassifierState {
  readonly models = CLASSIFIERS;
  modelId = $state(DEFAULT_CLASSIFIER_ID);
  model: ClassifierEntry = $derived(findClassifier(this.modelId) ?? CLASSIFIERS[0]);
  loadedModel = $state.raw<LoadedModelInfo | null>(null);
  download = $state.raw<DownloadProgress | null>(null);
  loadingModel = $state(false);
  classifying = $state(false);
  image = $state.raw<ImageSource | null>(null);
  result = $state.raw<ClassificationResult | null>(null);
  /** From the user's action to the result arriving, as the user experiences it. */
  clickToResultMs = $state<number | null>(null);
  error = $state<string | null>(null);
  client = $state.raw<InferenceClient | null>(null);

  #generation = 0;

  async start(search: string): Promise<void> {
    const settings = readUrlSettings(search);
    this.modelId = settings.modelId;
    if (settings.unknownModel) {
      this.error = `There is no model "${settings.unknownModel}" in the catalogue; showing ${this.model.title} instead.`;
    }
    const threads = settings.threads ?? defaultThreadCount(crossOriginIsolated, navigator.hardwareConcurrency);
    try {
      this.client = await startInferenceWorker(threads);
    } catch (error) {
      this.error = `The inference worker could not start: ${messageOf(error)}. Use a current Chromium, Firefox or Safari.`;
      return;
    }
    await this.#loadModel();
  }

  async selectModel(id: string): Promise<void> {
    if (id === this.modelId && this.loadedModel?.id === id) return;
    this.modelId = id;
    this.error = null;
    await this.#loadModel();
    if (this.image && this.loadedModel?.id === id) await this.classify(this.image);
  }

  async #loadModel(): Promise<void> {
    const client = this.client;
    if (!client) return;
    const id = this.modelId;
    this.loadingModel = true;
    this.download = null;
    try {
      const info = await client.api.loadClassifier(id, proxy((progress: DownloadProgress) => (this.download = progress)));
      if (id === this.modelId) this.loadedModel = info;
    } catch (error) {
      if (id === this.modelId) {
        this.loadedModel = null;
        this.error = messageOf(error);
      }
    } finally {
      if (id === this.modelId) this.loadingModel = false;
    }
  }

  /** Classifies an image file; `startedAt` is when the user acted (click, drop, paste). */
  async classify(image: ImageSource, startedAt = performance.now()): Promise<void> {
    const client = this.client;
    if (!client) return;
    const generation = ++this.#generation;
    this.image = image;
    this.classifying = true;
    this.error = null;
    try {
      const result = await client.api.classifyFile(image.blob, image.name);
      if (generation !== this.#generation) return; // a newer image superseded this one
      this.result = result;
      this.clickToResultMs = performance.now() - startedAt;
    } catch (error) {
      if (generation !== this.#generation) return;
      this.result = null;
      this.image = null;
      this.error = messageOf(error);
    } finally {
      if (generation === this.#generation) this.classifying = false;
    }
  }

  /** Classifies one camera frame; returns false when it failed (the error is shown). */
  async classifyFrame(frame: ImageBitmap): Promise<boolean> {
    const client = this.client;
    if (!client) return false;
    ++this.#generation;
    try {
      this.result = await client.api.classifyFrame(transfer(frame, [frame]));
      this.clickToResultMs = null;
      return true;
    } catch (error) {
      this.error = messageOf(error);
      return false;
    }
  }

  dispose(): void {
    this.client?.terminate();
    this.client = null;
  }
}
