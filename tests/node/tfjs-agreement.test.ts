/**
 * The Model page's check of a conversion, in Node: the seeded synthetic input built from the
 * converter's report feeds TF.js (the original) and onnxruntime (the conversion) by the same names,
 * and every output is found by its name on both sides.
 */
import { describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import { convertTfjsModel } from '../../src/engine/convert/convert';
import { compareByName, syntheticFeeds, type OutputValues } from '../../src/engine/tfjs/agreement';
import { humanModelPath, loadTfjsModel, readModelFiles, tfjs } from '../helpers/tfjs-reference';

async function check(name: string) {
  const path = humanModelPath(name);
  const { onnx, report } = await convertTfjsModel(readModelFiles(path));
  const feeds = syntheticFeeds(report.inputs);
  const outputNames = report.outputs.map((o) => o.name);
  const tf = await tfjs('wasm');
  const model = await loadTfjsModel(tf, path);
  const inputs = Object.fromEntries(Object.entries(feeds).map(([n, f]) => [n, tf.tensor(f.data, f.shape, f.dtype)]));
  const result = model.execute(inputs, outputNames);
  const list = Array.isArray(result) ? result : [result];
  const reference: Record<string, OutputValues> = {};
  for (let k = 0; k < list.length; k++) reference[outputNames[k]] = { shape: list[k].shape, data: await list[k].data() };
  tf.dispose([...list, ...Object.values(inputs)]);
  model.dispose();
  const session = await ort.InferenceSession.create(onnx, { graphOptimizationLevel: 'extended' });
  const got = await session.run(Object.fromEntries(Object.entries(feeds).map(([n, f]) => [n, new ort.Tensor(f.dtype, f.data, f.shape)])));
  await session.release();
  const candidate = Object.fromEntries(Object.entries(got).map(([n, t]) => [n, { shape: t.dims.map(Number), data: Float64Array.from(t.data as ArrayLike<number>) }]));
  return { report, feeds, agreement: compareByName(candidate, reference) };
}

describe('the conversion check on the seeded synthetic input', () => {
  it('MoveNet (int32 0-255 input) matches TF.js within 1e-3 on its one output', async () => {
    const { feeds, agreement } = await check('movenet-lightning');
    expect(feeds.input.shape).toEqual([1, 192, 192, 3]);
    expect(agreement.outputs.map((o) => [o.name, o.shape])).toEqual([['Identity', [1, 1, 17, 3]]]);
    expect(agreement.worst!.relative).toBeLessThan(1e-3);
  });

  it('emotion (a symbolic batch) runs with batch 1 and matches TF.js within 1e-3', async () => {
    const { report, feeds, agreement } = await check('emotion');
    expect(report.inputs[0].dims).toEqual(['batch', 64, 64, 1]);
    expect(Object.values(feeds)[0].shape).toEqual([1, 64, 64, 1]);
    expect(agreement.worst!.relative).toBeLessThan(1e-3);
  });
});
