/** Digit recognition (MNIST, CNTK) on a drawing. */
import type { Image8 } from '../../engine/tensor/resize';
import { defineTask } from '../task';
import { digitProbabilities, digitTensor, MNIST } from './digits';

export interface DigitsResult {
  /** Of 0-9; null for an empty drawing, which is not run. */
  probabilities: number[] | null;
}

export const digits = defineTask({
  id: 'digits',
  title: 'Digit recognition',
  takes: ['drawing'],
  models: [MNIST],
  async run(drawing: Image8, { model, infer, time }): Promise<DigitsResult> {
    const input = await time('preprocessMs', () => digitTensor(drawing));
    if (!input) return { probabilities: null };
    const outputs = await time('inferenceMs', () => infer(model, { [MNIST.inputName]: { dtype: 'float32', dims: [1, 1, 28, 28], data: input } }));
    return time('postprocessMs', () => ({ probabilities: digitProbabilities(outputs[MNIST.outputName].data as Float32Array) }));
  },
});
