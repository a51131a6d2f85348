import { describe, expect, it } from 'vitest';
import { MAX_DEFAULT_THREADS, checkThreadCount, defaultThreadCount, offeredThreads, resolveThreadList, resolveThreads } from '../../src/engine/ort/threads';

describe('offeredThreads and defaultThreadCount', () => {
  it('offers every core only when cross-origin isolated', () => {
    expect(offeredThreads(true, 16)).toBe(16);
    expect(offeredThreads(false, 16)).toBe(1);
    // Some browsers hide or lack hardwareConcurrency.
    expect(offeredThreads(true, undefined)).toBe(1);
    expect(offeredThreads(true, 0)).toBe(1);
  });

  it('defaults to every core up to the cap', () => {
    expect(defaultThreadCount(true, 2)).toBe(2);
    expect(defaultThreadCount(true, 32)).toBe(MAX_DEFAULT_THREADS);
    expect(defaultThreadCount(false, 32)).toBe(1);
  });
});

describe('resolveThreads (one ?threads= value)', () => {
  it('keeps a request the browser can honour, without a note', () => {
    expect(resolveThreads('2', 2)).toEqual({ threads: 2, note: null });
    expect(resolveThreads('1', 16)).toEqual({ threads: 1, note: null });
    // An explicit request above the default cap is the user's choice when the cores exist.
    expect(resolveThreads('12', 16)).toEqual({ threads: 12, note: null });
  });

  it('uses the default, without a note, when the URL has no value', () => {
    expect(resolveThreads(null, 2)).toEqual({ threads: 2, note: null });
    expect(resolveThreads(null, 32)).toEqual({ threads: MAX_DEFAULT_THREADS, note: null });
    expect(resolveThreads('', 4)).toEqual({ threads: 4, note: null });
  });

  it('lowers a request above what the browser offers, and says so', () => {
    expect(resolveThreads('99', 2)).toEqual({ threads: 2, note: '?threads=99: this browser offers 2, using 2.' });
    expect(resolveThreads('99999999999999999999', 4).threads).toBe(4);
  });

  it('says why there is one thread on a page that is not cross-origin isolated', () => {
    const { threads, note } = resolveThreads('4', offeredThreads(false, 8), false);
    expect(threads).toBe(1);
    expect(note).toContain('?threads=4: this page is not cross-origin isolated');
    expect(note).toContain('COOP/COEP');
    expect(note).toMatch(/using 1\.$/);
  });

  for (const nonsense of ['0', '-1', 'abc', '1.5', '2e0', '0x4', ' ', '+3', 'NaN', 'Infinity']) {
    it(`rejects ${JSON.stringify(nonsense)} with a message and uses the default`, () => {
      const result = resolveThreads(nonsense, 4);
      expect(result.threads).toBe(4);
      if (nonsense.trim() === '') {
        expect(result.note).toBeNull(); // an empty value is no request at all
      } else {
        expect(result.note).toBe(`?threads=${nonsense} is not a thread count: give a whole number from 1 to 4. Using 4 (every core, up to 8).`);
      }
    });
  }
});

describe('checkThreadCount (per value, for callers with their own default)', () => {
  it('tells usable, lowered and refused values apart', () => {
    expect(checkThreadCount('3', 4)).toEqual({ ok: true, threads: 3, note: null });
    expect(checkThreadCount(' 8 ', 4)).toEqual({ ok: true, threads: 4, note: '?threads=8: this browser offers 4, using 4.' });
    expect(checkThreadCount('0', 4)).toEqual({ ok: false, note: '?threads=0 is not a thread count: give a whole number from 1 to 4.' });
  });
});

describe('resolveThreadList (?threads=1,2,4 on the compare page)', () => {
  it('keeps valid counts ascending and without repeats', () => {
    expect(resolveThreadList('4,1,2,1', 4)).toEqual({ threads: [1, 2, 4], notes: [] });
  });

  it('lowers counts above what is offered, merging those that become equal, and drops nonsense, with a note each', () => {
    expect(resolveThreadList('1, 2, 8, 99, abc, 0', 2)).toEqual({
      threads: [1, 2],
      notes: [
        '?threads=8: this browser offers 2, using 2.',
        '?threads=99: this browser offers 2, using 2.',
        '?threads=abc is not a thread count: give a whole number from 1 to 2.',
        '?threads=0 is not a thread count: give a whole number from 1 to 2.',
      ],
    });
  });

  it('is empty when nothing usable was given, so the caller applies its default', () => {
    expect(resolveThreadList(null, 4)).toEqual({ threads: [], notes: [] });
    expect(resolveThreadList('x,-2', 4).threads).toEqual([]);
  });
});
