/** Digits (CNTK) and the Titanic pipeline (scikit-learn) on onnxruntime-node, through the app's own task pipeline. */
import { describe, expect, it } from 'vitest';
import { digitTensor } from '../../src/tasks/digits/digits';
import { digits } from '../../src/tasks/digits/definition';
import { tabular } from '../../src/tasks/tabular/definition';
import type { Passenger } from '../../src/tasks/tabular/titanic';
import { decodeLikePillow, samplePath } from '../helpers/assets';
import { nodeInfer, runInNode } from '../helpers/node-tasks';

describe('digits: cells of OpenCV digits.png (20x20, 500 of each digit in 5 rows of 100)', () => {
  it('recognises at least 95 of 100 cells (10 of each digit)', async () => {
    const sheet = await decodeLikePillow(samplePath('digits.png'));
    const infer = nodeInfer();
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
        const p = (await runInNode(digits, { width: 20, height: 20, channels: sheet.channels, data: cell }, { infer })).probabilities!;
        if (p.indexOf(Math.max(...p)) === digit) right++;
      }
    }
    await infer.release();
    console.info(`digits: ${right}/100 right`);
    expect(right).toBeGreaterThanOrEqual(95);
  });
  it('an empty drawing is not a digit', async () => {
    expect(digitTensor({ width: 10, height: 10, channels: 4, data: new Uint8Array(400) })).toBeNull();
    const empty = await runInNode(digits, { width: 10, height: 10, channels: 4, data: new Uint8Array(400) });
    expect(empty.probabilities).toBeNull();
    expect(empty.calls).toHaveLength(0); // not run at all
  });
});

describe('Titanic: string and int64 inputs', () => {
  it('a first-class woman is predicted to survive, a third-class man not', async () => {
    const infer = nodeInfer();
    const run = (p: Passenger) => runInNode(tabular, p, { infer });
    const woman = await run({ pclass: 1, sex: 'female', age: 29, fare: 100, embarked: 'C' });
    const man = await run({ pclass: 3, sex: 'male', age: 29, fare: 8, embarked: 'S' });
    expect(woman.label).toBe('survived');
    expect(man.label).toBe('died');
    expect(woman.probability).toBeGreaterThan(man.probability);
    await infer.release();
  });
});
