/** The typed API of a bench worker: one backend at one thread count, one model. */
import type { BackendId } from '../engine/backends/backend-id';
import type { WorkerResources } from './registry';
import type { OpenedTarget, OutputSnapshot, RunTiming } from '../engine/bench/bench-target';
import type { RuntimeInfo } from '../engine/ort/runtime';
import type { ImageRecipe } from '../tasks/image-input';
import type { ScoreKind } from '../tasks/classification/postprocess';

export type ModelRef =
  | { kind: 'url'; url: string; sha256: string | null; bytes: number; name: string }
  | { kind: 'bytes'; bytes: Uint8Array; name: string; externalData?: { path: string; data: Uint8Array }[] };

export interface OpenRequest {
  backend: BackendId;
  numThreads: number;
  model: ModelRef;
  classifier: { outputName: string; outputKind: ScoreKind; labelsFile: string } | null;
  /** Diagnostics (?loseGpuAfter=N): destroy the JSEP GPU device after N runs, to show how a lost device is handled. */
  loseGpuAfterRuns?: number;
  /** The Model page's support check: colour the file's graph by where ORT placed each node. */
  mapPlacement?: boolean;
}

export type InputRequest =
  | { kind: 'image'; file: Blob; name: string; recipe: ImageRecipe }
  | { kind: 'synthetic'; seed: number; dimOverrides: Record<string, number> };

export interface BenchWorkerApi {
  /** Sessions this worker holds now and its runtime's WASM memory (leak checks, the Memory panel). */
  resources(): WorkerResources;
  open(request: OpenRequest): Promise<OpenedTarget & { runtime: RuntimeInfo }>;
  setInput(request: InputRequest): Promise<void>;
  run(): Promise<RunTiming>;
  output(): Promise<OutputSnapshot>;
  bareLoop(runs: number): Promise<number[]>;
  release(): Promise<void>;
}

