/** Every ONNX op (default domain) the converter maps to TF ops: one spread per file of mappings. */
import type { OnnxOpHandler } from '../tf-builder';
import { mathOps } from './math';
import { nnOps } from './nn';
import { tensorOps } from './tensor';
import { shapeOps } from './shape';
import { moreOps } from './more';

export const ONNX_TO_TF: Record<string, OnnxOpHandler> = {
  ...mathOps,
  ...nnOps,
  ...tensorOps,
  ...shapeOps,
  ...moreOps,
};
