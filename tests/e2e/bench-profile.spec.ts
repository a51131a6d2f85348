import { test, expect } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { benchExportErrors } from '../helpers/bench-schema';
import { readModelGraph } from '../../src/engine/onnx-format/model-graph';
import { bytesSource } from '../../src/engine/onnx-format/byte-source';

const ROOT = resolve(import.meta.dirname, '..', '..');

test('npm run bench -- --profile: prints time by operator and exports it as the optional profile section', async () => {
  test.setTimeout(200_000);
  const out = join(mkdtempSync(join(tmpdir(), 'bench-')), 'profile.json');
  const result = spawnSync(
    process.execPath,
    [join(ROOT, 'scripts', 'bench.mjs'), '--timeout', '150', '--model', 'mnist-8', '--backends', 'wasm,webgl', '--threads', '1', '--warmup', '1', '--runs', '3', '--profile', '--json', out],
    { cwd: ROOT, encoding: 'utf8', timeout: 180_000 },
  );
  expect(result.status, result.stderr).toBe(0);
  expect(result.stdout).toContain('Time by operator');
  expect(result.stdout).toMatch(/webgl: no per-node times: .*WebGL/);
  const json = JSON.parse(readFileSync(out, 'utf8'));
  expect(benchExportErrors(json)).toEqual([]);
  const graph = await readModelGraph(bytesSource(new Uint8Array(readFileSync(join(ROOT, 'public', 'models', 'mnist-8.onnx')))));
  const opTypes = [...new Set(graph.nodes.map((n) => n.opType))].sort();
  expect(json.profile.operators.map((o: { opType: string }) => o.opType).sort()).toEqual(opTypes);
  const wasm = json.profile.backends.find((b: { backend: string }) => b.backend === 'wasm');
  expect(wasm.profiled).toBe(true);
  const sum = json.profile.operators.reduce((s: number, o: { byBackend: { wasm?: { ms: number } } }) => s + (o.byBackend.wasm?.ms ?? 0), 0);
  expect(sum).toBeCloseTo(wasm.kernelMs, 6);
  for (const op of opTypes) expect(result.stdout).toMatch(new RegExp(`^${op}\\s`, 'm'));
});
