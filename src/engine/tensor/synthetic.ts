/**
 * Inputs made up from a model's declared inputs, for models that do not take photos (and for any
 * model a user brings). Seeded, so every backend and every run sees the same values.
 */
import type { TensorData, TensorDtype, ValueInfo } from '../ort/session';
import { toHalfBits } from './float16';

/** Symbolic or unknown dimensions become these sizes unless the user says otherwise: batch 1. */
export const DEFAULT_SYMBOLIC_DIM = 1;

/** Concrete dims: numbers kept, named dims from `overrides` (else 1), unnamed dynamic dims 1. */
export function resolveDims(dims: ValueInfo['dims'], overrides: Record<string, number> = {}): number[] {
  if (!dims) return [];
  return dims.map((d) => {
    if (typeof d === 'number') {
      if (d < 0) throw new Error(`the model declares a negative dimension (${d})`);
      return d;
    }
    if (typeof d === 'string') return overrides[d] ?? DEFAULT_SYMBOLIC_DIM;
    return DEFAULT_SYMBOLIC_DIM;
  });
}

const SUPPORTED: readonly TensorDtype[] = ['float32', 'float16', 'int64', 'int32', 'uint8', 'int8', 'bool', 'string'];

/** A tensor of plausible values for `info`: floats in [0, 1), small non-negative integers, short strings. */
export function syntheticTensor(info: ValueInfo, dims: number[], random: () => number): TensorData {
  const dtype = info.dtype as TensorDtype;
  if (!SUPPORTED.includes(dtype)) {
    throw new Error(`input "${info.name}" has type ${info.dtype}, which synthetic inputs do not cover (${SUPPORTED.join(', ')})`);
  }
  const size = dims.reduce((a, b) => a * b, 1);
  switch (dtype) {
    case 'float32':
      return { dtype, dims, data: Float32Array.from({ length: size }, random) };
    case 'float16':
      return { dtype, dims, data: Uint16Array.from({ length: size }, () => toHalfBits(random())) };
    case 'int64':
      return { dtype, dims, data: BigInt64Array.from({ length: size }, () => BigInt(Math.floor(random() * 4))) };
    case 'int32':
      return { dtype, dims, data: Int32Array.from({ length: size }, () => Math.floor(random() * 4)) };
    case 'uint8':
      return { dtype, dims, data: Uint8Array.from({ length: size }, () => Math.floor(random() * 256)) };
    case 'int8':
      return { dtype, dims, data: Int8Array.from({ length: size }, () => Math.floor(random() * 256) - 128) };
    case 'bool':
      return { dtype, dims, data: Uint8Array.from({ length: size }, () => (random() < 0.5 ? 1 : 0)) };
    case 'string':
      return { dtype, dims, data: Array.from({ length: size }, () => ['a', 'b', 'c'][Math.floor(random() * 3)]) };
  }
}
