/**
 * Text -> token ids with the model repository's own tokenizer (`tokenizer.json` in the Hugging Face
 * tokenizers format, read by `@huggingface/tokenizers`, the library transformers.js uses): the ids,
 * attention mask and token type ids a transformer export takes, one text or a pair, a batch padded
 * to its longest text, truncated at the model's maximum length as transformers truncates (the text
 * is cut, its special tokens kept).
 */
import { jsonObject } from '../../shared/json';
import { Tokenizer } from '@huggingface/tokenizers';
import { Failure, messageOf } from '../../shared/errors';
import { grouped } from '../../shared/numbers';

/** The repository's JSON files a tokenizer is made from, parsed (by file name on the hub). */
export interface TokenizerFiles {
  /** `tokenizer.json`. */
  tokenizer: unknown;
  /** `tokenizer_config.json` (model_max_length, pad token...); optional. */
  tokenizerConfig?: unknown;
  /** `config.json` (max_position_embeddings, pad_token_id); optional. */
  config?: unknown;
}

/** One text (or pair) as the model takes it. */
export interface Encoded {
  ids: number[];
  attentionMask: number[];
  /** 0 for the first text and its special tokens, 1 for the second of a pair. */
  typeIds: number[];
  /** The tokens, for display (`[CLS]`, `movie`, `##s`...). */
  tokens: string[];
  /** True when the text was cut at `maxLength`. */
  truncated: boolean;
}

/** Several texts padded to the longest: row-major `batch x sequence`. */
export interface EncodedBatch {
  batch: number;
  sequence: number;
  ids: number[];
  attentionMask: number[];
  typeIds: number[];
  /** Each text's own tokens, unpadded. */
  tokens: string[][];
  truncated: boolean[];
}

/** A text or a pair of texts (a question and its context, two sentences). */
export type TextInput = string | readonly [string, string];

/** `model_max_length` values this large mean "no limit" (transformers writes 1e30). */
const NO_LIMIT = 1_000_000;
/** The length used when neither file gives one: BERT's, the most common. */
export const DEFAULT_MAX_LENGTH = 512;

const positive = (value: unknown): number | null => (typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : null);

/** The longest input the model takes: `model_max_length` unless it says "no limit", else `max_position_embeddings`. */
export function maxLengthOf(files: Pick<TokenizerFiles, 'tokenizerConfig' | 'config'>): number {
  const declared = positive(jsonObject(files.tokenizerConfig).model_max_length);
  const positions = positive(jsonObject(files.config).max_position_embeddings);
  const limits = [declared !== null && declared < NO_LIMIT ? declared : null, positions].filter((n): n is number => n !== null);
  return limits.length > 0 ? Math.min(...limits) : DEFAULT_MAX_LENGTH;
}

const unreadable = (reason: string) =>
  new Failure(
    'bad-input',
    `The model's tokenizer could not be read: ${reason}. Text models need the repository's tokenizer.json in the Hugging Face tokenizers format; pick a model whose repository has one (those under onnx-community and Xenova do), or re-export it with transformers, which writes it.`,
  );

export class TextTokenizer {
  private constructor(
    private readonly library: Tokenizer,
    /** The longest encoding, special tokens included. */
    readonly maxLength: number,
    /** The id padding uses. */
    readonly padId: number,
    private readonly unkId: number,
  ) {}

  /** A tokenizer from the repository's files; a file the library cannot read is a 'bad-input' Failure saying what to do. */
  static from(files: TokenizerFiles): TextTokenizer {
    const json = files.tokenizer;
    if (!json || typeof json !== 'object') throw unreadable('the repository has no tokenizer.json, or it is not a JSON object');
    let library: Tokenizer;
    try {
      library = new Tokenizer(json, jsonObject(files.tokenizerConfig));
      library.encode('a'); // some mistakes only show when used
    } catch (error) {
      throw unreadable(`@huggingface/tokenizers says "${messageOf(error)}"`);
    }
    const config = jsonObject(files.tokenizerConfig);
    const padToken = typeof config.pad_token === 'string' ? config.pad_token : (jsonObject(config.pad_token).content as string | undefined);
    const padId = (padToken !== undefined ? library.token_to_id(padToken) : undefined) ?? positive(jsonObject(files.config).pad_token_id) ?? 0;
    const unkId = library.model?.unk_token_id ?? 0;
    return new TextTokenizer(library, maxLengthOf(files), padId, unkId);
  }

  /** One text, or a pair, with the model's special tokens, cut to `maxLength` when longer. */
  encode(text: string, pair?: string): Encoded {
    const whole = this.library.encode(text, { text_pair: pair ?? null, return_token_type_ids: true });
    if (whole.ids.length <= this.maxLength) {
      return { ids: whole.ids, attentionMask: whole.attention_mask, typeIds: whole.token_type_ids ?? whole.ids.map(() => 0), tokens: whole.tokens, truncated: false };
    }
    return this.truncated(text, pair, whole.ids.length);
  }

  /** Texts (or pairs) padded to the longest: ids with the pad id, mask and type ids 0 there. */
  encodeBatch(texts: readonly TextInput[]): EncodedBatch {
    if (texts.length === 0) throw new Failure('bad-input', 'There is no text to encode: type some text first.');
    const rows = texts.map((t) => (typeof t === 'string' ? this.encode(t) : this.encode(t[0], t[1])));
    const sequence = Math.max(...rows.map((r) => r.ids.length));
    const padded = (row: number[], fill: number) => [...row, ...Array<number>(sequence - row.length).fill(fill)];
    return {
      batch: rows.length,
      sequence,
      ids: rows.flatMap((r) => padded(r.ids, this.padId)),
      attentionMask: rows.flatMap((r) => padded(r.attentionMask, 0)),
      typeIds: rows.flatMap((r) => padded(r.typeIds, 0)),
      tokens: rows.map((r) => r.tokens),
      truncated: rows.map((r) => r.truncated),
    };
  }

  /** transformers' `longest_first`: drop the last token of the longer text until the whole fits. */
  private truncated(text: string, pair: string | undefined, fullLength: number): Encoded {
    const first = this.library.tokenize(text);
    const second = pair === undefined ? null : this.library.tokenize(pair);
    const special = fullLength - first.length - (second?.length ?? 0);
    let excess = fullLength - this.maxLength;
    if (this.maxLength <= special) throw new Failure('bad-input', `The model takes at most ${grouped(this.maxLength)} tokens, fewer than its own special tokens need.`);
    while (excess-- > 0) {
      if (second && second.length > first.length) second.pop();
      else first.pop();
    }
    const processor = this.library.post_processor;
    const processed = processor ? processor(first, second, true) : { tokens: [...first, ...(second ?? [])], token_type_ids: undefined };
    const tokens = processed.tokens;
    const ids = tokens.map((t) => this.library.token_to_id(t) ?? this.unkId);
    return { ids, attentionMask: ids.map(() => 1), typeIds: processed.token_type_ids ?? ids.map(() => 0), tokens, truncated: true };
  }
}
