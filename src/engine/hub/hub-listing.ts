/**
 * A repository's files, from the hub's tree API (`/api/models/<id>/tree/<rev>?recursive=true`,
 * paginated by a `Link: <...>; rel="next"` header), as the RepoFile list groupVariants takes.
 * A small client rather than @huggingface/hub's listFiles: the app needs this one paginated GET and
 * downloads with its own progress, Range resume, checks and storage, which that library leaves to
 * its caller; the same 60 lines run in the page, a worker and Node with any fetch.
 */
import type { RepoFile } from './variants';
import { hubHost, treeUrl, type HubEndpoint } from './endpoint';
import { HubError, hubHttpError, unreachableError } from './hub-error';

/** One entry of the tree API's answer (directories included; `lfs` on files kept in Git LFS). */
export interface TreeEntry {
  type: 'file' | 'directory' | string;
  path: string;
  size?: number;
  oid?: string;
  lfs?: { oid: string; size: number; pointerSize?: number };
}

/** Files only, each with its real size (an LFS file's, not its pointer's) and its sha256 where the hub gives one. */
export function filesOfTree(entries: readonly TreeEntry[]): RepoFile[] {
  return entries
    .filter((e) => e.type === 'file' && typeof e.path === 'string')
    .map((e) => {
      const sha256 = e.lfs?.oid && /^[0-9a-f]{64}$/i.test(e.lfs.oid) ? e.lfs.oid.toLowerCase() : undefined;
      return { path: e.path, bytes: e.lfs?.size ?? e.size ?? 0, ...(sha256 ? { sha256 } : {}) };
    });
}

/** The `rel="next"` address of a Link header, resolved against the page it came with; null on the last page. */
export function nextPageUrl(link: string | null, base: string): string | null {
  if (!link) return null;
  for (const part of link.split(',')) {
    const match = /<([^>]*)>\s*;(.*)/.exec(part.trim());
    if (match && /\brel\s*=\s*"?next"?/i.test(match[2])) return new URL(match[1], base).href;
  }
  return null;
}

const MAX_PAGES = 200;

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/** Every file of `repo` at `revision`, all pages read. Named HubErrors for a missing repository or an unreachable hub. */
export async function listRepoFiles(hub: HubEndpoint, repo: string, revision: string, options: { fetch?: FetchLike; signal?: AbortSignal } = {}): Promise<RepoFile[]> {
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  const entries: TreeEntry[] = [];
  let url: string | null = treeUrl(hub, repo, revision);
  for (let page = 0; url && page < MAX_PAGES; page++) {
    let response: Response;
    try {
      response = await doFetch(url, { signal: options.signal, headers: { Accept: 'application/json' } });
    } catch (error) {
      if (options.signal?.aborted) throw error;
      throw unreachableError(hubHost(hub), `the file list of ${repo}`, (error as Error).message);
    }
    if (!response.ok) throw hubHttpError(response.status, repo, revision, null, hubHost(hub));
    const body: unknown = await response.json().catch(() => null);
    if (!Array.isArray(body)) throw new HubError('server', `${hubHost(hub)} sent something other than a file list for ${repo}: is HUB_ENDPOINT a Hugging Face hub?`);
    entries.push(...(body as TreeEntry[]));
    url = nextPageUrl(response.headers.get('Link'), url);
  }
  return filesOfTree(entries);
}
