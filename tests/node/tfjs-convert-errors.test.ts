/**
 * The converter on bad and odd input: each refusal is a ConvertError whose message names what is
 * wrong (the file, the weight, the op, the input); gzipped and quantized models are read right.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import * as ort from 'onnxruntime-node';
import { convertTfjsModel, ConvertError } from '../../src/engine/convert/convert';
import { decodeWeights } from '../../src/engine/convert/weights';
import { ROOT } from '../helpers/assets';
import { humanModelPath, readModelFiles, tfjs } from '../helpers/tfjs-reference';

const emotion = () => readModelFiles(humanModelPath('emotion'));
const emotionJson = () => JSON.parse(new TextDecoder().decode(emotion().modelJson));
const withJson = (json: unknown) => ({ modelJson: JSON.stringify(json), shards: emotion().shards });

async function refusal(promise: Promise<unknown>): Promise<string> {
  const e = await promise.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ConvertError);
  return (e as Error).message;
}

describe('converter refusals', () => {
  it('names a missing shard', async () => {
    expect(await refusal(convertTfjsModel({ modelJson: emotion().modelJson, shards: {} }))).toBe('weight file missing: emotion.bin (model.json needs it beside it)');
  });

  it('names a truncated shard with the bytes it needs and holds', async () => {
    const { modelJson, shards } = emotion();
    const cut = { 'emotion.bin': shards['emotion.bin'].subarray(0, 1000) };
    const message = await refusal(convertTfjsModel({ modelJson, shards: cut }));
    expect(message).toMatch(/^emotion\.bin holds 1,000 bytes, but model\.json's weights need 820,516 bytes from it: it is cut short/);
  });

  it("refuses another model's weight file under the right name (blazeface.json with emotion.bin as blazeface.bin)", async () => {
    const { modelJson } = readModelFiles(humanModelPath('blazeface'));
    const message = await refusal(convertTfjsModel({ modelJson, shards: { 'blazeface.bin': emotion().shards['emotion.bin'] } }));
    expect(message).toBe("blazeface.bin holds 820,516 bytes, but model.json's weights need 538,928 bytes from it: it belongs to another model, or is damaged. Choose the .bin weight files that were saved with this model.json.");
  });

  it('refuses malformed JSON', async () => {
    expect(await refusal(convertTfjsModel({ modelJson: '{"format": "graph-model", ', shards: {} }))).toMatch(/^model\.json is not valid JSON: /);
  });

  it('refuses JSON that is not a TF.js model', async () => {
    expect(await refusal(convertTfjsModel({ modelJson: '{"name": "package", "version": "1.0.0"}', shards: {} }))).toBe('model.json is not a TF.js graph model: it has no modelTopology.node list');
    expect(await refusal(convertTfjsModel({ modelJson: '[1, 2, 3]', shards: {} }))).toMatch(/not a TF\.js model/);
  });

  it('names a Keras layers model and what is supported', async () => {
    const layers = { format: 'layers-model', modelTopology: { class_name: 'Sequential', config: { layers: [] } }, weightsManifest: [] };
    expect(await refusal(convertTfjsModel({ modelJson: JSON.stringify(layers), shards: {} }))).toMatch(/layers model \(Keras, format "layers-model"\); only graph models \(format "graph-model"\) are supported/);
  });

  it('names every op it does not know, with counts', async () => {
    const json = emotionJson();
    for (const n of json.modelTopology.node) if (n.op === 'DepthwiseConv2dNative') n.op = 'MadeUpConv';
    json.modelTopology.node.find((n: { op: string }) => n.op === 'Softmax').op = 'Sparsemax';
    const e = await convertTfjsModel(withJson(json)).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(ConvertError);
    expect((e as Error).message).toBe('unsupported TF ops: MadeUpConv x4, Sparsemax x1');
    expect((e as ConvertError).unsupportedOps).toEqual({ MadeUpConv: 4, Sparsemax: 1 });
  });

  it('names a node with fewer inputs than its op needs', async () => {
    const json = emotionJson();
    const add = json.modelTopology.node.find((n: { op: string }) => n.op === 'Add' || n.op === 'AddV2' || n.op === 'Mul');
    add.input = add.input.slice(0, 1);
    expect(await refusal(convertTfjsModel(withJson(json)))).toBe(`${add.name} (${add.op}) cannot be converted: its 1 input are fewer than ${add.op} needs`);
  });

  it('refuses an input whose shape cannot be known', async () => {
    const json = emotionJson();
    delete json.signature;
    delete json.userDefinedMetadata;
    json.modelTopology.node.find((n: { op: string }) => n.op === 'Placeholder').attr.shape = { shape: { unknownRank: true } };
    expect(await refusal(convertTfjsModel(withJson(json)))).toMatch(/^input input_1: its shape cannot be known/);
  });

  it('names a gzipped file that does not decompress', async () => {
    const { modelJson, shards } = emotion();
    const gz = gzipSync(modelJson);
    expect(await refusal(convertTfjsModel({ modelJson: gz.subarray(0, gz.length >> 1), shards }))).toMatch(/^model\.json is gzipped but does not decompress/);
    const bin = gzipSync(shards['emotion.bin']);
    expect(await refusal(convertTfjsModel({ modelJson, shards: { 'emotion.bin': bin.subarray(0, 1000) } }))).toMatch(/^emotion\.bin is gzipped but does not decompress/);
  });

  it('refuses damaged model.json files with a ConvertError, never another error', async () => {
    // Seeded mutations of a real model.json: cut, or one node or weight spec spoiled.
    let seed = 7;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const text = new TextDecoder().decode(emotion().modelJson);
    const ops = ['Conv2D', 'MaxPool', 'ConcatV2', 'StridedSlice', 'Pack', 'Reshape', 'GatherV2', 'Pad', 'ResizeBilinear', 'Conv2DBackpropInput', '_FusedMatMul', 'TopKV2'];
    const mutations: ((json: ReturnType<typeof emotionJson>) => void)[] = [
      (j) => (j.modelTopology.node[rand(j.modelTopology.node.length)].input = []),
      (j) => (j.modelTopology.node[rand(j.modelTopology.node.length)].input = ['nowhere']),
      (j) => {
        const n = j.modelTopology.node[rand(j.modelTopology.node.length)];
        const keys = Object.keys(n.attr ?? {});
        if (keys.length) delete n.attr[keys[rand(keys.length)]];
      },
      (j) => (j.modelTopology.node[rand(j.modelTopology.node.length)].attr = {}),
      (j) => (j.modelTopology.node[rand(j.modelTopology.node.length)].op = ops[rand(ops.length)]),
      (j) => (j.weightsManifest[0].weights[rand(j.weightsManifest[0].weights.length)].shape = [2]),
      (j) => (j.weightsManifest[0].weights[rand(j.weightsManifest[0].weights.length)].dtype = 'complex64'),
      (j) => (j.weightsManifest[0].weights[rand(j.weightsManifest[0].weights.length)].shape = 'big'),
      (j) => (j.modelTopology.node[rand(j.modelTopology.node.length)] = null),
      (j) => (j.weightsManifest = [{ paths: 'emotion.bin' }]),
    ];
    let refused = 0;
    for (let k = 0; k < 120; k++) {
      let source;
      if (k < 10) source = { modelJson: text.slice(0, rand(text.length)), shards: emotion().shards };
      else {
        const json = emotionJson();
        mutations[k % mutations.length](json);
        source = withJson(json);
      }
      const e = await convertTfjsModel(source).then(
        () => null,
        (err: unknown) => err,
      );
      if (e === null) continue;
      expect(e, (e as Error).stack).toBeInstanceOf(ConvertError);
      expect((e as Error).message.length).toBeGreaterThan(10);
      refused++;
    }
    expect(refused).toBeGreaterThan(60);
  });

  it('refuses an opset it cannot write', async () => {
    expect(await refusal(convertTfjsModel(emotion(), { opset: 11 }))).toMatch(/opset 11 is not supported/);
  });
});

describe('converter input formats', () => {
  it('reads gzipped model.json and shards to the same model', async () => {
    const plain = await convertTfjsModel(emotion());
    const { modelJson, shards } = emotion();
    const gz = await convertTfjsModel({ modelJson: gzipSync(modelJson), shards: { 'emotion.bin': gzipSync(shards['emotion.bin']) } });
    expect(Buffer.from(gz.onnx).equals(Buffer.from(plain.onnx))).toBe(true);
  });

  it('reads models split over several shards and groups', async () => {
    const json = emotionJson();
    const bin = emotion().shards['emotion.bin'];
    const half = 4096;
    json.weightsManifest[0].paths = ['a.bin', 'b.bin'];
    const split = await convertTfjsModel({ modelJson: JSON.stringify(json), shards: { 'a.bin': bin.subarray(0, half), 'b.bin': bin.subarray(half) } });
    expect(Buffer.from(split.onnx).equals(Buffer.from((await convertTfjsModel(emotion())).onnx))).toBe(true);
  });

  it('reads weights spread over several groups, each with its own shard', async () => {
    const json = emotionJson();
    const bin = emotion().shards['emotion.bin'];
    const [group] = json.weightsManifest;
    const bytesOf = (w: { shape: number[] }) => w.shape.reduce((a: number, b: number) => a * b, 1) * 4;
    const cut = 5;
    const firstBytes = group.weights.slice(0, cut).reduce((a: number, w: { shape: number[] }) => a + bytesOf(w), 0);
    json.weightsManifest = [
      { paths: ['g1.bin'], weights: group.weights.slice(0, cut) },
      { paths: ['g2.bin'], weights: group.weights.slice(cut) },
    ];
    const grouped = await convertTfjsModel({ modelJson: JSON.stringify(json), shards: { 'g1.bin': bin.subarray(0, firstBytes), 'g2.bin': bin.subarray(firstBytes) } });
    expect(Buffer.from(grouped.onnx).equals(Buffer.from((await convertTfjsModel(emotion())).onnx))).toBe(true);
  });

  it('takes the files a file picker gives, and reports progress', async () => {
    const { modelJson, shards } = emotion();
    const files = [new File([new Uint8Array(shards['emotion.bin'])], 'emotion.bin'), new File([new Uint8Array(modelJson)], 'emotion.json')];
    const stages: [string, number][] = [];
    const fromFiles = await convertTfjsModel(files, {}, (stage, fraction) => stages.push([stage, fraction]));
    expect(Buffer.from(fromFiles.onnx).equals(Buffer.from((await convertTfjsModel(emotion())).onnx))).toBe(true);
    expect(stages.map((s) => s[0])).toEqual(['read', 'map', 'optimize', 'write', 'write']);
    expect(stages.map((s) => s[1])).toEqual([...stages.map((s) => s[1])].sort((a, b) => a - b));
    expect(await refusal(convertTfjsModel([files[0]]))).toBe('no model.json among the files');
  });

  it('decodes bool and int32 weights, and dequantizes uint8, uint16 and float16 ones, exactly as TF.js does', async () => {
    const tf = await tfjs('cpu');
    const q8 = Uint8Array.from({ length: 256 }, (_, i) => i);
    const q16 = Uint16Array.from({ length: 512 }, (_, i) => i * 127);
    const f16 = Uint16Array.from({ length: 512 }, (_, i) => (i * 131) & 0xffff);
    const specs = [
      { name: 'a', shape: [256], dtype: 'float32', quantization: { dtype: 'uint8', scale: 0.0123, min: -1.57 } },
      { name: 'b', shape: [512], dtype: 'float32', quantization: { dtype: 'uint16', scale: 3.1e-5, min: -0.9 } },
      { name: 'c', shape: [512], dtype: 'float32', quantization: { dtype: 'float16' } },
      { name: 'd', shape: [256], dtype: 'int32', quantization: { dtype: 'uint8', scale: 0.7, min: -3 } },
      { name: 'e', shape: [4, 4], dtype: 'bool' },
      { name: 'f', shape: [3], dtype: 'int32' },
    ];
    const bools = Uint8Array.from({ length: 16 }, (_, i) => Number(i % 3 === 0));
    const bytes = Buffer.concat([q8, new Uint8Array(q16.buffer), new Uint8Array(f16.buffer), q8, bools, new Uint8Array(Int32Array.of(-7, 0, 2 ** 30).buffer)]);
    const ours = decodeWeights([{ paths: ['w.bin'], weights: specs }], [[new Uint8Array(bytes)]]);
    const theirs = tf.io.decodeWeights(new Uint8Array(bytes).buffer, specs as never);
    for (const s of specs) {
      const t = theirs[s.name].dataSync();
      expect(Array.from(ours.get(s.name)!.data), s.name).toEqual(Array.from(t));
    }
  });
});

describe('npm run convert', () => {
  const tsx = join(ROOT, 'node_modules', '.bin', 'tsx');
  const run = (...args: string[]) => spawnSync(tsx, [join(ROOT, 'scripts', 'convert.ts'), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });

  it('writes the file and says what it did', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'convert-')), 'emotion.onnx');
    const result = run(humanModelPath('emotion'), '-o', out, '--opset', '19');
    expect(result.status, result.stderr).toBe(0);
    expect(existsSync(out)).toBe(true);
    expect(readFileSync(out).length).toBeGreaterThan(100_000);
    expect(result.stdout).toMatch(/opset 19/);
    expect(result.stdout).toMatch(/_FusedConv2D x9\s+-> .*Conv x9/);
    expect(result.stdout).toMatch(/nodes\s+\d+ before optimisation, \d+ after/);
    expect(result.stdout).toMatch(/Transpose nodes: \d+ before, 1 left/);
  });

  it('exits non-zero with one line naming the unsupported ops', () => {
    const result = run(humanModelPath('faceboxes'), '-o', join(tmpdir(), 'never.onnx'));
    expect(result.status).not.toBe(0);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^convert: unsupported TF ops \(the model uses control flow\): .*Enter x\d+.*LoopCond x1/);
  });

  it('names a missing shard in one line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'convert-'));
    const json = join(dir, 'model.json');
    spawnSync('cp', [humanModelPath('emotion'), json]);
    const result = run(json);
    expect(result.status).not.toBe(0);
    expect(result.stderr.trim()).toBe('convert: weight file missing: emotion.bin (model.json needs it beside it)');
  });
});

describe('converter portability and interface', () => {
  it('uses nothing of Node: only its own modules and what workers have', () => {
    const dir = join(ROOT, 'src', 'engine', 'convert');
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(5);
    for (const f of files) {
      const text = readFileSync(join(dir, f), 'utf8');
      for (const [, spec] of text.matchAll(/from '([^']+)'/g)) expect(spec, `${relative(ROOT, join(dir, f))} imports ${spec}`).toMatch(/^\.\.?\//);
      expect(text, f).not.toMatch(/\bBuffer\.|\bprocess\.|\brequire\(|__dirname|import\(/);
    }
  });

  it('runs any batch size through the symbolic batch dimension', async () => {
    const { onnx, report } = await convertTfjsModel(emotion());
    expect(report.inputs[0].dims).toEqual(['batch', 64, 64, 1]);
    const session = await ort.InferenceSession.create(onnx);
    const one = Float32Array.from({ length: 64 * 64 }, (_, i) => (i % 97) / 97);
    const run = async (n: number) => (await session.run({ input_1: new ort.Tensor('float32', Float32Array.from({ length: n * one.length }, (_, i) => one[i % one.length]), [n, 64, 64, 1]) })).Identity;
    const single = await run(1);
    const triple = await run(3);
    expect(triple.dims).toEqual([3, 7]);
    for (let b = 0; b < 3; b++) {
      const row = Array.from(triple.data as Float32Array).slice(b * 7, b * 7 + 7);
      row.forEach((v, i) => expect(v).toBeCloseTo((single.data as Float32Array)[i], 6));
    }
  });
});
