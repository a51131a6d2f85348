import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { maxLengthOf, TextTokenizer, type TokenizerFiles } from '../../../../src/engine/text/tokenizer';
import { failureKind } from '../../../../src/shared/errors';
import { hubFixturePath } from '../../../helpers/assets';

const json = (repo: string, file: string) => JSON.parse(readFileSync(hubFixturePath(repo, file), 'utf8'));
const filesOf = (repo: string): TokenizerFiles => ({ tokenizer: json(repo, 'tokenizer.json'), tokenizerConfig: json(repo, 'tokenizer_config.json'), config: json(repo, 'config.json') });
const sentiment = TextTokenizer.from(filesOf('tiny-bert-sentiment'));
const minilm = TextTokenizer.from(filesOf('tiny-minilm'));

// The reference ids of ../shared/assets/hub/README.md (transformers.js and @huggingface/tokenizers agree on them).
const SENTIMENT: [string, string, number[]][] = [
  ['boring plot, bad acting', '[CLS] boring plot , bad acting [SEP]', [2, 101, 61, 56, 54, 275, 3]],
  ['The movie was great!', '[CLS] the movie was great ! [SEP]', [2, 92, 188, 334, 196, 168, 3]],
  ['What a waste of money and time.', '[CLS] what a waste of money and time . [SEP]', [2, 20, 138, 394, 207, 152, 14, 347, 26, 3]],
  [
    "I'd never eat that pizza again, 42 minutes of waiting.",
    "[CLS] i ' d never eat that pizza again , [UNK] minute ##s of wait ##ing . [SEP]",
    [2, 109, 111, 164, 254, 71, 244, 236, 314, 56, 1, 160, 122, 207, 385, 12, 26, 3],
  ],
];
const MINILM: [string, number[]][] = [
  ['The movie was great!', [2, 139, 273, 285, 359, 207, 3]],
  ['The film was really good.', [2, 139, 205, 285, 23, 265, 199, 3]],
];

describe('the repository tokenizer (tokenizer.json through @huggingface/tokenizers)', () => {
  it.each(SENTIMENT)('gives the reference ids and tokens for %j', (text, tokens, ids) => {
    const encoded = sentiment.encode(text);
    expect(encoded.ids).toEqual(ids);
    expect(encoded.tokens.join(' ')).toBe(tokens);
    expect(encoded.attentionMask).toEqual(ids.map(() => 1));
    expect(encoded.typeIds).toEqual(ids.map(() => 0));
    expect(encoded.truncated).toBe(false);
  });

  it.each(MINILM)('reads each repository with its own vocabulary: %j on the MiniLM', (text, ids) => {
    expect(minilm.encode(text).ids).toEqual(ids);
  });

  it('encodes a pair as [CLS] A [SEP] B [SEP], the second text with type id 1', () => {
    const [a, b] = [SENTIMENT[1][2], SENTIMENT[0][2]];
    const pair = sentiment.encode(SENTIMENT[1][0], SENTIMENT[0][0]);
    expect(pair.ids).toEqual([...a, ...b.slice(1)]);
    expect(pair.typeIds).toEqual([...a.map(() => 0), ...b.slice(1).map(() => 1)]);
    expect(pair.tokens.filter((t) => t === '[SEP]')).toHaveLength(2);
  });

  it('reads runs of spaces and tabs as one space, and a word past max_input_chars_per_word (100) as [UNK]', () => {
    expect(sentiment.encode('The   movie\twas  great!').ids).toEqual(SENTIMENT[1][2]);
    expect(sentiment.encode('a'.repeat(120)).tokens).toEqual(['[CLS]', '[UNK]', '[SEP]']);
    expect(sentiment.encode('THÉ MÔVIE').ids).toEqual([2, 92, 188, 3]); // lowercased, accents stripped (BertNormalizer)
  });

  it('pads a batch to its longest text with the pad id, mask 0 and type 0 there', () => {
    const batch = sentiment.encodeBatch([SENTIMENT[1][0], SENTIMENT[2][0]]);
    expect(batch).toMatchObject({ batch: 2, sequence: 10 });
    expect(batch.ids.slice(0, 10)).toEqual([...SENTIMENT[1][2], 0, 0, 0]);
    expect(batch.ids.slice(10)).toEqual(SENTIMENT[2][2]);
    expect(batch.attentionMask.slice(0, 10)).toEqual([1, 1, 1, 1, 1, 1, 1, 0, 0, 0]);
    expect(batch.typeIds).toEqual(Array(20).fill(0));
    expect(batch.tokens[0]).toHaveLength(7);
  });

  it('cuts a long text at model_max_length and keeps [CLS] and [SEP]; a long pair loses from its longer text', () => {
    const long = Array(600).fill('great').join(' ');
    const one = sentiment.encode(long);
    expect(one.ids).toHaveLength(512);
    expect(one.truncated).toBe(true);
    expect([one.ids[0], one.ids.at(-2), one.ids.at(-1)]).toEqual([2, 196, 3]);
    const pair = sentiment.encode('the movie', long);
    expect(pair.ids).toHaveLength(512);
    expect(pair.ids.slice(0, 4)).toEqual([2, 92, 188, 3]); // the short text is whole
    expect(pair.typeIds.filter((t) => t === 1)).toHaveLength(512 - 4);
    const short = TextTokenizer.from({ ...filesOf('tiny-bert-sentiment'), tokenizerConfig: { model_max_length: 5 } });
    expect(short.encode('The movie was great!').ids).toEqual([2, 92, 188, 334, 3]);
  });

  it('takes the maximum length from model_max_length, else from max_position_embeddings when that says "no limit"', () => {
    expect(maxLengthOf({ tokenizerConfig: { model_max_length: 128 }, config: { max_position_embeddings: 512 } })).toBe(128);
    expect(maxLengthOf({ tokenizerConfig: { model_max_length: 1e30 }, config: { max_position_embeddings: 256 } })).toBe(256);
    expect(maxLengthOf({})).toBe(512);
  });

  it('refuses a tokenizer the library cannot read with a named failure that says what to do', () => {
    for (const tokenizer of [undefined, { model: { type: 'NoSuchModel' } }, { ...json('tiny-minilm', 'tokenizer.json'), model: { type: 'NoSuchModel' } }]) {
      let thrown: unknown;
      try {
        TextTokenizer.from({ tokenizer });
      } catch (error) {
        thrown = error;
      }
      expect(failureKind(thrown)).toBe('bad-input');
      expect(String((thrown as Error).message)).toMatch(/tokenizer could not be read.*tokenizer\.json/);
    }
  });
});
