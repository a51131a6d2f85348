import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseSynsetLabels, shortLabel, softmax, topClasses, topK } from '../../../src/tasks/classification/postprocess';
import { labelsPath } from '../../helpers/assets';

describe('softmax', () => {
  it('matches the definition and sums to one', () => {
    const p = softmax([1, 2, 3]);
    const e = [Math.exp(1), Math.exp(2), Math.exp(3)];
    const sum = e[0] + e[1] + e[2];
    expect(p[0]).toBeCloseTo(e[0] / sum, 12);
    expect(p[2]).toBeCloseTo(e[2] / sum, 12);
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });
  it('is stable for large logits', () => {
    const p = softmax([1000, 1000, -1000]);
    expect(p[0]).toBeCloseTo(0.5, 12);
    expect(p[2]).toBe(0);
  });
});

describe('topK', () => {
  it('returns the largest values in order, ties by lower index, never NaN', () => {
    expect(topK([0.1, 0.5, 0.3, 0.5, NaN, 0.05], 3)).toEqual([1, 3, 2]);
    expect(topK([3, 1, 2], 5)).toEqual([0, 2, 1]);
    expect(topK([], 5)).toEqual([]);
  });
  it('agrees with a full sort on random data', () => {
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const values = Array.from({ length: 1000 }, random);
    const sorted = values.map((v, i) => [v, i]).sort((a, b) => b[0] - a[0]).slice(0, 5).map(([, i]) => i);
    expect(topK(values, 5)).toEqual(sorted);
  });
});

describe('topClasses and labels', () => {
  const labels = parseSynsetLabels(readFileSync(labelsPath('imagenet-synset.txt'), 'utf8'));
  it('reads the 1000 ImageNet labels in order', () => {
    expect(labels).toHaveLength(1000);
    expect(labels[0]).toBe('tench, Tinca tinca');
    expect(labels[249]).toBe('malamute, malemute, Alaskan malamute');
    expect(shortLabel(labels[249])).toBe('malamute');
  });
  it('applies softmax to logits only', () => {
    const logits = new Float32Array(1000);
    logits[249] = 10;
    const fromLogits = topClasses(logits, 'logits', labels, 5);
    expect(fromLogits[0]).toMatchObject({ index: 249, label: labels[249] });
    expect(fromLogits[0].p).toBeCloseTo(Math.exp(10) / (Math.exp(10) + 999), 9);
    const probabilities = new Float32Array(1000);
    probabilities[7] = 0.75;
    probabilities[8] = 0.25;
    const fromProbabilities = topClasses(probabilities, 'probabilities', labels, 2);
    expect(fromProbabilities.map((c) => [c.index, c.p])).toEqual([[7, 0.75], [8, 0.25]]);
  });
});
