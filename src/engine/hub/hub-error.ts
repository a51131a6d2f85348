/**
 * What can go wrong with a hub model, each named, with what happened and what to do. Code branches
 * on `reason` (and on the Failure kind), never on the words.
 */
import { Failure, type FailureKind } from '../../shared/errors';
import { grouped } from '../../shared/numbers';

export type HubProblem =
  | 'bad-address'
  | 'repo-not-found'
  | 'file-not-found'
  | 'refused'
  | 'no-onnx'
  | 'dropped'
  | 'offline-not-stored'
  | 'too-big'
  | 'damaged'
  | 'unreachable'
  | 'server';

const KIND: Record<HubProblem, FailureKind> = {
  'bad-address': 'bad-input',
  'repo-not-found': 'bad-input',
  'file-not-found': 'download',
  refused: 'download',
  'no-onnx': 'bad-input',
  dropped: 'download',
  'offline-not-stored': 'download',
  'too-big': 'unsupported',
  damaged: 'download',
  unreachable: 'download',
  server: 'download',
};

export class HubError extends Failure {
  override name = 'HubError';
  constructor(
    readonly problem: HubProblem,
    message: string,
  ) {
    super(KIND[problem], message);
  }
}

/** One WebAssembly memory: a file past 2 GB cannot be handed to ORT whole, nor 4 GB in all. */
export const WASM_FILE_LIMIT = 2 * 1024 ** 3;
export const WASM_HEAP_LIMIT = 4 * 1024 ** 3;

const mb = (bytes: number) => `${grouped(Math.round(bytes / 1024 / 1024))} MB`;
export const sizeWords = mb;

/** A failed answer from the hub, named by its status: `what` is the file, or null for the listing. */
export function hubHttpError(status: number, repo: string, revision: string, what: string | null, host: string): HubError {
  if (what === null) {
    // The real hub answers 401 for a repository that does not exist (it will not say whether a private one does).
    if (status === 404 || status === 401 || status === 403) {
      return new HubError(
        'repo-not-found',
        `${host} has no public model "${repo}" at revision "${revision}" (HTTP ${status}): check the id (owner/name, as in Xenova/all-MiniLM-L6-v2) and the revision. Private models cannot be opened here.`,
      );
    }
  } else if (status === 404) {
    return new HubError('file-not-found', `${repo} has no file ${what} at revision "${revision}" (HTTP 404): the repository changed since it was listed; open it again.`);
  } else if (status === 401 || status === 403) {
    return new HubError(
      'refused',
      `${host} refused ${what} of ${repo} (HTTP ${status}): the model is gated or private, so it needs an account that accepted its terms, and this app sends no account. Download the files on the model's page while signed in and open them from disk.`,
    );
  }
  return new HubError('server', `${host} answered HTTP ${status} for ${what ?? `the file list of ${repo}`}: try again in a moment.`);
}

export const noOnnxError = (repo: string, revision: string, fileCount: number) =>
  new HubError(
    'no-onnx',
    `${repo} (revision "${revision}") holds ${grouped(fileCount)} files and no ONNX model (.onnx): it is not exported for the browser. Look for an ONNX export of it (the onnx-community and Xenova organisations publish many) and open that instead.`,
  );

export const offlineNotStoredError = (repo: string, what: string) =>
  new HubError('offline-not-stored', `${what} of ${repo} is not stored in this browser, and the browser is offline. Connect to the network and open it again; once downloaded it stays stored for offline use.`);

export const unreachableError = (host: string, what: string, reason: string) =>
  new HubError('unreachable', `Could not reach ${host} for ${what}: the browser said "${reason}". Check the connection and try again.`);
