/** Digits (CNTK) and the Titanic pipeline (scikit-learn) on onnxruntime-node, through the app's own pre/post-processing. */
import { describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import { digitTensor, digitProbabilities, MNIST } from '../../src/tasks/digits/digits';
import { passengerFeeds, survival, TITANIC } from '../../src/tasks/tabular/titanic';
import { decodeLikePillow, modelPath, samplePath } from '../helpers/assets';

describe('digits: cells of OpenCV digits.png (20x20, 500 of each digit in 5 rows of 100)', () => {
  it('recognises at least 95 of 100 cells (10 of each digit)', async () => {
    const sheet = await decodeLikePillow(samplePath('digits.png'));
    const session = await ort.InferenceSession.create(modelPath(MNIST.source.file));
    let right = 0;
    for (let digit = 0; digit < 10; digit++) {
      for (let k = 0; k < 10; k++) {
        const row = digit * 5 + (k % 5);
        const col = k * 9;
        const cell = new Uint8Array(20 * 20 * sheet.channels);
        for (let y = 0; y < 20; y++) {
          const from = ((row * 20 + y) * sheet.width + col * 20) * sheet.channels;
          cell.set(sheet.data.subarray(from, from + 20 * sheet.channels), y * 20 * sheet.channels);
        }
        const input = digitTensor({ width: 20, height: 20, channels: sheet.channels, data: cell })!;
        const out = await session.run({ [MNIST.inputName]: new ort.Tensor('float32', input, [1, 1, 28, 28]) });
        const p = digitProbabilities(out[MNIST.outputName].data as Float32Array);
        if (p.indexOf(Math.max(...p)) === digit) right++;
      }
    }
    await session.release();
    console.info(`digits: ${right}/100 right`);
    expect(right).toBeGreaterThanOrEqual(95);
  });
  it('an empty drawing is not a digit', () => {
    expect(digitTensor({ width: 10, height: 10, channels: 4, data: new Uint8Array(400) })).toBeNull();
  });
});

describe('Titanic: string and int64 inputs', () => {
  it('a first-class woman is predicted to survive, a third-class man not', async () => {
    const session = await ort.InferenceSession.create(modelPath(TITANIC.source.file));
    const run = async (p: Parameters<typeof passengerFeeds>[0]) => {
      const feeds = Object.fromEntries(Object.entries(passengerFeeds(p)).map(([k, t]) => [k, new ort.Tensor(t.dtype, t.data as never, t.dims)]));
      const out = await session.run(feeds, TITANIC.outputNames);
      return survival({ label: { dtype: 'int64', dims: [1], data: out.label.data as BigInt64Array }, probabilities: { dtype: 'float32', dims: [1, 2], data: out.probabilities.data as Float32Array } });
    };
    const woman = await run({ pclass: 1, sex: 'female', age: 29, fare: 100, embarked: 'C' });
    const man = await run({ pclass: 3, sex: 'male', age: 29, fare: 8, embarked: 'S' });
    expect(woman.label).toBe('survived');
    expect(man.label).toBe('died');
    expect(woman.probability).toBeGreaterThan(man.probability);
    await session.release();
  });
});
