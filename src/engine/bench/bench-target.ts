/**
 * What the benchmark needs of one model on one backend, whatever runs it: onnxruntime-web
 * (engine/ort/ort-target.ts) or TensorFlow.js (engine/tfjs/tfjs-target.ts), and the targets to come.
 * Plain TypeScript: a bench worker wraps one target, Node tests drive them in-process.
 */
import type { TensorData, ValueInfo } from '../ort/session';
import type { Image8 } from '../tensor/resize';
import { numericValues, type OutputSummary } from '../tensor/output-summary';
import { resolveDims, syntheticTensor } from '../tensor/synthetic';
import { syntheticTokenInput, type TokenShape } from '../tensor/transformer-inputs';
import { seededRandom } from './stats';
import type { Placement } from './placement';
import type { ClassScore, ScoreKind } from '../tensor/top-classes';

export interface BenchTarget {
  /** Loads the model; its time (runtime start, session creation or first compile) is `sessionCreateMs`. */
  open(): Promise<OpenedTarget>;
  /** The input every later run uses; a photo is prepared again on every run. */
  setInput(spec: BenchInputSpec): void;
  run(): Promise<RunTiming>;
  /** The last run's outputs. */
  output(): OutputSnapshot;
  /** The bare run loop a user of the runtime would write: the yardstick for the app's overhead. */
  bareLoop(runs: number): Promise<number[]>;
  /** Frees the model's memory (WASM heap, GPU buffers, tensors). Safe to call twice. */
  release(): Promise<void>;
}

export interface ClassifierHead {
  outputName: string;
  outputKind: ScoreKind;
  labels: readonly string[];
}

export interface OpenedTarget {
  sessionCreateMs: number;
  inputs: ValueInfo[];
  outputs: ValueInfo[];
  /** Where onnxruntime placed each node (GPU backends whose log says so), on its own node names. */
  placement: Placement | null;
  /** The runtime's version (onnxruntime-web or TensorFlow.js), when the target knows it. */
  frameworkVersion?: string;
}

export type BenchInputSpec =
  /** `prepare` is the task's preprocessing: run on every timed run, so its cost is in the stage split. */
  | { kind: 'image'; pixels: Image8; prepare: (pixels: Image8) => { name: string; tensor: TensorData } }
  | { kind: 'synthetic'; seed: number; dimOverrides: Record<string, number>; tokens?: TokenShape }
  /** Tensors the caller made, by input name (the conversion check's input, in each framework's own types). */
  | { kind: 'tensors'; feeds: Record<string, TensorData> };

export interface RunTiming {
  preprocessMs: number;
  /** Tensor creation, the runtime's run and copying the outputs back (GPU readback included). */
  inferenceMs: number;
  postprocessMs: number;
}

export interface OutputSnapshot {
  /** The compared outputs, in order, flattened and widened to float64 (int64 as numbers). */
  names: string[];
  dtype: string;
  values: Float64Array;
  top5: ClassScore[] | null;
  summaries: OutputSummary[];
}

/** Text models' token inputs when nothing says otherwise: one sequence of 128 tokens (a sentence or two). */
export const DEFAULT_TOKEN_SHAPE: TokenShape = { batch: 1, sequence: 128 };

/**
 * The seeded synthetic input for every declared input: the same generator for every framework.
 * Token inputs (input_ids, attention_mask...) get values a tokenizer could give (transformer-inputs.ts).
 */
export function seededFeeds(inputs: readonly ValueInfo[], spec: { seed: number; dimOverrides: Record<string, number>; tokens?: TokenShape }): Record<string, TensorData> {
  const random = seededRandom(spec.seed);
  const tokens = spec.tokens ?? DEFAULT_TOKEN_SHAPE;
  return Object.fromEntries(
    inputs.map((info) => [info.name, syntheticTokenInput(info, tokens, random, spec.dimOverrides) ?? syntheticTensor(info, resolveDims(info.dims, spec.dimOverrides), random)]),
  );
}

/** A photo feeds a model with one input only. */
export function checkPhotoFits(inputs: readonly ValueInfo[]): void {
  if (inputs.length !== 1) throw new Error(`a photo can feed a model with one input; this one has ${inputs.length}. Use synthetic input.`);
}

/** The named outputs, in order, flattened into one float64 array (what parity compares). */
export function flattenOutputs(names: readonly string[], outputs: Record<string, TensorData>): Float64Array {
  const parts = names.map((name) => numericValues(outputs[name]));
  const values = new Float64Array(parts.reduce((n, p) => n + p.length, 0));
  parts.reduce((at, p) => (values.set(p, at), at + p.length), 0);
  return values;
}
