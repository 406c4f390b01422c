// Shapes of the ONNX ops that keep or broadcast their input shape (activations, elementwise
// math, normalization), reductions, constants and type casts.
import type { Dim, TensorType } from '../../ir/graph';
import type { RuleContext, ShapeRule } from '../../ir/opRules';
import { isTensorRef } from '../../ir/attrs';
import { onnxDtypeName } from './onnxDtype';
import { broadcast, normalizeAxis } from '../../ir/shapeMath';

const sameAsInput: ShapeRule = (context) => {
  const x = context.input(0);
  return x ? [x] : undefined;
};

/** Broadcasts all inputs; `dtype` fixes the result type (comparisons give bool). */
function broadcasting(dtype?: string, dtypeFrom = 0): ShapeRule {
  return (context) => {
    const inputs = context.node.inputs.map((_, i) => context.input(i));
    const type = dtype ?? inputs[dtypeFrom]?.dtype;
    if (!type) return undefined;
    if (inputs.some((input) => !input?.shape)) return [{ dtype: type }];
    const shape = broadcast(inputs.map((input) => input!.shape!));
    return [shape ? { dtype: type, shape } : { dtype: type }];
  };
}

const dropout: ShapeRule = (context) => {
  const x = context.input(0);
  return x ? [x, { dtype: 'bool', ...(x.shape ? { shape: x.shape } : {}) }] : undefined;
};

/** LayerNormalization's optional Mean and InvStdDev outputs keep the leading axes, 1 elsewhere. */
const layerNorm: ShapeRule = (context) => {
  const x = context.input(0);
  if (!x?.shape) return x ? [x] : undefined;
  const axis = normalizeAxis(context.int('axis', -1), x.shape.length) ?? x.shape.length - 1;
  const stats: TensorType = { dtype: 'float32', shape: x.shape.map((dim, i) => (i < axis ? dim : 1)) };
  return [x, stats, stats];
};

function castTo(context: RuleContext): string | undefined {
  const to = context.attr('to');
  return typeof to === 'number' ? onnxDtypeName(to) : typeof to === 'string' ? to.toLowerCase() : undefined;
}

function withDtype(dtype: (context: RuleContext) => string | undefined): ShapeRule {
  return (context) => {
    const x = context.input(0);
    const type = dtype(context);
    if (!type) return undefined;
    return [x?.shape ? { dtype: type, shape: x.shape } : { dtype: type }];
  };
}

/** Reductions: axes by attribute (older opsets) or input; keepdims defaults to 1. */
function reduce(inputSince: number, dtype?: string): ShapeRule {
  return (context) => {
    const x = context.input(0);
    if (!x?.shape) return undefined;
    const type = dtype ?? x.dtype;
    const keep = context.int('keepdims', 1) === 1;
    const single = context.attr('axis');
    const axes = typeof single === 'number' ? [single] : context.opset >= inputSince ? (context.node.inputs[1] ? context.numbers(1) : []) : (context.ints('axes') ?? []);
    if (!axes) return [{ dtype: type }];
    const reduced = axes.length === 0 && context.int('noop_with_empty_axes', 0) === 0
      ? new Set(x.shape.map((_, i) => i))
      : new Set(axes.map((axis) => normalizeAxis(axis, x.shape!.length)));
    const shape: Dim[] = [];
    x.shape.forEach((dim, i) => {
      if (!reduced.has(i)) shape.push(dim);
      else if (keep) shape.push(1);
    });
    return [{ dtype: type, shape }];
  };
}

const constant: ShapeRule = (context) => {
  const value = context.attr('value') ?? context.attr('sparse_value');
  if (isTensorRef(value)) return [{ dtype: value.dtype, shape: [...value.shape] }];
  const lists: Record<string, string> = { value_floats: 'float32', value_ints: 'int64', value_strings: 'string' };
  const scalars: Record<string, string> = { value_float: 'float32', value_int: 'int64', value_string: 'string' };
  for (const [name, dtype] of Object.entries(lists)) {
    const list = context.attr(name);
    if (Array.isArray(list)) return [{ dtype, shape: [list.length] }];
  }
  for (const [name, dtype] of Object.entries(scalars)) if (context.attr(name) !== undefined) return [{ dtype, shape: [] }];
  return undefined;
};

const constantOfShape: ShapeRule = (context) => {
  const value = context.attr('value');
  const dtype = isTensorRef(value) ? value.dtype : 'float32';
  const shape = context.value(0);
  return [shape ? { dtype, shape: shape.map((dim) => (typeof dim === 'number' && dim < 0 ? null : dim)) } : { dtype }];
};

const shapeOf: ShapeRule = (context) => {
  const rank = context.shape(0)?.length;
  if (rank === undefined) return [{ dtype: 'int64', shape: [null] }];
  const start = normalizeAxis(context.int('start', 0), rank + 1) ?? 0;
  const endAttr = context.attr('end');
  const end = typeof endAttr === 'number' ? Math.min(rank, endAttr < 0 ? endAttr + rank : endAttr) : rank;
  return [{ dtype: 'int64', shape: [Math.max(0, end - start)] }];
};

const topK: ShapeRule = (context) => {
  const x = context.input(0);
  if (!x?.shape) return undefined;
  const k = context.opset >= 10 ? context.numbers(1)?.[0] : context.int('k', -1);
  const axis = normalizeAxis(context.int('axis', -1), x.shape.length);
  if (axis === undefined) return undefined;
  const shape = x.shape.map((dim, i) => (i === axis ? (k !== undefined && k >= 0 ? k : null) : dim));
  return [{ dtype: x.dtype, shape }, { dtype: 'int64', shape }];
};

const argReduce: ShapeRule = (context) => {
  const x = context.input(0);
  if (!x?.shape) return undefined;
  const axis = normalizeAxis(context.int('axis', 0), x.shape.length);
  const keep = context.int('keepdims', 1) === 1;
  const shape = x.shape.flatMap((dim, i) => (i !== axis ? [dim] : keep ? [1] : []));
  return [{ dtype: 'int64', shape }];
};

const range: ShapeRule = (context) => {
  const [start, limit, delta] = [context.numbers(0)?.[0], context.numbers(1)?.[0], context.numbers(2)?.[0]];
  const dtype = context.input(0)?.dtype ?? 'int64';
  const known = start !== undefined && limit !== undefined && delta !== undefined && delta !== 0;
  return [{ dtype, shape: [known ? Math.max(0, Math.ceil((limit - start) / delta)) : null] }];
};

const UNARY = [
  'Relu', 'LeakyRelu', 'PRelu', 'Sigmoid', 'HardSigmoid', 'HardSwish', 'Tanh', 'Softplus', 'Softsign', 'Elu', 'Selu', 'Celu', 'Gelu',
  'Mish', 'ThresholdedRelu', 'Shrink', 'Erf', 'Exp', 'Log', 'Sqrt', 'Reciprocal', 'Neg', 'Abs', 'Ceil', 'Floor', 'Round', 'Sign',
  'Sin', 'Cos', 'Tan', 'Asin', 'Acos', 'Atan', 'Sinh', 'Cosh', 'Asinh', 'Acosh', 'Atanh', 'Not', 'Identity', 'Clip',
  'Softmax', 'LogSoftmax', 'Hardmax', 'BatchNormalization', 'InstanceNormalization', 'GroupNormalization', 'LpNormalization',
  'LRN', 'MeanVarianceNormalization', 'CumSum', 'Trilu', 'ReverseSequence', 'BitwiseNot',
];
const BROADCASTING = ['Add', 'Sub', 'Mul', 'Div', 'Pow', 'Mod', 'Max', 'Min', 'Sum', 'Mean', 'BitShift', 'BitwiseAnd', 'BitwiseOr', 'BitwiseXor'];
const COMPARISONS = ['Equal', 'Less', 'Greater', 'LessOrEqual', 'GreaterOrEqual', 'And', 'Or', 'Xor'];
const REDUCTIONS = ['ReduceMean', 'ReduceMax', 'ReduceMin', 'ReduceProd', 'ReduceL1', 'ReduceL2', 'ReduceLogSum', 'ReduceLogSumExp', 'ReduceSumSquare'];

export const onnxElementShapeRules: Record<string, ShapeRule> = {
  ...Object.fromEntries(UNARY.map((op) => [op, sameAsInput])),
  ...Object.fromEntries(BROADCASTING.map((op) => [op, broadcasting()])),
  ...Object.fromEntries(COMPARISONS.map((op) => [op, broadcasting('bool')])),
  ...Object.fromEntries(REDUCTIONS.map((op) => [op, reduce(18)])),
  ReduceSum: reduce(13),
  ArgMax: argReduce,
  ArgMin: argReduce,
  Where: broadcasting(undefined, 1),
  Dropout: dropout,
  LayerNormalization: layerNorm,
  IsNaN: withDtype(() => 'bool'),
  IsInf: withDtype(() => 'bool'),
  Cast: withDtype(castTo),
  CastLike: withDtype((context) => context.input(1)?.dtype),
  QuantizeLinear: withDtype((context) => context.input(2)?.dtype ?? 'uint8'),
  DequantizeLinear: withDtype((context) => context.input(1)?.dtype ?? 'float32'),
  Constant: constant,
  ConstantOfShape: constantOfShape,
  Shape: shapeOf,
  Size: () => [{ dtype: 'int64', shape: [] }],
  TopK: topK,
  Range: range,
  NonZero: (context) => [{ dtype: 'int64', shape: [context.shape(0)?.length ?? null, null] }],
};
