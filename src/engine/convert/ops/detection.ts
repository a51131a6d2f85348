/** Non-maximum suppression outside loops (TF.js's detector heads), and Where's index form. */
import { ConvertError } from '../errors';
import type { OpHandler, Tensor } from '../builder';

/**
 * TF's one-class NMS on [n,4] boxes and [n] scores -> ONNX's batched, per-class NMS on
 * [1,n,4] and [1,1,n], whose [k,3] (batch, class, box) rows give the box indices. Both keep
 * boxes scoring above the threshold, suppress above the IoU, and return by falling score.
 */
function nms(withScores: boolean): OpHandler {
  return (ctx) => {
    const { b } = ctx;
    const [boxes, scores, maxOut, iou, scoreThreshold, sigma] = ctx.inputs;
    if (sigma && (b.constValues(sigma)?.[0] ?? 1) !== 0) throw new ConvertError(`${ctx.node.name}: soft NMS (soft_nms_sigma > 0) is not supported`);
    if (ctx.attrs.bool('pad_to_max_output_size')) throw new ConvertError(`${ctx.node.name}: pad_to_max_output_size is not supported`);
    const scalarInput = (t: Tensor | undefined, value: number, asInt: boolean) => {
      if (!t) return asInt ? b.int64([value], [1]) : b.float([value], [1]);
      const v = b.constValues(t);
      if (v) return asInt ? b.int64([v[0]], [1]) : b.float([v[0]], [1]);
      const flat = b.op('Reshape', [t.name, b.int64([1])]);
      return asInt ? b.op('Cast', [flat], { to: { i: 7 } }) : b.cast(flat, 'float32');
    };
    const selected = b.op('NonMaxSuppression', [
      b.op('Unsqueeze', [boxes.name, b.int64([0])]),
      b.op('Unsqueeze', [scores.name, b.int64([0, 1])]),
      scalarInput(maxOut, 0, true),
      scalarInput(iou, 0.5, false),
      // TF without a score threshold keeps every box: -inf, not ONNX's default of none.
      scalarInput(scoreThreshold, -Infinity, false),
    ]);
    const boxIndex = b.op('Gather', [selected, b.int64([2], [])], { axis: { i: 1 } });
    const indices: Tensor = { name: b.cast(boxIndex, 'int32'), dtype: 'int32' };
    if (!withScores) return [indices];
    return [
      indices,
      { name: b.op('Gather', [scores.name, boxIndex], { axis: { i: 0 } }), dtype: 'float32' },
      { name: b.cast(b.op('Size', [boxIndex]), 'int32'), dtype: 'int32' },
    ];
  };
}

/** Where(cond): the coordinates of true elements, one row each ([n, rank] int32 in TF.js). */
const where: OpHandler = (ctx) => {
  const { b } = ctx;
  if (ctx.inputs.length > 1) throw new ConvertError(`${ctx.node.name}: Where with 3 inputs is Select; not expected here`);
  const nz = b.op('NonZero', [ctx.inputs[0].name]);
  return [{ name: b.cast(b.op('Transpose', [nz], { perm: { ints: [1, 0] } }), 'int32'), dtype: 'int32' }];
};

export const detectionOps: Record<string, OpHandler> = {
  NonMaxSuppressionV2: nms(false),
  NonMaxSuppressionV3: nms(false),
  NonMaxSuppressionV5: nms(true),
  Where: where,
};
