/**
 * What a backend can do is a field of the backend table (src/engine/backends/backend-id.ts): no code
 * in src/ outside src/engine/backends decides by comparing backend ids. A new `backend === 'wasm'`,
 * `case 'webgl':` or `Record<BackendId, ...>` written out id by id fails here, with file:line.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { formatIdCheck, idChecks, idChecksIn } from '../../../scripts/lib/backend-id-checks';
import { BACKEND_IDS, BACKENDS } from '../../../src/engine/backends/backend-id';

const root = join(import.meta.dirname, '..', '..', '..');

describe('backend ids in src/', () => {
  it('are compared only in src/engine/backends: elsewhere the table’s fields say what a backend can do', () => {
    expect(idChecks(root).map(formatIdCheck)).toEqual([]);
  });

  it('has exactly one baseline backend, a threaded one, so speedups and parity have one reference', () => {
    const baselines = BACKEND_IDS.filter((id) => BACKENDS[id].baseline);
    expect(baselines).toHaveLength(1);
    expect(BACKENDS[baselines[0]].threaded).toBe(true);
  });
});

describe('the id check itself', () => {
  const lines = (file: string, source: string) => idChecksIn(file, source).map((c) => `${c.line} ${c.what}`);

  it('finds each kind of id check, on its line', () => {
    const source = [
      "if (row.backend === 'wasm') run();",
      "const gpu = 'webgpu-jsep' !== status.id;",
      "const tf = backend.startsWith('tfjs-');",
      "const cpu = ['wasm', 'tfjs-wasm'].includes(id);",
      'switch (backend) {',
      "  case 'webgl':",
      '}',
      "const threads = selected['tfjs-wasm'];",
      "const onGpu = BACKENDS[id].entry.endsWith('-webgpu');",
      'const names: Partial<Record<BackendId, string>> = {',
      "  'tfjs-wasm': 'wasm',",
      '};',
    ].join('\n');
    expect(lines('src/ui/x.ts', source)).toEqual([
      '1 compares an id',
      '2 compares an id',
      '3 tests an id’s text',
      '4 tests membership in a list of ids',
      '6 switches on an id',
      '8 reads a Record by an id',
      '9 tests an id’s text',
      '11 writes a Record out id by id',
    ]);
  });

  it('leaves alone what is not one of our ids: TF.js’s and ORT’s own names, other objects, comments', () => {
    const source = [
      "const values = this.tf.getBackend() === 'webgpu' ? a : b;",
      "const label = verified.tfjsBackend === 'wasm' ? 'WASM' : 'CPU';",
      'ort.env.wasm.numThreads = 2;',
      "const urls = { wasm: wasmUrl.default, mjs: mjsUrl.default };",
      "// if (backend === 'wasm') in a comment",
      '<input accept="image/*" />',
      "/* a CSS comment */ {#if backend === 'webgl'}",
    ].join('\n');
    expect(lines('src/ui/x.svelte', source)).toEqual(['7 compares an id']);
  });

  it('allows TF.js’s own backend names where `backend` holds one, and only those', () => {
    const source = "const tf = backend === 'webgl' ? await loadTfWebgl() : backend === 'tfjs-webgl' ? x : y;";
    expect(lines('src/workers/tfjs-bench.worker.ts', "const tf = backend === 'webgl' ? a : b;")).toEqual([]);
    expect(lines('src/workers/tfjs-bench.worker.ts', source)).toEqual(['1 compares an id']);
  });
});
