// Shape and value rules for the TensorFlow ops of TF.js graph models that carry shapes from one
// costed op to the next without multiply-accumulates: element-wise ops, reshapes, concatenation,
// padding, reductions. Axes, shapes and paddings come from Const inputs the weights manifest holds.
import type { Dim, TensorType } from '../../ir/graph';
import type { RuleContext, ShapeRule, ValueRule } from '../../ir/opRules';
import { broadcast, isNumber, mapDim, normalizeAxis, productDim, sumDim } from '../../ir/shapeMath';

const same: ShapeRule = (context) => (context.input(0) ? [context.input(0)] : undefined);
const typed = (dtype: string | undefined, shape: Dim[] | undefined): (TensorType | undefined)[] | undefined => (dtype && shape ? [{ dtype, shape }] : undefined);

/** Element-wise over broadcast inputs; comparisons give bool. */
function elementwise(output?: string): ShapeRule {
  return (context) => {
    const shapes = context.node.inputs.map((_, index) => context.shape(index));
    if (shapes.length === 0 || shapes.some((shape) => !shape)) return undefined;
    const dtype = output ?? context.input(context.node.op === 'Select' || context.node.op === 'SelectV2' ? 1 : 0)?.dtype;
    return typed(dtype, broadcast(shapes as Dim[][]));
  };
}

const cast: ShapeRule = (context) => typed(String(context.attr('DstT') ?? context.input(0)?.dtype), context.shape(0));

/** Reshape: the target from input 1's value, one -1 filled from the element count. */
const reshape: ShapeRule = (context) => {
  const target = context.value(1);
  const x = context.shape(0);
  if (!target) return undefined;
  const known = target.filter((dim) => dim !== -1);
  const total = x ? productDim(x) : null;
  const rest = isNumber(total) && known.every(isNumber) ? total / (known as number[]).reduce((a, b) => a * b, 1) : null;
  return typed(context.input(0)?.dtype, target.map((dim) => (dim === -1 ? rest : dim)));
};

const squeeze: ShapeRule = (context) => {
  const x = context.shape(0);
  if (!x) return undefined;
  const axes = (context.ints('squeeze_dims') ?? context.ints('axis') ?? []).map((axis) => normalizeAxis(axis, x.length));
  if (axes.length === 0) return x.every(isNumber) ? typed(context.input(0)?.dtype, x.filter((dim) => dim !== 1)) : undefined;
  return typed(context.input(0)?.dtype, x.filter((_, index) => !axes.includes(index)));
};

const expandDims: ShapeRule = (context) => {
  const x = context.shape(0);
  const axis = context.numbers(1)?.[0];
  if (!x || axis === undefined) return undefined;
  const at = normalizeAxis(axis, x.length + 1);
  return at === undefined ? undefined : typed(context.input(0)?.dtype, [...x.slice(0, at), 1, ...x.slice(at)]);
};

/** ConcatV2: N tensors then the axis; Pack stacks N tensors along a new axis. */
const concat: ShapeRule = (context) => {
  const count = context.node.inputs.length - 1;
  const shapes = Array.from({ length: count }, (_, index) => context.shape(index));
  const axis = context.numbers(count)?.[0];
  if (count < 1 || axis === undefined || shapes.some((shape) => !shape || shape.length !== shapes[0]!.length)) return undefined;
  const at = normalizeAxis(axis, shapes[0]!.length);
  if (at === undefined) return undefined;
  return typed(context.input(0)?.dtype, shapes[0]!.map((dim, i) => (i === at ? sumDim(shapes.map((shape) => shape![i])) : dim)));
};
const pack: ShapeRule = (context) => {
  const x = context.shape(0);
  const at = x ? normalizeAxis(context.int('axis', 0), x.length + 1) : undefined;
  return x && at !== undefined ? typed(context.input(0)?.dtype, [...x.slice(0, at), context.node.inputs.length, ...x.slice(at)]) : undefined;
};

const transpose: ShapeRule = (context) => {
  const x = context.shape(0);
  const perm = context.numbers(1);
  return x && perm && perm.length === x.length ? typed(context.input(0)?.dtype, perm.map((axis) => x[axis] ?? null)) : undefined;
};

/** Pad, PadV2, MirrorPad: paddings is a [rank, 2] tensor of before/after amounts. */
const pad: ShapeRule = (context) => {
  const x = context.shape(0);
  const paddings = context.numbers(1);
  if (!x || !paddings || paddings.length !== 2 * x.length) return undefined;
  return typed(context.input(0)?.dtype, x.map((dim, i) => mapDim(dim, (n) => n + paddings[2 * i] + paddings[2 * i + 1])));
};

/** Mean, Sum, Max, Min, Prod, All, Any: axes from input 1, kept as 1 with keep_dims. */
const reduce: ShapeRule = (context) => {
  const x = context.shape(0);
  const axes = context.numbers(1)?.map((axis) => (x ? normalizeAxis(axis, x.length) : undefined));
  if (!x || !axes || axes.some((axis) => axis === undefined)) return undefined;
  const keep = context.attr('keep_dims') === true;
  return typed(context.input(0)?.dtype, x.flatMap((dim, i) => (axes.includes(i) ? (keep ? [1] : []) : [dim])));
};

/** GatherV2: params' axis replaced by the indices' shape. */
const gather: ShapeRule = (context) => {
  const params = context.shape(0);
  const indices = context.shape(1);
  const axis = context.numbers(2)?.[0] ?? 0;
  const at = params ? normalizeAxis(axis, params.length) : undefined;
  if (!params || !indices || at === undefined) return undefined;
  return typed(context.input(0)?.dtype, [...params.slice(0, at), ...indices, ...params.slice(at + 1)]);
};

const shape: ShapeRule = (context) => {
  const x = context.shape(0);
  return typed(String(context.attr('out_type') ?? 'int32'), x ? [x.length] : undefined);
};
const shapeValue: ValueRule = (context) => (context.shape(0) ? [context.shape(0)!] : undefined);

const UNARY = [
  'Identity', 'IdentityN', 'StopGradient', 'PreventGradient', 'Snapshot', 'Relu', 'Relu6', 'Elu', 'Selu', 'LeakyRelu', 'Sigmoid', 'Tanh', 'Softmax',
  'LogSoftmax', 'Softplus', 'Softsign', 'Exp', 'Log', 'Log1p', 'Sqrt', 'Rsqrt', 'Neg', 'Abs', 'Square', 'Floor', 'Ceil', 'Round', 'Sign', 'Sin',
  'Cos', 'Reciprocal', 'Erf', 'ClipByValue', 'LRN', 'OnesLike', 'ZerosLike', 'LogicalNot', 'IsNan',
];
const BINARY = ['Add', 'AddV2', 'AddN', 'Sub', 'Mul', 'RealDiv', 'Div', 'DivNoNan', 'FloorDiv', 'FloorMod', 'Maximum', 'Minimum', 'Pow', 'SquaredDifference', 'Select', 'SelectV2'];
const COMPARE = ['Equal', 'NotEqual', 'Less', 'LessEqual', 'Greater', 'GreaterEqual', 'LogicalAnd', 'LogicalOr'];

export const tfLayoutShapeRules: Record<string, ShapeRule> = {
  ...Object.fromEntries(UNARY.map((op) => [op, same])),
  ...Object.fromEntries(BINARY.map((op) => [op, elementwise()])),
  ...Object.fromEntries(COMPARE.map((op) => [op, elementwise('bool')])),
  // BiasAdd and Prelu read a per-channel vector: the output is the first input's shape.
  BiasAdd: same,
  Prelu: same,
  Cast: cast,
  Reshape: reshape,
  Squeeze: squeeze,
  ExpandDims: expandDims,
  ConcatV2: concat,
  Pack: pack,
  Transpose: transpose,
  Pad: pad,
  PadV2: pad,
  MirrorPad: pad,
  Mean: reduce,
  Sum: reduce,
  Max: reduce,
  Min: reduce,
  Prod: reduce,
  All: reduce,
  Any: reduce,
  GatherV2: gather,
  Shape: shape,
};

/** Ops without multiply-accumulates beyond those with shape rules here (data movement, control). */
export const tfDataOps = ['Const', 'NoOp', 'Fill', 'Range', 'Slice', 'StridedSlice', 'Tile', 'Unpack', 'Split', 'SplitV', 'OneHot', 'ResizeBilinear', 'ResizeNearestNeighbor', 'TopKV2', 'ArgMax', 'ArgMin'];

export const tfValueRules: Record<string, ValueRule> = {
  Shape: shapeValue,
  Identity: (context: RuleContext) => [context.value(0)],
};
