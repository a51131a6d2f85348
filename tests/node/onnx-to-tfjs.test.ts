/**
 * The ONNX -> TF.js converter, checked against onnxruntime-node: each model converted in memory,
 * loaded by TF.js 4.22 itself (tf.loadGraphModel(tf.io.fromMemory(...)), WASM backend), fed the
 * same seeded input as the ONNX original, every output compared by its ONNX name.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ROOT } from '../helpers/assets';
import { checkOnnxToTfjs } from '../helpers/onnx-to-tfjs-check';
import { readOnnx } from '../../src/engine/convert/onnx-read';

const model = (name: string) => new Uint8Array(readFileSync(resolve(ROOT, 'public', 'models', `${name}.onnx`)));

describe('ONNX -> TF.js graph model', () => {
  it('reads mnist-8 whole: nodes, weights with their data, opset and producer', () => {
    const { graph, opset, producer } = readOnnx(model('mnist-8'));
    expect(opset).toBe(8);
    expect(producer).toMatch(/CNTK/);
    expect(graph.nodes.map((n) => n.op)).toContain('Conv');
    const weights = [...graph.initializers.values()];
    expect(weights.length).toBeGreaterThan(0);
    for (const w of weights) expect(w.data.length).toBe(w.dims.reduce((a, b) => a * b, 1));
    expect(graph.inputs.map((i) => [i.name, i.dims])).toEqual([['Input3', [1, 1, 28, 28]]]);
  });

  it('mnist-8 converts and matches onnxruntime-node, keeping its interface', { timeout: 60_000 }, async () => {
    const check = await checkOnnxToTfjs(model('mnist-8'));
    const { report, modelJson } = check.result;
    expect(report.inputs.map((i) => i.name)).toEqual(['Input3']);
    expect(Object.keys(modelJson.signature.inputs)).toEqual(['Input3']);
    expect(Object.keys(modelJson.signature.outputs)).toEqual(['Plus214_Output_0']);
    for (const o of check.outputs) {
      expect(o.shape).toEqual(o.refShape);
      expect(o.relative, `${o.name}: max |diff| ${o.maxDiff} over scale ${o.scale}`).toBeLessThanOrEqual(1e-4);
    }
    expect(report.mapping.Conv).toBeDefined();
    expect(report.transposesAfter).toBeLessThan(report.transposesBefore);
  });
});
