/**
 * A thin owner of one `ort.InferenceSession`. Tensors cross this boundary as typed arrays plus dims,
 * never as `ort.Tensor`, so the rest of the app does not depend on onnxruntime-web's types.
 */
import * as ort from 'onnxruntime-web/wasm';

export type TensorDtype = 'float32' | 'float16' | 'int64' | 'int32' | 'uint8' | 'int8' | 'bool' | 'string';

export interface TensorData {
  dtype: TensorDtype;
  dims: readonly number[];
  data: Float32Array | Uint16Array | BigInt64Array | Int32Array | Uint8Array | Int8Array | string[];
}

/** An error with a message meant for the user: what went wrong and what to do. */
export class ModelLoadError extends Error {
  override name = 'ModelLoadError';
}

export class ModelSession {
  private constructor(private session: ort.InferenceSession | null) {}

  /** Creates a session on the WASM backend from the model's bytes. */
  static async create(bytes: Uint8Array, modelName: string): Promise<ModelSession> {
    try {
      const session = await ort.InferenceSession.create(bytes, {
        executionProviders: ['wasm'],
        graphOptimizationLevel: 'all',
      });
      return new ModelSession(session);
    } catch (error) {
      throw new ModelLoadError(
        `onnxruntime-web could not load ${modelName}: ${describe(error)}. ` +
          'Check that the file is a complete ONNX model; re-download it if it may be corrupt.',
      );
    }
  }

  get inputNames(): readonly string[] {
    return this.live().inputNames;
  }

  get outputNames(): readonly string[] {
    return this.live().outputNames;
  }

  /** Runs the model and copies the requested outputs out of ORT's memory. */
  async run(feeds: Record<string, TensorData>, outputNames: readonly string[]): Promise<Record<string, TensorData>> {
    const session = this.live();
    const inputs: Record<string, ort.Tensor> = {};
    for (const [name, tensor] of Object.entries(feeds)) {
      inputs[name] = new ort.Tensor(tensor.dtype, tensor.data as never, tensor.dims);
    }
    const outputs = await session.run(inputs, outputNames as string[]);
    const result: Record<string, TensorData> = {};
    for (const name of outputNames) {
      const tensor = outputs[name];
      result[name] = { dtype: tensor.type as TensorDtype, dims: tensor.dims, data: copyOut(tensor) };
      tensor.dispose();
    }
    return result;
  }

  /** Frees the session's WASM memory. Safe to call twice. */
  async release(): Promise<void> {
    const session = this.session;
    this.session = null;
    await session?.release();
  }

  private live(): ort.InferenceSession {
    if (!this.session) throw new Error('this model session was released');
    return this.session;
  }
}

/**
 * The tensor's data as our own array. float16 always leaves as Uint16Array bits: where the browser
 * has Float16Array, ORT returns one, and its buffer holds the same bits.
 */
function copyOut(tensor: ort.Tensor): TensorData['data'] {
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
