/** A refusal the user can act on: the message names the file, weight or op at fault. */
export class ConvertError extends Error {
  override name = 'ConvertError';
}
