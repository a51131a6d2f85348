/**
 * torchvision's real architectures (scripts/make-torch-models.py: ResNet, MobileNetV3, EfficientNet,
 * ConvNeXt, ViT at opset 17 and 13 and with a symbolic batch, DenseNet, RegNet; seeded random
 * weights) converted to TF.js graph models and run by TF.js 4.22 (WASM) on the input PyTorch saw:
 * each must match onnxruntime-node AND PyTorch's own outputs within 1e-4 of the output's scale.
 * Also: the constant folding alone (fold.ts), written back to ONNX, leaves ORT's answer unchanged.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ROOT } from '../helpers/assets';
import { convertOnnxModel } from '../../src/engine/convert/onnx-to-tfjs';
import { readOnnx } from '../../src/engine/convert/onnx-read';
import { writeModel } from '../../src/engine/convert/onnx-writer';
import { foldConstants } from '../../src/engine/convert/to-tfjs/fold';
import { compare, runConverted, runOnnxNode, type Feed } from '../helpers/onnx-to-tfjs-check';
import { torchFixturesAvailable, torchModel, TORCH_MODELS, type TorchModel } from '../helpers/torch-models';

const feedsOf = (m: TorchModel): Record<string, Feed> => Object.fromEntries(m.inputs.map((i) => [i.name, { dtype: 'float32', shape: i.dims, data: i.data }]));
const SHAPE_OPS = ['Shape', 'Gather', 'Unsqueeze', 'Concat', 'ConstantOfShape', 'Equal', 'Where', 'Cast', 'Expand'];

describe.skipIf(!torchFixturesAvailable())('ONNX -> TF.js on torchvision architectures', () => {
  it('every model converts and matches onnxruntime-node and PyTorch within 1e-4', { timeout: 120_000 }, async () => {
    const rows: string[] = [];
    const failures: string[] = [];
    for (const name of TORCH_MODELS) {
      const m = torchModel(name);
      const result = await convertOnnxModel(m.bytes);
      const feeds = feedsOf(m);
      const ort = await runOnnxNode(m.bytes, feeds);
      const { outputs } = await runConverted(result, feeds);
      const r = result.report;
      for (const t of m.outputs) {
        const vsOrt = compare(t.name, outputs[t.name], ort[t.name]);
        const vsTorch = compare(t.name, outputs[t.name], { dims: t.dims, data: Float64Array.from(t.data) });
        expect(vsOrt.shape, `${name}: ${t.name}'s shape`).toEqual(t.dims);
        if (!(vsOrt.relative <= 1e-4 && vsTorch.relative <= 1e-4)) failures.push(`${name}: ${vsOrt.relative} against ORT, ${vsTorch.relative} against PyTorch`);
        rows.push(
          `${name.padEnd(12)} vs ORT ${vsOrt.relative.toExponential(1)}  vs torch ${vsTorch.relative.toExponential(1)}  nodes ${r.nodesBefore} -> ${r.nodesAfter}  folded ${r.folded}  Transposes ${r.transposesBefore} -> ${r.transposesAfter}`,
        );
      }
      // NCHW in, logits out: the interface PyTorch declared.
      expect(r.inputs.map((i) => i.name)).toEqual(['input']);
      expect(Object.keys(result.modelJson.signature.outputs)).toEqual(['logits']);
      // The layout work leaves no more than the model's own Transposes and one pair at the boundary.
      expect(r.transposesAfter, `${name}: Transposes left`).toBeLessThanOrEqual((r.onnxOps.Transpose ?? 0) + 2);
    }
    console.log(rows.join('\n'));
    expect(failures, failures.join('\n')).toEqual([]);
  });

  it("folding torch.onnx's shape arithmetic keeps ORT's answer; with a fixed batch none of it is left", { timeout: 60_000 }, async () => {
    for (const name of ['vit', 'vit-dynamic'] as const) {
      const m = torchModel(name);
      const { graph, opset } = readOnnx(m.bytes);
      const before = graph.nodes.length;
      const { folded, shapes } = foldConstants(graph);
      expect(folded, name).toBeGreaterThan(0);
      expect(graph.nodes.length).toBe(before - folded);
      const left = graph.nodes.filter((n) => SHAPE_OPS.includes(n.op) && n.op !== 'Gather' && n.op !== 'Concat').map((n) => n.op);
      // vit: only data Gathers/Concats remain (class token); vit-dynamic keeps the batch-sized Expand's arithmetic.
      if (name === 'vit') expect(left).toEqual([]);
      else expect(left.length).toBeGreaterThan(0);
      expect(shapes.get('logits')).toEqual(name === 'vit' ? [1, 10] : ['batch', 10]);
      const feeds = feedsOf(m);
      const a = await runOnnxNode(m.bytes, feeds);
      const b = await runOnnxNode(writeModel(graph, { opset, producerVersion: 'fold' }), feeds);
      expect(compare('logits', { shape: b.logits.dims, data: b.logits.data }, a.logits).maxDiff).toBe(0);
    }
  });
});

const bert = (repo: string) => resolve(ROOT, 'tests', 'hub-fixtures', 'fixtures', repo, 'onnx', 'model.onnx');
const BERTS = ['tiny-bert-sentiment', 'tiny-minilm'];

describe.skipIf(!BERTS.every((r) => existsSync(bert(r))))('ONNX -> TF.js with a symbolic batch and sequence (the hub fixtures)', () => {
  it('the tiny BERTs convert, their shape arithmetic left to run, and match ORT at batch 2, sequence 7', { timeout: 60_000 }, async () => {
    for (const repo of BERTS) {
      const bytes = new Uint8Array(readFileSync(bert(repo)));
      const result = await convertOnnxModel(bytes);
      const feeds: Record<string, Feed> = {};
      for (const i of result.report.inputs) {
        const v = (k: number) => (i.name.includes('type') ? 0 : i.name.includes('mask') ? Number(k % 7 < 5) : ((k * 37) % 100) + 1);
        feeds[i.name] = { dtype: 'int64', shape: [2, 7], data: BigInt64Array.from({ length: 14 }, (_, k) => BigInt(v(k))) };
      }
      const ort = await runOnnxNode(bytes, feeds);
      const { outputs } = await runConverted(result, feeds);
      for (const name of Object.keys(ort)) {
        const d = compare(name, outputs[name], ort[name]);
        expect(d.shape, `${repo}: ${name}`).toEqual(d.refShape);
        expect(d.relative, `${repo}: ${name} max |diff| ${d.maxDiff}`).toBeLessThanOrEqual(1e-4);
      }
      expect(result.report.mapping.Shape, `${repo} computes its shapes at run time`).toBeDefined();
    }
  });
});
