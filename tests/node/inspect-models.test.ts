/**
 * The ONNX reader against the shared assets' MANIFEST.json (producer, opset, inputs, outputs) for
 * every gallery model, and against onnxruntime-node's own view of the inputs and outputs.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as ort from 'onnxruntime-node';
import { readModelInfo } from '../../src/engine/onnx-format/model-info';
import { bytesSource } from '../../src/engine/onnx-format/byte-source';
import { GALLERY } from '../../src/tasks/gallery';
import { modelPath, ROOT } from '../helpers/assets';

interface ManifestModel {
  file: string;
  producer: string;
  opset: number;
  input: string;
  output: string;
}

function sharedManifest(): ManifestModel[] {
  for (const dir of [process.env.ONNX_PLAYGROUND_ASSETS, resolve(ROOT, '..', 'shared', 'assets')]) {
    try {
      if (dir) return JSON.parse(readFileSync(resolve(dir, 'MANIFEST.json'), 'utf8')).models;
    } catch {
      // try the next place
    }
  }
  // A clone elsewhere: the project's own manifest records producer and opset (not the signatures).
  return [];
}

/** "input float32 [N,3,224,224] logits; other [1,2]" → [{name, dtype, dims}] (dtype may be absent). */
function parseSignature(text: string) {
  return [...text.matchAll(/([\w.]+) (?:(\w+) )?\[([^\]]*)\]/g)].map(([, name, dtype, dims]) => ({
    name,
    dtype: dtype === 'float' ? 'float32' : dtype,
    dims: dims.split(',').map((d) => (/^\d+$/.test(d.trim()) ? Number(d) : 'symbolic')),
  }));
}

const manifest = sharedManifest();
const modelsWithManifest = GALLERY.map((m) => [m.id, manifest.find((e) => e.file === m.source.file)] as const);

describe.each(modelsWithManifest)('inspect %s', (id, entry) => {
  const file = `${id}.onnx`;

  it('reads producer, opset, inputs and outputs as MANIFEST.json lists them', async () => {
    const info = await readModelInfo(bytesSource(new Uint8Array(readFileSync(modelPath(file)))));
    const gallery = GALLERY.find((m) => m.id === id)!;
    expect(info.opsets['ai.onnx']).toBe(gallery.source.opset);
    const producer = `${info.producer.name} ${info.producer.version}`.trim();
    expect(producer.startsWith(gallery.source.producer.replace(/\s*\(.*\)$/, ''))).toBe(true);
    expect(info.nodeCount).toBeGreaterThan(0);
    expect(info.parameterCount).toBeGreaterThan(0);
    if (!entry) return;
    for (const [declared, actual] of [
      [parseSignature(entry.input), info.inputs],
      [parseSignature(entry.output), info.outputs],
    ] as const) {
      expect(actual.map((v) => v.name)).toEqual(declared.map((d) => d.name));
      declared.forEach((d, i) => {
        if (d.dtype) expect(actual[i].dtype).toBe(d.dtype);
        expect(actual[i].shape?.map((x) => (typeof x === 'number' ? x : 'symbolic'))).toEqual(d.dims);
      });
    }
  });

  it('agrees with onnxruntime-node on the input and output names and types', async () => {
    const info = await readModelInfo(bytesSource(new Uint8Array(readFileSync(modelPath(file)))));
    const session = await ort.InferenceSession.create(modelPath(file));
    try {
      expect(info.inputs.map((v) => v.name)).toEqual([...session.inputNames]);
      expect(info.outputs.map((v) => v.name)).toEqual([...session.outputNames]);
      const meta = session.inputMetadata;
      info.inputs.forEach((v, i) => {
        const m = meta[i];
        if (m.isTensor) expect(v.dtype.replace('float32', 'float')).toBe(m.type.replace('float32', 'float'));
      });
    } finally {
      await session.release();
    }
  });
});

describe('weights are counted, not loaded', () => {
  it('MobileNetV2 fp32 holds ~3.5 M float32 parameters (14 MB), int8 the same count in a quarter of the bytes', async () => {
    const fp32 = await readModelInfo(bytesSource(new Uint8Array(readFileSync(modelPath('mobilenetv2-12-fp32.onnx')))));
    const int8 = await readModelInfo(bytesSource(new Uint8Array(readFileSync(modelPath('mobilenetv2-12-int8.onnx')))));
    expect(fp32.weightBytesByDtype.float32).toBeGreaterThan(13e6);
    expect(fp32.parameterCount).toBeGreaterThan(3.4e6);
    expect(int8.weightBytesByDtype.int8).toBeGreaterThan(3.2e6);
    expect(Math.abs(int8.parameterCount - fp32.parameterCount) / fp32.parameterCount).toBeLessThan(0.05);
    expect(fp32.framework).toBe('onnxruntime quantization');
  });
});
