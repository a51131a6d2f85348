import { describe, expect, it } from 'vitest';
import { BACKEND_IDS } from '../../../src/engine/backends/backend-id';
import { backendIds, convertedModelIds, formatTable } from '../../../scripts/lib/bench-app.mjs';
import beforeFrameworks from '../../fixtures/bench-exports/before-frameworks.json';

describe('the benchmark scripts’ shared module', () => {
  it('accepts exactly the backend ids the app has (the CLI, the page and the export use one list)', () => {
    expect(backendIds()).toEqual([...BACKEND_IDS]);
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
});
