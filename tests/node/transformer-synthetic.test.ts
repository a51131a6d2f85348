/**
 * The benchmark's synthetic input for a transformer export (input_ids, attention_mask,
 * token_type_ids) runs, on onnxruntime-node, the generated hub fixtures in both variants. Before,
 * token type ids were drawn from 0-3 for a vocabulary of 2, and every run failed in Gather.
 */
import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { seededFeeds } from '../../src/engine/bench/bench-target';
import type { ValueInfo } from '../../src/engine/ort/session';
import { hubFixturePath } from '../helpers/assets';

const tokenInputs: ValueInfo[] = ['input_ids', 'attention_mask', 'token_type_ids'].map((name) => ({ name, dtype: 'int64', dims: ['batch_size', 'sequence_length'] }));
const softmax = (logits: number[]) => {
  const e = logits.map((x) => Math.exp(x - Math.max(...logits)));
  return e.map((x) => x / e.reduce((a, b) => a + b, 0));
};
const toOrt = (feeds: ReturnType<typeof seededFeeds>) => Object.fromEntries(Object.entries(feeds).map(([n, t]) => [n, new ort.Tensor(t.dtype, t.data as never, t.dims)]));

describe('synthetic token inputs on the hub fixtures', () => {
  for (const repo of ['tiny-bert-sentiment', 'tiny-minilm']) {
    for (const file of ['onnx/model.onnx', 'onnx/model_quantized.onnx']) {
      it(`${repo}/${file} runs at batch 2 x sequence 32, ids within its vocabulary`, async () => {
        const config = JSON.parse(readFileSync(hubFixturePath(repo, 'config.json'), 'utf8'));
        const session = await ort.InferenceSession.create(hubFixturePath(repo, file));
        const feeds = seededFeeds(tokenInputs, { seed: 1, dimOverrides: {}, tokens: { batch: 2, sequence: 32, vocabularySize: config.vocab_size } });
        expect(feeds.input_ids.dims).toEqual([2, 32]);
        const ids = [...(feeds.input_ids.data as BigInt64Array)].map(Number);
        expect(Math.max(...ids)).toBeLessThan(config.vocab_size);
        expect(new Set(ids).size).toBeGreaterThan(20); // seeded ids, not one repeated token
        expect([...(feeds.attention_mask.data as BigInt64Array)].every((v) => v === 1n)).toBe(true);
        expect([...(feeds.token_type_ids.data as BigInt64Array)].every((v) => v === 0n)).toBe(true);
        const out = Object.values(await session.run(toOrt(feeds)))[0];
        expect(out.dims[0]).toBe(2);
        expect([...(out.data as Float32Array)].every(Number.isFinite)).toBe(true);
        await session.release();
      });
    }
  }

  it("tiny-bert-sentiment gives the README's reference score on known token ids (fp32 0.8826)", async () => {
    const session = await ort.InferenceSession.create(hubFixturePath('tiny-bert-sentiment', 'onnx/model.onnx'));
    const ids = [2, 92, 188, 334, 196, 168, 3]; // "The movie was great!"
    const feed = (values: number[]) => new ort.Tensor('int64', BigInt64Array.from(values.map(BigInt)), [1, values.length]);
    const out = await session.run({ input_ids: feed(ids), attention_mask: feed(ids.map(() => 1)), token_type_ids: feed(ids.map(() => 0)) });
    expect(softmax([...(out.logits.data as Float32Array)])[1]).toBeCloseTo(0.8826, 4);
    await session.release();
  });
});
