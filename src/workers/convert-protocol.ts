/** What the page and the conversion worker say to each other. */
import type { ConvertReport } from '../engine/convert/convert';
import type { OnnxToTfjsReport, TfjsFile } from '../engine/convert/onnx-to-tfjs';
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

/** How the converted TF.js model stores its weights: as they are, or quantized as TF.js's converter does. */
export type TfjsWeightStorage = 'float32' | 'float16' | 'uint8';

/** Where an ONNX -> TF.js conversion has got to; `check`: both frameworks running the same input. */
export interface OnnxToTfjsStep {
  stage: 'read' | 'map' | 'optimize' | 'write' | 'check';
  /** 0..1 of the stage's part of the conversion (0 for the check). */
  fraction: number;
}

/** A TF.js graph model made from an ONNX model, and how closely it matches onnxruntime-web on the original. */
export interface ConvertedToTfjs {
  /** model.json first, then its weight shards. */
  files: TfjsFile[];
  report: OnnxToTfjsReport;
  /** Milliseconds the conversion took (not the check). */
  ms: number;
  /** Set when the check ran: `agreement` compares TF.js's outputs (the conversion) with onnxruntime's (the original). */
  parity: Verified | null;
  /** Why the check could not run (the conversion stands). */
  parityError: string | null;
}

export interface ConvertApi {
  /** ONNX ops (with counts) the TF.js converter cannot map: {} when it can convert the model. */
  unsupportedOnnx(bytes: Uint8Array): Record<string, number>;
  /** ONNX -> TF.js graph model, then checked against onnxruntime-web running the original. Throws ConvertError for bad input. */
  convertOnnx(bytes: Uint8Array, name: string, storage: TfjsWeightStorage, onStep: (step: OnnxToTfjsStep) => void): Promise<ConvertedToTfjs>;
  /** Converts and keeps the model for `verify`. Throws ConvertError (by name) for bad input. */
  convert(input: ConvertInput, onStep: (step: ConvertStep) => void): Promise<Converted>;
  /** Runs the original on TF.js and the conversion on onnxruntime-web (WASM) on one seeded input. */
  verify(): Promise<Verified>;
  /** Converts (timed), then times `runs` alternating runs of the ONNX model and the original. */
  benchmark(input: ConvertInput, runs: number): Promise<Benchmarked>;
  resources(): WorkerResources;
}
