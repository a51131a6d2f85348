/** What a generic page shows of a model output it does not know how to interpret. */
import type { TensorData } from '../ort/session';
import { fromHalfArray } from './float16';

export interface OutputSummary {
  name: string;
  dtype: string;
  dims: number[];
  min: number;
  max: number;
  mean: number;
  /** NaN and ±Infinity values. */
  nonFinite: number;
  /** The first few values (strings for string tensors). */
  first: (number | string)[];
}

const FIRST_VALUES = 8;

export function numericValues(tensor: TensorData): Float64Array {
  if (tensor.dtype === 'float16') return Float64Array.from(fromHalfArray(tensor.data as Uint16Array));
  if (Array.isArray(tensor.data)) return new Float64Array(0);
  if (tensor.data instanceof BigInt64Array) return Float64Array.from(tensor.data, Number);
  return Float64Array.from(tensor.data as ArrayLike<number>);
}

export function summarizeOutput(name: string, tensor: TensorData): OutputSummary {
  const dims = [...tensor.dims];
  if (Array.isArray(tensor.data)) {
    return { name, dtype: tensor.dtype, dims, min: NaN, max: NaN, mean: NaN, nonFinite: 0, first: tensor.data.slice(0, FIRST_VALUES) };
  }
  const values = numericValues(tensor);
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let finite = 0;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    finite++;
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return {
    name,
    dtype: tensor.dtype,
    dims,
    min: finite ? min : NaN,
    max: finite ? max : NaN,
    mean: finite ? sum / finite : NaN,
    nonFinite: values.length - finite,
    first: Array.from(values.subarray(0, FIRST_VALUES)),
  };
}
