/** What is stored for offline use, and the user's actions on it (see src/offline/offline-cache.ts). */
import { GALLERY } from '../../tasks/gallery';
import { clearCached, listCached, offlineSupported, saveForOffline, type CachedFile } from '../../offline/offline-cache';
import { listStoredHubModels, removeStoredHubModel, type StoredHubModel } from '../../offline/hub-cache';
import { messageOf } from '../../shared/errors';

export class OfflineState {
  readonly supported = offlineSupported();
  files = $state.raw<CachedFile[]>([]);
  /** Hugging Face hub models kept in this browser, each with its files' size. */
  hubModels = $state.raw<StoredHubModel[]>([]);
  saving = $state(false);
  progress = $state<{ loaded: number; total: number; path: string } | null>(null);
  error = $state<string | null>(null);
  message = $state<string | null>(null);
  private abort: AbortController | null = null;

  get totalBytes(): number {
    return this.files.reduce((sum, f) => sum + f.bytes, 0) + this.hubModels.reduce((sum, m) => sum + m.bytes, 0);
  }

  get cachedModels(): number {
    return this.files.filter((f) => f.path.startsWith('models/')).length;
  }

  async refresh(): Promise<void> {
    try {
      [this.files, this.hubModels] = await Promise.all([listCached(), listStoredHubModels()]);
    } catch (error) {
      this.error = `Could not read the offline storage: ${messageOf(error)}`;
    }
  }

  async saveAll(): Promise<void> {
    this.saving = true;
    this.error = null;
    this.message = null;
    this.abort = new AbortController();
    try {
      const saved = await saveForOffline(
        GALLERY.map((m) => `models/${m.source.file}`),
        (loaded, total, path) => (this.progress = { loaded, total, path }),
        this.abort.signal,
      );
      this.message = saved ? `Saved ${saved} files: every gallery model and backend now works offline.` : 'Everything was already saved.';
    } catch (error) {
      this.error = this.abort.signal.aborted ? 'Stopped: what was downloaded completely stays saved.' : `Saving for offline use failed: ${messageOf(error)}`;
    } finally {
      this.saving = false;
      this.progress = null;
      await this.refresh();
    }
  }

  stop(): void {
    this.abort?.abort();
  }

  /** Removes one hub model's files: it downloads again when next opened. */
  async removeHubModel(model: StoredHubModel): Promise<void> {
    await removeStoredHubModel(model.repo, model.revision);
    this.message = `Removed ${model.repo} (${model.revision}) from this browser: it downloads again when next opened.`;
    await this.refresh();
  }

  async clear(): Promise<void> {
    await clearCached();
    this.message = 'Offline storage cleared: files download again when next used.';
    await this.refresh();
  }
}
