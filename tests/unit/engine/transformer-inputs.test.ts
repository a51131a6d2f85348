import { describe, expect, it } from 'vitest';
import { seededFeeds } from '../../../src/engine/bench/bench-target';
import { inputRole, syntheticTokenInput, SAFE_VOCABULARY, tokenDims } from '../../../src/engine/tensor/transformer-inputs';
import { seededRandom } from '../../../src/engine/bench/stats';

describe('transformer inputs', () => {
  it('knows the roles of the names transformers exports use', () => {
    expect(inputRole('input_ids')).toBe('input_ids');
    expect(inputRole('attention_mask:0')).toBe('attention_mask');
    expect(inputRole('Token_Type_Ids')).toBe('token_type_ids');
    expect(inputRole('pixel_values')).toBe('pixel_values');
    expect(inputRole('input')).toBe('other');
  });

  it('sizes [batch, sequence] from the shape, keeps fixed dims, and lets a named dim the user sized win', () => {
    const info = { name: 'input_ids', dtype: 'int64', dims: ['batch_size', 'sequence_length'] };
    expect(tokenDims(info, { batch: 8, sequence: 128 })).toEqual([8, 128]);
    expect(tokenDims({ ...info, dims: [1, null] }, { batch: 8, sequence: 128 })).toEqual([1, 128]);
    expect(tokenDims(info, { batch: 8, sequence: 128 }, { sequence_length: 64 })).toEqual([8, 64]);
  });

  it('gives ids below the vocabulary, a mask of ones, type ids of zero and positions counting up', () => {
    const random = seededRandom(3);
    const shape = { batch: 2, sequence: 4, vocabularySize: 5 };
    const ids = syntheticTokenInput({ name: 'input_ids', dtype: 'int64', dims: ['b', 's'] }, shape, random)!;
    expect([...(ids.data as BigInt64Array)].every((v) => v >= 0n && v < 5n)).toBe(true);
    expect([...(syntheticTokenInput({ name: 'position_ids', dtype: 'int32', dims: ['b', 's'] }, shape, random)!.data as Int32Array)]).toEqual([0, 1, 2, 3, 0, 1, 2, 3]);
    expect([...(syntheticTokenInput({ name: 'token_type_ids', dtype: 'int64', dims: ['b', 's'] }, shape, random)!.data as BigInt64Array)]).toEqual(Array(8).fill(0n));
    expect(syntheticTokenInput({ name: 'input_ids', dtype: 'float32', dims: ['b', 's'] }, shape, random)).toBeNull();
    expect(syntheticTokenInput({ name: 'images', dtype: 'int64', dims: [1] }, shape, random)).toBeNull();
  });

  it('seededFeeds: token inputs at 1 x 128 by default with ids below the safe bound; other inputs as before', () => {
    const feeds = seededFeeds(
      [
        { name: 'input_ids', dtype: 'int64', dims: ['batch', 'sequence'] },
        { name: 'attention_mask', dtype: 'int64', dims: ['batch', 'sequence'] },
        { name: 'extra', dtype: 'float32', dims: [1, 3] },
      ],
      { seed: 1, dimOverrides: {} },
    );
    expect(feeds.input_ids.dims).toEqual([1, 128]);
    expect([...(feeds.input_ids.data as BigInt64Array)].every((v) => v < BigInt(SAFE_VOCABULARY))).toBe(true);
    expect(feeds.extra.dims).toEqual([1, 3]);
  });
});
