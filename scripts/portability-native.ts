/** A gallery model's outputs on the seeded synthetic input, by onnxruntime-node (shared by the script and its test). */
import type * as OrtNode from 'onnxruntime-node';
import { resolveDims, syntheticTensor } from '../src/engine/tensor/synthetic';
import { numericValues } from '../src/engine/tensor/output-summary';
import { seededRandom } from '../src/engine/bench/stats';
import type { TensorDtype, ValueInfo } from '../src/engine/ort/session';

export { PORTABILITY_SEED } from '../src/engine/bench/portability';


/** The same inputs the browser's bench makes (BenchTarget.setInput), the same output order. */
export async function nativeOutputs(ort: typeof OrtNode, bytes: Uint8Array, seed: number): Promise<Float64Array> {
  const session = await ort.InferenceSession.create(bytes, { logSeverityLevel: 3 });
  try {
    const random = seededRandom(seed);
    const feeds: Record<string, OrtNode.Tensor> = {};
    for (const meta of session.inputMetadata) {
      if (!meta.isTensor) throw new Error(`input ${meta.name} is not a tensor`);
      const info: ValueInfo = { name: meta.name, dtype: meta.type, dims: meta.shape.map((d) => (typeof d === 'string' && d !== '' ? d : typeof d === 'number' ? d : null)) };
      const tensor = syntheticTensor(info, resolveDims(info.dims), random);
      feeds[meta.name] = new ort.Tensor(tensor.dtype as never, tensor.data as never, tensor.dims as number[]);
    }
    const names = session.outputMetadata.filter((m) => m.isTensor).map((m) => m.name);
    const outputs = await session.run(feeds, names);
    const parts = names.map((name) => numericValues({ dtype: outputs[name].type as TensorDtype, dims: outputs[name].dims, data: outputs[name].data as never }));
    const values = new Float64Array(parts.reduce((n, p) => n + p.length, 0));
    let offset = 0;
    for (const part of parts) {
      values.set(part, offset);
      offset += part.length;
    }
    return values;
  } finally {
    await session.release();
  }
}
