/**
 * The classification page's state: which model, which image, the latest result, errors. Components
 * read it and call its methods; the work happens in the inference worker.
 */
import { offeredThreads, resolveThreads } from '../../engine/ort/threads';
import type { DownloadProgress } from '../../engine/model/fetch-model';
import { CLASSIFIERS, DEFAULT_CLASSIFIER_ID, findClassifier, type ClassifierEntry } from '../../tasks/classification/models';
import type { ClassificationResult } from '../../tasks/classification/definition';
import { startInferenceWorker, proxy, transfer, type InferenceClient } from '../../workers/client';
import type { LoadedModelInfo } from '../../workers/protocol';

import type { ImageSource } from '../../shared/image-source';
import { messageOf } from '../../shared/errors';

export type { ImageSource };

/** A `?model=` that names no classifier: what was asked, what is shown instead, and the ids to choose from. */
export interface UnknownModelNotice {
  requested: string;
  shown: string;
  choices: readonly string[];
}

/**
 * Settings read from the page URL: `?model=<id>` and `?threads=<n>`, with what could not be
 * honoured as given. `availableThreads` is what the browser offers (see offeredThreads).
 */
export function readUrlSettings(
  search: string,
  availableThreads: number,
  isolated: boolean,
): { modelId: string; threads: number; threadsNote: string | null; unknownModel: UnknownModelNotice | null } {
  const params = new URLSearchParams(search);
  const requested = params.get('model');
  const known = requested !== null && findClassifier(requested) !== undefined;
  const modelId = known ? requested : DEFAULT_CLASSIFIER_ID;
  const { threads, note } = resolveThreads(params.get('threads'), availableThreads, isolated);
  return {
    modelId,
    threads,
    threadsNote: note,
    unknownModel:
      requested !== null && !known
        ? { requested, shown: findClassifier(modelId)?.title ?? modelId, choices: CLASSIFIERS.map((m) => m.id) }
        : null,
  };
}


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
  /** Of that, the time the photo waited for the model to finish loading (a click while it still loads). */
  modelWaitMs = $state(0);
  error = $state<string | null>(null);
  /** A `?model=` that was not honoured; shown by the model picker until another model is chosen. */
  unknownModel = $state.raw<UnknownModelNotice | null>(null);
  /** Why `?threads=` was lowered or ignored; true for the worker's whole life. */
  threadsNote = $state<string | null>(null);
  client = $state.raw<InferenceClient | null>(null);

  #generation = 0;
  /** The model load in progress (or the last one, settled); it never rejects. */
  #modelLoad: Promise<void> = Promise.resolve();
  #modelLoadPending = false;

  async start(search: string): Promise<void> {
    const isolated = globalThis.crossOriginIsolated === true && typeof SharedArrayBuffer !== 'undefined';
    const settings = readUrlSettings(search, offeredThreads(isolated, navigator.hardwareConcurrency), isolated);
    this.modelId = settings.modelId;
    this.unknownModel = settings.unknownModel;
    this.threadsNote = settings.threadsNote;
    try {
      this.client = await startInferenceWorker(settings.threads);
    } catch (error) {
      this.error = `The inference worker could not start: ${messageOf(error)}. Use a current Chromium, Firefox or Safari.`;
      return;
    }
    await this.#loadModel();
  }

  /** Switches the classifier; the photo shown, if any, is classified again with the new one. */
  async selectModel(id: string): Promise<void> {
    if (id === this.modelId && this.loadedModel?.id === id) return;
    const startedAt = performance.now();
    this.modelId = id;
    this.error = null;
    this.unknownModel = null; // it named the fallback, which is no longer what is shown
    // An answer of the previous model still on its way is for a model no longer chosen: dropped.
    const generation = ++this.#generation;
    const image = this.image;
    this.classifying = image !== null;
    await this.#loadModel();
    if (generation !== this.#generation) return; // another photo or model was chosen meanwhile
    // The whole switch so far was waiting for the model, as the stage table says.
    if (image && this.loadedModel?.id === id) await this.classify(image, startedAt, performance.now() - startedAt);
    else this.classifying = false;
  }

  #loadModel(): Promise<void> {
    const load = this.#loadModelNow();
    this.#modelLoad = load;
    this.#modelLoadPending = true;
    void load.finally(() => {
      if (this.#modelLoad === load) this.#modelLoadPending = false;
    });
    return load;
  }

  async #loadModelNow(): Promise<void> {
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

  /**
   * Classifies an image file; `startedAt` is when the user acted (click, drop, paste), and
   * `modelWaitMs` the time since then already spent waiting for the model (a model switch).
   */
  async classify(image: ImageSource, startedAt = performance.now(), modelWaitMs = 0): Promise<void> {
    const client = this.client;
    if (!client) return;
    const generation = ++this.#generation;
    this.image = image;
    this.classifying = true;
    this.error = null;
    try {
      // A photo given while the model still loads waits for it here (the worker would queue it
      // anyway), so that wait is measured and shown as a stage of its own.
      let waited = 0;
      if (this.#modelLoadPending) {
        const waitStart = performance.now();
        await this.#modelLoad;
        waited = performance.now() - waitStart;
        if (generation !== this.#generation) return;
      }
      const result = await client.api.classifyFile(image.blob, image.name);
      if (generation !== this.#generation) return; // a newer image superseded this one
      this.result = result;
      this.clickToResultMs = performance.now() - startedAt;
      this.modelWaitMs = modelWaitMs + waited;
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
    const generation = ++this.#generation;
    this.image = null; // the result is the camera's: a model switch has no photo to classify again
    try {
      const result = await client.api.classifyFrame(transfer(frame, [frame]));
      if (generation !== this.#generation) return true; // a photo or another model superseded it
      this.result = result;
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
