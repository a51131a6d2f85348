/** The typed API of a TF.js bench worker: one TF.js original on one TensorFlow.js backend. */
import type { OpenedTarget, OutputSnapshot, RunTiming } from '../engine/bench/bench-target';
import type { InputRequest } from './bench-protocol';
import type { ConvertInput } from './convert-protocol';
import type { WorkerResources } from './registry';

/** TensorFlow.js's backends a bench worker can start. */
export type TfjsBenchBackend = 'wasm' | 'webgl' | 'webgpu';

export interface TfjsOpenRequest {
  /** TensorFlow.js's backend. */
  backend: TfjsBenchBackend;
  /** Threads of the WASM backend (the GPU backends ignore it). */
  threads: number;
  /** The TF.js original: a model.json address (its shards beside it), or the files the user opened. */
  source: ConvertInput;
  /** The ONNX model's output names, so TF.js's outputs line up with ORT's by name. */
  outputOrder: string[] | null;
}

export interface TfjsBenchWorkerApi {
  open(request: TfjsOpenRequest): Promise<OpenedTarget & { version: string }>;
  setInput(request: InputRequest): Promise<void>;
  run(): Promise<RunTiming>;
  output(): Promise<OutputSnapshot>;
  bareLoop(runs: number): Promise<number[]>;
  release(): Promise<void>;
  /** The model it holds, TF.js's tensors and its WASM memory (leak checks, the Memory panel). */
  resources(): WorkerResources;
}
