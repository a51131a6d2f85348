/**
 * How closely a converted model reproduces the original: the same seeded synthetic input fed to both,
 * every output compared by its name, max |difference| relative to the output's largest magnitude.
 */
import { seededRandom } from '../bench/stats';

export interface InputSpec {
  name: string;
  /** ONNX element type name as the converter reports it: float, int32, int64, bool, uint8, float16. */
  type: string;
  /** A number, or a string for a symbolic dimension; null when the rank is unknown. */
  dims: (number | string)[] | null;
}

export interface Feed {
  dtype: 'float32' | 'int32' | 'bool';
  shape: number[];
  data: Float32Array | Int32Array | Uint8Array;
}

export interface OutputValues {
  shape: readonly number[];
  data: ArrayLike<number>;
}

export interface OutputAgreement {
  name: string;
  shape: number[];
  maxAbsDiff: number;
  /** The largest finite magnitude of the reference output. */
  scale: number;
  /** maxAbsDiff / max(scale, SCALE_FLOOR); Infinity on a shape mismatch or a missing output. */
  relative: number;
  /** Set when the outputs cannot be compared value by value. */
  problem?: string;
}

export interface Agreement {
  outputs: OutputAgreement[];
  /** The output with the largest relative difference. */
  worst: OutputAgreement | null;
}

export const AGREEMENT_SEED = 20240917;
/**
 * Outputs whose largest value is ~0 (a sigmoid score far below its threshold: facemesh-attention's
 * face score is 3e-9 on TF.js, 0 on onnxruntime, whose Sigmoid returns 0 below -18) are compared in
 * absolute terms: the scale is at least this, so differences under 1e-6 pass a 1e-3 tolerance.
 */
export const SCALE_FLOOR = 1e-3;
/** The size every symbolic or unknown dimension gets: batch 1, other dimensions 256. */
export const fixedDim = (index: number) => (index === 0 ? 1 : 256);

/** Seeded synthetic inputs: int inputs in 0-255, floats in [0, 1), bools 0/1; symbolic dims fixed. */
export function syntheticFeeds(inputs: readonly InputSpec[], seed = AGREEMENT_SEED): Record<string, Feed> {
  const random = seededRandom(seed);
  const feeds: Record<string, Feed> = {};
  for (const input of inputs) {
    if (!input.dims) throw new Error(`input ${input.name} has no known rank`);
    const shape = input.dims.map((d, i) => (typeof d === 'number' && d >= 0 ? d : fixedDim(i)));
    const size = shape.reduce((a, b) => a * b, 1);
    if (input.type === 'int32' || input.type === 'int64' || input.type === 'uint8') {
      feeds[input.name] = { dtype: 'int32', shape, data: Int32Array.from({ length: size }, () => Math.floor(random() * 256)) };
    } else if (input.type === 'bool') {
      feeds[input.name] = { dtype: 'bool', shape, data: Uint8Array.from({ length: size }, () => (random() < 0.5 ? 1 : 0)) };
    } else {
      feeds[input.name] = { dtype: 'float32', shape, data: Float32Array.from({ length: size }, random) };
    }
  }
  return feeds;
}

function compareOne(name: string, candidate: OutputValues | undefined, reference: OutputValues): OutputAgreement {
  const shape = [...reference.shape];
  let scale = 0;
  for (let i = 0; i < reference.data.length; i++) if (Number.isFinite(reference.data[i])) scale = Math.max(scale, Math.abs(reference.data[i]));
  if (!candidate) return { name, shape, maxAbsDiff: Infinity, scale, relative: Infinity, problem: 'the converted model has no output of this name' };
  if (candidate.shape.join() !== reference.shape.join()) {
    return { name, shape, maxAbsDiff: Infinity, scale, relative: Infinity, problem: `shape [${candidate.shape.join(', ')}] instead of [${shape.join(', ')}]` };
  }
  let maxAbsDiff = 0;
  for (let i = 0; i < reference.data.length; i++) {
    const a = candidate.data[i];
    const b = reference.data[i];
    // Both NaN (or the same infinity) is agreement; one of them alone the worst disagreement.
    const d = a === b || (Number.isNaN(a) && Number.isNaN(b)) ? 0 : Number.isFinite(a) && Number.isFinite(b) ? Math.abs(a - b) : Infinity;
    if (d > maxAbsDiff) maxAbsDiff = d;
  }
  return { name, shape, maxAbsDiff, scale, relative: maxAbsDiff / Math.max(scale, SCALE_FLOOR) };
}

/** Every reference output against the candidate's output of the same name; the worst one named. */
export function compareByName(candidate: Record<string, OutputValues>, reference: Record<string, OutputValues>): Agreement {
  const outputs = Object.entries(reference).map(([name, ref]) => compareOne(name, candidate[name], ref));
  const worst = outputs.reduce<OutputAgreement | null>((w, o) => (!w || o.relative > w.relative || Number.isNaN(o.relative) ? o : w), null);
  return { outputs, worst };
}

/** A converted model within this much of TF.js (relative to each output's scale) reproduces it. */
export const AGREEMENT_TOLERANCE = 1e-3;

/** A relative difference as the page prints it: 0, or two significant digits in exponent form. */
export const formatRelative = (r: number) => (r === 0 ? '0' : Number.isFinite(r) ? r.toExponential(1) : 'not comparable');
