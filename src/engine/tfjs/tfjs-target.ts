/**
 * One TF.js graph model on one TensorFlow.js backend, as a benchmark target
 * (engine/bench/bench-target.ts), driven exactly as an ORT target is: open (load + one warm-up
 * execute that compiles, reported as session creation), run (execute + readback of every output,
 * every tensor disposed), output (the last run's outputs by name). Plain TypeScript over a loaded
 * TF.js: the TF.js bench worker wraps it, Node tests drive it with the WASM or CPU backend.
 */
import { checkPhotoFits, flattenOutputs, seededFeeds, type BenchInputSpec, type BenchTarget, type OpenedTarget, type OutputSnapshot, type RunTiming } from '../bench/bench-target';
import type { TensorData, ValueInfo } from '../ort/session';
import { summarizeOutput } from '../tensor/output-summary';
import { resolveDims } from '../tensor/synthetic';

type Tf = typeof import('@tensorflow/tfjs-core') & typeof import('@tensorflow/tfjs-converter');
type GraphModel = Awaited<ReturnType<Tf['loadGraphModel']>>;
type Tensor = import('@tensorflow/tfjs-core').Tensor;

/** TF.js names a graph's tensors "node:0"; the converter names ONNX values after the node. */
const nodeName = (name: string) => name.replace(/:0$/, '');

export class TfjsBenchTarget implements BenchTarget {
  private model: GraphModel | null = null;
  private inputs: ValueInfo[] = [];
  private outputNames: string[] = [];
  private input: BenchInputSpec | null = null;
  /** The synthetic input's tensors, made once; a photo is prepared on every run, as for ORT. */
  private feeds: Record<string, Tensor> | null = null;
  private last: Record<string, TensorData> | null = null;

  /**
   * `load` returns the graph model (its time counts as session creation, as does one warm-up execute
   * that compiles the kernels). `outputOrder`: the ONNX model's output names, so rows line up by name.
   * `startMs`: time already spent starting TF.js's backend, which counts as loading too.
   * `bySignature`: the model's inputs and outputs are named by its signature's keys (a model converted
   * from ONNX keeps the ONNX names there; its node names may differ), not by its node names.
   */
  constructor(
    private readonly tf: Tf,
    private readonly load: () => Promise<GraphModel>,
    private readonly outputOrder: readonly string[] | null,
    private readonly startMs = 0,
    private readonly bySignature = false,
  ) {}

  async open(): Promise<OpenedTarget> {
    const start = performance.now();
    const model = await this.load();
    this.model = model;
    // Signature keys and node names come in the same order (TF.js's inputNodes/outputNodes and inputs/outputs).
    const inputNames = this.bySignature ? model.inputNodes : model.inputs.map((i) => i.name);
    const outputNames = this.bySignature ? model.outputNodes : model.outputs.map((o) => o.name);
    this.inputs = model.inputs.map((i, k) => ({ name: nodeName(inputNames[k]), dtype: i.dtype, dims: i.shape ? i.shape.map((d) => (d < 0 ? null : d)) : null }));
    const own = outputNames.map(nodeName);
    const order = this.outputOrder;
    this.outputNames = order && order.length === own.length && order.every((n) => own.includes(n)) ? [...order] : own;
    // Warm-up compile on zeros: TF.js builds its kernels on the first execute, ORT in session creation.
    const zeros = Object.fromEntries(this.inputs.map((i) => [i.name, this.tf.zeros(resolveDims(i.dims), i.dtype as 'float32')]));
    // Read back too: GPU backends compile and run only once the work is submitted and awaited.
    const warm = this.execute(zeros);
    await Promise.all(warm.map((t) => t.data()));
    this.tf.dispose(warm);
    this.tf.dispose(Object.values(zeros));
    const sessionCreateMs = this.startMs + performance.now() - start;
    const outputs = model.outputs.map((o, k) => ({ name: own[k], dtype: o.dtype, dims: o.shape ? o.shape.map((d) => (d < 0 ? null : d)) : null }));
    return { sessionCreateMs, inputs: this.inputs, outputs, placement: null, frameworkVersion: this.tf.version_core };
  }

  /**
   * The benchmark's input, as an ORT target takes it: the seeded synthetic input (the same generator
   * and declarations as ORT's), or a photo with the task's own preprocessing, run on every run.
   */
  setInput(spec: BenchInputSpec): void {
    this.live();
    this.tf.dispose(Object.values(this.feeds ?? {}));
    this.feeds = null;
    this.input = spec;
    if (spec.kind === 'image') return checkPhotoFits(this.inputs);
    const made = spec.kind === 'tensors' ? spec.feeds : seededFeeds(this.inputs, spec);
    this.feeds = Object.fromEntries(Object.entries(made).map(([name, t]) => [name, this.tf.tensor(t.data as Float32Array, [...t.dims], t.dtype as 'float32')]));
  }

  async run(): Promise<RunTiming> {
    const input = this.input;
    if (!input) throw new Error('no input was set for the benchmark');
    let t = performance.now();
    // The converted model keeps TF's NHWC layout: the same prepared tensor feeds both frameworks.
    const prepared = input.kind === 'image' ? input.prepare(input.pixels).tensor : null;
    const preprocessMs = performance.now() - t;
    t = performance.now();
    // Tensor creation counts as inference, as ORT's does (its tensors are made inside session.run).
    const photo = prepared && { [this.inputs[0].name]: this.tf.tensor(prepared.data as Float32Array, [...prepared.dims], prepared.dtype as 'float32') };
    const result = this.execute(photo ?? this.feeds!);
    const outputs: Record<string, TensorData> = {};
    try {
      // The run is not over until the values are in JavaScript. WebGPU has no true synchronous read
      // (TF.js's dataSync goes through canvases and reads zeros on some adapters): it maps the
      // buffers, as ORT's WebGPU readback does; the other backends read synchronously.
      // ('webgpu' is TensorFlow.js's own name for its backend, not one of the app's backend ids.)
      const values = this.tf.getBackend() === 'webgpu' ? await Promise.all(result.map((tensor) => tensor.data())) : result.map((tensor) => tensor.dataSync());
      result.forEach((tensor, k) => {
        outputs[this.outputNames[k]] = { dtype: tensor.dtype === 'int32' ? 'int32' : 'float32', dims: [...tensor.shape], data: values[k] as Float32Array };
      });
    } finally {
      this.tf.dispose(result);
      this.tf.dispose(Object.values(photo ?? {}));
    }
    const inferenceMs = performance.now() - t;
    this.last = outputs;
    return { preprocessMs, inferenceMs, postprocessMs: 0 };
  }

  output(): OutputSnapshot {
    const last = this.last;
    if (!last) throw new Error('the model has not run yet');
    const values = flattenOutputs(this.outputNames, last);
    return { names: this.outputNames, dtype: last[this.outputNames[0]]?.dtype ?? 'unknown', values, top5: null, summaries: this.outputNames.map((n) => summarizeOutput(n, last[n])) };
  }

  /** A bare execute + readback loop (the same work as run: TF.js has no lighter call). */
  async bareLoop(runs: number): Promise<number[]> {
    const times: number[] = [];
    for (let k = 0; k < runs; k++) times.push((await this.run()).inferenceMs);
    return times;
  }

  async release(): Promise<void> {
    this.tf.dispose(Object.values(this.feeds ?? {}));
    this.feeds = null;
    this.input = null;
    this.last = null;
    this.model?.dispose();
    this.model = null;
  }

  private execute(feeds: Record<string, Tensor>): Tensor[] {
    const result = this.live().execute(feeds, this.outputNames);
    return Array.isArray(result) ? result : [result];
  }

  private live(): GraphModel {
    if (!this.model) throw new Error('the model is not open');
    return this.model;
  }
}
