/**
 * A thin owner of one `ort.InferenceSession`. Tensors cross this boundary as typed arrays plus dims,
 * never as `ort.Tensor`, so the rest of the app does not depend on onnxruntime-web's types.
 */
import { Failure } from '../../shared/errors';
import type * as OrtTypes from 'onnxruntime-web';
import { BACKENDS, type BackendId } from '../backends/backend-id';
import type { Ort } from './runtime';
import { captureOrtLog } from './log-capture';
import { parsePlacement, type Placement } from '../bench/placement';
import { readModelInfo, type ValueSummary } from '../onnx-format/model-info';
import { bytesSource } from '../onnx-format/byte-source';

export type TensorDtype = 'float32' | 'float16' | 'int64' | 'int32' | 'uint8' | 'int8' | 'bool' | 'string';

export interface TensorData {
  dtype: TensorDtype;
  dims: readonly number[];
  data: Float32Array | Uint16Array | BigInt64Array | Int32Array | Uint8Array | Int8Array | string[];
}

/** What the model declares about one input or output (dims: a number, a symbolic name, or null). */
export interface ValueInfo {
  name: string;
  dtype: string;
  dims: (number | string | null)[] | null;
}

/** An error with a message meant for the user: what went wrong and what to do. */
export class ModelLoadError extends Failure {
  override name = 'ModelLoadError';
  constructor(message: string) {
    super('model-load', message);
  }
}

export interface SessionOptions {
  backend: BackendId;
  /** Read where each node was placed from ORT's verbose log (costs a little at creation). */
  capturePlacement?: boolean;
  /**
   * Let idle WASM threads spin-wait for the next op (ORT's default). Faster for one session alone;
   * with several sessions side by side (a benchmark), spinning threads steal the cores.
   * @defaultValue true
   */
  spinning?: boolean;
  /** Files the model's tensors live in (models saved with external data), by the path the model names. */
  externalData?: { path: string; data: Uint8Array }[];
  /** Record every node's time (onnxruntime's session profiling), printed by `endProfiling`. */
  profiling?: boolean;
}

// Runs log errors only, even when the session was created with a verbose log (placement capture).
const RUN_OPTIONS: OrtTypes.InferenceSession.RunOptions = { logSeverityLevel: 3 };

// ORT reports an unnamed dynamic dimension as 2^32 - 1.
const UNNAMED_DYNAMIC_DIM = 4294967295;

/**
 * onnxruntime's message without what only its developers can use: the "ERROR_CODE: 1, ERROR_MESSAGE:"
 * wrapper, the build machine's source path and the C++ signature. An opset it does not load is said
 * in one sentence (its own is a paragraph about opsets under development).
 */
export function plainOrtReason(message: string): string {
  const text = message.replace(/\s+/g, ' ').trim();
  const opset = text.match(/Opset (\d+) is under development.*?support for domain (\S+) is till opset (\d+)/);
  if (opset) return `the model asks for ${opset[2]} opset ${opset[1]}, and this onnxruntime-web loads up to opset ${opset[3]}`;
  return text.replace(/ERROR_CODE: \d+, ERROR_MESSAGE: /, '').replace(/\S+\.(?:h|cc|cpp|hpp):\d+ [^(]*\([^)]*\)\s*/g, '').trim();
}

/** A session-creation failure as the user reads it: which runtime, which model, ORT's reason made plain, what to do. */
export function loadFailure(backend: BackendId, modelName: string, error: unknown): ModelLoadError {
  const reason = plainOrtReason(error instanceof Error ? error.message : String(error));
  return new ModelLoadError(`onnxruntime-web (${BACKENDS[backend].title}) could not load ${modelName}: ${reason}. ${adviceFor(reason, backend)}`);
}

/** The CPU backend with no fallback: every standard op has a kernel there, so a failure is the model's, not the backend's. */
const runsEveryOp = (backend: BackendId) => BACKENDS[backend].device === 'cpu' && !BACKENDS[backend].cpuFallback;

/** What the user can do about a session-creation failure, from onnxruntime's message. */
export function adviceFor(reason: string, backend: BackendId): string {
  const newest = reason.match(/loads up to opset (\d+)/);
  if (newest) return `Re-export it with opset ${newest[1]} or lower (e.g. 17).`;
  const op = reason.match(/No Op registered for (\S+) with domain_version of (\d+)/);
  if (op) {
    return runsEveryOp(backend)
      ? `No kernel implements ${op[1]} at opset ${op[2]}: it is a custom op or from another opset. Re-export the model with standard ONNX ops.`
      : `This backend has no ${op[1]} kernel at opset ${op[2]}; try WASM, which runs every standard op.`;
  }
  if (/opset|domain_version/i.test(reason) && /support|range|version/i.test(reason)) {
    return 'The model asks for an opset this onnxruntime-web does not know; re-export it with an older opset (e.g. 17).';
  }
  if (/shape|dimension/i.test(reason)) return "The model's declared input or output shapes are invalid; fix them in the exporter.";
  return runsEveryOp(backend)
    ? 'Check that the file is a complete ONNX model; re-download it if it may be corrupt.'
    : 'This backend may not support the model; try WASM, which runs every op.';
}

/** Sessions created in this JS realm (one worker) and not yet released: leak checks read it. */
let openSessions = 0;
export const openSessionCount = () => openSessions;

/** What the model file itself declares, for sessions that cannot report their metadata. */
interface Declared {
  inputs: ValueSummary[];
  outputs: ValueSummary[];
}

export class ModelSession {
  private constructor(
    private session: OrtTypes.InferenceSession | null,
    private readonly ort: Ort,
    /** Where nodes ran, for GPU backends whose log says so; null when unknown. */
    readonly placement: Placement | null,
    /** Set when ORT cannot report inputs and outputs (WebGL): the model's own declarations. */
    private readonly declared: Declared | null = null,
  ) {
    openSessions++;
  }

  /** Creates a session on `backend` from the model's bytes. */
  static async create(ort: Ort, bytes: Uint8Array, modelName: string, options: SessionOptions = { backend: 'wasm' }): Promise<ModelSession> {
    const description = BACKENDS[options.backend];
    if (!description.executionProvider) throw new Error(`${description.title} is not an onnxruntime-web backend`);
    const sessionOptions: OrtTypes.InferenceSession.SessionOptions = {
      executionProviders: [description.executionProvider],
      graphOptimizationLevel: 'all',
      // Errors only: ORT's warnings (e.g. "initializer appears in graph inputs" for older PyTorch
      // exports) are about the file, not for the user's console; failures still throw.
      logSeverityLevel: 3,
      ...(options.externalData?.length && { externalData: options.externalData }),
      ...(options.spinning === false && { extra: { session: { intra_op: { allow_spinning: '0' } } } }),
      ...(options.profiling && { enableProfiling: true }),
    };
    // ORT's WebGL backend throws on inputMetadata/outputMetadata ("not supported in webgl
    // backend"): read the inputs and outputs from the model itself, before any session exists.
    const declared = description.device === 'webgl' ? await readDeclared(bytes, modelName) : null;
    try {
      if (!options.capturePlacement) {
        return new ModelSession(await ort.InferenceSession.create(bytes, sessionOptions), ort, null, declared);
      }
      const { value: session, lines } = await captureOrtLog(ort, () =>
        ort.InferenceSession.create(bytes, { ...sessionOptions, logSeverityLevel: 0, logVerbosityLevel: 0 }),
      );
      return new ModelSession(session, ort, parsePlacement(lines), declared);
    } catch (error) {
      throw loadFailure(options.backend, modelName, error);
    }
  }

  get inputNames(): readonly string[] {
    return this.live().inputNames;
  }

  get outputNames(): readonly string[] {
    return this.live().outputNames;
  }

  get inputs(): ValueInfo[] {
    const session = this.live();
    return this.declared ? session.inputNames.map((name) => declaredInfo(name, this.declared!.inputs)) : session.inputMetadata.map(toValueInfo);
  }

  get outputs(): ValueInfo[] {
    const session = this.live();
    return this.declared ? session.outputNames.map((name) => declaredInfo(name, this.declared!.outputs)) : session.outputMetadata.map(toValueInfo);
  }

  /** Runs the model and copies the requested outputs out of ORT's memory (GPU readback included). */
  async run(feeds: Record<string, TensorData>, outputNames: readonly string[]): Promise<Record<string, TensorData>> {
    const session = this.live();
    const inputs: Record<string, OrtTypes.Tensor> = {};
    for (const [name, tensor] of Object.entries(feeds)) {
      inputs[name] = new this.ort.Tensor(tensor.dtype, tensor.data as never, tensor.dims);
    }
    const outputs = await session.run(inputs, outputNames as string[], RUN_OPTIONS);
    const result: Record<string, TensorData> = {};
    for (const name of outputNames) {
      const tensor = outputs[name];
      result[name] = { dtype: tensor.type as TensorDtype, dims: tensor.dims, data: copyOut(tensor) };
      tensor.dispose();
    }
    return result;
  }

  /**
   * The bare loop a user of onnxruntime-web would write: tensors made once, then `session.run`
   * `runs` times; returns each run's milliseconds. The yardstick for the app's own overhead.
   */
  async bareRunLoop(feeds: Record<string, TensorData>, outputNames: readonly string[], runs: number): Promise<number[]> {
    const session = this.live();
    const inputs: Record<string, OrtTypes.Tensor> = {};
    for (const [name, tensor] of Object.entries(feeds)) inputs[name] = new this.ort.Tensor(tensor.dtype, tensor.data as never, tensor.dims);
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const start = performance.now();
      const outputs = await session.run(inputs, outputNames as string[], RUN_OPTIONS);
      // Reading the data is part of the run: for GPU backends it is the readback.
      for (const name of outputNames) void outputs[name].data;
      times.push(performance.now() - start);
      for (const name of outputNames) outputs[name].dispose();
    }
    return times;
  }

  /** Ends session profiling (`profiling` option): onnxruntime prints the recorded events to the console. */
  endProfiling(): void {
    this.live().endProfiling();
  }

  /** Frees the session's memory (WASM heap, GPU buffers). Safe to call twice. */
  async release(): Promise<void> {
    const session = this.session;
    this.session = null;
    if (session) openSessions--;
    await session?.release();
  }

  private live(): OrtTypes.InferenceSession {
    if (!this.session) throw new Error('this model session was released');
    return this.session;
  }
}

async function readDeclared(bytes: Uint8Array, modelName: string): Promise<Declared> {
  try {
    const { inputs, outputs } = await readModelInfo(bytesSource(bytes));
    return { inputs, outputs };
  } catch (error) {
    throw new ModelLoadError(`WebGL2 needs the inputs and outputs ${modelName} declares, and they could not be read: ${describe(error)}`);
  }
}

/** One of the session's names, as the model file declares it (in ValueInfo's terms, like toValueInfo). */
function declaredInfo(name: string, declared: readonly ValueSummary[]): ValueInfo {
  const value = declared.find((v) => v.name === name);
  if (!value) return { name, dtype: 'unknown', dims: null };
  // The reader spells sequences, maps and optionals as "sequence<float32>" and the like.
  if (value.dtype.includes('<')) return { name, dtype: 'non-tensor', dims: null };
  return { name, dtype: value.dtype, dims: value.shape };
}

export function toValueInfo(meta: OrtTypes.InferenceSession.ValueMetadata): ValueInfo {
  if (!meta.isTensor) return { name: meta.name, dtype: 'non-tensor', dims: null };
  return {
    name: meta.name,
    dtype: meta.type,
    dims: meta.shape.map((d) => (d === UNNAMED_DYNAMIC_DIM ? null : d)),
  };
}

/**
 * The tensor's data as our own array. float16 always leaves as Uint16Array bits: where the browser
 * has Float16Array, ORT returns one, and its buffer holds the same bits.
 */
function copyOut(tensor: OrtTypes.Tensor): TensorData['data'] {
  const data = tensor.data as ArrayBufferView | string[];
  if (tensor.type === 'float16' && !(data instanceof Uint16Array) && !Array.isArray(data)) {
    return new Uint16Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
  }
  return data as TensorData['data'];
}

function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\s+/g, ' ').trim();
}
