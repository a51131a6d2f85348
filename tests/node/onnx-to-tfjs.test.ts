/**
 * The ONNX -> TF.js converter, checked against onnxruntime-node: each model converted in memory,
 * loaded by TF.js 4.22 itself (tf.loadGraphModel(tf.io.fromMemory(...)), WASM backend), fed the
 * same seeded input as the ONNX original, every output compared by its ONNX name.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ROOT } from '../helpers/assets';
import { checkOnnxToTfjs, compare, runConverted, seededFeeds, type FeedOptions } from '../helpers/onnx-to-tfjs-check';
import { readOnnx } from '../../src/engine/convert/onnx-read';
import { convertOnnxModel, ConvertError, unsupportedOnnxOps } from '../../src/engine/convert/onnx-to-tfjs';
import { bytes as field, str, toyModel } from '../helpers/onnx-builder';

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

/**
 * Gallery models with ops nobody maps yet: each refused, naming exactly these ops. Keep this list
 * honest and small: a model leaves it when its ops get mappings.
 */
const REFUSED: Record<string, string[]> = {
  // Quantized (QDQ / QLinear) graphs: TF.js has no int8 kernels to map them to.
  'mobilenetv2-12-int8': ['QLinearConv', 'com.microsoft:QLinearAdd', 'DequantizeLinear', 'com.microsoft:QLinearGlobalAveragePool', 'QLinearMatMul', 'QuantizeLinear'],
  'shufflenet-v2-12-int8': ['QLinearConv', 'DequantizeLinear', 'QuantizeLinear', 'com.microsoft:QLinearAdd', 'QLinearMatMul'],
  // scikit-learn's ONNX-ML operators (and string inputs).
  'titanic-pipeline': ['ai.onnx.ml:OneHotEncoder', 'ai.onnx.ml:Imputer', 'ai.onnx.ml:LinearClassifier', 'ai.onnx.ml:Normalizer', 'ai.onnx.ml:Scaler'],
  'movenet-lightning': ['GatherND', 'Mod'],
};

/**
 * The reference of a float16 model computes in float16 (ONNX Runtime), TF.js in float32: float16's
 * own step (2^-11 of the value) is the difference to expect, not 1e-4.
 */
const TOLERANCE: Record<string, number> = { 'squeezenet1.1-7-fp16': 1e-3 };

/**
 * Seeded inputs are uniform in [0, 1) but where that gives the reference nothing to say (every
 * output ~0, where any float noise is "infinitely" wrong): PP-OCR's detector finds no text in
 * [0, 1) noise (its probability map is 1e-7 everywhere), the selfie mask is 0 everywhere.
 */
const FEED: Record<string, FeedOptions> = { 'ch_PP-OCRv4_det_infer': { lo: 0, hi: 255 }, selfie: { lo: 0, hi: 2 } };

const gallery = readdirSync(resolve(ROOT, 'public', 'models'))
  .filter((f) => f.endsWith('.onnx'))
  .map((f) => f.slice(0, -5))
  .sort();
const table: string[] = [];

describe('ONNX -> TF.js: the gallery', () => {
  afterAll(() => console.log(`model | worst error (of output scale) | ONNX nodes -> TF nodes | Transposes wrapped -> left | convert ms\n${table.join('\n')}`));

  it('finds the gallery and every refusal names a gallery model', () => {
    expect(gallery.length).toBeGreaterThanOrEqual(15);
    for (const name of Object.keys(REFUSED)) expect(gallery).toContain(name);
  });

  it.each(gallery.filter((n) => !REFUSED[n]))('%s converts and matches onnxruntime-node on the same seeded input', { timeout: 180_000 }, async (name) => {
    const bytes = model(name);
    expect(unsupportedOnnxOps(bytes)).toEqual({});
    const feed = FEED[name] ?? {};
    const check = await checkOnnxToTfjs(bytes, {}, 'wasm', feed);
    const { report, modelJson } = check.result;
    const tolerance = TOLERANCE[name] ?? 1e-4;
    // Over 1e-4, the float noise of TF.js itself is measured: its CPU backend against its WASM one on
    // the converted model. Outputs that amplify rounding (a sigmoid mask of ~0 everywhere) move that much anyway.
    let cpu: Record<string, { shape: number[]; data: Float64Array }> | null = null;
    for (const o of check.outputs) {
      expect(o.shape, `${name} ${o.name} shape`).toEqual(o.refShape);
      expect(o.scale, `${name} ${o.name}: the reference says something (not ~0 everywhere)`).toBeGreaterThan(1e-3);
      let allowed = tolerance;
      if (o.relative > tolerance) {
        cpu ??= (await runConverted(check.result, seededFeeds(check.result, feed), 'cpu')).outputs;
        const wasm = (await runConverted(check.result, seededFeeds(check.result, feed), 'wasm')).outputs[o.name];
        const spread = compare(o.name, cpu[o.name], { dims: wasm.shape, data: wasm.data }).maxDiff / Math.max(1e-6, o.scale);
        allowed = Math.max(tolerance, 4 * spread);
      }
      expect(o.relative, `${name} ${o.name}: max |diff| ${o.maxDiff} over scale ${o.scale}`).toBeLessThanOrEqual(allowed);
    }
    // The interface is the ONNX model's: names in the signature, NCHW shapes at the boundary.
    expect(Object.keys(modelJson.signature.inputs)).toEqual(report.inputs.map((i) => i.name));
    expect(Object.keys(modelJson.signature.outputs)).toEqual(report.outputs.map((o) => o.name));
    expect(report.transposesAfter).toBeLessThanOrEqual(Math.max(4, report.transposesBefore / 3));
    table.push(`${name} | ${check.worst.toExponential(1)} | ${report.nodesBefore} -> ${report.nodesAfter} | ${report.transposesBefore} -> ${report.transposesAfter} | ${Math.round(check.ms.convert)}`);
  });

  it.each(Object.keys(REFUSED))('%s is refused, naming the ops no mapping covers', async (name) => {
    const error = await convertOnnxModel(model(name)).catch((e) => e);
    expect(error).toBeInstanceOf(ConvertError);
    expect(Object.keys(error.unsupportedOps ?? {}).sort()).toEqual([...REFUSED[name]].sort());
    expect(error.message).toContain(REFUSED[name][0]);
    // Named before anything is converted, from the ops alone.
    expect(Object.keys(unsupportedOnnxOps(model(name)))).toEqual(expect.arrayContaining(REFUSED[name]));
  });
});

describe('ONNX -> TF.js: what cannot be converted is refused by name', () => {
  it('a truncated model', async () => {
    const cut = model('mnist-8').subarray(0, 20_000);
    await expect(convertOnnxModel(cut)).rejects.toThrow(/cannot be read: .*(cut|past the end)/);
  });

  it('weights in an external file', async () => {
    await expect(convertOnnxModel(toyModel({ externalData: 'weights.bin' }))).rejects.toThrow(/tensor w keeps its data in an external file/);
  });

  it('control flow (an If with its subgraphs), listed among the unsupported ops too', async () => {
    // The toy model's Relu node swapped for an If whose then_branch is a graph (attribute type 5).
    const ifNode = [...str(1, 'x'), ...str(2, 'y'), ...str(3, 'if0'), ...str(4, 'If'), ...field(5, [...str(1, 'then_branch'), ...field(6, str(2, 'g')), 0xa0, 0x01, 5])];
    const bytes = rebuildWithNode(toyModel(), ifNode);
    await expect(convertOnnxModel(bytes)).rejects.toThrow(/control flow \(subgraphs: node if0 \(If\) attribute then_branch\)/);
    expect(unsupportedOnnxOps(bytes)).toEqual({ If: 1 });
  });

  it('an op nobody maps: the error lists it with its count for the UI', async () => {
    const error = await convertOnnxModel(toyModel({ opType: 'Hardmax' })).catch((e) => e);
    expect(error).toBeInstanceOf(ConvertError);
    expect(error.unsupportedOps).toEqual({ Hardmax: 1 });
    expect(error.message).toMatch(/unsupported ONNX ops: Hardmax x1\. .* runs on ONNX Runtime only/);
  });
});

/** The toy model with its one node replaced (the node is the graph's first field). */
function rebuildWithNode(toy: Uint8Array, node: number[]): Uint8Array {
  const { graph } = readOnnx(toy, { data: false });
  expect(graph.nodes).toHaveLength(1);
  // The toy model's bytes with its Relu node's message swapped.
  const text = Array.from(toy);
  const relu = field(1, [...str(1, 'x'), ...str(2, 'y'), ...str(3, 'node0'), ...str(4, 'Relu')]);
  const at = indexOfSeq(text, relu);
  expect(at).toBeGreaterThan(0);
  return rebuild(text, at, relu.length, field(1, node));
}

function indexOfSeq(a: number[], seq: number[]): number {
  outer: for (let i = 0; i + seq.length <= a.length; i++) {
    for (let k = 0; k < seq.length; k++) if (a[i + k] !== seq[k]) continue outer;
    return i;
  }
  return -1;
}

/** Replaces bytes [at, at + len) inside the graph field (field 7) and fixes the graph's length prefix. */
function rebuild(bytes: number[], at: number, len: number, replacement: number[]): Uint8Array {
  let p = 0;
  while (p < bytes.length) {
    const keyStart = p;
    const key = bytes[p++];
    let n = 0;
    let shift = 0;
    let b: number;
    const wire = key & 7;
    if (wire === 0) {
      while (bytes[p++] & 0x80);
      continue;
    }
    do {
      b = bytes[p++];
      n += (b & 0x7f) * 2 ** shift;
      shift += 7;
    } while (b & 0x80);
    if (key === 0x3a && at >= p && at < p + n) {
      const body = [...bytes.slice(p, at), ...replacement, ...bytes.slice(at + len, p + n)];
      return new Uint8Array([...bytes.slice(0, keyStart), ...field(7, body), ...bytes.slice(p + n)]);
    }
    p += n;
  }
  throw new Error('graph field not found');
}
