/** The framework behind a model, read from its ONNX producer name (as converters write it). */
const PRODUCERS: [RegExp, string][] = [
  [/^pytorch$/i, 'PyTorch'],
  [/^tf2onnx$/i, 'TensorFlow (tf2onnx)'],
  [/^keras2onnx$/i, 'Keras (keras2onnx)'],
  [/^onnx-caffe2$/i, 'Caffe2'],
  [/^cntk$/i, 'CNTK'],
  [/^skl2onnx$/i, 'scikit-learn (skl2onnx)'],
  [/^(paddle2onnx|paddlepaddle)$/i, 'PaddlePaddle (paddle2onnx)'],
  [/^onnxmltools$/i, 'CoreML/ML (onnxmltools)'],
  [/^winmltools$/i, 'WinMLTools'],
  [/^(onnx\.quantize|onnxruntime\.quantization)\b/i, 'onnxruntime quantization'],
  [/^onnxruntime/i, 'onnxruntime'],
  [/^(mxnet|mxnet\.onnx)/i, 'MXNet'],
  [/^(tflite2onnx)$/i, 'TensorFlow Lite (tflite2onnx)'],
  [/^onnx\.compose|^onnx$/i, 'ONNX tools'],
  [/^matlab/i, 'MATLAB'],
  [/^(optimum|transformers)/i, 'Hugging Face (optimum)'],
];

/** `graphName` helps when the producer is blank: older paddle2onnx wrote none, only its graph name. */
export function frameworkOf(producerName: string, graphName = ''): string {
  const name = producerName.trim();
  if (!name && /paddlepaddle/i.test(graphName)) return 'PaddlePaddle (paddle2onnx)';
  if (!name) return 'unknown (no producer recorded)';
  return PRODUCERS.find(([pattern]) => pattern.test(name))?.[1] ?? name;
}
