import { describe, expect, it } from 'vitest';
import { compareByName, formatRelative, syntheticFeeds } from '../../../src/engine/tfjs/agreement';

describe('synthetic input for the TF.js check', () => {
  const inputs = [
    { name: 'image', type: 'int32', dims: [1, 192, 192, 3] },
    { name: 'face', type: 'float', dims: ['batch', 64, 'face_d2', 1] },
    { name: 'mask', type: 'bool', dims: [4] },
  ];

  it('is seeded: the same every time, another seed gives another', () => {
    const a = syntheticFeeds(inputs);
    expect(syntheticFeeds(inputs)).toEqual(a);
    expect(syntheticFeeds(inputs, 7).image.data).not.toEqual(a.image.data);
  });

  it('ints span 0-255, floats [0, 1), bools 0/1; symbolic dims become batch 1 and 256', () => {
    const feeds = syntheticFeeds(inputs);
    expect(feeds.image).toMatchObject({ dtype: 'int32', shape: [1, 192, 192, 3] });
    const ints = Array.from(feeds.image.data);
    expect(Math.min(...ints)).toBe(0);
    expect(Math.max(...ints)).toBe(255);
    expect(ints.every(Number.isInteger)).toBe(true);
    expect(feeds.face).toMatchObject({ dtype: 'float32', shape: [1, 64, 256, 1] });
    expect(Array.from(feeds.face.data).every((v) => v >= 0 && v < 1)).toBe(true);
    expect(feeds.mask.dtype).toBe('bool');
    expect(Array.from(feeds.mask.data).every((v) => v === 0 || v === 1)).toBe(true);
  });

  it('an input of unknown rank is refused by name', () => {
    expect(() => syntheticFeeds([{ name: 'x', type: 'float', dims: null }])).toThrow('input x has no known rank');
  });
});

describe('comparing outputs by name', () => {
  it('relative to the largest magnitude of the reference; the worst output is named', () => {
    const reference = { a: { shape: [3], data: [10, -20, 5] }, b: { shape: [2], data: [0.5, 0.25] } };
    const candidate = { b: { shape: [2], data: [0.5, 0.2505] }, a: { shape: [3], data: [10.002, -20, 5] } };
    const { outputs, worst } = compareByName(candidate, reference);
    expect(outputs.map((o) => o.name)).toEqual(['a', 'b']);
    expect(outputs[0].relative).toBeCloseTo(0.002 / 20, 9);
    expect(outputs[1].relative).toBeCloseTo(0.0005 / 0.5, 9);
    expect(worst?.name).toBe('b');
  });

  it('an output near zero is compared in absolute terms (a sigmoid score of 3e-9 against 0 agrees)', () => {
    const { worst } = compareByName({ score: { shape: [1, 1], data: [0] } }, { score: { shape: [1, 1], data: [3.3e-9] } });
    expect(worst!.relative).toBeCloseTo(3.3e-6, 12);
    const far = compareByName({ score: { shape: [1], data: [0.002] } }, { score: { shape: [1], data: [0] } });
    expect(far.worst!.relative).toBeCloseTo(2, 9);
  });

  it('a missing output, another shape or a lone NaN is the worst; NaN against NaN and zeros agree', () => {
    const reference = { z: { shape: [2], data: [0, 0] }, n: { shape: [1], data: [NaN] }, s: { shape: [2], data: [1, 2] } };
    const ok = compareByName({ z: { shape: [2], data: [0, 0] }, n: { shape: [1], data: [NaN] }, s: { shape: [2], data: [1, 2] } }, reference);
    expect(ok.outputs.map((o) => o.relative)).toEqual([0, 0, 0]);
    const bad = compareByName({ z: { shape: [2], data: [0, NaN] }, s: { shape: [1, 2], data: [1, 2] } }, reference);
    expect(bad.outputs.map((o) => o.relative)).toEqual([Infinity, Infinity, Infinity]);
    expect(bad.outputs[1].problem).toBe('the converted model has no output of this name');
    expect(bad.outputs[2].problem).toBe('shape [1, 2] instead of [2]');
    expect(bad.worst?.name).toBe('z');
  });

  it('prints 0, an exponent with two digits, or says it could not compare', () => {
    expect(formatRelative(0)).toBe('0');
    expect(formatRelative(1.6234e-6)).toBe('1.6e-6');
    expect(formatRelative(Infinity)).toBe('not comparable');
  });
});
