/**
 * Inputs named as transformers exports name them (`input_ids`, `attention_mask`, `token_type_ids`,
 * `position_ids`, `pixel_values`, `input_features`) mean something: ids index a vocabulary, a mask
 * says which tokens are real, type ids pick a segment. Made-up values must respect that, or a
 * benchmark measures a failure (a type id of 2 for a vocabulary of 2) or nothing a user would run.
 */
import type { TensorData, ValueInfo } from '../ort/session';

export type InputRole = 'input_ids' | 'attention_mask' | 'token_type_ids' | 'position_ids' | 'pixel_values' | 'input_features' | 'other';

const ROLES: readonly InputRole[] = ['input_ids', 'attention_mask', 'token_type_ids', 'position_ids', 'pixel_values', 'input_features'];

/** What an input is for, by its name (exports sometimes add `:0`). */
export function inputRole(name: string): InputRole {
  const bare = name.toLowerCase().replace(/:\d+$/, '');
  return ROLES.find((role) => bare === role) ?? 'other';
}

/** The token inputs a text model takes, in their roles. */
export const TOKEN_ROLES: readonly InputRole[] = ['input_ids', 'attention_mask', 'token_type_ids', 'position_ids'];

/** A model whose inputs are token ids (a BERT, a MiniLM...). */
export const takesTokens = (inputs: readonly ValueInfo[]) => inputs.some((i) => inputRole(i.name) === 'input_ids');

/** Ids drawn below this when the vocabulary's size is unknown: every text model's vocabulary is larger. */
export const SAFE_VOCABULARY = 100;

/** How a synthetic text input is made: batch x sequence length, ids below the vocabulary size. */
export interface TokenShape {
  batch: number;
  sequence: number;
  /** `vocab_size` from config.json; unknown: ids below SAFE_VOCABULARY. */
  vocabularySize?: number;
}

/**
 * The [batch, sequence] dims of a token input: named or unknown dims take batch and sequence length
 * in order (a size the user gave a named dim wins); fixed ones stay. A token input of another rank keeps its declared numbers (1 for the rest).
 */
export function tokenDims(info: ValueInfo, shape: TokenShape, overrides: Record<string, number> = {}): number[] {
  const dims = info.dims ?? [null, null];
  const fill = [shape.batch, shape.sequence];
  return dims.map((d, i) => (typeof d === 'number' && d >= 0 ? d : ((typeof d === 'string' ? overrides[d] : undefined) ?? fill[i] ?? 1)));
}

const int64 = (dims: number[], value: (index: number) => number): TensorData => {
  const size = dims.reduce((a, b) => a * b, 1);
  return { dtype: 'int64', dims, data: BigInt64Array.from({ length: size }, (_, i) => BigInt(value(i))) };
};
const int32 = (dims: number[], value: (index: number) => number): TensorData => {
  const size = dims.reduce((a, b) => a * b, 1);
  return { dtype: 'int32', dims, data: Int32Array.from({ length: size }, (_, i) => value(i)) };
};

/**
 * A synthetic value for a token input, or null when `info` is no token input (or of a type tokens
 * never have): ids seeded within the vocabulary, mask all ones, type ids zero, positions 0..n-1.
 */
export function syntheticTokenInput(info: ValueInfo, shape: TokenShape, random: () => number, overrides: Record<string, number> = {}): TensorData | null {
  const role = inputRole(info.name);
  if (!TOKEN_ROLES.includes(role) || (info.dtype !== 'int64' && info.dtype !== 'int32')) return null;
  const dims = tokenDims(info, shape, overrides);
  const columns = dims.at(-1) ?? 1;
  const vocabulary = Math.max(1, shape.vocabularySize ?? SAFE_VOCABULARY);
  const value: (i: number) => number =
    role === 'input_ids' ? () => Math.floor(random() * vocabulary) : role === 'attention_mask' ? () => 1 : role === 'position_ids' ? (i) => i % columns : () => 0;
  return info.dtype === 'int64' ? int64(dims, value) : int32(dims, value);
}
