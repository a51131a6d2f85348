/**
 * The text tasks (src/tasks/text-classification, src/tasks/feature-extraction) on the generated hub
 * fixtures, through the pipeline the task worker runs, with onnxruntime-node as `infer`: their
 * answers equal onnxruntime-node run directly on the reference token ids, and the reference values
 * of ../shared/assets/hub/README.md (fp32 and q8).
 */
import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-node';
import { afterAll, describe, expect, it } from 'vitest';
import { toValueInfo } from '../../src/engine/ort/session';
import { runTask } from '../../src/tasks/pipeline';
import { findTextTask } from '../../src/tasks/registry';
import type { Feeds, Infer, Outputs } from '../../src/tasks/task';
import { textTaskModel, textTaskOf, type RepoFiles } from '../../src/tasks/text-model';
import { textAssets } from '../../src/tasks/text-assets';
import type { TensorData } from '../../src/engine/ort/session';
import { hubFixturePath } from '../helpers/assets';

const FILES = { fp32: 'onnx/model.onnx', q8: 'onnx/model_quantized.onnx' } as const;
type Variant = keyof typeof FILES;

const repoFiles = (repo: string): RepoFiles =>
  Object.fromEntries(['config.json', 'tokenizer.json', 'tokenizer_config.json'].map((f) => [f, JSON.parse(readFileSync(hubFixturePath(repo, f), 'utf8'))]));

const sessions: ort.InferenceSession[] = [];
afterAll(async () => {
  for (const s of sessions) await s.release();
});

/** One variant opened on onnxruntime-node: the task's model, its assets, and `infer` recording each call's feeds. */
async function open(repo: string, variant: Variant) {
  const session = await ort.InferenceSession.create(hubFixturePath(repo, FILES[variant]));
  sessions.push(session);
  const files = repoFiles(repo);
  const declared = { inputs: session.inputMetadata.map(toValueInfo), outputs: session.outputMetadata.map(toValueInfo) };
  const fed: Feeds[] = [];
  const infer: Infer = async (_model, feeds) => {
    fed.push(feeds);
    const out = await session.run(Object.fromEntries(Object.entries(feeds).map(([n, t]) => [n, new ort.Tensor(t.dtype, t.data as never, t.dims)])));
    return Object.fromEntries(Object.entries(out).map(([n, t]) => [n, { dtype: t.type, dims: t.dims, data: t.data } as TensorData])) as Outputs;
  };
  return { session, files, fed, declared, how: { infer, assets: textAssets(files, declared), model: textTaskModel({ repo: `fixtures/${repo}`, variant, file: FILES[variant] }) } };
}

/** onnxruntime-node on its own: one sentence's ids, mask all ones, type ids zero (the README's reference setting). */
async function direct(session: ort.InferenceSession, ids: number[]): Promise<ort.Tensor> {
  const tensor = (values: number[]) => new ort.Tensor('int64', BigInt64Array.from(values, BigInt), [1, values.length]);
  const out = await session.run({ input_ids: tensor(ids), attention_mask: tensor(ids.map(() => 1)), token_type_ids: tensor(ids.map(() => 0)) });
  return Object.values(out)[0];
}

const softmax = (v: number[]) => {
  const e = v.map((x) => Math.exp(x - Math.max(...v)));
  return e.map((x) => x / e.reduce((a, b) => a + b, 0));
};
/** Mean of the token vectors (all real), normalised: written out here, apart from the app's pooling. */
function embedding(hidden: ort.Tensor): number[] {
  const [, sequence, width] = hidden.dims;
  const data = hidden.data as Float32Array;
  const mean = Array.from({ length: width }, (_, i) => Array.from({ length: sequence }, (_, s) => data[s * width + i]).reduce((a, b) => a + b) / sequence);
  const norm = Math.hypot(...mean);
  return mean.map((v) => v / norm);
}

// README: P(POSITIVE), fp32 and q8, and the reference ids.
const SENTIMENT: [string, number[], number, number][] = [
  ['boring plot, bad acting', [2, 101, 61, 56, 54, 275, 3], 0.5737, 0.4575],
  ['The movie was great!', [2, 92, 188, 334, 196, 168, 3], 0.8826, 0.882],
  ['What a waste of money and time.', [2, 20, 138, 394, 207, 152, 14, 347, 26, 3], 0.8849, 0.8903],
  ["I'd never eat that pizza again, 42 minutes of waiting.", [2, 109, 111, 164, 254, 71, 244, 236, 314, 56, 1, 160, 122, 207, 385, 12, 26, 3], 0.0014, 0.0013],
];

describe('text classification on tiny-bert-sentiment', () => {
  it('is the task config.json names', () => {
    expect(textTaskOf(repoFiles('tiny-bert-sentiment'))).toBe('text-classification');
    expect(textTaskOf(repoFiles('tiny-minilm'))).toBe('feature-extraction');
  });

  for (const variant of ['fp32', 'q8'] as const) {
    it(`${variant}: the label and score equal onnxruntime-node's on the reference ids, and the README's values`, async () => {
      const { session, fed, how } = await open('tiny-bert-sentiment', variant);
      for (const [text, ids, fp32, q8] of SENTIMENT) {
        const answer = await runTask(findTextTask('text-classification'), { text }, how);
        expect([...(fed.at(-1)!.input_ids.data as BigInt64Array)].map(Number), text).toEqual(ids);
        const reference = softmax([...((await direct(session, ids)).data as Float32Array)]);
        const positive = answer.scores.find((s) => s.label === 'POSITIVE')!.score;
        expect(positive, text).toBeCloseTo(reference[1], 6);
        expect(positive, text).toBeCloseTo(variant === 'fp32' ? fp32 : q8, 4);
        expect(answer.label).toBe(reference[1] > 0.5 ? 'POSITIVE' : 'NEGATIVE');
        expect(answer.score).toBe(Math.max(...answer.scores.map((s) => s.score)));
        expect(answer.tokens[0]).toBe('[CLS]');
        for (const stage of ['preprocessMs', 'inferenceMs', 'postprocessMs'] as const) expect(answer.timings[stage]).toBeGreaterThan(0);
      }
    });
  }
});

const A = 'The movie was great!';
const B = 'The film was really good.';
const C = 'It is cold and wet, so we stayed home';

describe('sentence similarity on tiny-minilm', () => {
  const fp32: Record<string, number> = {};
  for (const variant of ['fp32', 'q8'] as const) {
    it(`${variant}: the cosine equals onnxruntime-node's on the same ids (one padded batch against one sentence at a time), and the README's`, async () => {
      const { session, fed, how } = await open('tiny-minilm', variant);
      const task = findTextTask('feature-extraction');
      for (const [a, b, reference] of [[A, B, 0.7089], [A, C, 0.6724], [B, C, 0.6537]] as const) {
        const answer = await runTask(task, { texts: [a, b] }, how);
        const feeds = fed.at(-1)!;
        expect(feeds.input_ids.dims[0]).toBe(2);
        // Each sentence's own ids, padding left out, run alone.
        const ids = [0, 1].map((row) => {
          const [, sequence] = feeds.input_ids.dims;
          const values = [...(feeds.input_ids.data as BigInt64Array)].slice(row * sequence, (row + 1) * sequence).map(Number);
          const mask = [...(feeds.attention_mask.data as BigInt64Array)].slice(row * sequence, (row + 1) * sequence);
          return values.filter((_, i) => mask[i] === 1n);
        });
        if (a === A && b === B) expect(ids).toEqual([[2, 139, 273, 285, 359, 207, 3], [2, 139, 205, 285, 23, 265, 199, 3]]);
        const [ea, eb] = await Promise.all(ids.map(async (row) => embedding(await direct(session, row))));
        const cosine = ea.reduce((sum, v, i) => sum + v * eb[i], 0);
        expect(answer.similarity!, `${a} / ${b}`).toBeCloseTo(cosine, 5);
        expect(answer.embeddings[0][5]).toBeCloseTo(ea[5], 5);
        if (variant === 'fp32') {
          expect(answer.similarity!).toBeCloseTo(reference, 4);
          fp32[`${a}|${b}`] = answer.similarity!;
        } else {
          expect(Math.abs(answer.similarity! - fp32[`${a}|${b}`])).toBeLessThan(0.003);
          expect(answer.similarity!).not.toBe(fp32[`${a}|${b}`]); // the q8 file really ran
        }
        expect(answer).toMatchObject({ output: 'last_hidden_state', pooled: true });
        expect(answer.embeddings.map((e) => Math.hypot(...e))).toEqual([expect.closeTo(1, 9), expect.closeTo(1, 9)]);
      }
    });
  }
});
