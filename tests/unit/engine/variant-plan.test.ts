/**
 * Variants x backends (issue 17, item 5): the plan's rows, parity judged against fp32 on WASM ×1 by
 * what each variant is for, tokens/s, the one-sentence summary, and the export (new rows valid, old
 * ones still valid).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toCsv, toJson, toMarkdown } from '../../../src/engine/bench/export';
import { compareOutputs, QUANTIZED_MIN_COSINE } from '../../../src/engine/bench/parity';
import type { BenchExport } from '../../../src/engine/bench/report';
import { runBenchmark, type BackendChoice, type TargetHandle } from '../../../src/engine/bench/run-benchmark';
import { referenceVariant, tokensPerSecond, variantBlocker, variantChoices, variantSummary } from '../../../src/engine/bench/variant-plan';
import { benchExportErrors } from '../../helpers/bench-schema';
import { csvRecords } from '../../helpers/csv';

const LOGITS = [0.2, 2.5, -1, 0.7];

/**
 * Fake targets: the fp32 variant answers LOGITS; q8 a little off (same top label, cosine ~0.999) but
 * far past 1e-4; `badQ8` a q8 whose top label moved. q8 runs twice as fast, WASM ×2 faster again.
 */
function target(choice: BackendChoice, opened: string[], badQ8 = false): TargetHandle {
  let n = 0;
  const base = choice.variant === 'q8' ? 5 : 10;
  const ms = choice.threads === 2 ? base / 2 : base;
  const values = choice.variant === 'q8' ? (badQ8 ? [3, 2.5, -1, 0.7] : LOGITS.map((v, i) => v + (i === 0 ? 0.05 : -0.02))) : LOGITS;
  return {
    entry: 'onnxruntime-web/wasm',
    open: async () => {
      opened.push(`${choice.variant} ${choice.backend} x${choice.threads}`);
      return { sessionCreateMs: 10, frameworkVersion: '1.30.0', inputs: [], outputs: [], placement: null };
    },
    run: async () => ({ preprocessMs: 0, inferenceMs: ms + (n++ % 3) * 0.01, postprocessMs: 0 }),
    output: async () => ({ names: ['logits'], dtype: 'float32', values: Float64Array.from(values), top5: null, summaries: [] }),
    bareLoop: async () => [],
    dispose: async () => {},
  };
}

const WASM_1_2: BackendChoice[] = [{ backend: 'wasm', threads: 1 }, { backend: 'wasm', threads: 2 }];

async function variantsRun(variants: ('fp32' | 'q8')[], choices = WASM_1_2, badQ8 = false) {
  const opened: string[] = [];
  const results = await runBenchmark(
    {
      choices: variantChoices(variants, choices),
      warmupRuns: 0,
      timedRuns: 6,
      minSeconds: 0,
      classifier: false,
      topLabel: true,
      tokens: { batch: 1, sequence: 128 },
      reference: { backend: 'wasm', threads: 1, variant: referenceVariant(['fp32', 'q8']) },
    },
    (choice) => target(choice, opened, badQ8),
  );
  return { results, opened };
}

describe('variants x backends', () => {
  it('expands the plan variant by variant over every backend choice, full precision first', () => {
    const choices = variantChoices(['q8', 'fp32'], [...WASM_1_2, { backend: 'webgpu', threads: 2 }]);
    expect(choices.map((c) => `${c.variant} ${c.backend} ${c.threads}`)).toEqual(['fp32 wasm 1', 'fp32 wasm 2', 'fp32 webgpu 2', 'q8 wasm 1', 'q8 wasm 2', 'q8 webgpu 2']);
    // No variants: the backend choices as they were.
    expect(variantChoices([], WASM_1_2)).toEqual(WASM_1_2);
    expect(referenceVariant(['q8', 'fp32'])).toBe('fp32');
    expect(referenceVariant(['q8', 'fp16'])).toBe('fp16');
  });

  it('every row names fp32 on WASM ×1 as its parity reference; q8 passes on top label and cosine while its max difference is far past 1e-4', async () => {
    const { results } = await variantsRun(['fp32', 'q8']);
    expect(results.map((r) => `${r.variant} ${r.backend} x${r.threads}`)).toEqual(['fp32 wasm x1', 'fp32 wasm x2', 'q8 wasm x1', 'q8 wasm x2']);
    for (const row of results) expect(row.parityReference).toEqual({ backend: 'wasm', threads: 1, variant: 'fp32' });
    const [fp32, , q8] = results;
    expect(fp32.parity).toMatchObject({ maxAbsDiff: 0, pass: true, judgedBy: 'max-diff' });
    expect(q8.parity!.maxAbsDiff).toBeCloseTo(0.05, 6);
    expect(q8.parity).toMatchObject({ pass: true, judgedBy: 'top-label-and-cosine', top1Agree: true });
    expect(q8.parity!.cosine).toBeGreaterThan(QUANTIZED_MIN_COSINE);
  });

  it('a q8 whose top label moved fails, and so would an fp32 row with the same difference', async () => {
    const { results } = await variantsRun(['fp32', 'q8'], WASM_1_2, true);
    expect(results[2].parity).toMatchObject({ top1Agree: false, pass: false });
    // fp32 rows keep the tolerance rule: 0.05 off on a scale of 2.5 fails.
    const offBy = LOGITS.map((v, i) => v + (i === 0 ? 0.05 : 0));
    expect(compareOutputs(offBy, LOGITS, { backend: 'wasm', dtype: 'float32', classifier: true }).pass).toBe(false);
    expect(compareOutputs(offBy, LOGITS, { backend: 'wasm', dtype: 'float32', classifier: true, quantized: true }).pass).toBe(true);
    // A quantized answer pointing elsewhere (cosine below 0.99) fails even with the same top label.
    const skewed = [0.2, 2.5, 1.2, 1.1];
    const parity = compareOutputs(skewed, LOGITS, { backend: 'wasm', dtype: 'float32', classifier: true, quantized: true });
    expect(parity.cosine).toBeLessThan(QUANTIZED_MIN_COSINE);
    expect(parity).toMatchObject({ top1Agree: true, pass: false });
  });

  it('runs the fp32 WASM ×1 reference unseen when the plan does not hold it', async () => {
    const { results, opened } = await variantsRun(['q8'], [{ backend: 'wasm', threads: 2 }]);
    expect(opened).toEqual(['q8 wasm x2', 'fp32 wasm x1']);
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ variant: 'q8', parityReference: { variant: 'fp32' }, parity: { pass: true } });
  });

  it('reports tokens/s as batch x sequence / median, and speedups against fp32 on WASM ×1', async () => {
    expect(tokensPerSecond({ batch: 8, sequence: 128 }, 100)).toBe(10240);
    const { results } = await variantsRun(['fp32', 'q8']);
    for (const row of results) expect(row.tokensPerSecond).toBeCloseTo((128 * 1000) / row.stats!.median, 6);
    expect(results[0].speedupVsWasm!.ratio).toBe(1);
    expect(results[3].speedupVsWasm!.ratio).toBeCloseTo(4, 1);
  });

  it('sums the comparison up in one sentence, as measured', async () => {
    const { results } = await variantsRun(['fp32', 'q8']);
    const sentence = variantSummary(results, { batch: 1, sequence: 128 })!;
    expect(sentence).toMatch(/^On this browser, q8 on WASM ×2 is the fastest variant at seq 128: [34]\.\d\d× fp32 on WASM ×1 \(\d\.\d\d–\d\.\d\d\), cosine 0\.99\d\d\.$/);
    expect(variantSummary(results, { batch: 8, sequence: 16 })).toContain('at batch 8, seq 16:');
    // One variant only: nothing to sum up.
    expect(variantSummary(results.filter((r) => r.variant === 'fp32'))).toBeNull();
  });

  it('marks half-precision variants on WebGPU without shader-f16, by the backend table, not by id', () => {
    expect(variantBlocker('fp16', 'webgpu', { shaderF16: false })).toMatch(/shader-f16/);
    expect(variantBlocker('q4f16', 'webgpu-jsep', null)).toMatch(/shader-f16/);
    expect(variantBlocker('fp16', 'webgpu', { shaderF16: true })).toBeNull();
    expect(variantBlocker('fp16', 'wasm', null)).toBeNull();
    expect(variantBlocker('q8', 'webgpu', { shaderF16: false })).toBeNull();
  });

  it('exports rows with variant and parityReference that the schema accepts, and CSV columns for them', async () => {
    const { results } = await variantsRun(['fp32', 'q8']);
    const report: BenchExport = {
      tool: 'onnx-playground',
      version: '0.1.0',
      createdAt: '2026-12-07T12:00:00.000Z',
      environment: { userAgent: 'test', ort: '1.30.0', crossOriginIsolated: true, hardwareConcurrency: 2, webgpuAdapter: null },
      model: { id: 'tiny-bert-sentiment', sha256: null, producer: 'pytorch 2.1', opset: 14 },
      input: { kind: 'synthetic', name: 'synthetic (seed 1)', tokens: { batch: 1, sequence: 128 } },
      settings: { warmupRuns: 0, timedRuns: 6, minSeconds: 0 },
      results,
    };
    const json = JSON.parse(toJson(report));
    expect(benchExportErrors(json)).toEqual([]);
    expect(json.results[2]).toMatchObject({ variant: 'q8', parityReference: { backend: 'wasm', threads: 1, variant: 'fp32' } });
    // The schema knows the variant names: a made-up one is refused.
    expect(benchExportErrors({ ...json, results: [{ ...json.results[0], variant: 'q3' }] })).not.toEqual([]);
    const rows = csvRecords(toCsv(report));
    expect(rows.map((r) => [r.variant, r.backend, r.threads, r['parity against'], r['parity judged by']])).toEqual([
      ['fp32', 'wasm', '1', 'fp32 wasm ×1', ''],
      ['fp32', 'wasm', '2', 'fp32 wasm ×1', ''],
      ['q8', 'wasm', '1', 'fp32 wasm ×1', 'top label + cosine'],
      ['q8', 'wasm', '2', 'fp32 wasm ×1', 'top label + cosine'],
    ]);
    expect(Number(rows[0]['tokens/s'])).toBeCloseTo(128_000 / results[0].stats!.median, -1);
    expect(toMarkdown(report)).toContain('| variant |');
  });

  it('old exports (before frameworks and before variants) stay valid', () => {
    const old = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../fixtures/bench-exports/before-frameworks.json'), 'utf8'));
    expect(benchExportErrors(old)).toEqual([]);
    expect(old.results.some((r: object) => 'variant' in r)).toBe(false);
    // Their CSV has the new columns, empty.
    expect(csvRecords(toCsv(old)).every((r) => r.variant === '' && r['tokens/s'] === '')).toBe(true);
  });
});
