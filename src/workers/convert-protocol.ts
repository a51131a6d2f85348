/** What the page and the conversion worker say to each other. */
import type { ConvertReport } from '../engine/convert/convert';
import type { Agreement } from '../engine/tfjs/agreement';
import type { TfjsBackend } from '../engine/tfjs/reference';
import type { WorkerResources } from './registry';

/** The user's files (model.json and its shards), or the address of a model.json. */
/** `name`: model.json's file name, as messages call it. */
export type ConvertInput = { kind: 'files'; files: File[]; name: string } | { kind: 'url'; url: string; name: string };

export interface ConvertStep {
  stage: 'download' | 'read' | 'map' | 'optimize' | 'write';
  /** 0..1 of the conversion; for a download, of the bytes when their total is known, else 0. */
  fraction: number;
  /** Bytes downloaded so far (download only). */
  loadedBytes?: number;
}

export interface Converted {
  onnx: Uint8Array;
  report: ConvertReport;
  /** Milliseconds the conversion took (not the download). */
  ms: number;
}

export interface Verified {
  agreement: Agreement;
  /** TF.js's backend that ran the original (WASM; the CPU backend where WASM lacks a kernel). */
  tfjsBackend: TfjsBackend;
  /** The synthetic input's shape per input. */
  inputShapes: Record<string, number[]>;
  ms: { tfjs: number; onnx: number };
}

/** The TF.js vs onnxruntime-web benchmark of one model (both WASM, one thread): medians in ms. */
export interface Benchmarked {
  transposesBefore: number;
  transposesAfter: number;
  convertMs: number;
  ortMs: number;
  tfjsMs: number;
  /** What TF.js's WASM backend reports after setThreadsCount(1). */
  tfjsThreads: number;
  runs: number;
}

export interface ConvertApi {
  /** Converts and keeps the model for `verify`. Throws ConvertError (by name) for bad input. */
  convert(input: ConvertInput, onStep: (step: ConvertStep) => void): Promise<Converted>;
  /** Runs the original on TF.js and the conversion on onnxruntime-web (WASM) on one seeded input. */
  verify(): Promise<Verified>;
  /** Converts (timed), then times `runs` alternating runs of the ONNX model and the original. */
  benchmark(input: ConvertInput, runs: number): Promise<Benchmarked>;
  resources(): WorkerResources;
}
