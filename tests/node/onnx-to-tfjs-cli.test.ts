/**
 * `npm run convert -- model.onnx -o outdir`: the ONNX -> TF.js direction from the command line. The
 * folder it writes is loaded by TF.js 4.22 as tf.loadGraphModel would load it (model.json, then the
 * shards its manifest names, read from disk) and answers as onnxruntime-node does on the same input;
 * a model with an op the converter lacks is refused on one line naming the op, nothing written.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { modelPath, ROOT } from '../helpers/assets';
import { loadTfjsModel } from '../helpers/tfjs-reference';
import { ortSession, runConverted, tfjsWasmOneThread } from '../helpers/onnx-to-tfjs';
import { toyModel } from '../helpers/onnx-builder';
import { compareByName, syntheticFeeds } from '../../src/engine/tfjs/agreement';

const tsx = join(ROOT, 'node_modules', '.bin', 'tsx');
const convert = (...args: string[]) => spawnSync(tsx, [join(ROOT, 'scripts', 'convert.ts'), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });

describe('npm run convert -- model.onnx -o outdir', () => {
  it('writes model.json and its shards, which TF.js loads from disk and runs as onnxruntime-node runs the original', { timeout: 60_000 }, async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'onnx-to-tfjs-')), 'mnist');
    const result = convert(modelPath('mnist-8.onnx'), '-o', out);
    expect(result.status, result.stderr).toBe(0);
    console.log(result.stdout);
    expect(result.stdout).toMatch(/ops mapped \(ONNX -> TF\):/);
    expect(result.stdout).toMatch(/^ {4}Conv x2 +-> .*Conv2D/m);
    expect(result.stdout).toMatch(/nodes +12 ONNX, \d+ TF/);
    expect(result.stdout).toMatch(/Transpose nodes: \d+ before, \d+ left/);
    const json = JSON.parse(readFileSync(join(out, 'model.json'), 'utf8'));
    expect(json.format).toBe('graph-model');
    const shards = json.weightsManifest.flatMap((g: { paths: string[] }) => g.paths);
    expect(shards.length).toBeGreaterThan(0);
    expect(readdirSync(out).sort()).toEqual(['model.json', ...shards].sort());

    const tf = await tfjsWasmOneThread();
    const model = await loadTfjsModel(tf, join(out, 'model.json'));
    // The ONNX model's interface, kept: its input and output names are the signature's.
    expect(model.inputNodes).toEqual(['Input3']);
    expect(model.outputNodes).toEqual(['Plus214_Output_0']);
    const inputs = [{ name: 'Input3', type: 'float' as const, dims: [1, 1, 28, 28] }];
    const feeds = syntheticFeeds(inputs);
    const names = ['Plus214_Output_0'];
    const ort = await ortSession(new Uint8Array(readFileSync(modelPath('mnist-8.onnx'))), 'node');
    const reference = await ort.run(inputs, feeds, names).finally(() => ort.release());
    const agreement = compareByName(await runConverted(tf, model, feeds, names), reference);
    model.dispose();
    console.log(`mnist-8 on TF.js WASM against onnxruntime-node: ${agreement.worst!.maxAbsDiff} (scale ${agreement.worst!.scale})`);
    expect(agreement.worst!.problem).toBeUndefined();
    expect(agreement.worst!.relative).toBeLessThan(1e-4);
  });

  it('--quantize float16 halves the weights', { timeout: 60_000 }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'onnx-to-tfjs-'));
    const sizes: number[] = [];
    for (const q of [[], ['--quantize', 'float16']]) {
      const out = join(dir, q.length ? 'f16' : 'f32');
      const result = convert(modelPath('mnist-8.onnx'), '-o', out, ...q);
      expect(result.status, result.stderr).toBe(0);
      sizes.push(readdirSync(out).filter((f) => f !== 'model.json').reduce((n, f) => n + readFileSync(join(out, f)).length, 0));
    }
    expect(sizes[1]).toBeLessThan(sizes[0] * 0.55);
    expect(convert(modelPath('mnist-8.onnx'), '--quantize', 'int4').stderr).toMatch(/^convert: --quantize takes float16 or uint8, not int4\n$/);
  });

  it('refuses an op it cannot map on one line naming it, exit 1, and writes nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'onnx-to-tfjs-'));
    const file = join(dir, 'frobnicate.onnx');
    writeFileSync(file, toyModel({ opType: 'Frobnicate', opDomain: 'com.example' }));
    const out = join(dir, 'out');
    const result = convert(file, '-o', out);
    expect(result.status).toBe(1);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^convert: frobnicate\.onnx cannot be converted to TensorFlow\.js: unsupported ONNX ops: com\.example:Frobnicate x1\n$/);
    expect(existsSync(out)).toBe(false);
  });

  it('still converts a TF.js model.json to one .onnx file (the other direction, picked by the input)', { timeout: 60_000 }, () => {
    const out = join(mkdtempSync(join(tmpdir(), 'tfjs-to-onnx-')), 'emotion.onnx');
    const result = convert(join(ROOT, 'public', 'tfjs-models', 'emotion.json'), '-o', out);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/ops mapped \(TF -> ONNX\):/);
    expect(readFileSync(out).length).toBeGreaterThan(1000);
  });
});
