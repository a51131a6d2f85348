/**
 * One hub file downloaded whole: progress as bytes arrive, cancel (AbortSignal), and after a dropped
 * connection the rest asked for with `Range: bytes=<have>-` (kept only on a 206 whose Content-Range
 * starts where the bytes stop; a server that ignores Range sends the whole file again, which then
 * replaces what was read). The result is checked against the listing's size and sha256: a partial
 * or damaged file is never handed on as whole.
 */
import { Failure } from '../../shared/errors';
import { joinChunks, sha256Hex } from '../model/fetch-model';
import { HubError, hubHttpError, unreachableError } from './hub-error';
import type { FetchLike } from './hub-listing';

export interface HubFileRequest {
  url: string;
  repo: string;
  revision: string;
  /** The file's path in the repository (messages). */
  path: string;
  /** From the listing; 0 when unknown. */
  bytes: number;
  sha256?: string;
  /** The hub's host, for messages. */
  host: string;
}

export interface DownloadOptions {
  fetch?: FetchLike;
  signal?: AbortSignal;
  /** Bytes of this file so far (restarts go back to 0). */
  onBytes?: (loaded: number, total: number) => void;
  /** Tries to continue after a drop before giving up. */
  maxResumes?: number;
  resumeDelayMs?: number;
}

/** `bytes 100-199/1000` -> {start 100, end 199, total 1000}; null when unreadable. */
export function parseContentRange(header: string | null): { start: number; end: number; total: number | null } | null {
  const match = /^bytes\s+(\d+)-(\d+)\/(\d+|\*)$/i.exec(header?.trim() ?? '');
  if (!match) return null;
  return { start: Number(match[1]), end: Number(match[2]), total: match[3] === '*' ? null : Number(match[3]) };
}

/**
 * What to do with the answer to a resume request for bytes from `have` on: append its body
 * (`append`), drop what was read and take this body as the whole file (`restart`), or fail.
 */
export function resumeDecision(status: number, contentRange: string | null, have: number): 'append' | 'restart' | 'complete' | 'fail' {
  if (status === 200) return 'restart';
  if (status === 206) {
    const range = parseContentRange(contentRange);
    return range && range.start === have ? 'append' : 'fail';
  }
  if (status === 416) {
    const total = /\/(\d+)$/.exec(contentRange ?? '')?.[1];
    return total !== undefined && Number(total) === have ? 'complete' : 'fail';
  }
  return 'fail';
}

const cancelled = (path: string) => new Failure('cancelled', `The download of ${path} was cancelled: nothing of it was kept. Open the variant again to download it.`);
const isAbort = (signal: AbortSignal | undefined, error: unknown) => signal?.aborted || (error as Error)?.name === 'AbortError';
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function downloadHubFile(file: HubFileRequest, options: DownloadOptions = {}): Promise<Uint8Array> {
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  const maxResumes = options.maxResumes ?? 3;
  let chunks: Uint8Array[] = [];
  let have = 0;
  let total = file.bytes;
  let drops = 0;
  let lastReason = '';
  const dropped = (reason: string) => {
    drops++;
    lastReason = reason;
    if (drops > maxResumes) {
      throw new HubError(
        'dropped',
        `The download of ${file.path} (${file.repo}) broke off ${drops} times and could not be resumed (the browser said "${lastReason}"); nothing of it was kept. Check the connection and open the variant again.`,
      );
    }
  };
  for (;;) {
    if (options.signal?.aborted) throw cancelled(file.path);
    let response: Response;
    try {
      response = await doFetch(file.url, { signal: options.signal, headers: have > 0 ? { Range: `bytes=${have}-` } : {} });
    } catch (error) {
      if (isAbort(options.signal, error)) throw cancelled(file.path);
      if (have === 0 && drops === 0) throw unreachableError(file.host, `${file.path} of ${file.repo}`, (error as Error).message);
      dropped((error as Error).message);
      await wait(options.resumeDelayMs ?? 300);
      continue;
    }
    if (have > 0) {
      const decision = resumeDecision(response.status, response.headers.get('Content-Range'), have);
      if (decision === 'complete') break;
      if (decision === 'restart') {
        chunks = [];
        have = 0;
      } else if (decision === 'fail') {
        await response.body?.cancel().catch(() => {});
        if (!response.ok && response.status !== 416) throw hubHttpError(response.status, file.repo, file.revision, file.path, file.host);
        dropped(`HTTP ${response.status} ${response.headers.get('Content-Range') ?? ''} for a resume from byte ${have}`.trim());
        chunks = [];
        have = 0;
        continue;
      }
    } else if (!response.ok) {
      await response.body?.cancel().catch(() => {});
      throw hubHttpError(response.status, file.repo, file.revision, file.path, file.host);
    }
    if (have === 0) total = Number(response.headers.get('Content-Length')) || file.bytes;
    options.onBytes?.(have, total);
    try {
      if (!response.body) {
        const whole = new Uint8Array(await response.arrayBuffer());
        chunks.push(whole);
        have += whole.byteLength;
      } else {
        const reader = response.body.getReader();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          chunks.push(value);
          have += value.byteLength;
          options.onBytes?.(have, total);
        }
      }
    } catch (error) {
      if (isAbort(options.signal, error)) throw cancelled(file.path);
      dropped((error as Error).message);
      await wait(options.resumeDelayMs ?? 300);
      continue;
    }
    // A body shorter than its Content-Length that still ended cleanly: ask for the rest.
    if (file.bytes > 0 && have < file.bytes) {
      dropped(`the body ended after ${have} of ${file.bytes} bytes`);
      continue;
    }
    break;
  }
  const bytes = joinChunks(chunks, have);
  await checkWhole(file, bytes);
  return bytes;
}

/** The listing's size and sha256 (where it gives one), or a `damaged` HubError. */
export async function checkWhole(file: Pick<HubFileRequest, 'path' | 'repo' | 'bytes' | 'sha256'>, bytes: Uint8Array): Promise<void> {
  if (file.bytes > 0 && bytes.byteLength !== file.bytes) {
    throw new HubError('damaged', `${file.path} of ${file.repo} came to ${bytes.byteLength} bytes where the hub lists ${file.bytes}: it was not kept. Open the variant again.`);
  }
  if (file.sha256) {
    const actual = await sha256Hex(bytes);
    if (actual !== file.sha256) {
      throw new HubError('damaged', `${file.path} of ${file.repo} does not match the hub's sha256 (${actual.slice(0, 12)}…, expected ${file.sha256.slice(0, 12)}…): it was not kept. Open the variant again.`);
    }
  }
}

/** Progress over several files in words' reach: bytes, the rate since the start, the time left. */
export interface HubProgress {
  loadedBytes: number;
  totalBytes: number;
  /** The file downloading now. */
  file: string;
  bytesPerSecond: number;
  /** null until a rate is known. */
  secondsLeft: number | null;
}

export class ProgressMeter {
  #started: number;
  #done = 0;
  constructor(
    private readonly totalBytes: number,
    private readonly report: (p: HubProgress) => void,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.#started = now();
  }

  /** `loaded` bytes of `file`, on top of the files finished before it. */
  update(file: string, loaded: number): void {
    const loadedBytes = this.#done + loaded;
    const seconds = (this.now() - this.#started) / 1000;
    const bytesPerSecond = seconds > 0.05 ? loadedBytes / seconds : 0;
    const secondsLeft = bytesPerSecond > 0 ? Math.max(0, (this.totalBytes - loadedBytes) / bytesPerSecond) : null;
    this.report({ loadedBytes, totalBytes: this.totalBytes, file, bytesPerSecond, secondsLeft });
  }

  finished(bytes: number): void {
    this.#done += bytes;
  }
}
