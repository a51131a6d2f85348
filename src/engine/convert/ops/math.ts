/** Element-wise ops, activations, reductions and matrix products. */
import { ConvertError } from '../errors';
import type { OpContext, OpHandler, Tensor, TfDtype } from '../builder';

/** An activation by TF name (also those inside fused ops). */
export function activation(ctx: OpContext, act: string, x: string, alpha: Tensor | undefined, leakyAlpha: number): string {
  const { b } = ctx;
  switch (act) {
    case 'Relu':
      return b.op('Relu', [x]);
    case 'Relu6':
      return b.op('Clip', [x, b.scalar(0, 'float32'), b.scalar(6, 'float32')]);
    case 'Elu':
      return b.op('Elu', [x]);
    case 'Selu':
      return b.op('Selu', [x]);
    case 'Sigmoid':
      return b.op('Sigmoid', [x]);
    case 'Tanh':
      return b.op('Tanh', [x]);
    case 'LeakyRelu':
      // TF's default slope is 0.2, ONNX's 0.01: always write it.
      return b.op('LeakyRelu', [x], { alpha: { f: leakyAlpha } });
    case 'Prelu':
      if (!alpha) throw new ConvertError(`${ctx.node.name}: Prelu without its alpha`);
      return b.op('PRelu', [x, alpha.name]);
    default:
      throw new ConvertError(`${ctx.node.name}: fused activation ${act} is not supported`);
  }
}

const same = (ctx: OpContext, name: string, dtype: TfDtype = ctx.inputs[0].dtype): Tensor[] => [{ name, dtype }];

function unary(onnx: string): OpHandler {
  return (ctx) => same(ctx, ctx.b.op(onnx, [ctx.inputs[0].name]));
}

function act(tfName: string): OpHandler {
  return (ctx) => same(ctx, activation(ctx, tfName, ctx.inputs[0].name, ctx.inputs[1], ctx.attrs.float('alpha', 0.2)));
}

function binary(onnx: string, out?: TfDtype): OpHandler {
  return (ctx) => same(ctx, ctx.b.op(onnx, [ctx.inputs[0].name, ctx.inputs[1].name]), out);
}

const floorDiv: OpHandler = (ctx) => {
  const { b } = ctx;
  const [x, y] = ctx.inputs.map((t) => t.name);
  if (ctx.inputs[0].dtype === 'float32') return same(ctx, b.op('Floor', [b.op('Div', [x, y])]));
  // Integer Div truncates toward zero; subtracting the floored remainder first makes it exact.
  return same(ctx, b.op('Div', [b.op('Sub', [x, b.op('Mod', [x, y], { fmod: { i: 0 } })]), y]));
};

const floorMod: OpHandler = (ctx) => {
  const { b } = ctx;
  const [x, y] = ctx.inputs.map((t) => t.name);
  if (ctx.inputs[0].dtype !== 'float32') return same(ctx, b.op('Mod', [x, y], { fmod: { i: 0 } }));
  return same(ctx, b.op('Sub', [x, b.op('Mul', [b.op('Floor', [b.op('Div', [x, y])]), y])]));
};

function reduce(onnx: string): OpHandler {
  return (ctx) => {
    const { b } = ctx;
    const axes = b.requireConst(ctx.inputs[1], 'axes');
    const keep = ctx.attrs.bool('keep_dims');
    const attrs = { keepdims: { i: keep ? 1 : 0 }, ...(axes.length === 0 ? { noop_with_empty_axes: { i: 1 } } : {}) };
    return same(ctx, b.op(onnx, [ctx.inputs[0].name, b.int64(axes)], attrs));
  };
}

function argReduce(onnx: string): OpHandler {
  return (ctx) => {
    const axis = ctx.b.requireConst(ctx.inputs[1], 'axis')[0];
    // ONNX returns int64; TF.js computes int32.
    return same(ctx, ctx.b.cast(ctx.b.op(onnx, [ctx.inputs[0].name], { axis: { i: axis }, keepdims: { i: 0 } }), 'int32'), 'int32');
  };
}

/** MatMul with TF's transpose flags on 2-D operands (and BatchMatMul's adj flags on the last two dims). */
function matmul(fused: boolean, flags: [string, string]): OpHandler {
  return (ctx) => {
    const { b } = ctx;
    const [a, w] = ctx.inputs;
    const t = (x: Tensor, flag: string) => {
      if (!ctx.attrs.bool(flag)) return x.name;
      const init = b.init(x.name);
      // BatchMatMul's operands may be of any rank: Einsum swaps the last two axes without knowing it.
      if (!init && flags[0] === 'adj_x') return b.op('Einsum', [x.name], { equation: { s: '...ij->...ji' } });
      const rank = init?.dims.length ?? 2;
      const perm = [...Array(rank).keys()];
      [perm[rank - 2], perm[rank - 1]] = [perm[rank - 1], perm[rank - 2]];
      return b.op('Transpose', [x.name], { perm: { ints: perm } });
    };
    let y = b.op('MatMul', [t(a, flags[0]), t(w, flags[1])]);
    if (fused) {
      const ops = ctx.attrs.strs('fused_ops');
      const extra = ctx.inputs.slice(2);
      if (ops[0] === 'BiasAdd') y = b.op('Add', [y, extra[0].name]);
      else if (ops.length && ops[0] !== 'NoOp') throw new ConvertError(`${ctx.node.name}: fused op ${ops[0]} is not supported`);
      if (ops[1]) y = activation(ctx, ops[1], y, extra[ops[0] === 'BiasAdd' ? 1 : 0], ctx.attrs.float('leakyrelu_alpha', 0.2));
    }
    return same(ctx, y);
  };
}

/** atan(y/x), moved by +-pi into the quadrant of (x, y) as TF's atan2 is; ONNX has no Atan2. */
const atan2: OpHandler = (ctx) => {
  const { b } = ctx;
  const [y, x] = ctx.inputs.map((t) => t.name);
  const base = b.op('Atan', [b.op('Div', [y, x])]);
  const zero = b.scalar(0, 'float32');
  const shift = b.op('Where', [b.op('GreaterOrEqual', [y, zero]), b.scalar(Math.PI, 'float32'), b.scalar(-Math.PI, 'float32')]);
  return same(ctx, b.op('Add', [base, b.op('Where', [b.op('Less', [x, zero]), shift, zero])]));
};

const addN: OpHandler = (ctx) => {
  const names = ctx.inputs.map((t) => t.name);
  if (names.length === 1) return same(ctx, ctx.b.op('Identity', names));
  return same(ctx, ctx.inputs[0].dtype === 'float32' ? ctx.b.op('Sum', names) : names.slice(1).reduce((acc, n) => ctx.b.op('Add', [acc, n]), names[0]));
};

export const mathOps: Record<string, OpHandler> = {
  Relu: act('Relu'),
  Relu6: act('Relu6'),
  Elu: act('Elu'),
  Selu: act('Selu'),
  Sigmoid: act('Sigmoid'),
  Tanh: act('Tanh'),
  LeakyRelu: act('LeakyRelu'),
  Prelu: act('Prelu'),
  Exp: unary('Exp'),
  Log: unary('Log'),
  Sqrt: unary('Sqrt'),
  Rsqrt: (ctx) => same(ctx, ctx.b.op('Reciprocal', [ctx.b.op('Sqrt', [ctx.inputs[0].name])])),
  Reciprocal: unary('Reciprocal'),
  Inv: unary('Reciprocal'),
  Neg: unary('Neg'),
  Abs: unary('Abs'),
  Floor: unary('Floor'),
  Ceil: unary('Ceil'),
  Round: unary('Round'),
  Sign: unary('Sign'),
  Sin: unary('Sin'),
  Cos: unary('Cos'),
  Erf: unary('Erf'),
  Softplus: unary('Softplus'),
  LogicalNot: unary('Not'),
  Square: (ctx) => same(ctx, ctx.b.op('Mul', [ctx.inputs[0].name, ctx.inputs[0].name])),
  Softmax: (ctx) => same(ctx, ctx.b.op('Softmax', [ctx.inputs[0].name], { axis: { i: -1 } })),
  LogSoftmax: (ctx) => same(ctx, ctx.b.op('LogSoftmax', [ctx.inputs[0].name], { axis: { i: -1 } })),
  Add: binary('Add'),
  AddV2: binary('Add'),
  BiasAdd: binary('Add'),
  Sub: binary('Sub'),
  Mul: binary('Mul'),
  RealDiv: binary('Div'),
  Div: binary('Div'),
  DivNoNan: binary('Div'),
  Maximum: binary('Max'),
  Minimum: binary('Min'),
  Pow: binary('Pow'),
  SquaredDifference: (ctx) => {
    const d = ctx.b.op('Sub', [ctx.inputs[0].name, ctx.inputs[1].name]);
    return same(ctx, ctx.b.op('Mul', [d, d]));
  },
  FloorDiv: floorDiv,
  FloorMod: floorMod,
  Equal: binary('Equal', 'bool'),
  NotEqual: (ctx) => same(ctx, ctx.b.op('Not', [ctx.b.op('Equal', [ctx.inputs[0].name, ctx.inputs[1].name])]), 'bool'),
  Greater: binary('Greater', 'bool'),
  GreaterEqual: binary('GreaterOrEqual', 'bool'),
  Less: binary('Less', 'bool'),
  LessEqual: binary('LessOrEqual', 'bool'),
  LogicalAnd: binary('And', 'bool'),
  LogicalOr: binary('Or', 'bool'),
  AddN: addN,
  ClipByValue: (ctx) => same(ctx, ctx.b.op('Clip', ctx.inputs.map((t) => t.name))),
  Einsum: (ctx) => same(ctx, ctx.b.op('Einsum', ctx.inputs.map((t) => t.name), { equation: { s: ctx.attrs.str('equation') } })),
  Cumsum: (ctx) =>
    same(ctx, ctx.b.op('CumSum', [ctx.inputs[0].name, ctx.b.int64([ctx.b.requireConst(ctx.inputs[1], 'axis')[0]], [])], { exclusive: { i: Number(ctx.attrs.bool('exclusive')) }, reverse: { i: Number(ctx.attrs.bool('reverse')) } })),
  Atan2: atan2,
  Mean: reduce('ReduceMean'),
  Sum: reduce('ReduceSum'),
  Max: reduce('ReduceMax'),
  Min: reduce('ReduceMin'),
  Prod: reduce('ReduceProd'),
  ArgMax: argReduce('ArgMax'),
  ArgMin: argReduce('ArgMin'),
  MatMul: matmul(false, ['transpose_a', 'transpose_b']),
  _FusedMatMul: matmul(true, ['transpose_a', 'transpose_b']),
  BatchMatMul: matmul(false, ['adj_x', 'adj_y']),
  BatchMatMulV2: matmul(false, ['adj_x', 'adj_y']),
};
