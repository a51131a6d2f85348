import { test, expect } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { benchExportErrors } from '../helpers/bench-schema';

const ROOT = resolve(import.meta.dirname, '..', '..');
// The CLI's own time limit is below the process timeout, so a stuck run reports where it stopped.
const bench = (...args: string[]) =>
  spawnSync(process.execPath, [join(ROOT, 'scripts', 'bench.mjs'), '--timeout', '150', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 180_000 });

test.describe('npm run bench (the headless CLI, on the built app)', () => {
  test('benchmarks a small model on WASM and WebGPU, prints a table and writes a valid JSON export', async () => {
    test.setTimeout(200_000);
    const out = join(mkdtempSync(join(tmpdir(), 'bench-')), 'mnist.json');
    const result = bench('--model', 'mnist-8', '--backends', 'wasm,webgpu', '--threads', '1', '--warmup', '1', '--runs', '5', '--json', out);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^wasm\s+onnxruntime-web [\d.]+\s+1\s/m);
    expect(result.stdout).toMatch(/^webgpu\s+onnxruntime-web [\d.]+\s+1 \(cpu fallback\)\s/m);
    const json = JSON.parse(readFileSync(out, 'utf8'));
    expect(benchExportErrors(json)).toEqual([]);
    expect(json.results).toHaveLength(2);
    expect(json.results.every((r: { parity: { pass: boolean } }) => r.parity.pass)).toBe(true);
  });

  test('compares frameworks: TF.js originals beside their ONNX conversion, parity against TF.js WASM', async () => {
    test.setTimeout(400_000);
    const out = join(mkdtempSync(join(tmpdir(), 'bench-')), 'movenet.json');
    // WASM rows only on the ONNX side: WebGPU runs MoveNet in software here (seconds a run, a minute of
    // the suite), and the WebGPU EP's CLI rows are checked on mnist-8 above. TF.js WebGL stays: its own GPU path.
    const result = spawnSync(process.execPath, [join(ROOT, 'scripts', 'bench.mjs'), '--timeout', '330', '--model', 'movenet-lightning', '--backends', 'tfjs-wasm,tfjs-webgl,wasm', '--threads', '1,2', '--warmup', '1', '--runs', '3', '--json', out], { cwd: ROOT, encoding: 'utf8', timeout: 380_000 });
    expect(result.status, result.stderr).toBe(0);
    const json = JSON.parse(readFileSync(out, 'utf8'));
    expect(benchExportErrors(json)).toEqual([]);
    const rows: { backend: string; threads: number; framework: string; frameworkVersion: string; error?: string; parity?: { pass: boolean; maxAbsDiff: number }; parityReference?: { backend: string; threads: number } }[] = json.results;
    expect(rows.map((r) => `${r.backend} ${r.threads}`)).toEqual(expect.arrayContaining(['wasm 1', 'wasm 2', 'tfjs-wasm 1', 'tfjs-webgl 1']));
    for (const row of rows) {
      expect(row.framework, row.backend).toBe(row.backend.startsWith('tfjs-') ? 'tensorflow.js' : 'onnxruntime-web');
      expect(row.frameworkVersion, row.backend).toMatch(row.backend.startsWith('tfjs-') ? /^4\.22\./ : /^1\.30\./);
    }
    // Every ORT row's outputs against the original on TF.js's CPU backend, within tolerance.
    const ort = rows.filter((r) => r.framework === 'onnxruntime-web');
    expect(ort).toHaveLength(2);
    for (const row of ort) {
      expect(row.error, row.backend).toBeUndefined();
      expect(row.parityReference, row.backend).toEqual({ backend: 'tfjs-wasm', threads: 1 });
      expect(row.parity?.pass, `${row.backend} ×${row.threads}: max |d| ${row.parity?.maxAbsDiff}`).toBe(true);
    }
    // The printed table has a framework column, and the summary compares like with like.
    expect(result.stdout).toMatch(/^backend\s+framework\s+threads\s/m);
    expect(result.stdout).toMatch(/^tfjs-wasm\s+tensorflow\.js 4\.22\.\d+\s+1\s/m);
    expect(result.stdout).toMatch(/^wasm\s+onnxruntime-web 1\.30\.\d+\s+2\s/m);
    expect(result.stdout).toMatch(/^On this browser, running movenet-lightning, .* (is [\d.]+× faster than .* \(95% interval [\d.]+–[\d.]+\)|run at about the same speed \([\d.]+×, 95% interval [\d.]+–[\d.]+: no clear difference\))\.$/m);
  });

  test('a user .onnx file and a photo go through the same page', async () => {
    test.setTimeout(200_000);
    const out = join(mkdtempSync(join(tmpdir(), 'bench-')), 'photo.json');
    const photo = bench('--model', 'squeezenet1.1-7-fp32', '--image', join(ROOT, 'public', 'samples', 'eagle.jpg'), '--backends', 'wasm', '--threads', '1', '--warmup', '0', '--runs', '3', '--json', out);
    expect(photo.status, photo.stderr).toBe(0);
    const json = JSON.parse(readFileSync(out, 'utf8'));
    expect(json.input).toEqual({ kind: 'image', name: 'eagle.jpg' });
    // SqueezeNet's own answer for this photo (reference/classification-top5.json): kite, p 0.921.
    expect(json.results[0].top5[0]).toMatchObject({ index: 21, label: 'kite' });
    expect(json.results[0].top5[0].p).toBeCloseTo(0.92108, 2);
    const file = bench('--model', join(ROOT, 'public', 'models', 'mnist-8.onnx'), '--backends', 'wasm', '--threads', '1', '--warmup', '0', '--runs', '3');
    expect(file.status, file.stderr).toBe(0);
    expect(file.stdout).toContain('mnist-8.onnx');
  });

  for (const [what, args, message] of [
    ['an unknown model', ['--model', 'no-such-model'], /unknown model "no-such-model"/],
    ['a missing model file', ['--model', '/nowhere/model.onnx'], /model file not found/],
    ['an unknown backend', ['--model', 'mnist-8', '--backends', 'wasm,cuda'], /unknown backend cuda: choose from wasm, .*tfjs-wasm, tfjs-webgl/],
    ['a missing image', ['--model', 'mnist-8', '--image', '/nowhere.jpg'], /image file not found/],
  ] as const) {
    test(`exits non-zero with one clear line on ${what}`, () => {
      const result = bench(...args);
      expect(result.status).not.toBe(0);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toMatch(message);
    });
  }
});
