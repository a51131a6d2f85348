/** Downloads a model file with progress and checks it against the catalogue's sha256. */
import { Failure } from '../../shared/errors';
import { hubConnectSources, hubEndpoint } from '../hub/endpoint';

export interface DownloadProgress {
  loadedBytes: number;
  /** From Content-Length or the catalogue; 0 when unknown. */
  totalBytes: number;
  /** A hub download's file, rate and time left (src/engine/hub/hub-download.ts HubProgress). */
  file?: string;
  bytesPerSecond?: number;
  secondsLeft?: number | null;
}

export class ModelDownloadError extends Failure {
  override name = 'ModelDownloadError';
  /** Worth one more try (the network or the server), as opposed to a wrong file or address. */
  readonly transient: boolean;
  /** The browser is offline and the file is not in the offline storage. */
  readonly offline: boolean;
  constructor(message: string, kind: { transient?: boolean; offline?: boolean } = {}) {
    super('download', message);
    this.transient = kind.transient ?? false;
    this.offline = kind.offline ?? false;
  }
}

/** Failures worth one more try: the network, or a server or cache that hiccuped. */
const RETRY_DELAY_MS = 400;

export async function fetchModel(
  url: string,
  expected: { sha256?: string | null; bytes?: number | null; name: string; fromUser?: boolean },
  onProgress?: (progress: DownloadProgress) => void,
): Promise<Uint8Array> {
  try {
    return await fetchOnce(url, expected, onProgress);
  } catch (error) {
    if (!(error instanceof ModelDownloadError) || !error.transient) throw error;
    // One more try: a fresh profile's disk cache sometimes fails a large write
    // (net::ERR_CACHE_WRITE_FAILURE), and a connection can drop mid-body.
    await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS));
    try {
      return await fetchOnce(url, expected, onProgress);
    } catch (again) {
      if (again instanceof ModelDownloadError && again.transient) again.message = again.message.replace(/\.$/, '') + ' (tried twice).';
      throw again;
    }
  }
}

const isOffline = () => globalThis.navigator?.onLine === false;

async function fetchOnce(url: string, expected: { sha256?: string | null; bytes?: number | null; name: string; fromUser?: boolean }, onProgress?: (progress: DownloadProgress) => void): Promise<Uint8Array> {
  let response: Response;
  const policy = watchPolicyBlocks(url);
  try {
    response = await fetch(url);
  } catch (error) {
    if (await policy.blocked()) {
      throw new ModelDownloadError(
        `This copy of the app did not fetch ${url}: its Content-Security-Policy lets it contact only its own site and the model hub ` +
          `(${hubConnectSources(hubEndpoint()).join(', ')}), and only to download public model files, so that nothing you open here can leave your machine. ` +
          'Download the file and open it from disk instead, or open a hub model by its id.',
      );
    }
    const reason = (error as Error).message;
    if (isOffline()) {
      throw new ModelDownloadError(
        `${expected.name} is not stored for offline use, and this browser is offline (it said "${reason}"). ` +
          'Connect to the network and choose it again; to use it offline later, save it for offline use while connected.',
        { transient: false, offline: true },
      );
    }
    throw new ModelDownloadError(
      expected.fromUser
        ? // The browser does not say which: both look like "Failed to fetch".
          `Could not fetch ${url}: the server could not be reached, or it does not let other sites read the file (no CORS header); the browser said "${reason}". ` +
            'Download the file and open it from disk instead.'
        : `Could not download ${expected.name} from ${url}: the browser said "${reason}". Check the connection and try again.`,
      { transient: true },
    );
  } finally {
    policy.stop();
  }
  if (!response.ok) {
    const hint = expected.fromUser
      ? ' Check the address.'
      : response.status === 404
        ? ' The model file is missing on the server: run `npm run setup`.'
        : ' Try again in a moment.';
    throw new ModelDownloadError(`Could not download ${expected.name}: HTTP ${response.status} ${response.statusText}.${hint}`, {
      transient: response.status >= 500 || response.status === 408 || response.status === 429,
    });
  }
  if (/^text\/html\b/i.test(response.headers.get('Content-Type') ?? '')) {
    // A missing file on a single-page host (vite preview, most static hosts) comes back as the
    // app's own page with status 200: that is "not found", not a web page someone put there.
    const page = await response.text().catch(() => '');
    if (isAppPage(page) && !/(\/|\.html?)$/i.test(new URL(url, globalThis.location?.href).pathname)) {
      const hint = expected.fromUser ? 'Check the folder and the file name.' : 'The model file is missing on the server: run `npm run setup`.';
      throw new ModelDownloadError(`There is no file at ${url}: the server answered with this app's own start page, as it does for any address it does not have. ${hint}`);
    }
    throw new ModelDownloadError(`The server returned a web page, not a model, for ${url}: check the address (it should point at the .onnx file itself).`);
  }
  const totalBytes = Number(response.headers.get('Content-Length')) || expected.bytes || 0;
  let bytes: Uint8Array;
  try {
    bytes = await readWithProgress(response, totalBytes, onProgress);
  } catch (error) {
    throw new ModelDownloadError(
      `The download of ${expected.name} from ${url} broke off: the browser said "${(error as Error).message}". Check the connection and try again.`,
      { transient: true },
    );
  }
  if (expected.sha256) {
    const actual = await sha256Hex(bytes);
    if (actual !== expected.sha256) {
      throw new ModelDownloadError(
        `${expected.name} does not match its catalogue checksum (sha256 ${actual.slice(0, 12)}…, expected ${expected.sha256.slice(0, 12)}…): ` +
          'the file on the server is damaged or a different model. Run `npm run setup` again.',
      );
    }
  }
  return bytes;
}

/** This app's own page (index.html), which a single-page host sends for any address it does not have. */
export const isAppPage = (html: string): boolean => html.includes('<div id="app"></div>') && html.includes('<title>onnx-playground</title>');

/**
 * Notices when the Content-Security-Policy blocks a request to `url`'s origin: fetch itself only
 * says "Failed to fetch", as for a CORS refusal or an unreachable server.
 */
function watchPolicyBlocks(url: string): { blocked: () => Promise<boolean>; stop: () => void } {
  let seen = false;
  const target = globalThis as unknown as EventTarget;
  const origin = URL.canParse(url) ? new URL(url).origin : null;
  const listener = (event: Event) => {
    const blockedUri = (event as SecurityPolicyViolationEvent).blockedURI;
    if (origin && URL.canParse(blockedUri) && new URL(blockedUri).origin === origin) seen = true;
  };
  target.addEventListener?.('securitypolicyviolation', listener);
  return {
    // The violation event is queued as a task of its own, so it may follow the rejected fetch.
    blocked: () => new Promise((resolve) => setTimeout(() => resolve(seen), 50)),
    stop: () => target.removeEventListener?.('securitypolicyviolation', listener),
  };
}

/** Reads a response body whole, reporting bytes as they arrive. */
export async function readWithProgress(
  response: Response,
  totalBytes: number,
  onProgress?: (progress: DownloadProgress) => void,
): Promise<Uint8Array> {
  if (!response.body) return new Uint8Array(await response.arrayBuffer());
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let loadedBytes = 0;
  onProgress?.({ loadedBytes, totalBytes });
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    loadedBytes += value.byteLength;
    onProgress?.({ loadedBytes, totalBytes });
  }
  return joinChunks(chunks, loadedBytes);
}

/** Chunks read from a body as one array (the chunk itself when there is one). */
export function joinChunks(chunks: readonly Uint8Array[], length: number): Uint8Array {
  if (chunks.length === 1 && chunks[0].byteLength === length) return chunks[0];
  const bytes = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}
