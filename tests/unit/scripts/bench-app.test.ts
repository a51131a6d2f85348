import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BACKEND_IDS } from '../../../src/engine/backends/backend-id';
import { convertedModelIds, formatTable, root, writeMarkedSection } from '../../../scripts/lib/bench-app.mjs';
import beforeFrameworks from '../../fixtures/bench-exports/before-frameworks.json';

describe('the benchmark scripts’ shared module', () => {
  it('accepts exactly the backend ids the app has (the CLI, the page and the export use one list), under plain node', () => {
    // Refused before any browser starts: the list it offers is the backend table's.
    const result = spawnSync(process.execPath, [join(root, 'scripts', 'bench.mjs'), '--model', 'mnist-8', '--backends', 'wasm,cuda'], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    expect(result.status).toBe(2);
    expect(result.stderr.trim()).toBe(`bench: unknown backend cuda: choose from ${BACKEND_IDS.join(', ')}`);
  });
  it('knows the gallery TF.js models the framework table covers', () => {
    expect(convertedModelIds()).toEqual(['movenet-lightning', 'emotion', 'gender', 'selfie']);
  });
  it('prints a framework column, old exports reading as onnxruntime-web', () => {
    const lines = (formatTable(beforeFrameworks) as string).split('\n');
    expect(lines[1]).toMatch(/^backend\s+framework\s+threads\s/);
    expect(lines[2]).toMatch(/^wasm\s+onnxruntime-web\s+1\s/);
    expect(lines[4]).toMatch(/^webgpu\s+onnxruntime-web\s+2 \(cpu fallback\)\s/);
  });
  it('replaces only its own marked section of a document, and appends it the first time', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'perf-')), 'PERFORMANCE.md');
    writeFileSync(file, '# Performance\n\n<!-- other -->\nkept\n<!-- /other -->\n');
    writeMarkedSection(file, 'frameworks', '<!-- frameworks -->\nfirst $& $1\n<!-- /frameworks -->\n');
    writeMarkedSection(file, 'frameworks', '<!-- frameworks -->\nsecond $&\n<!-- /frameworks -->\n');
    expect(readFileSync(file, 'utf8')).toBe('# Performance\n\n<!-- other -->\nkept\n<!-- /other -->\n\n<!-- frameworks -->\nsecond $&\n<!-- /frameworks -->\n');
  });
});
