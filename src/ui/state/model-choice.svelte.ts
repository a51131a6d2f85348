/**
 * One chosen model, wherever it came from (the gallery, the user's files, an address), and what the
 * page knows of it: its name, its details once read, or why it cannot be used. Everything a page
 * shows about "the model" (title, details, support, the next run) reads this one value, so a failed
 * open can never leave the previous model's details or bytes behind.
 *
 * A model is downloaded once per choice; every worker (inspection, each benchmark backend) is handed
 * those bytes, instead of each fetching the file again. It is read once per choice too: one read gives
 * its details and, where the page draws it, its graph, both kept here with the choice.
 */
import { fetchModel, ModelDownloadError, type DownloadProgress } from '../../engine/model/fetch-model';
import { parseModelAddress } from '../../engine/model/model-address';
import type { ModelInfo } from '../../engine/onnx-format/model-info';
import { findGalleryModel, type GalleryModel } from '../../tasks/gallery';
import { modelUrl } from '../../tasks/model-source';
import type { LaidOutGraph } from '../../engine/graph/layout';
import { readModel, type ModelRead } from '../../workers/inspect-client';
import type { ConvertInput } from '../../workers/convert-protocol';
import { saveForOffline } from '../../offline/offline-cache';
import { Failure, messageOf } from '../../shared/errors';
import { hubEndpoint } from '../../engine/hub/endpoint';
import { parseHubAddress } from '../../engine/hub/hub-address';
import { HubError } from '../../engine/hub/hub-error';
import { fetchVariant, openHubRepo, type HubContext, type HubRepo } from '../../engine/hub/hub-model';
import type { HubProgress } from '../../engine/hub/hub-download';
import { defaultVariant, type ModelVariant, type VariantName } from '../../engine/hub/variants';
import { hubCacheStore } from '../../offline/hub-cache';

/** `converted`: made in this tab from another format (a TensorFlow.js graph model). */
export type ModelOrigin = 'gallery' | 'file' | 'url' | 'converted' | 'hub';

/** A model opened from the Hugging Face hub: which repository, its variants, and the one opened. */
export interface HubChoice {
  repo: string;
  revision: string;
  variants: ModelVariant[];
  variant: VariantName;
  /** Parsed config.json, tokenizer.json, tokenizer_config.json, preprocessor_config.json where present, by file name. */
  files: Record<string, unknown>;
}

export interface ChosenModel {
  /** New for every choice: opening the same file twice gives two models. */
  key: number;
  origin: ModelOrigin;
  /** The name shown everywhere: the gallery file, the user's file, or the address's file name. */
  name: string;
  gallery: GalleryModel | null;
  /** The address a URL model was fetched from. */
  url: string | null;
  status: 'reading' | 'ready' | 'failed';
  info: ModelInfo | null;
  error: string | null;
  /** The download failed because the browser is offline and the file is not stored for offline use. */
  notStoredOffline: boolean;
  /** A model converted from TensorFlow.js: the original as the user gave it (TF.js backends run it). */
  tfjsSource: ConvertInput | null;
  /** A hub model: set once its repository is listed (null while it is, and for other origins). */
  hub: HubChoice | null;
}

/** The model's bytes as the workers take them. */
export interface ModelPayload {
  bytes: Uint8Array;
  name: string;
  externalData: { path: string; data: Uint8Array }[];
}

/** The chosen model's graph, from the read that gave its details: `laid` and `error` both null while it is laid out. */
export interface GraphReading {
  laid: LaidOutGraph | null;
  error: string | null;
}

interface Held {
  bytes: Uint8Array | null;
  file: File | null;
  externalFiles: { location: string; file: File }[];
}

let nextKey = 1;

const blank = (origin: ModelOrigin, name: string, extra: Partial<ChosenModel> = {}): ChosenModel => ({
  key: nextKey++,
  origin,
  name,
  gallery: null,
  url: null,
  status: 'reading',
  info: null,
  error: null,
  notStoredOffline: false,
  tfjsSource: null,
  hub: null,
  ...extra,
});

/** The origin of a model, as the model picker labels it. */
const ORIGIN_LABELS: Record<ModelOrigin, string> = { gallery: 'gallery', file: 'your file', url: 'from URL', converted: 'converted from TensorFlow.js', hub: 'Hugging Face hub' };

/** The name a hub model's variant goes by: `Xenova/all-MiniLM-L6-v2 · q8`. */
export const hubModelName = (repo: string, variant: VariantName) => `${repo} · ${variant}`;

/** The hub this build talks to, its downloads kept in Cache Storage; offline, only storage is read. */
const hubContext = (signal?: AbortSignal): HubContext => ({
  hub: hubEndpoint(),
  store: hubCacheStore,
  signal,
  online: () => globalThis.navigator?.onLine !== false,
});
export const originLabel = (model: ChosenModel) => ORIGIN_LABELS[model.origin];

export class ModelChoice {
  current = $state.raw<ChosenModel>(blank('gallery', ''));
  /** Bytes, and for a hub model the file, rate and time left. */
  downloading = $state.raw<(DownloadProgress & Partial<HubProgress>) | null>(null);
  /** Listing a hub repository (before its variant downloads). */
  listing = $state(false);
  /** Saving the gallery model that was not stored for offline use (`notStoredOffline`), and why that failed. */
  savingOffline = $state(false);
  saveOfflineError = $state<string | null>(null);
  #held: Held = { bytes: null, file: null, externalFiles: [] };
  /** The hub repository of the current choice (its listing), and the download that may be cancelled. */
  #hubRepo: HubRepo | null = null;
  #abort: AbortController | null = null;
  /** Settles when the current choice has been read (or has failed). */
  #settled: Promise<void> = Promise.resolve();
  /** By the model's key: its graph, laid out after its details from the same read. */
  #graph = $state.raw<{ key: number; reading: GraphReading } | null>(null);
  #graphSettled: Promise<void> = Promise.resolve();

  /** `withGraph`: lay out each model's graph after reading its details (the Model page draws it). */
  constructor(private readonly options: { withGraph?: boolean } = {}) {}

  /** The current model's graph; null when this choice keeps none or the model is not ready. */
  get graph(): GraphReading | null {
    return this.ready && this.#graph?.key === this.current.key ? this.#graph.reading : null;
  }

  /** Waits for the current model's graph to be laid out: null when it could not be, or is not kept. */
  async whenGraphRead(): Promise<LaidOutGraph | null> {
    const key = this.current.key;
    await this.#graphSettled;
    return this.#graph?.key === key ? this.#graph.reading.laid : null;
  }

  get ready(): boolean {
    return this.current.status === 'ready';
  }

  /** Waits for the current choice to be read (a later choice meanwhile is waited for instead). */
  async whenRead(): Promise<ChosenModel> {
    let seen: Promise<void>;
    do {
      seen = this.#settled;
      await seen;
    } while (seen !== this.#settled);
    return this.current;
  }

  useGallery(id: string): void {
    const gallery = findGalleryModel(id);
    if (!gallery) {
      this.#begin(blank('gallery', id, { status: 'failed', error: `There is no model "${id}" in the gallery.` }), async () => {});
      return;
    }
    const model = blank('gallery', gallery.source.file, { gallery });
    this.#begin(model, async (isCurrent) => {
      const bytes = await this.#download(model, modelUrl(gallery.source.file), { sha256: gallery.source.sha256, bytes: gallery.source.bytes, name: gallery.source.file }, isCurrent);
      if (!bytes) return;
      await this.#readBytes(model, bytes, isCurrent);
    });
  }

  /** The user's files: one .onnx model, and the external data files it names, if any. */
  openFiles(files: File[]): void {
    const file = files.length === 1 ? files[0] : files.find((f) => f.name.toLowerCase().endsWith('.onnx'));
    if (!file) {
      const names = files.map((f) => `"${f.name}"`).join(', ');
      const failed = blank('file', files[0]?.name ?? 'no file', {
        status: 'failed',
        error: `None of the ${files.length} files (${names}) is an .onnx model: select the model file together with its data files.`,
      });
      this.#begin(failed, async () => {});
      return;
    }
    const model = blank('file', file.name);
    this.#begin(model, async (isCurrent) => {
      const read = await this.#inspect(model, file, isCurrent);
      if (!read) return;
      const info = read.info;
      // The model names each data file by a path relative to itself; the browser gives only file names.
      const baseName = (location: string) => location.split(/[\\/]/).pop();
      const needed = [...new Set(info.externalData.map((e) => e.location))];
      const found = needed.map((location) => ({ location, file: files.find((f) => f !== file && f.name === baseName(location)) }));
      const missing = found.filter((f) => !f.file).map((f) => `"${f.location}"`);
      if (missing.length) {
        read.close();
        this.#fail(
          model,
          `"${file.name}" keeps its weights in ${missing.join(', ')}, which ${missing.length > 1 ? 'were' : 'was'} not selected: ` +
            'select the .onnx file together with its data files.',
        );
        return;
      }
      this.#held = { bytes: null, file, externalFiles: found.map(({ location, file }) => ({ location, file: file! })) };
      this.#ready(model, read);
    });
  }

  /** Downloads a model from an address the user typed, then reads it like a file. */
  openUrl(address: string): void {
    const parsed = parseModelAddress(address, location.href);
    if (!parsed.ok) {
      this.#begin(blank('url', address.trim() || 'no address', { status: 'failed', error: parsed.message }), async () => {});
      return;
    }
    const model = blank('url', parsed.name, { url: parsed.url });
    this.#begin(model, async (isCurrent) => {
      const bytes = await this.#download(model, parsed.url, { name: parsed.name, fromUser: true }, isCurrent);
      if (!bytes) return;
      await this.#readBytes(model, bytes, isCurrent);
    });
  }

  /**
   * A Hugging Face hub model by id or address (`Xenova/all-MiniLM-L6-v2`,
   * `https://huggingface.co/<id>/tree/<rev>`), at `revision` (`main` when none): lists its
   * variants, reads its small JSON files, then opens `variant` (the default: fp32, else the first).
   */
  openHub(address: string, revision = '', variant?: VariantName): void {
    let parsed: ReturnType<typeof parseHubAddress>;
    try {
      parsed = parseHubAddress(address, hubEndpoint(), revision);
    } catch (error) {
      this.#begin(blank('hub', address.trim() || 'no model', { status: 'failed', error: messageOf(error) }), async () => {});
      return;
    }
    const model = blank('hub', parsed.repo);
    this.#hubRepo = null;
    this.#begin(model, async (isCurrent) => {
      const abort = this.#newAbort();
      this.listing = true;
      let repo: HubRepo;
      try {
        repo = await openHubRepo(parsed, hubContext(abort.signal));
      } catch (error) {
        if (isCurrent()) this.#fail(model, messageOf(error), error instanceof HubError && error.problem === 'offline-not-stored');
        return;
      } finally {
        if (isCurrent()) this.listing = false;
      }
      if (!isCurrent()) return;
      this.#hubRepo = repo;
      // A file address (…/blob/main/onnx/model_q4.onnx) opens that file's variant.
      const named = variant ?? repo.variants.find((v) => v.parts.some((p) => p.file.path === parsed.path))?.name;
      const chosen = repo.variants.find((v) => v.name === named) ?? defaultVariant(repo.variants)!;
      await this.#openVariant(model, repo, chosen.name, isCurrent);
    });
  }

  /** Another variant of the open hub model (its listing is not read again). */
  openHubVariant(name: VariantName): void {
    const repo = this.#hubRepo;
    if (!repo) return;
    this.#begin(blank('hub', repo.repo), async (isCurrent) => {
      await this.#openVariant(this.current, repo, name, isCurrent);
    });
  }

  /** Stops the hub download in progress: nothing of it is kept. */
  cancelDownload(): void {
    this.#abort?.abort();
  }

  /**
   * A variant of the open hub model as the workers take it: the open one's bytes, or another
   * downloaded (or read from storage). For the comparison and "try it", which may run several.
   */
  async variantPayload(name: VariantName, onProgress?: (progress: HubProgress) => void): Promise<ModelPayload> {
    const repo = this.#hubRepo;
    const hub = this.current.hub;
    if (!repo || !hub || repo.repo !== hub.repo) throw new Failure('bad-input', `${this.current.name || 'This model'} is not a Hugging Face hub model: it has no variants.`);
    if (name === hub.variant && this.ready) return this.payload();
    const got = await fetchVariant(repo, name, hubContext(), onProgress);
    return { bytes: got.bytes, name: hubModelName(repo.repo, name), externalData: got.externalData };
  }

  async #openVariant(model: ChosenModel, repo: HubRepo, name: VariantName, isCurrent: () => boolean): Promise<void> {
    const hub: HubChoice = { repo: repo.repo, revision: repo.revision, variants: repo.variants, variant: name, files: repo.json };
    const named = { ...model, name: hubModelName(repo.repo, name), hub };
    this.#set(named);
    const abort = this.#newAbort();
    this.downloading = { loadedBytes: 0, totalBytes: repo.variants.find((v) => v.name === name)?.bytes ?? 0 };
    let got: Awaited<ReturnType<typeof fetchVariant>>;
    try {
      got = await fetchVariant(repo, name, hubContext(abort.signal), (p) => {
        if (isCurrent()) this.downloading = p;
      });
    } catch (error) {
      if (isCurrent()) this.#fail(named, messageOf(error), error instanceof HubError && error.problem === 'offline-not-stored');
      return;
    } finally {
      if (isCurrent()) this.downloading = null;
    }
    if (!isCurrent()) return;
    await this.#readBytes(named, got.bytes, isCurrent);
    // The graph's external data, as the user's own files would be given (payload() reads them).
    if (got.externalData.length && this.current.key === named.key && this.#held.bytes) {
      this.#held = { ...this.#held, externalFiles: got.externalData.map((d) => ({ location: d.path, file: new File([d.data as BlobPart], d.path) })) };
    }
  }

  #newAbort(): AbortController {
    this.#abort?.abort();
    this.#abort = new AbortController();
    return this.#abort;
  }

  /**
   * A model made in this tab (a TF.js model converted to ONNX): `make` gives its bytes, or throws
   * with the message the user sees. Returns the choice's key, so the maker can tell whether its
   * model is still the current one.
   */
  openConverted(name: string, make: () => Promise<Uint8Array>, tfjsSource: ConvertInput | null = null): number {
    const model = blank('converted', name, { tfjsSource });
    this.#begin(model, async (isCurrent) => {
      let bytes: Uint8Array;
      try {
        bytes = await make();
      } catch (error) {
        if (isCurrent()) this.#fail(model, messageOf(error));
        return;
      }
      if (!isCurrent()) return;
      await this.#readBytes(model, bytes, isCurrent);
    });
    return model.key;
  }

  /** Stores the failed gallery model for offline use, then opens it again. */
  async saveOffline(): Promise<void> {
    const gallery = this.current.gallery;
    if (!gallery || this.savingOffline) return;
    this.savingOffline = true;
    this.saveOfflineError = null;
    try {
      await saveForOffline([`models/${gallery.source.file}`], () => {}, undefined, { extras: false });
      this.useGallery(gallery.id);
    } catch (error) {
      this.saveOfflineError = `Saving ${gallery.source.file} failed: ${messageOf(error)}`;
    } finally {
      this.savingOffline = false;
    }
  }

  /** Takes over another page's model as it is (its bytes and details): no download, no second read. */
  adopt(other: ModelChoice): void {
    const model = { ...other.current, key: nextKey++ };
    const otherKey = other.current.key;
    this.#held = other.#held;
    this.#hubRepo = other.#hubRepo;
    this.#begin(model, async () => {}, model.status);
    this.#graphSettled = other.#graphSettled.then(() => {
      if (other.#graph?.key === otherKey && this.current.key === model.key) this.#graph = { key: model.key, reading: other.#graph.reading };
    });
  }

  /** The bytes every worker gets (a copy each, made by postMessage). */
  async payload(): Promise<ModelPayload> {
    const model = this.current;
    if (model.status !== 'ready') throw new Error(model.error ?? `${model.name} has not been read yet.`);
    const held = this.#held;
    const bytes = held.bytes ?? new Uint8Array(await held.file!.arrayBuffer());
    const externalData = await Promise.all(held.externalFiles.map(async ({ location, file }) => ({ path: location, data: new Uint8Array(await file.arrayBuffer()) })));
    return { bytes, name: model.name, externalData };
  }

  #begin(model: ChosenModel, read: (isCurrent: () => boolean) => Promise<void>, status: ChosenModel['status'] = model.status): void {
    this.#held = status === 'ready' ? this.#held : { bytes: null, file: null, externalFiles: [] };
    this.#abort?.abort();
    this.current = { ...model, status };
    this.downloading = null;
    this.listing = false;
    if (model.origin !== 'hub') this.#hubRepo = null;
    const isCurrent = () => this.current.key === model.key;
    this.#settled = read(isCurrent).catch((error) => {
      if (isCurrent()) this.#fail(model, `"${model.name}" cannot be opened: ${messageOf(error)}`);
    });
  }

  async #download(model: ChosenModel, url: string, expected: Parameters<typeof fetchModel>[1], isCurrent: () => boolean): Promise<Uint8Array | null> {
    this.downloading = { loadedBytes: 0, totalBytes: expected.bytes ?? 0 };
    try {
      const bytes = await fetchModel(url, expected, (p) => {
        if (isCurrent()) this.downloading = p;
      });
      return isCurrent() ? bytes : null;
    } catch (error) {
      if (isCurrent()) this.#fail(model, messageOf(error), error instanceof ModelDownloadError && error.offline);
      return null;
    } finally {
      if (isCurrent()) this.downloading = null;
    }
  }

  /** Holds downloaded or converted bytes as the model's, and reads its details from them. */
  async #readBytes(model: ChosenModel, bytes: Uint8Array, isCurrent: () => boolean): Promise<void> {
    this.#held = { bytes, file: null, externalFiles: [] };
    const read = await this.#inspect(model, new Blob([bytes as Uint8Array<ArrayBuffer>]), isCurrent);
    if (read) this.#ready(model, read);
  }

  /** Reads the model in a worker, which stays open for its graph; the model stays "reading" until `#ready`. */
  async #inspect(model: ChosenModel, blob: Blob, isCurrent: () => boolean): Promise<ModelRead | null> {
    let read: ModelRead;
    try {
      read = await readModel(blob);
    } catch (error) {
      if (isCurrent()) this.#fail(model, `"${model.name}" cannot be opened: ${messageOf(error)}`);
      return null;
    }
    if (isCurrent()) return read;
    read.close();
    return null;
  }

  /** The model's details are shown; its graph, from the same read, follows when laid out. */
  #ready(model: ChosenModel, read: ModelRead): void {
    this.#set({ ...model, status: 'ready', info: read.info });
    if (!this.options.withGraph) {
      read.close();
      return;
    }
    const key = model.key;
    this.#graph = { key, reading: { laid: null, error: null } };
    this.#graphSettled = read.graph().then(
      (laid) => {
        if (this.#graph?.key === key) this.#graph = { key, reading: { laid, error: null } };
      },
      (error: unknown) => {
        if (this.#graph?.key === key) this.#graph = { key, reading: { laid: null, error: messageOf(error) } };
      },
    );
  }

  #fail(model: ChosenModel, error: string, notStoredOffline = false): void {
    this.#held = { bytes: null, file: null, externalFiles: [] };
    this.#set({ ...model, status: 'failed', info: null, error, notStoredOffline });
  }

  #set(model: ChosenModel): void {
    if (this.current.key === model.key) this.current = model;
  }
}
