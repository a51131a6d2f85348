/**
 * One gallery text card (src/tasks/hub-cards.ts): a named hub model loaded on first use. Shown, it
 * reads only the browser's storage (no request): a model kept from an earlier visit opens at once,
 * online or offline. Opened, it lists the repository (the size of the variant it will fetch);
 * then the download, with progress and Cancel, through the hub client into Cache Storage (so the
 * Offline panel lists it); then "try it" (TryText) runs it.
 */
import { hubEndpoint } from '../../engine/hub/endpoint';
import { fetchVariant, openHubRepo, variantFiles, type HubContext, type HubRepo, type VariantBytes } from '../../engine/hub/hub-model';
import type { HubProgress } from '../../engine/hub/hub-download';
import type { ModelVariant } from '../../engine/hub/variants';
import { hubCacheStore } from '../../offline/hub-cache';
import { Failure, failureKind, messageOf } from '../../shared/errors';
import { cardVariant, type HubTextCard } from '../../tasks/hub-cards';
import { textTaskOf } from '../../tasks/text-model';
import type { TryTextModel } from './try-text.svelte';

/** idle: nothing read yet; listing; listed: size known, not downloaded; downloading; ready; failed. */
export type HubCardPhase = 'idle' | 'listing' | 'listed' | 'downloading' | 'ready' | 'failed';

const online = () => globalThis.navigator?.onLine !== false;

/** The hub of this build, files kept in Cache Storage; `storageOnly` reads storage and makes no request. */
export const galleryHubContext = (signal?: AbortSignal, storageOnly = false): HubContext => ({
  hub: hubEndpoint(),
  store: hubCacheStore,
  signal,
  online: storageOnly ? () => false : online,
});

/** "1.2 MB of 1.3 MB, 4.1 MB/s, 1 s left" from a download's progress; `size` formats bytes. */
export function progressWords(p: HubProgress, size: (bytes: number) => string): string {
  const parts = [`${size(p.loadedBytes)}${p.totalBytes ? ` of ${size(p.totalBytes)}` : ''}`];
  if (p.bytesPerSecond) parts.push(`${size(p.bytesPerSecond)}/s`);
  if (p.secondsLeft != null && p.bytesPerSecond) parts.push(`${Math.ceil(p.secondsLeft).toLocaleString('en-US')} s left`);
  return parts.join(', ');
}

export class HubTextCardState {
  phase = $state<HubCardPhase>('idle');
  /** The variant it will fetch (or fetched), with its size, once listed. */
  variant = $state.raw<ModelVariant | null>(null);
  progress = $state.raw<HubProgress | null>(null);
  error = $state<string | null>(null);
  /** A note that is no failure (a cancelled download). */
  note = $state<string | null>(null);
  /** What TryText runs, once the variant's bytes are here. */
  model = $state.raw<TryTextModel | null>(null);

  #repo: HubRepo | null = null;
  #abort: AbortController | null = null;

  constructor(
    readonly card: HubTextCard,
    private readonly context: (signal?: AbortSignal, storageOnly?: boolean) => HubContext = galleryHubContext,
  ) {}

  /** The bytes the chosen variant's files hold: what a download fetches. */
  get bytes(): number {
    return this.variant ? variantFiles(this.variant).reduce((sum, f) => sum + f.bytes, 0) : 0;
  }

  /** The path of the graph file it fetches (`onnx/model_quantized.onnx`). */
  get file(): string {
    return this.variant ? variantFiles(this.variant)[0].path : '';
  }

  /** From storage only, with no request: a model kept from an earlier visit is ready at once; otherwise the card stays as it was. */
  async restore(): Promise<void> {
    if (this.phase !== 'idle') return;
    try {
      const repo = await openHubRepo({ repo: this.card.repo, revision: this.card.revision, path: null }, this.context(undefined, true));
      if (this.phase !== 'idle') return;
      await this.#listed(repo);
    } catch {
      // Nothing kept yet: the card waits to be opened.
    }
  }

  /** Lists the repository (storage when offline): the variant and its size; ready at once when its files are kept. */
  async open(): Promise<void> {
    if (this.phase === 'listing' || this.phase === 'downloading') return;
    const abort = this.#newAbort();
    this.phase = 'listing';
    this.error = this.note = null;
    try {
      await this.#listed(await openHubRepo({ repo: this.card.repo, revision: this.card.revision, path: null }, this.context(abort.signal)));
    } catch (error) {
      this.#fail(error);
    }
  }

  /** Downloads the variant (progress as it comes), keeps it, and makes it ready. */
  async download(): Promise<void> {
    const repo = this.#repo;
    if (!repo || !this.variant || this.phase === 'downloading') return;
    const abort = this.#newAbort();
    this.phase = 'downloading';
    this.error = this.note = null;
    this.progress = { loadedBytes: 0, totalBytes: this.bytes, file: variantFiles(this.variant)[0].path, bytesPerSecond: 0, secondsLeft: null };
    try {
      const got = await fetchVariant(repo, this.variant.name, this.context(abort.signal), (p) => {
        if (!abort.signal.aborted) this.progress = p;
      });
      this.#ready(repo, got);
    } catch (error) {
      if (failureKind(error) === 'cancelled' || abort.signal.aborted) {
        this.phase = 'listed';
        this.note = messageOf(error);
      } else this.#fail(error);
    } finally {
      this.progress = null;
    }
  }

  /** Stops the download: nothing of it is kept, and the card offers it again. */
  cancel(): void {
    this.#abort?.abort();
  }

  dispose(): void {
    this.#abort?.abort();
  }

  async #listed(repo: HubRepo): Promise<void> {
    const variant = cardVariant(this.card, repo.variants)!;
    const task = textTaskOf(repo.json);
    if (task !== this.card.task) {
      throw new Failure('unsupported', `${repo.repo} is not a ${this.card.task === 'text-classification' ? 'text classifier' : 'sentence encoder'} as this card needs (its config.json and tokenizer.json say ${task ?? 'neither'}): the card cannot run it.`);
    }
    this.#repo = repo;
    this.variant = variant;
    // Kept from an earlier visit: read from storage, no download.
    const kept = await fetchVariant(repo, variant.name, this.context(undefined, true)).catch(() => null);
    if (kept) this.#ready(repo, kept);
    else this.phase = 'listed';
  }

  #ready(repo: HubRepo, got: VariantBytes): void {
    this.model = {
      origin: { repo: repo.repo, revision: repo.revision, variant: got.variant, file: got.path, bytes: this.bytes },
      files: repo.json,
      payload: async () => ({ bytes: got.bytes, externalData: got.externalData }),
    };
    this.phase = 'ready';
  }

  #fail(error: unknown): void {
    this.phase = 'failed';
    this.error = messageOf(error);
  }

  #newAbort(): AbortController {
    this.#abort?.abort();
    this.#abort = new AbortController();
    return this.#abort;
  }
}
