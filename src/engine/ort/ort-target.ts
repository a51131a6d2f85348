/**
 * One ONNX model on one onnxruntime-web backend, as a benchmark target (engine/bench/bench-target.ts).
 * Plain TypeScript over a loaded ORT module: the ORT bench worker wraps it, and Node tests drive it
 * with onnxruntime-node.
 */
import { BACKENDS, type BackendId } from '../backends/backend-id';
import type { Ort } from './runtime';
import { ModelSession, type TensorData } from './session';
import { GpuDeviceWatch } from './gpu-device-watch';
import { fromHalfArray } from '../tensor/float16';
import { summarizeOutput, type OutputSummary } from '../tensor/output-summary';
import { topClasses, type ClassScore } from '../tensor/top-classes';
import {
  checkPhotoFits,
  flattenOutputs,
  seededFeeds,
  type BenchInputSpec,
  type BenchTarget,
  type ClassifierHead,
  type OpenedTarget,
  type OutputSnapshot,
  type RunTiming,
} from '../bench/bench-target';

export interface OrtTargetModel {
  bytes: Uint8Array;
  name: string;
  /** Files the model's tensors live in (models saved with external data). */
  externalData?: { path: string; data: Uint8Array }[];
  /** A classifier's scores output and labels: its runs end in a top-5, as the classify page's do. */
  classifier: ClassifierHead | null;
}

export class OrtBenchTarget implements BenchTarget {
  private session: ModelSession | null = null;
  private input: BenchInputSpec | null = null;
  private fixedFeeds: Record<string, TensorData> | null = null;
  private outputNames: string[] = [];
  private lastOutputs: Record<string, TensorData> | null = null;
  /** Watches the GPU device of backends that hand theirs out; null for the others. */
  readonly gpu: GpuDeviceWatch | null;

  constructor(
    private readonly ort: Ort,
    private readonly backend: BackendId,
    private readonly model: OrtTargetModel,
    options: { loseGpuAfterRuns?: number } = {},
  ) {
    this.gpu = BACKENDS[backend].exposesGpuDevice ? new GpuDeviceWatch(options.loseGpuAfterRuns ?? null) : null;
  }

  async open(): Promise<OpenedTarget> {
    const { bytes, name, externalData, classifier } = this.model;
    const start = performance.now();
    this.session = await ModelSession.create(this.ort, bytes, name, {
      backend: this.backend,
      capturePlacement: BACKENDS[this.backend].reportsPlacement,
      spinning: false, // several sessions share the cores during a benchmark
      externalData,
    });
    const sessionCreateMs = performance.now() - start;
    // Non-tensor outputs (scikit-learn's ZipMap) cannot be read from JavaScript: ask only for tensors.
    const outputs = this.session.outputs;
    this.outputNames = classifier ? [classifier.outputName] : outputs.filter((o) => o.dtype !== 'non-tensor').map((o) => o.name);
    await this.gpu?.watch(this.ort as unknown as Parameters<GpuDeviceWatch['watch']>[0]);
    return { sessionCreateMs, inputs: this.session.inputs, outputs, placement: this.session.placement, frameworkVersion: this.ort.env.versions?.web ?? 'unknown' };
  }

  setInput(spec: BenchInputSpec): void {
    const session = this.live();
    this.input = spec;
    this.fixedFeeds = null;
    if (spec.kind === 'synthetic') this.fixedFeeds = seededFeeds(session.inputs, spec);
    else if (spec.kind === 'tensors') this.fixedFeeds = spec.feeds;
    else checkPhotoFits(session.inputs);
  }

  run(): Promise<RunTiming> {
    return this.onDevice(async () => {
      const session = this.live();
      let t = performance.now();
      const feeds = this.feeds();
      const preprocessMs = performance.now() - t;
      t = performance.now();
      const outputs = await session.run(feeds, this.outputNames);
      const inferenceMs = performance.now() - t;
      t = performance.now();
      this.lastOutputs = outputs;
      this.postprocess(outputs);
      const postprocessMs = performance.now() - t;
      return { preprocessMs, inferenceMs, postprocessMs };
    });
  }

  output(): OutputSnapshot {
    const outputs = this.lastOutputs;
    if (!outputs) throw new Error('the model has not run yet');
    const values = flattenOutputs(this.outputNames, outputs);
    return { names: this.outputNames, dtype: outputs[this.outputNames[0]]?.dtype ?? 'unknown', values, ...this.postprocess(outputs) };
  }

  /** The bare `session.run` loop on this target's input, for measuring the app's overhead. */
  bareLoop(runs: number): Promise<number[]> {
    return this.onDevice(() => this.live().bareRunLoop(this.feeds(), this.outputNames, runs));
  }

  async release(): Promise<void> {
    this.lastOutputs = null;
    await this.session?.release();
    this.session = null;
  }

  /** The input tensors of one run: the fixed synthetic ones, or the photo prepared now. */
  private feeds(): Record<string, TensorData> {
    const input = this.input;
    if (!input) throw new Error('no input was set for the benchmark');
    if (input.kind !== 'image') return this.fixedFeeds!;
    const { name, tensor } = input.prepare(input.pixels);
    return { [name]: tensor };
  }

  /** Top-5 for classifiers; for other models, a summary of each output (what a generic page shows). */
  private postprocess(outputs: Record<string, TensorData>): { top5: ClassScore[] | null; summaries: OutputSummary[] } {
    const classifier = this.model.classifier;
    if (classifier) {
      const output = outputs[classifier.outputName];
      const scores = output.dtype === 'float16' ? fromHalfArray(output.data as Uint16Array) : (output.data as Float32Array);
      return { top5: topClasses(scores, classifier.outputKind, classifier.labels, 5), summaries: [] };
    }
    return { top5: null, summaries: this.outputNames.map((name) => summarizeOutput(name, outputs[name])) };
  }

  private onDevice<T>(work: () => Promise<T>): Promise<T> {
    return this.gpu ? this.gpu.guarded(work) : work();
  }

  private live(): ModelSession {
    if (!this.session) throw new Error('the model is not open');
    return this.session;
  }
}
