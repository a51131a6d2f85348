/** Declared shapes that load but deserve a word: ONNX forbids negative sizes, and zero-sized tensors hold nothing. */
import type { ValueSummary } from './model-info';

export function shapeWarnings(inputs: readonly ValueSummary[], outputs: readonly ValueSummary[]): string[] {
  const warnings: string[] = [];
  for (const [kind, values] of [['input', inputs], ['output', outputs]] as const) {
    for (const value of values) {
      const dims = value.shape ?? [];
      const negative = dims.filter((d): d is number => typeof d === 'number' && d < 0);
      if (negative.length) {
        warnings.push(
          `The ${kind} ${value.name} declares a negative dimension (${negative.join(', ')}), which ONNX does not allow; ` +
            `onnxruntime treats it as unknown${kind === 'input' ? ', and the synthetic input gives it size 1' : ''}. Fix the exporter if the size is known.`,
        );
      }
      if (dims.includes(0)) {
        warnings.push(`The ${kind} ${value.name} has a zero-sized dimension: it holds no values, so a benchmark measures only the call's overhead.`);
      }
    }
  }
  return warnings;
}
