/**
 * Tiny TF.js graph models written on the fly, one op under test each, to check op mappings
 * (fused activations, paddings, resize modes) against TF.js itself: the real models do not use
 * every variant.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AttrJson, NodeJson } from '../../src/engine/convert/tfjs-model';

const b64 = (s: string) => Buffer.from(s).toString('base64');
export const attr = {
  s: (v: string): AttrJson => ({ s: b64(v) }),
  ints: (v: number[]): AttrJson => ({ list: v.length ? { i: v.map(String) } : {} }),
  strs: (v: string[]): AttrJson => ({ list: { s: v.map(b64) } }),
  i: (v: number): AttrJson => ({ i: String(v) }),
  f: (v: number): AttrJson => ({ f: v }),
  b: (v: boolean): AttrJson => ({ b: v }),
  float: { type: 'DT_FLOAT' } as AttrJson,
};

/** Builds nodes and their weights; `build` returns the output node's name. */
export class SyntheticGraph {
  readonly nodes: NodeJson[] = [];
  private readonly weights: { name: string; shape: number[]; dtype: string; data: Float32Array | Int32Array | Uint8Array }[] = [];
  private seed = 12345;

  constructor(inputShape: number[]) {
    this.nodes.push({ name: 'x', op: 'Placeholder', attr: { dtype: attr.float, shape: { shape: { dim: inputShape.map((d) => ({ size: String(d) })) } } } });
  }

  /** Deterministic values in [-1, 1). */
  private random(): number {
    this.seed = (this.seed * 1103515245 + 12345) % 2 ** 31;
    return (this.seed / 2 ** 31) * 2 - 1;
  }

  const(name: string, shape: number[], values?: number[], dtype: 'float32' | 'int32' | 'bool' = 'float32'): string {
    const size = shape.reduce((a, b) => a * b, 1);
    const v = values ?? Array.from({ length: size }, () => this.random());
    this.weights.push({ name, shape, dtype, data: dtype === 'float32' ? Float32Array.from(v) : dtype === 'int32' ? Int32Array.from(v) : Uint8Array.from(v) });
    this.nodes.push({ name, op: 'Const', attr: { dtype: { type: { float32: 'DT_FLOAT', int32: 'DT_INT32', bool: 'DT_BOOL' }[dtype] } } });
    return name;
  }

  op(name: string, op: string, input: string[], attrs: Record<string, AttrJson> = {}): string {
    this.nodes.push({ name, op, input, attr: { T: attr.float, ...attrs } });
    return name;
  }

  /** Writes model.json and its shard into `dir`, the output renamed `Identity` as TF.js's converter names it. */
  write(dir: string, output: string): string {
    mkdirSync(dir, { recursive: true });
    this.op('Identity', 'Identity', [output]);
    const bin = Buffer.concat(this.weights.map((w) => Buffer.from(w.data.buffer)));
    writeFileSync(join(dir, 'w.bin'), bin);
    const json = {
      format: 'graph-model',
      generatedBy: 'onnx-playground tests',
      modelTopology: { node: this.nodes, library: {}, versions: { producer: 1 } },
      weightsManifest: [{ paths: ['w.bin'], weights: this.weights.map(({ name, shape, dtype }) => ({ name, shape, dtype })) }],
    };
    const path = join(dir, 'model.json');
    writeFileSync(path, JSON.stringify(json));
    return path;
  }
}
