/** Offline storage, read from the page: the tests wait on what the app stores, they never ask it to store. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, type Page } from '@playwright/test';

/** The shell the build lists (dist/offline-manifest.json): what a first visit keeps for offline use. */
export const offlineShell = (): string[] => JSON.parse(readFileSync(resolve(import.meta.dirname, '..', '..', 'dist', 'offline-manifest.json'), 'utf8')).shell;

/** Shell files not in Cache Storage yet. */
export const shellMissing = (page: Page): Promise<string[]> =>
  page.evaluate(async (paths) => {
    const stored = await Promise.all(paths.map((p) => caches.match(new URL(p, location.href).href, { ignoreVary: true })));
    return paths.filter((_, i) => !stored[i]);
  }, offlineShell());

/** Waits until Cache Storage holds every file of the shell (the service worker stores it once the app is idle). */
export async function waitForShellStored(page: Page, timeout = 60_000): Promise<void> {
  await expect.poll(() => shellMissing(page), { timeout, intervals: [500] }).toEqual([]);
}
