/**
 * TF.js weight shards -> typed arrays, decoded exactly as tfjs-core's io_utils decodeWeight does
 * (so the converted model computes with the very numbers TF.js computes with).
 */
import { grouped } from '../../shared/numbers';
import { ConvertError } from './errors';

export interface WeightSpec {
  name: string;
  shape: number[];
  dtype: string;
  quantization?: { dtype: string; scale?: number; min?: number };
}

export interface WeightsGroup {
  paths: string[];
  weights: WeightSpec[];
}

export interface DecodedWeight {
  dtype: 'float32' | 'int32' | 'bool';
  shape: number[];
  data: Float32Array | Int32Array | Uint8Array;
}

const BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1, uint8: 1, uint16: 2, float16: 2 };

let f16: Float32Array | null = null;
/** IEEE half -> float32 for all 65536 bit patterns (TF.js uses a table too; results are exact). */
function float16Table(): Float32Array {
  if (f16) return f16;
  f16 = new Float32Array(65536);
  for (let h = 0; h < 65536; h++) {
    const sign = h & 0x8000 ? -1 : 1;
    const exp = (h >> 10) & 0x1f;
    const frac = h & 0x3ff;
    f16[h] = exp === 0 ? sign * frac * 2 ** -24 : exp === 31 ? (frac ? NaN : sign * Infinity) : sign * (1 + frac / 1024) * 2 ** (exp - 15);
  }
  return f16;
}

export function decodeWeight(spec: WeightSpec, bytes: Uint8Array): DecodedWeight {
  const size = spec.shape.reduce((a, b) => a * b, 1);
  // An aligned copy for the typed-array views (a copy even for a Node Buffer, whose slice is a view).
  const copy = (n: number) => new Uint8Array(bytes.subarray(0, n)).buffer;
  const q = spec.quantization;
  if (q) {
    const qa = q.dtype === 'uint8' ? new Uint8Array(copy(size)) : new Uint16Array(copy(size * 2));
    if (q.dtype === 'float16') {
      if (spec.dtype !== 'float32') throw new ConvertError(`weight ${spec.name}: float16 quantization only applies to float32 weights, not ${spec.dtype}`);
      const table = float16Table();
      const out = new Float32Array(qa.length);
      for (let i = 0; i < qa.length; i++) out[i] = table[qa[i]];
      return { dtype: 'float32', shape: spec.shape, data: out };
    }
    if (q.dtype !== 'uint8' && q.dtype !== 'uint16') throw new ConvertError(`weight ${spec.name} has unknown quantization dtype ${q.dtype}`);
    if (q.scale === undefined || q.min === undefined) throw new ConvertError(`weight ${spec.name} is ${q.dtype}-quantized without its scale and min`);
    const { scale, min } = q;
    // Double arithmetic rounded once on store, as TF.js does; int32 targets are rounded.
    if (spec.dtype === 'float32') {
      const out = new Float32Array(qa.length);
      for (let i = 0; i < qa.length; i++) out[i] = qa[i] * scale + min;
      return { dtype: 'float32', shape: spec.shape, data: out };
    }
    if (spec.dtype === 'int32') {
      const out = new Int32Array(qa.length);
      for (let i = 0; i < qa.length; i++) out[i] = Math.round(qa[i] * scale + min);
      return { dtype: 'int32', shape: spec.shape, data: out };
    }
    throw new ConvertError(`weight ${spec.name}: ${q.dtype} quantization of ${spec.dtype} weights is not supported`);
  }
  if (spec.dtype === 'float32') return { dtype: 'float32', shape: spec.shape, data: new Float32Array(copy(size * 4)) };
  if (spec.dtype === 'int32') return { dtype: 'int32', shape: spec.shape, data: new Int32Array(copy(size * 4)) };
  if (spec.dtype === 'bool') return { dtype: 'bool', shape: spec.shape, data: new Uint8Array(copy(size)) };
  throw new ConvertError(`weight ${spec.name} has dtype ${spec.dtype}, which the converter does not support (float32, int32, bool)`);
}

function byteLength(spec: WeightSpec): number {
  if (spec.dtype === 'string' && !spec.quantization) throw new ConvertError(`weight ${spec.name} holds strings, which the converter does not support`);
  const per = BYTES[spec.quantization?.dtype ?? spec.dtype];
  if (per === undefined) throw new ConvertError(`weight ${spec.name} has unknown dtype ${spec.quantization?.dtype ?? spec.dtype}`);
  return spec.shape.reduce((a, b) => a * b, 1) * per;
}

/** Bytes a group's weights take in its files, as TF.js reads them: each weight by its stored (quantized) dtype. */
export function groupBytes(group: WeightsGroup): number {
  return group.weights.reduce((sum, spec) => sum + byteLength(spec), 0);
}

/** The shard size tensorflowjs_converter writes unless told otherwise (--weight_shard_size_bytes). */
export const TFJS_SHARD_BYTES = 4 * 1024 * 1024;

/**
 * The size each of a group's files should have, for `total` bytes of weights: TF.js's converter cuts
 * a group's bytes into shards of one size, the last holding the rest, and TF.js's loader reads them
 * back concatenated. The shard size is the first file's when that fits, else the converter's
 * default; null when neither fits the number of files.
 */
export function expectedShardSizes(total: number, given: number[]): number[] | null {
  const n = given.length;
  if (n === 1) return [total];
  const fits = (size: number) => size > 0 && (n - 1) * size < total && total <= n * size;
  const size = [given[0], TFJS_SHARD_BYTES].find(fits);
  return size === undefined ? null : given.map((_, i) => (i < n - 1 ? size : total - (n - 1) * size));
}

const CHOOSE = 'Choose the .bin weight files that were saved with this model.json.';

/**
 * Refuses shards whose sizes differ from what the manifest's weights need, before anything is
 * decoded: a shard of another model (or a damaged one) would otherwise convert into a model that
 * computes with garbage. `sizes[g]`: group g's files' sizes in bytes, in the manifest's order.
 */
export function checkShardSizes(manifest: WeightsGroup[], sizes: number[][]): void {
  manifest.forEach((group, g) => {
    const need = groupBytes(group);
    const given = sizes[g];
    const sum = given.reduce((a, b) => a + b, 0);
    if (sum === need) return;
    const expected = expectedShardSizes(need, given);
    const wrong = expected ? group.paths.map((path, i) => ({ path, expected: expected[i], given: given[i] })).filter((f) => f.expected !== f.given) : [];
    if (wrong.length === 1) {
      const [{ path, expected: e, given: got }] = wrong;
      const why = got < e ? 'it is cut short, or belongs to another model' : 'it belongs to another model, or is damaged';
      throw new ConvertError(`${path} holds ${grouped(got)} bytes, but model.json's weights need ${grouped(e)} bytes from it: ${why}. ${CHOOSE}`);
    }
    const files = wrong.length ? wrong.map((f) => `${f.path} holds ${grouped(f.given)} bytes (${grouped(f.expected)} expected)`).join(', ') : `${group.paths.join(', ')} hold ${grouped(sum)} bytes together`;
    throw new ConvertError(`${files}, but model.json's weights need ${grouped(need)} bytes from ${group.paths.length > 1 ? 'them' : 'it'}: ${sum < need ? 'they are cut short, or belong to another model' : 'they belong to another model, or are damaged'}. ${CHOOSE}`);
  });
}

/**
 * Walks every group's weights over its own shards (concatenated in order), as TF.js's loader does.
 * `shards[g]` are group g's files' bytes.
 */
export function decodeWeights(manifest: WeightsGroup[], shards: Uint8Array[][]): Map<string, DecodedWeight> {
  const out = new Map<string, DecodedWeight>();
  manifest.forEach((group, g) => {
    const parts = shards[g];
    const total = parts.reduce((a, p) => a + p.length, 0);
    const buf = parts.length === 1 ? parts[0] : new Uint8Array(total);
    if (parts.length > 1) parts.reduce((at, p) => (buf.set(p, at), at + p.length), 0);
    let offset = 0;
    for (const spec of group.weights) {
      const n = byteLength(spec);
      if (offset + n > total) {
        throw new ConvertError(
          `weight ${spec.name} (bytes ${grouped(offset)} to ${grouped(offset + n)}) runs past the end of its shards ${group.paths.join(', ')} (${grouped(total)} bytes): a shard is truncated`,
        );
      }
      out.set(spec.name, decodeWeight(spec, buf.subarray(offset, offset + n)));
      offset += n;
    }
  });
  return out;
}

/** IEEE half bit patterns -> float32 values (exact). */
export function halfToFloat32(bits: Uint16Array): Float32Array {
  const table = float16Table();
  const out = new Float32Array(bits.length);
  for (let i = 0; i < bits.length; i++) out[i] = table[bits[i]];
  return out;
}

/** float32 -> IEEE half bits, rounded to nearest even (as numpy's astype(float16) does). */
export function float32ToHalf(values: Float32Array): Uint16Array {
  const out = new Uint16Array(values.length);
  const u = new Uint32Array(values.buffer, values.byteOffset, values.length);
  for (let i = 0; i < values.length; i++) {
    const x = u[i];
    const sign = (x >>> 16) & 0x8000;
    const exp = (x >>> 23) & 0xff;
    const mant = x & 0x7fffff;
    if (exp === 0xff) {
      out[i] = sign | 0x7c00 | (mant ? 0x200 : 0);
      continue;
    }
    const e = exp - 127 + 15;
    if (e >= 0x1f) {
      out[i] = sign | 0x7c00;
      continue;
    }
    if (e <= 0) {
      if (e < -10) {
        out[i] = sign;
        continue;
      }
      // Subnormal half: shift the mantissa (with its implicit 1) into place, rounding to nearest even.
      const m = mant | 0x800000;
      const shift = 14 - e;
      const half = m >>> shift;
      const rest = m & ((1 << shift) - 1);
      const mid = 1 << (shift - 1);
      out[i] = sign | (half + (rest > mid || (rest === mid && half & 1) ? 1 : 0));
      continue;
    }
    const half = (e << 10) | (mant >>> 13);
    const rest = mant & 0x1fff;
    // A carry out of the mantissa moves into the exponent, as it should (up to infinity).
    out[i] = sign | (half + (rest > 0x1000 || (rest === 0x1000 && half & 1) ? 1 : 0));
  }
  return out;
}

export type Quantization = 'float16' | 'uint8';

export interface EncodedWeight {
  spec: WeightSpec & { quantization?: { dtype: string; scale?: number; min?: number; original_dtype?: string } };
  bytes: Uint8Array;
}

/**
 * Affine uint8 range as tensorflowjs_converter computes it (quantization.py): the range widened to
 * hold 0, then nudged so that 0 is exactly representable.
 */
function uint8Range(data: Float32Array): { scale: number; min: number } {
  let lo = 0;
  let hi = 0;
  for (let i = 0; i < data.length; i++) {
    if (data[i] < lo) lo = data[i];
    if (data[i] > hi) hi = data[i];
  }
  if (hi === lo) return { scale: 1, min: lo };
  const scale = (hi - lo) / 255;
  const zero = Math.round(-lo / scale);
  return { scale, min: -zero * scale };
}

/**
 * One weight -> its bytes in a shard, as TF.js's loader decodes them (decodeWeight above):
 * float32/int32 little-endian, bool one byte each; float32 weights optionally quantized.
 */
export function encodeWeight(name: string, dtype: 'float32' | 'int32' | 'bool', shape: number[], data: Float32Array | Int32Array | Uint8Array, quantize: Quantization | null = null): EncodedWeight {
  const spec: EncodedWeight['spec'] = { name, shape, dtype };
  const view = (a: ArrayBufferView) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  if (dtype !== 'float32' || !quantize) return { spec, bytes: view(data) };
  const values = data as Float32Array;
  if (quantize === 'float16') {
    spec.quantization = { dtype: 'float16', original_dtype: 'float32' };
    return { spec, bytes: view(float32ToHalf(values)) };
  }
  const { scale, min } = uint8Range(values);
  spec.quantization = { dtype: 'uint8', min, scale, original_dtype: 'float32' };
  const q = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) q[i] = Math.max(0, Math.min(255, Math.round((values[i] - min) / scale)));
  return { spec, bytes: q };
}
