/**
 * One model on one backend, driven run by run by the benchmark. Plain TypeScript over a loaded ORT
 * module: the bench worker wraps it, and Node tests drive it with onnxruntime-node.
 */
import type { BackendId } from '../backends/backend-id';
import type { Ort } from '../ort/runtime';
import { ModelSession, type TensorData, type ValueInfo } from '../ort/session';
import type { Image8 } from '../tensor/resize';
import { fromHalfArray } from '../tensor/float16';
import { numericValues, summarizeOutput, type OutputSummary } from '../tensor/output-summary';
import { resolveDims, syntheticTensor } from '../tensor/synthetic';
import { seededRandom } from './stats';
import type { Placement } from './placement';
import { topClasses, type ClassScore, type ScoreKind } from '../tensor/top-classes';

export interface ClassifierHead {
  outputName: string;
  outputKind: ScoreKind;
  labels: readonly string[];
}

export interface OpenedTarget {
  sessionCreateMs: number;
  inputs: ValueInfo[];
  outputs: ValueInfo[];
  placement: Placement | null;
  /** The runtime's version (onnxruntime-web or TensorFlow.js), when the target knows it. */
  frameworkVersion?: string;
}

export type BenchInputSpec =
  /** `prepare` is the task's preprocessing: run on every timed run, so its cost is in the stage split. */
  | { kind: 'image'; pixels: Image8; prepare: (pixels: Image8) => { name: string; tensor: TensorData } }
  | { kind: 'synthetic'; seed: number; dimOverrides: Record<string, number> };

export interface RunTiming {
  preprocessMs: number;
  /** Tensor creation, session.run and copying the outputs back (GPU readback included). */
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

export class BenchTarget {
  private session: ModelSession | null = null;
  private classifier: ClassifierHead | null = null;
  private input: BenchInputSpec | null = null;
  private fixedFeeds: Record<string, TensorData> | null = null;
  private outputNames: string[] = [];
  private lastOutputs: Record<string, TensorData> | null = null;

  constructor(
    private readonly ort: Ort,
    private readonly backend: BackendId,
  ) {}

  async open(bytes: Uint8Array, modelName: string, classifier: ClassifierHead | null, externalData?: { path: string; data: Uint8Array }[]): Promise<OpenedTarget> {
    const start = performance.now();
    this.session = await ModelSession.create(this.ort, bytes, modelName, {
      backend: this.backend,
      capturePlacement: this.backend !== 'wasm' && this.backend !== 'webgl',
      spinning: false, // several sessions share the cores during a benchmark
      externalData,
    });
    const sessionCreateMs = performance.now() - start;
    this.classifier = classifier;
    // Non-tensor outputs (scikit-learn's ZipMap) cannot be read from JavaScript: ask only for tensors.
    const outputs = this.session.outputs;
    this.outputNames = classifier ? [classifier.outputName] : outputs.filter((o) => o.dtype !== 'non-tensor').map((o) => o.name);
    return { sessionCreateMs, inputs: this.session.inputs, outputs, placement: this.session.placement };
  }

  setInput(spec: BenchInputSpec): void {
    const session = this.live();
    this.input = spec;
    this.fixedFeeds = null;
    if (spec.kind === 'synthetic') {
      const random = seededRandom(spec.seed);
      this.fixedFeeds = Object.fromEntries(
        session.inputs.map((info) => [info.name, syntheticTensor(info, resolveDims(info.dims, spec.dimOverrides), random)]),
      );
    } else if (session.inputs.length !== 1) {
      throw new Error(`a photo can feed a model with one input; this one has ${session.inputs.length}. Use synthetic input.`);
    }
  }

  async run(): Promise<RunTiming> {
    const session = this.live();
    const input = this.input;
    if (!input) throw new Error('no input was set for the benchmark');
    let t = performance.now();
    let feeds = this.fixedFeeds;
    if (input.kind === 'image') {
      const { name, tensor } = input.prepare(input.pixels);
      feeds = { [name]: tensor };
    }
    const preprocessMs = performance.now() - t;
    t = performance.now();
    const outputs = await session.run(feeds!, this.outputNames);
    const inferenceMs = performance.now() - t;
    t = performance.now();
    this.lastOutputs = outputs;
    this.postprocess(outputs);
    const postprocessMs = performance.now() - t;
    return { preprocessMs, inferenceMs, postprocessMs };
  }

  /** Top-5 for classifiers; for other models, a summary of each output (what a generic page shows). */
  private postprocess(outputs: Record<string, TensorData>): { top5: ClassScore[] | null; summaries: OutputSummary[] } {
    if (this.classifier) {
      const output = outputs[this.classifier.outputName];
      const scores = output.dtype === 'float16' ? fromHalfArray(output.data as Uint16Array) : (output.data as Float32Array);
      return { top5: topClasses(scores, this.classifier.outputKind, this.classifier.labels, 5), summaries: [] };
    }
    return { top5: null, summaries: this.outputNames.map((name) => summarizeOutput(name, outputs[name])) };
  }

  output(): OutputSnapshot {
    const outputs = this.lastOutputs;
    if (!outputs) throw new Error('the model has not run yet');
    const parts = this.outputNames.map((name) => numericValues(outputs[name]));
    const values = new Float64Array(parts.reduce((n, p) => n + p.length, 0));
    let offset = 0;
    for (const part of parts) {
      values.set(part, offset);
      offset += part.length;
    }
    return { names: this.outputNames, dtype: outputs[this.outputNames[0]]?.dtype ?? 'unknown', values, ...this.postprocess(outputs) };
  }

  /** The bare `session.run` loop on this target's input, for measuring the app's overhead. */
  async bareLoop(runs: number): Promise<number[]> {
    const input = this.input;
    if (!input) throw new Error('no input was set for the benchmark');
    let feeds = this.fixedFeeds;
    if (input.kind === 'image') {
      const { name, tensor } = input.prepare(input.pixels);
      feeds = { [name]: tensor };
    }
    return this.live().bareRunLoop(feeds!, this.outputNames, runs);
  }

  async release(): Promise<void> {
    this.lastOutputs = null;
    await this.session?.release();
    this.session = null;
  }

  private live(): ModelSession {
    if (!this.session) throw new Error('the model is not open');
    return this.session;
  }
}
