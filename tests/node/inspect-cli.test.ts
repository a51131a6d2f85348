/** `npm run inspect`: the same reader from the command line, with the JSON keys. */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { modelPath, ROOT, samplePath } from '../helpers/assets';

const tsx = join(ROOT, 'node_modules', '.bin', 'tsx');
const inspect = (...args: string[]) => spawnSync(tsx, [join(ROOT, 'scripts', 'inspect.ts'), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });

describe('npm run inspect', () => {
  it('prints the model facts as JSON with the documented keys', () => {
    const result = inspect(modelPath('titanic-pipeline.onnx'), '--json');
    expect(result.status, result.stderr).toBe(0);
    const json = JSON.parse(result.stdout);
    for (const key of ['irVersion', 'opsets', 'producer', 'framework', 'graphName', 'inputs', 'outputs', 'opHistogram', 'nodeCount', 'parameterCount', 'weightBytes']) {
      expect(json, key).toHaveProperty(key);
    }
    expect(json.producer).toEqual({ name: 'skl2onnx', version: '1.11.2' });
    expect(json.framework).toBe('scikit-learn (skl2onnx)');
    expect(json.opsets).toEqual({ 'ai.onnx': 11, 'ai.onnx.ml': 1 });
    expect(json.inputs[1]).toEqual({ name: 'sex', dtype: 'string', shape: [null, 1] });
    expect(json.opHistogram['ai.onnx.ml.LinearClassifier']).toBe(1);
  });
  it('names symbolic dimensions as strings', () => {
    const json = JSON.parse(inspect(modelPath('mobilenetv2-12-int8.onnx'), '--json').stdout);
    expect(json.inputs[0].shape).toEqual(['batch_size', 3, 224, 224]);
  });
  it('prints a readable summary without --json', () => {
    const result = inspect(modelPath('mnist-8.onnx'));
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/framework\s+CNTK/);
    expect(result.stdout).toMatch(/Input3: float32 \[1, 1, 28, 28\]/);
  });
  it('exits non-zero with one clear line on bad files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'inspect-'));
    const png = join(dir, 'digits.onnx');
    writeFileSync(png, readFileSync(samplePath('digits.png')));
    const empty = join(dir, 'empty.onnx');
    writeFileSync(empty, '');
    const cut = join(dir, 'cut.onnx');
    writeFileSync(cut, readFileSync(modelPath('mnist-8.onnx')).subarray(0, 5000));
    for (const [file, message] of [[png, /PNG image/], [empty, /empty/], [cut, /truncated|not a valid/], [join(dir, 'missing.onnx'), /no such file/]] as const) {
      const result = inspect(file);
      expect(result.status, file).not.toBe(0);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toMatch(message);
    }
  });
});
