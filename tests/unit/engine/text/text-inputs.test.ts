import { describe, expect, it } from 'vitest';
import { failureKind } from '../../../../src/shared/errors';
import { tokenFeeds, vocabularySizeOf } from '../../../../src/engine/tensor/transformer-inputs';
import { cosineSimilarity, l2Normalise, meanPool, rowsOf } from '../../../../src/engine/text/pooling';
import { geometry, imageProcessorSpec, pixelFeed, pixelValues } from '../../../../src/engine/tensor/preprocessor-config';
import type { ValueInfo } from '../../../../src/engine/ort/session';

const declared = (name: string, dtype = 'int64', dims: ValueInfo['dims'] = ['batch_size', 'sequence_length']): ValueInfo => ({ name, dtype, dims });
const batch = { batch: 2, sequence: 3, ids: [2, 7, 3, 2, 3, 0], attentionMask: [1, 1, 1, 1, 1, 0], typeIds: [0, 0, 0, 0, 0, 0] };
const thrown = (work: () => unknown) => {
  try {
    work();
  } catch (error) {
    return error as Error;
  }
  throw new Error('nothing was thrown');
};

describe('token feeds from encoded text', () => {
  it('fills each declared token input at batch x sequence, in its own integer type', () => {
    const feeds = tokenFeeds([declared('input_ids'), declared('attention_mask', 'int32'), declared('token_type_ids'), declared('position_ids')], batch);
    expect(Object.keys(feeds)).toEqual(['input_ids', 'attention_mask', 'token_type_ids', 'position_ids']);
    expect(feeds.input_ids).toEqual({ dtype: 'int64', dims: [2, 3], data: BigInt64Array.from([2n, 7n, 3n, 2n, 3n, 0n]) });
    expect(feeds.attention_mask).toEqual({ dtype: 'int32', dims: [2, 3], data: Int32Array.from([1, 1, 1, 1, 1, 0]) });
    expect([...(feeds.position_ids.data as BigInt64Array)]).toEqual([0n, 1n, 2n, 0n, 1n, 2n]);
  });

  it('feeds only what the model declares (a DistilBERT takes no token type ids)', () => {
    expect(Object.keys(tokenFeeds([declared('input_ids'), declared('attention_mask')], batch))).toEqual(['input_ids', 'attention_mask']);
  });

  it("reads config.json's vocabulary size for synthetic ids", () => {
    expect(vocabularySizeOf({ vocab_size: 403 })).toBe(403);
    expect(vocabularySizeOf({})).toBeUndefined();
    expect(vocabularySizeOf(null)).toBeUndefined();
  });

  it('names an input text cannot fill, and a fixed size the text does not have', () => {
    const past = thrown(() => tokenFeeds([declared('input_ids'), declared('past_key_values.0.key', 'float32', [1, 4, null, 8])], batch));
    expect(failureKind(past)).toBe('unsupported');
    expect(past.message).toContain('"past_key_values.0.key"');
    const fixed = thrown(() => tokenFeeds([declared('input_ids', 'int64', [1, 128])], batch));
    expect(failureKind(fixed)).toBe('bad-input');
    expect(fixed.message).toContain('fixed at 1 x 128');
  });
});

describe('sentence embeddings', () => {
  it('mean-pools only the tokens the mask marks real', () => {
    // batch 2, sequence 3, width 2; the second row's last token is padding with a large value.
    const hidden = Float32Array.from([1, 2, 3, 4, 5, 6, /* row 2 */ 2, 0, 4, 2, 100, 100]);
    const [a, b] = meanPool(hidden, [2, 3, 2], [1, 1, 1, 1, 1, 0]);
    expect([...a]).toEqual([3, 4]);
    expect([...b]).toEqual([3, 1]);
    expect([...meanPool(hidden, [2, 3, 2], [1, 1, 1, 0, 0, 0])[1]]).toEqual([0, 0]); // all padding stays zero
    expect(() => meanPool(hidden, [2, 3, 2], [1, 1])).toThrow(/do not match/);
  });

  it('normalises to length 1 and measures the cosine', () => {
    expect([...l2Normalise([3, 4])]).toEqual([expect.closeTo(0.6, 12), expect.closeTo(0.8, 12)]);
    expect([...l2Normalise([0, 0])]).toEqual([0, 0]);
    expect(cosineSimilarity([1, 0], [0, 2])).toBe(0);
    expect(cosineSimilarity([1, 1], [2, 2])).toBeCloseTo(1, 12);
    expect(cosineSimilarity([1, 2], [-1, -2])).toBeCloseTo(-1, 12);
    expect(cosineSimilarity([3, 4], [4, 3])).toBeCloseTo(24 / 25, 12);
    expect(rowsOf([1, 2, 3, 4], [2, 2]).map((r) => [...r])).toEqual([[1, 2], [3, 4]]);
  });
});

describe('pixel_values from preprocessor_config.json', () => {
  const vit = { do_resize: true, size: { height: 4, width: 4 }, resample: 2, do_rescale: true, rescale_factor: 1 / 255, do_normalize: true, image_mean: [0.5, 0.5, 0.5], image_std: [0.5, 0.5, 0.5] };

  it('reads the sizes transformers writes, the filter and the normalisation', () => {
    const spec = imageProcessorSpec(vit);
    expect(spec).toMatchObject({ resize: { width: 4, height: 4 }, crop: null, rescale: 1 / 255, mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] });
    expect(imageProcessorSpec({ size: 224 }).resize).toEqual({ width: 224, height: 224 });
    const clip = imageProcessorSpec({ size: { shortest_edge: 224 }, do_center_crop: true, crop_size: { height: 224, width: 224 }, do_normalize: false, do_rescale: false });
    expect(clip).toMatchObject({ resize: { shortestEdge: 224 }, crop: { width: 224, height: 224 }, rescale: 1, mean: [0, 0, 0], std: [1, 1, 1] });
    // A 640x480 photo: shorter side to 224 (298x224), then a centred 224 crop, offsets rounded down as transformers does.
    expect(geometry(640, 480, clip)).toEqual({ width: 298, height: 224, crop: { left: 37, top: 0, width: 224, height: 224 } });
    expect(failureKind(thrown(() => imageProcessorSpec({ size: { longest_edge: 5 } })))).toBe('bad-input');
  });

  it('rescales, normalises and lays out channels first', () => {
    // A 4x4 photo, every pixel (255, 0, 51): resizing to 4x4 keeps it.
    const data = new Uint8Array(4 * 4 * 3).map((_, i) => [255, 0, 51][i % 3]);
    const tensor = pixelValues({ width: 4, height: 4, channels: 3, data }, imageProcessorSpec(vit));
    expect(tensor.dims).toEqual([1, 3, 4, 4]);
    const values = tensor.data as Float32Array;
    expect(values[0]).toBeCloseTo(1, 6); // (255/255 - 0.5) / 0.5
    expect(values[16]).toBeCloseTo(-1, 6); // green plane
    expect(values[32]).toBeCloseTo((51 / 255 - 0.5) / 0.5, 6); // blue plane
    expect(pixelFeed({ name: 'pixel_values', dtype: 'float32' }, { width: 4, height: 4, channels: 3, data }, vit).tensor.data).toEqual(values);
    expect(failureKind(thrown(() => pixelFeed({ name: 'pixel_values', dtype: 'int64' }, { width: 4, height: 4, channels: 3, data }, vit)))).toBe('unsupported');
    const half = pixelValues({ width: 4, height: 4, channels: 3, data }, imageProcessorSpec({ ...vit, size: { height: 2, width: 2 } }), 'float16');
    expect(half).toMatchObject({ dtype: 'float16', dims: [1, 3, 2, 2] });
  });
});
