/** A refusal the user can act on: the message names the file, weight or op at fault. */
import { Failure } from '../../shared/errors';

export class ConvertError extends Failure {
  override name = 'ConvertError';
  constructor(
    message: string,
    /** For a refusal over ops: each unsupported TF op with its count, for a UI to list. */
    readonly unsupportedOps?: Record<string, number>,
  ) {
    super('bad-input', message);
  }
}
