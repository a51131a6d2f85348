/**
 * The typed API of every bench worker, whichever framework runs its target: one model on one
 * backend at one thread count (engine/bench/bench-target.ts, behind a worker).
 */
import type { BackendId } from '../engine/backends/backend-id';
import type { WorkerResources } from './registry';
import type { OpenedTarget, OutputSnapshot, RunTiming } from '../engine/bench/bench-target';
import type { TokenShape } from '../engine/tensor/transformer-inputs';
import type { ImageRecipe } from '../tasks/image-input';
import type { ScoreKind } from '../tasks/classification/postprocess';
import type { ConvertInput } from './convert-protocol';
import type { TfjsArtifacts } from '../engine/convert/onnx-to-tfjs';
import type { TfjsModelKind } from '../engine/backends/backend-id';

export type ModelRef =
  | { kind: 'url'; url: string; sha256: string | null; bytes: number; name: string }
  | { kind: 'bytes'; bytes: Uint8Array; name: string; externalData?: { path: string; data: Uint8Array }[] };

/** The ONNX model converted to a TF.js graph model, once per page, as every TF.js row loads it (tf.io.fromMemory). */
export interface ConvertedGraph {
  artifacts: TfjsArtifacts;
  /** Milliseconds the conversion took. */
  ms: number;
  report: { nodesBefore: number; nodesAfter: number; transposesBefore: number; transposesAfter: number };
}

/** The TF.js graph model TF.js backends run: the model's TF.js original (an address or the user's files), or its conversion. */
export type TfjsGraphSource = { kind: Extract<TfjsModelKind, 'original'>; source: ConvertInput } | { kind: Extract<TfjsModelKind, 'converted'>; converted: ConvertedGraph };

/** The worker name that makes a TF.js worker convert an ONNX model instead of serving a benchmark target. */
export const CONVERT_WORKER_NAME = 'bench onnx-to-tfjs';

/** That worker's API: the ONNX model's bytes in, the TF.js graph model out (ConvertError, by name, for a refusal). */
export interface OnnxToTfjsApi {
  convert(bytes: Uint8Array): Promise<ConvertedGraph>;
  resources(): WorkerResources;
}

/** The model a target runs: the ONNX file, and for TF.js backends the TF.js graph model beside it. */
export interface TargetModel {
  model: ModelRef;
  classifier: { outputName: string; outputKind: ScoreKind; labelsFile: string } | null;
  /**
   * For TF.js backends: the TF.js graph model (the original, a model.json address with its shards
   * beside it or the user's files; or the ONNX model converted), and the ONNX model's output names,
   * so its outputs line up with ORT's by name.
   */
  tfjs?: { model: TfjsGraphSource; outputOrder: string[] | null } | null;
  /** Diagnostics (?loseGpuAfter=N): destroy the GPU device after N runs, to show how a lost device is handled. */
  loseGpuAfterRuns?: number;
}

export interface OpenRequest extends Omit<TargetModel, 'model'> {
  backend: BackendId;
  threads: number;
  /** The ONNX file; null for a TF.js worker, which runs a TF.js graph model (no copy of the bytes it would not use). */
  model: ModelRef | null;
}

export type InputRequest =
  | { kind: 'image'; file: Blob; name: string; recipe: ImageRecipe }
  | { kind: 'synthetic'; seed: number; dimOverrides: Record<string, number>; tokens?: TokenShape }
  /** Typed text, tokenized in the worker with the repository's own tokenizer (`files`: its parsed JSON files by name); one row per text. */
  | { kind: 'text'; texts: string[]; files: Record<string, unknown> };

export interface BenchTargetApi {
  /** Sessions or models this worker holds now and its runtime's WASM memory (leak checks, the Memory panel). */
  resources(): WorkerResources;
  open(request: OpenRequest): Promise<OpenedTarget>;
  setInput(request: InputRequest): Promise<void>;
  run(): Promise<RunTiming>;
  output(): Promise<OutputSnapshot>;
  bareLoop(runs: number): Promise<number[]>;
  release(): Promise<void>;
}
