/**
 * The ImageNet classifiers of the gallery. Each differs from the others only by this data: input and
 * output names, what the output holds, and its preprocessing.
 */
import type { ImagePreprocessing } from '../../engine/tensor/image-to-tensor';
import { modelSource, type ModelSource } from '../model-source';
import type { ScoreKind } from './postprocess';

export interface ClassifierEntry {
  /** The file name without `.onnx`; also the `?model=` URL parameter. */
  id: string;
  title: string;
  source: ModelSource;
  inputName: string;
  outputName: string;
  outputKind: ScoreKind;
  preprocessing: ImagePreprocessing;
  /** File under `public/labels/`, one class a line in output order. */
  labelsFile: string;
  /** One line on what is special about this model. */
  note: string;
}

// torchvision's ImageNet normalisation (ToTensor then Normalize), which the PyTorch models were trained with.
const TORCHVISION_IMAGENET: ImagePreprocessing = {
  color: 'RGB',
  resizeShorter: 256,
  centerCrop: 224,
  scale: 1 / 255,
  mean: [0.485, 0.456, 0.406],
  std: [0.229, 0.224, 0.225],
  layout: 'NCHW',
  dtype: 'float32',
};

// Caffe's convention for the Caffe2 SqueezeNet: BGR, 0-255, minus the per-channel mean in B, G, R order.
const CAFFE_BGR_MEAN: ImagePreprocessing = {
  color: 'BGR',
  resizeShorter: 256,
  centerCrop: 224,
  scale: 1,
  mean: [104, 117, 123],
  std: [1, 1, 1],
  layout: 'NCHW',
  dtype: 'float32',
};

const IMAGENET_LABELS = 'imagenet-synset.txt';

export const CLASSIFIERS: readonly ClassifierEntry[] = [
  {
    id: 'mobilenetv2-12-int8',
    title: 'MobileNetV2 (int8)',
    source: modelSource('mobilenetv2-12-int8.onnx'),
    inputName: 'input',
    outputName: 'output',
    outputKind: 'logits',
    preprocessing: TORCHVISION_IMAGENET,
    labelsFile: IMAGENET_LABELS,
    note: 'Quantised to 8-bit integers by onnxruntime: small and fast on the CPU.',
  },
  {
    id: 'mobilenetv2-12-fp32',
    title: 'MobileNetV2 (fp32)',
    source: modelSource('mobilenetv2-12-fp32.onnx'),
    inputName: 'input',
    outputName: 'output',
    outputKind: 'logits',
    preprocessing: TORCHVISION_IMAGENET,
    labelsFile: IMAGENET_LABELS,
    note: 'The int8 model dequantised to float32: plain ONNX ops, four times the size.',
  },
  {
    id: 'shufflenet-v2-12-int8',
    title: 'ShuffleNet v2 (int8)',
    source: modelSource('shufflenet-v2-12-int8.onnx'),
    inputName: 'input',
    outputName: 'output',
    outputKind: 'logits',
    preprocessing: TORCHVISION_IMAGENET,
    labelsFile: IMAGENET_LABELS,
    note: 'Channel-shuffle architecture, quantised to int8.',
  },
  {
    id: 'squeezenet1.1-7-fp32',
    title: 'SqueezeNet 1.1 (fp32)',
    source: modelSource('squeezenet1.1-7-fp32.onnx'),
    inputName: 'data_0',
    outputName: 'softmaxout_1',
    outputKind: 'probabilities',
    preprocessing: CAFFE_BGR_MEAN,
    labelsFile: IMAGENET_LABELS,
    note: 'Caffe2 model: BGR input with the mean subtracted; outputs probabilities.',
  },
  {
    id: 'squeezenet1.1-7-fp16',
    title: 'SqueezeNet 1.1 (fp16)',
    source: modelSource('squeezenet1.1-7-fp16.onnx'),
    inputName: 'data_0',
    outputName: 'softmaxout_1',
    outputKind: 'probabilities',
    preprocessing: { ...CAFFE_BGR_MEAN, dtype: 'float16' },
    labelsFile: IMAGENET_LABELS,
    note: 'Half-precision weights and input (converted by WinMLTools): half the size of fp32.',
  },
];

export const DEFAULT_CLASSIFIER_ID = 'mobilenetv2-12-int8';

export function findClassifier(id: string): ClassifierEntry | undefined {
  return CLASSIFIERS.find((entry) => entry.id === id);
}
