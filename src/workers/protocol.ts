/** The typed API of the inference worker (called through Comlink, so a mismatch fails to compile). */
import type { RuntimeConfig, RuntimeInfo } from '../engine/ort/env';
import type { DownloadProgress } from '../engine/model/fetch-model';
import type { ClassificationResult } from '../tasks/classification/pipeline';

export interface LoadedModelInfo {
  id: string;
  inputNames: readonly string[];
  outputNames: readonly string[];
  downloadMs: number;
  sessionCreateMs: number;
}

export interface InferenceApi {
  /** Configures the WASM runtime; once per worker (ORT fixes its thread count at start). */
  init(config: RuntimeConfig): RuntimeInfo;
  /** Downloads (with progress), verifies and opens a catalogue classifier, releasing the previous one. */
  loadClassifier(id: string, onProgress?: (progress: DownloadProgress) => void): Promise<LoadedModelInfo>;
  /** Decodes and classifies an image file with the loaded classifier. */
  classifyFile(file: Blob, name: string): Promise<ClassificationResult>;
  /** Classifies a decoded frame (camera); the bitmap is transferred and closed. */
  classifyFrame(frame: ImageBitmap): Promise<ClassificationResult>;
  /** Releases the loaded session. */
  release(): Promise<void>;
}
