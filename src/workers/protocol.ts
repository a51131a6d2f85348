/** The typed API of the inference worker (called through Comlink, so a mismatch fails to compile). */
import type { RuntimeInfo } from '../engine/ort/runtime';
import type { WorkerResources } from './registry';
import type { DownloadProgress } from '../engine/model/fetch-model';
import type { ClassificationResult } from '../tasks/classification/definition';

export interface LoadedModelInfo {
  id: string;
  inputNames: readonly string[];
  outputNames: readonly string[];
  downloadMs: number;
  sessionCreateMs: number;
}

export interface InferenceApi {
  /** Sessions this worker holds now and its runtime's WASM memory (leak checks, the Memory panel). */
  resources(): WorkerResources;
  /** Loads the WASM runtime with `numThreads`; once per worker (ORT fixes its thread count at start). */
  init(numThreads: number): Promise<RuntimeInfo>;
  /** Downloads (with progress), verifies and opens a catalogue classifier, releasing the previous one. */
  loadClassifier(id: string, onProgress?: (progress: DownloadProgress) => void): Promise<LoadedModelInfo>;
  /** Decodes and classifies an image file with the loaded classifier. */
  classifyFile(file: Blob, name: string): Promise<ClassificationResult>;
  /** Classifies a decoded frame (camera); the bitmap is transferred and closed. */
  classifyFrame(frame: ImageBitmap): Promise<ClassificationResult>;
  /** Releases the loaded session. */
  release(): Promise<void>;
}

