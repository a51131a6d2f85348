/**
 * Classification end to end on decoded pixels: preprocess per the catalogue entry, run, top-5.
 * Plain TypeScript over the engine, so it runs the same in the worker and in Node.
 */
import { timed } from '../../engine/bench/timer';
import { imageToTensor } from '../../engine/tensor/image-to-tensor';
import { fromHalfArray } from '../../engine/tensor/float16';
import type { Image8 } from '../../engine/tensor/resize';
import type { ModelSession } from '../../engine/ort/session';
import type { ClassifierEntry } from './models';
import { topClasses, type ClassScore } from './postprocess';

export interface StageTimings {
  /** File → pixels (0 for camera frames, which arrive decoded). */
  decodeMs: number;
  /** Resize, crop, normalise, tensor layout. */
  preprocessMs: number;
  /** session.run, including copying the output out of WASM memory. */
  inferenceMs: number;
  /** Softmax (where needed), top-k and labels. */
  postprocessMs: number;
}

export interface ClassificationResult {
  modelId: string;
  top5: ClassScore[];
  /** The RGB crop the model saw. */
  crop: Image8;
  sourceSize: { width: number; height: number };
  timings: StageTimings;
}

export class ClassificationPipeline {
  constructor(
    readonly entry: ClassifierEntry,
    private readonly session: ModelSession,
    private readonly labels: readonly string[],
  ) {}

  async classify(image: Image8, decodeMs = 0): Promise<ClassificationResult> {
    const { entry } = this;
    const prepared = await timed(() => imageToTensor(image, entry.preprocessing));
    const { data, dims, dtype } = prepared.value;
    const inference = await timed(() => this.session.run({ [entry.inputName]: { dtype, dims, data } }, [entry.outputName]));
    const post = await timed(() => {
      const output = inference.value[entry.outputName];
      const scores = output.dtype === 'float16' ? fromHalfArray(output.data as Uint16Array) : (output.data as Float32Array);
      return topClasses(scores, entry.outputKind, this.labels, 5);
    });
    return {
      modelId: entry.id,
      top5: post.value,
      crop: prepared.value.crop,
      sourceSize: { width: image.width, height: image.height },
      timings: { decodeMs, preprocessMs: prepared.ms, inferenceMs: inference.ms, postprocessMs: post.ms },
    };
  }

  release(): Promise<void> {
    return this.session.release();
  }
}
