/**
 * Failures the app tells apart. Code decides by `kind`, never by a message's wording: messages are
 * for people and change. A kind survives the trip from a worker (src/workers/rpc.ts carries it).
 */
export type FailureKind =
  /** The runtime could not create a session for the model (unsupported op, opset, dtype, memory). */
  | 'model-load'
  /** The file or address given is not what was asked for (not a model, wrong size, not an image). */
  | 'bad-input'
  /** A download failed or was cut short. */
  | 'download'
  /** The GPU device behind a session was lost. */
  | 'gpu-lost'
  /** The user or the page stopped the work. */
  | 'cancelled'
  /** The backend or browser cannot do this at all. */
  | 'unsupported';

export class Failure extends Error {
  constructor(
    readonly kind: FailureKind,
    message: string,
  ) {
    super(message);
    this.name = 'Failure';
  }
}

/** The kind of a thrown value: a Failure's, one carried from a worker, or null for any other error. */
export function failureKind(error: unknown): FailureKind | null {
  const kind = (error as { kind?: unknown } | null)?.kind;
  return typeof kind === 'string' ? (kind as FailureKind) : null;
}

/** What to show for a thrown value. */
export const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
