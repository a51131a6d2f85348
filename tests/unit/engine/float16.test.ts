import { describe, expect, it } from 'vitest';
import { fromHalfBits, toHalfBits, toHalfArray, fromHalfArray } from '../../../src/engine/tensor/float16';

describe('float32 → float16 bits', () => {
  it('converts exact values', () => {
    expect(toHalfBits(0)).toBe(0x0000);
    expect(toHalfBits(-0)).toBe(0x8000);
    expect(toHalfBits(1)).toBe(0x3c00);
    expect(toHalfBits(-2)).toBe(0xc000);
    expect(toHalfBits(0.5)).toBe(0x3800);
    expect(toHalfBits(65504)).toBe(0x7bff); // largest finite half
    expect(toHalfBits(2 ** -14)).toBe(0x0400); // smallest normal
  });
  it('rounds to nearest, ties to even', () => {
    // 1 + 2^-11 is halfway between 1 and the next half (1 + 2^-10): ties to even → 1.
    expect(toHalfBits(1 + 2 ** -11)).toBe(0x3c00);
    // 1 + 3 * 2^-11 is halfway between 1 + 2^-10 (odd) and 1 + 2^-9 (even) → up.
    expect(toHalfBits(1 + 3 * 2 ** -11)).toBe(0x3c02);
    // Just above the halfway point rounds up.
    expect(toHalfBits(1 + 2 ** -11 + 2 ** -20)).toBe(0x3c01);
    expect(toHalfBits(0.1)).toBe(0x2e66);
    // A mantissa carry moves into the exponent: 2047/1024 + tie → 2.
    expect(toHalfBits(2 - 2 ** -11)).toBe(0x4000);
  });
  it('keeps subnormals and rounds them to even', () => {
    expect(toHalfBits(2 ** -24)).toBe(0x0001); // smallest subnormal
    expect(toHalfBits(3 * 2 ** -24)).toBe(0x0003);
    expect(toHalfBits(2 ** -25)).toBe(0x0000); // half the smallest: tie → even (0)
    expect(toHalfBits(3 * 2 ** -25)).toBe(0x0002); // 1.5 units: tie → even (2)
    expect(toHalfBits(2 ** -25 + 2 ** -35)).toBe(0x0001);
    expect(toHalfBits(-(2 ** -24))).toBe(0x8001);
    expect(toHalfBits(2 ** -14 - 2 ** -24)).toBe(0x03ff); // largest subnormal
    expect(toHalfBits(1e-10)).toBe(0);
  });
  it('overflows to infinity and keeps infinities and NaN', () => {
    expect(toHalfBits(65519)).toBe(0x7bff); // below the rounding boundary
    expect(toHalfBits(65520)).toBe(0x7c00); // the boundary ties to even: infinity
    expect(toHalfBits(1e6)).toBe(0x7c00);
    expect(toHalfBits(-1e6)).toBe(0xfc00);
    expect(toHalfBits(Infinity)).toBe(0x7c00);
    expect(toHalfBits(-Infinity)).toBe(0xfc00);
    expect(Number.isNaN(fromHalfBits(toHalfBits(NaN)))).toBe(true);
  });
  it('round-trips every finite half exactly', () => {
    for (let bits = 0; bits < 0x10000; bits++) {
      const exponent = (bits >> 10) & 0x1f;
      if (exponent === 0x1f) continue;
      const back = toHalfBits(fromHalfBits(bits));
      // -0 and +0 are distinct bit patterns and must stay so.
      expect(back).toBe(bits);
    }
  });
  it('converts arrays both ways', () => {
    const values = [0, 1, -1.5, 1000, 2 ** -20];
    expect(Array.from(fromHalfArray(toHalfArray(values)))).toEqual([0, 1, -1.5, 1000, 2 ** -20]);
  });
});
