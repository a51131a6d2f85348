/** A seeded fuzzing round in every test run (scripts/fuzz-onnx.ts runs longer ones). */
import { describe, expect, it } from 'vitest';
import { fuzz, mutate } from '../../scripts/fuzz-onnx';
import { seededRandom } from '../../src/engine/bench/stats';

describe('fuzzing the ONNX reader and onnxruntime-node with mutated real models', () => {
  it('is reproducible from its seed', () => {
    const model = Uint8Array.from({ length: 4096 }, (_, i) => (i * 31) & 0xff);
    const a = Array.from({ length: 20 }, ((random) => () => mutate(model, random))(seededRandom(5)));
    const b = Array.from({ length: 20 }, ((random) => () => mutate(model, random))(seededRandom(5)));
    expect(a.map((m) => `${m.mutation} ${m.detail}`)).toEqual(b.map((m) => `${m.mutation} ${m.detail}`));
    expect(new Set(a.map((m) => m.mutation)).size).toBeGreaterThanOrEqual(4);
  });

  it('250 mutants: every one read or refused with a message, none hangs or throws anything else', async () => {
    const { tally, findings } = await fuzz({ seed: 20261128, cases: 250, models: ['mnist-8.onnx', 'titanic-pipeline.onnx', 'ultraface-rfb-320.onnx'], timeoutMs: 20_000 });
    console.log('fuzz tally', tally);
    expect(findings).toEqual([]);
    // Both ways out are exercised: some mutants still run, many are refused.
    const count = (pattern: RegExp) => Object.entries(tally).filter(([k]) => pattern.test(k)).reduce((s, [, n]) => s + n, 0);
    expect(count(/runtime ran/)).toBeGreaterThan(10);
    expect(count(/reader refused/)).toBeGreaterThan(10);
    // The reader is never stricter than onnxruntime: what it refuses, onnxruntime refuses too.
    expect(count(/reader refused, runtime (ran|run-refused)/)).toBe(0);
  }, 120_000);
});
