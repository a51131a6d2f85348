/** Every TF op the converter maps, by TF op name. */
import type { OpHandler } from '../builder';
import { detectionOps } from './detection';
import { mathOps } from './math';
import { nnOps } from './nn';
import { tensorOps } from './tensor';

export const OPS: Record<string, OpHandler> = { ...mathOps, ...nnOps, ...tensorOps, ...detectionOps };

/** Ops handled by the converter itself rather than by a mapping. */
export const STRUCTURAL_OPS = new Set(['Const', 'Placeholder', 'NoOp']);
