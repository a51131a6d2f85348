/** A refusal the user can act on: the message names the file, weight or op at fault. */
export class ConvertError extends Error {
  override name = 'ConvertError';
  constructor(
    message: string,
    /** For a refusal over ops: each unsupported TF op with its count, for a UI to list. */
    readonly unsupportedOps?: Record<string, number>,
  ) {
    super(message);
  }
}
