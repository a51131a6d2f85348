/**
 * Inputs named as transformers exports name them (`input_ids`, `attention_mask`, `token_type_ids`,
 * `position_ids`, `pixel_values`, `input_features`) mean something: ids index a vocabulary, a mask
 * says which tokens are real, type ids pick a segment. Made-up values must respect that, or a
 * benchmark measures a failure (a type id of 2 for a vocabulary of 2) or nothing a user would run.
 */
import { Failure } from '../../shared/errors';
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

/** Token values as a tensor of the input's type (int64 or int32), at `dims`. */
const tokenTensor = (dtype: string, dims: number[], values: readonly number[]): TensorData =>
  dtype === 'int32' ? { dtype: 'int32', dims, data: Int32Array.from(values) } : { dtype: 'int64', dims, data: BigInt64Array.from(values, (v) => BigInt(v)) };

/** Encoded text as the token inputs take it (see src/engine/text/tokenizer.ts): row-major `batch x sequence`. */
export interface TokenBatch {
  batch: number;
  sequence: number;
  ids: readonly number[];
  attentionMask: readonly number[];
  typeIds: readonly number[];
}

/**
 * The feeds of a text model from encoded text, for the inputs it declares: `input_ids`,
 * `attention_mask`, `token_type_ids` (zero when the tokenizer gave none) and `position_ids`
 * (0..n-1 in each row), each int64 or int32 as declared, at `batch x sequence`. An input text cannot
 * fill (a decoder's past key values, an image) is an 'unsupported' Failure naming it.
 */
export function tokenFeeds(inputs: readonly ValueInfo[], tokens: TokenBatch): Record<string, TensorData> {
  const { batch, sequence } = tokens;
  const dims = [batch, sequence];
  const positions = Array.from({ length: batch * sequence }, (_, i) => i % sequence);
  const values: Partial<Record<InputRole, readonly number[]>> = {
    input_ids: tokens.ids,
    attention_mask: tokens.attentionMask,
    token_type_ids: tokens.typeIds.length === batch * sequence ? tokens.typeIds : positions.map(() => 0),
    position_ids: positions,
  };
  const feeds: Record<string, TensorData> = {};
  for (const info of inputs) {
    const filled = values[inputRole(info.name)];
    if (!filled || (info.dtype !== 'int64' && info.dtype !== 'int32')) {
      throw new Failure(
        'unsupported',
        `This model also takes "${info.name}" (${info.dtype}), which typed text cannot fill: only input_ids, attention_mask, token_type_ids and position_ids can. Text generation and models with several parts are not run here; pick an encoder such as a BERT or MiniLM export.`,
      );
    }
    if (info.dims && info.dims.length !== 2) throw new Failure('unsupported', `This model's "${info.name}" has ${info.dims.length} dimensions; token inputs here are batch x sequence.`);
    const fixed = info.dims?.findIndex((d, i) => typeof d === 'number' && d >= 0 && d !== dims[i]) ?? -1;
    if (fixed >= 0) {
      throw new Failure('bad-input', `This model's "${info.name}" is fixed at ${info.dims!.join(' x ')}, and the text gives ${dims.join(' x ')}; a model exported with dynamic batch and sequence sizes takes any text.`);
    }
    feeds[info.name] = tokenTensor(info.dtype, dims, filled);
  }
  return feeds;
}

/** config.json's `vocab_size` (synthetic ids are drawn below it), or undefined when it gives none. */
export function vocabularySizeOf(config: unknown): number | undefined {
  const size = (config as { vocab_size?: unknown } | null)?.vocab_size;
  return typeof size === 'number' && Number.isInteger(size) && size > 0 ? size : undefined;
}
