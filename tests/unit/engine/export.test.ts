import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BACKEND_IDS, backendsWhere } from '../../../src/engine/backends/backend-id';
import { toCsv, toJson, toMarkdown } from '../../../src/engine/bench/export';
import type { BenchExport } from '../../../src/engine/bench/report';
import { runBenchmark, type BackendChoice, type TargetHandle } from '../../../src/engine/bench/run-benchmark';
import { benchExportErrors } from '../../helpers/bench-schema';
import { csvRecords } from '../../helpers/csv';

const ENVIRONMENT: BenchExport['environment'] = { userAgent: 'test, "quoted"', ort: '1.30.0', crossOriginIsolated: true, hardwareConcurrency: 2, webgpuAdapter: { vendor: 'google', architecture: 'swiftshader', description: '', isFallbackAdapter: true } };

async function sampleReport(): Promise<BenchExport> {
  const results = await runBenchmark(
    {
      choices: [{ backend: 'wasm', threads: 1 }, { backend: 'webgpu', threads: 2 }, { backend: 'webnn', threads: 2 }, { backend: 'webgl', threads: 2 }],
      warmupRuns: 0,
      timedRuns: 5,
      minSeconds: 0,
      classifier: true,
      // onnxruntime-node's output at three positions: WASM matches it, the GPU rows' last value differs.
      nativeReference: { model: 'mobilenetv2-12-int8', seed: 1, total: 6, indices: [0, 1, 5], values: [1, 5, 0] },
    },
    (choice): TargetHandle => {
      let n = 0;
      return {
        entry: 'onnxruntime-web/wasm',
        open: async () => {
          if (choice.backend === 'webnn') throw new Error('WebNN is not available in this browser');
          return { sessionCreateMs: 12.5, frameworkVersion: '1.30.0', inputs: [], outputs: [], placement: choice.backend === 'webgpu' ? { gpuNodes: 5, cpuNodes: 68, cpuOpTypes: ['QLinearConv'], byProvider: {}, nodes: [], copies: 0, copiedValues: [] } : null };
        },
        run: async () => ({ preprocessMs: 2, inferenceMs: (choice.backend === 'wasm' ? 30 : 10) + (n++ % 2), postprocessMs: 0.1 }),
        output: async () => ({ names: ['output'], dtype: 'float32', values: Float64Array.from([1, 5, 2, 3, 4, choice.backend === 'wasm' ? 0 : 0.5]), top5: [{ index: 1, label: 'malamute, malemute, Alaskan malamute', p: 0.6 }], summaries: [] }),
        bareLoop: async () => [],
        dispose: async () => {},
      };
    },
  );
  return {
    tool: 'onnx-playground',
    version: '0.1.0',
    createdAt: '2026-11-25T12:00:00.000Z',
    environment: ENVIRONMENT,
    model: { id: 'mobilenetv2-12-int8', sha256: 'cc028fe6cae7bc11a4ff53cfc9b79c920e8be65ce33a904ec3e2a8f66d77f95f', producer: 'onnx.quantize 0.1.0', opset: 12 },
    input: { kind: 'image', name: 'dog.jpg' },
    settings: { warmupRuns: 0, timedRuns: 5, minSeconds: 0 },
    results,
  };
}

/**
 * A TF.js model's comparison as the page plans it: parity against TF.js WASM ×1, which is not among
 * the picked rows here (it runs unseen), and a TF.js WebGL row that is unavailable.
 */
async function frameworksReport(): Promise<BenchExport> {
  const tfjsWasm: BackendChoice = { backend: 'tfjs-wasm', threads: 1 };
  const results = await runBenchmark(
    {
      choices: [{ backend: 'wasm', threads: 1 }, { backend: 'wasm', threads: 2 }, { backend: 'tfjs-webgl', threads: 1 }, { backend: 'webgpu', threads: 1 }],
      warmupRuns: 0, timedRuns: 3, minSeconds: 0, classifier: false, reference: tfjsWasm,
    },
    (choice): TargetHandle => {
      const tfjs = choice.backend.startsWith('tfjs-');
      return {
        entry: tfjs ? '@tensorflow/tfjs-backend-wasm' : 'onnxruntime-web/wasm',
        open: async () => {
          if (choice.backend === 'tfjs-webgl') throw new Error('TF.js WebGL is unavailable: no WebGL2 context');
          return { sessionCreateMs: 40, frameworkVersion: tfjs ? '4.22.0' : '1.30.0', inputs: [], outputs: [], placement: null };
        },
        run: async () => ({ preprocessMs: 0, inferenceMs: tfjs ? 20 : 10, postprocessMs: 0 }),
        output: async () => ({ names: ['output'], dtype: 'float32', values: Float64Array.from([0.5, 0.25, choice.backend === 'webgpu' ? 0.2500001 : 0.25]), top5: null, summaries: [] }),
        bareLoop: async () => [],
        dispose: async () => {},
      };
    },
  );
  return { ...(await sampleReport()), model: { id: 'movenet-lightning', sha256: null, producer: 'tf2onnx', opset: 13 }, input: { kind: 'synthetic', name: 'synthetic (seed 1)' }, results };
}

const beforeFrameworks = (): BenchExport => JSON.parse(readFileSync(resolve(import.meta.dirname, '../../fixtures/bench-exports/before-frameworks.json'), 'utf8'));

/** The Markdown table as one record per row, by column title. */
function markdownRecords(md: string): Record<string, string>[] {
  const [header, , ...rows] = md
    .split('\n')
    .filter((l) => l.startsWith('|'))
    .map((l) => l.slice(2, -2).split(' | ').map((cell) => cell.replace(/\\\|/g, '|')));
  return rows.map((cells) => Object.fromEntries(header.map((title, i) => [title, cells[i]])));
}

describe('benchmark export', () => {
  it('JSON validates against the published schema, with the error row included', async () => {
    const json = JSON.parse(toJson(await sampleReport()));
    expect(benchExportErrors(json)).toEqual([]);
    expect(json.results[0]).toMatchObject({ backend: 'wasm', threads: 1, speedupVsWasm: { ratio: 1 } });
    expect(json.results[1].placement).toEqual({ gpuNodes: 5, cpuNodes: 68, cpuOpTypes: ['QLinearConv'], byProvider: {}, nodes: [], copies: 0, copiedValues: [] });
    expect(json.results[2].error).toMatch(/WebNN/);
  });
  it('JSON says which threads a row used: WASM its own, WebGPU and WebNN only for their CPU fallback, WebGL2 none', async () => {
    const json = JSON.parse(toJson(await sampleReport()));
    const [wasm, webgpu, webnn, webgl] = json.results;
    expect(wasm).toMatchObject({ threads: 1 });
    expect(wasm).not.toHaveProperty('cpuFallbackThreads');
    expect(webgpu).toMatchObject({ threads: 2, cpuFallbackThreads: 2 });
    expect(webnn).toMatchObject({ threads: 2, cpuFallbackThreads: 2 });
    expect(webgl).not.toHaveProperty('cpuFallbackThreads');
    // The schema holds the same rule: WASM and WebGL2 rows have no CPU fallback to count threads for.
    expect(benchExportErrors({ ...json, results: [{ ...wasm, cpuFallbackThreads: 1 }] })).not.toEqual([]);
    expect(benchExportErrors({ ...json, results: [{ ...webgl, cpuFallbackThreads: 2 }] })).not.toEqual([]);
    expect(benchExportErrors({ ...json, results: [{ ...webgpu, cpuFallbackThreads: 0 }] })).not.toEqual([]);
  });
  it('JSON native comparison follows the schema', async () => {
    const json = JSON.parse(toJson(await sampleReport()));
    expect(json.results[0].native).toMatchObject({ pass: true, checked: 3, maxAbsDiff: 0 });
    expect(json.results[1].native).toMatchObject({ pass: false, maxAbsDiff: 0.5 });
    const { pass: _omit, ...noPass } = json.results[0].native;
    expect(benchExportErrors({ ...json, results: [{ ...json.results[0], native: noPass }] })).not.toEqual([]);
  });
  it('the schema rejects what the issue forbids', async () => {
    const json = JSON.parse(toJson(await sampleReport()));
    expect(benchExportErrors({ ...json, tool: 'other' })).not.toEqual([]);
    expect(benchExportErrors({ ...json, results: [{ ...json.results[0], backend: 'cuda' }] })).not.toEqual([]);
    const { environment: _omit, ...noEnvironment } = json;
    expect(benchExportErrors(noEnvironment)).not.toEqual([]);
  });
  it('CSV has a header and one quoted-safe row per backend', async () => {
    const csv = toCsv(await sampleReport()).trim().split('\n');
    expect(csv).toHaveLength(5);
    expect(csv[0]).toContain('median ms');
    expect(csv[1]).toContain('"test, ""quoted"""');
    expect(csv[2]).toContain('webgpu');
  });
  for (const [format, records] of [
    ['CSV', async () => csvRecords(toCsv(await sampleReport()))],
    ['Markdown', async () => markdownRecords(toMarkdown(await sampleReport()))],
  ] as const) {
    it(`${format}: threads only on WASM rows, the CPU fallback's threads apart, and the native comparison`, async () => {
      const rows = await records();
      expect(rows.map((r) => [r.backend, r.threads, r['cpu fallback threads']])).toEqual([
        ['wasm', '1', ''],
        ['webgpu', '', '2'],
        ['webnn', '', '2'],
        ['webgl', '', ''],
      ]);
      expect(rows[0].native).toBe('ok max|d| 0.0e+0 (3 values)');
      expect(rows[1].native).toBe('DIFFERS max|d| 5.0e-1 (3 values)');
      expect(rows[2].native).toBe(''); // the failed row has nothing to compare
    });
    it(`${format}: the baseline row says it is the baseline, as the page does, not an interval of itself against itself`, async () => {
      const rows = await records();
      expect(rows.map((r) => r['speedup vs wasm'])).toEqual(['1.00 (baseline)', expect.stringMatching(/^2\.\d\d \[\d\.\d\d, \d\.\d\d\]$/), '', expect.stringMatching(/^2\.\d\d \[/)]);
    });
  }
  it('Markdown is a table with the environment above it', async () => {
    const md = toMarkdown(await sampleReport());
    expect(md).toContain('**mobilenetv2-12-int8**');
    expect(md).toContain('swiftshader (fallback adapter)');
    expect(md).toMatch(/\| backend \| framework \| framework version \| threads \|/);
    expect(md.split('\n').filter((l) => l.startsWith('| w'))).toHaveLength(4);
  });

  it('every row carries its framework and version, failed and unavailable rows too', async () => {
    for (const report of [await sampleReport(), await frameworksReport()]) {
      const json = JSON.parse(toJson(report));
      expect(benchExportErrors(json)).toEqual([]);
      for (const row of json.results) {
        expect(row.framework).toBe(row.backend.startsWith('tfjs-') ? 'tensorflow.js' : 'onnxruntime-web');
        expect(row.frameworkVersion).toBe(row.backend.startsWith('tfjs-') ? '4.22.0' : '1.30.0');
      }
    }
    // The failed rows: WebNN in the first report, TF.js WebGL (its version from the unseen TF.js WASM reference) in the second.
    expect((await sampleReport()).results[2]).toMatchObject({ backend: 'webnn', error: expect.any(String), frameworkVersion: '1.30.0' });
    expect((await frameworksReport()).results[2]).toMatchObject({ backend: 'tfjs-webgl', error: expect.any(String), frameworkVersion: '4.22.0' });
  });
  it('says what parity was measured against: TF.js WASM ×1 for a TF.js model, WASM ×1 otherwise', async () => {
    const tf = JSON.parse(toJson(await frameworksReport()));
    const timed = tf.results.filter((r: { error?: string }) => !r.error);
    expect(timed.map((r: { backend: string }) => r.backend)).toEqual(['wasm', 'wasm', 'webgpu']);
    for (const row of timed) expect(row.parityReference).toEqual({ backend: 'tfjs-wasm', threads: 1 });
    expect(timed[2].parity.maxAbsDiff).toBeCloseTo(1e-7, 9);
    expect(tf.results[2]).not.toHaveProperty('parityReference'); // nothing to compare
    const onnx = JSON.parse(toJson(await sampleReport()));
    expect(onnx.results[1].parityReference).toEqual({ backend: 'wasm', threads: 1 });
    // The schema names the reference's backend like any other.
    expect(benchExportErrors({ ...tf, results: [{ ...timed[0], parityReference: { backend: 'cuda', threads: 1 } }] })).not.toEqual([]);
    expect(benchExportErrors({ ...tf, results: [{ ...timed[0], parityReference: { backend: 'tfjs-wasm' } }] })).not.toEqual([]);
  });
  for (const [format, records] of [
    ['CSV', async () => csvRecords(toCsv(await frameworksReport()))],
    ['Markdown', async () => markdownRecords(toMarkdown(await frameworksReport()))],
  ] as const) {
    it(`${format}: framework, its version and the parity reference on every row`, async () => {
      const rows = await records();
      expect(rows.map((r) => [r.backend, r.framework, r['framework version'], r['parity against']])).toEqual([
        ['wasm', 'onnxruntime-web', '1.30.0', 'tfjs-wasm ×1'],
        ['wasm', 'onnxruntime-web', '1.30.0', 'tfjs-wasm ×1'],
        ['tfjs-webgl', 'tensorflow.js', '4.22.0', ''],
        ['webgpu', 'onnxruntime-web', '1.30.0', 'tfjs-wasm ×1'],
      ]);
    });
  }
  it('an export made before the framework fields still validates and reads as onnxruntime-web against WASM ×1', () => {
    const old = beforeFrameworks();
    expect(old.results.some((r) => 'framework' in r || 'frameworkVersion' in r || 'parityReference' in r)).toBe(false);
    expect(benchExportErrors(old)).toEqual([]);
    for (const rows of [csvRecords(toCsv(old)), markdownRecords(toMarkdown(old))]) {
      expect(rows.map((r) => [r.backend, r.framework, r['framework version'], r['parity against']])).toEqual([
        ['wasm', 'onnxruntime-web', '1.30.0', 'wasm ×1'],
        ['wasm', 'onnxruntime-web', '1.30.0', 'wasm ×1'],
        ['webgpu', 'onnxruntime-web', '1.30.0', 'wasm ×1'],
        ['webnn', 'onnxruntime-web', '1.30.0', ''],
      ]);
    }
  });
  it('the schema lists the backend table’s ids, and forbids cpuFallbackThreads on exactly the backends without a CPU fallback', () => {
    const schema = JSON.parse(readFileSync(resolve(import.meta.dirname, '..', '..', '..', 'docs', 'bench-export.schema.json'), 'utf8'));
    expect(schema.$defs.backend.enum).toEqual([...BACKEND_IDS]);
    expect(schema.properties.results.items.if.properties.backend.enum).toEqual(backendsWhere((b) => !b.cpuFallback));
  });
  it('the schema accepts every backend id the app has', async () => {
    const json = JSON.parse(toJson(await sampleReport()));
    for (const backend of BACKEND_IDS) {
      expect(benchExportErrors({ ...json, results: [{ ...json.results[3], backend, parityReference: { backend, threads: 1 } }] }), backend).toEqual([]);
    }
  });
});
