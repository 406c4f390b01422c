// Output shapes of TFLite builtin ops (NHWC; filters [out, kh, kw, in], depthwise [1, kh, kw, out],
// fully connected weights [units, in]), following the kernels' Prepare functions. The file declares
// every tensor's shape, and a declared number wins: these fill the dims a dynamic model leaves -1.
import type { Dim, TensorType } from '../../ir/graph';
import type { RuleContext, ShapeRule } from '../../ir/opRules';
import { broadcast, isNumber, mapDim, normalizeAxis, productDim, sumDim } from '../../ir/shapeMath';

type Types = (TensorType | undefined)[] | undefined;

const typed = (context: RuleContext, shape: Dim[] | undefined, dtype = context.input(0)?.dtype): Types => (shape && dtype ? [{ dtype, shape }] : undefined);

/** One spatial axis of a window: SAME keeps ceil(n / stride), VALID drops the incomplete windows. */
function windowed(context: RuleContext, length: Dim, kernel: number, stride: number, dilation: number): Dim {
  const span = (kernel - 1) * dilation + 1;
  return context.str('padding', 'SAME') === 'SAME' ? mapDim(length, (n) => Math.ceil(n / stride)) : mapDim(length, (n) => Math.floor((n - span) / stride) + 1);
}

/** NHWC output of a 2-D window with `channels` output channels. */
function window2d(context: RuleContext, kernel: [Dim, Dim], channels: Dim, dilated: boolean): Types {
  const x = context.shape(0);
  if (!x || x.length !== 4 || !isNumber(kernel[0]) || !isNumber(kernel[1])) return undefined;
  const dilation = (axis: 'h' | 'w') => (dilated ? context.int(`dilation_${axis}_factor`, 1) : 1);
  const height = windowed(context, x[1], kernel[0], context.int('stride_h', 1), dilation('h'));
  const width = windowed(context, x[2], kernel[1], context.int('stride_w', 1), dilation('w'));
  return typed(context, [x[0], height, width, channels]);
}

const conv2d: ShapeRule = (context) => {
  const filter = context.shape(1);
  return filter?.length === 4 ? window2d(context, [filter[1], filter[2]], filter[0], true) : undefined;
};

const depthwise: ShapeRule = (context) => {
  const filter = context.shape(1);
  return filter?.length === 4 ? window2d(context, [filter[1], filter[2]], filter[3], true) : undefined;
};

const pool: ShapeRule = (context) => {
  const x = context.shape(0);
  return x?.length === 4 ? window2d(context, [context.int('filter_height', 1), context.int('filter_width', 1)], x[3], false) : undefined;
};

/** TRANSPOSE_CONV: inputs (output_shape, weights, input[, bias]); the output shape is input 0's value. */
const transposeConv: ShapeRule = (context) => {
  const size = context.value(0);
  return size?.length === 4 ? typed(context, size, context.input(2)?.dtype) : undefined;
};

/** FULLY_CONNECTED: the input is flattened to [elements / in, in] unless keep_num_dims. */
const fullyConnected: ShapeRule = (context) => {
  const x = context.shape(0);
  const weights = context.shape(1);
  if (!x || x.length === 0 || weights?.length !== 2) return undefined;
  const [units, depth] = weights;
  if (context.attr('keep_num_dims') === true) return typed(context, [...x.slice(0, -1), units]);
  const rows = x[x.length - 1] === depth ? productDim(x.slice(0, -1)) : isNumber(depth) ? mapDim(productDim(x), (n) => n / depth) : null;
  return typed(context, [rows, units]);
};

const BATCH_MATMUL: ShapeRule = (context) => {
  const a = context.shape(0);
  const b = context.shape(1);
  if (!a || !b || a.length < 2 || b.length < 2) return undefined;
  const rows = context.attr('adj_x') === true ? a[a.length - 1] : a[a.length - 2];
  const cols = context.attr('adj_y') === true ? b[b.length - 2] : b[b.length - 1];
  const batch = broadcast([a.slice(0, -2), b.slice(0, -2)]);
  return batch ? typed(context, [...batch, rows, cols]) : undefined;
};

const same: ShapeRule = (context) => typed(context, context.shape(0));
const asDtype = (dtype: string | ((context: RuleContext) => string | undefined)): ShapeRule => (context) =>
  typed(context, context.shape(0), typeof dtype === 'string' ? dtype : dtype(context));

function broadcasting(dtype?: string): ShapeRule {
  return (context) => {
    const shapes = context.node.inputs.map((_, i) => context.shape(i));
    if (shapes.length === 0 || shapes.some((shape) => !shape)) return undefined;
    return typed(context, broadcast(shapes as Dim[][]), dtype);
  };
}

/** MEAN, SUM, REDUCE_*: axes are input 1's value; keep_dims keeps them as 1. */
const reduce: ShapeRule = (context) => {
  const x = context.shape(0);
  const axes = context.numbers(1);
  if (!x || !axes) return undefined;
  const dropped = new Set(axes.map((axis) => normalizeAxis(axis, x.length)));
  if (dropped.has(undefined)) return undefined;
  const keep = context.attr('keep_dims') === true;
  return typed(context, x.flatMap((dim, i) => (dropped.has(i) ? (keep ? [1] : []) : [dim])));
};

/** RESHAPE: the shape input's value (or new_shape), one -1 taking what is left. */
const reshape: ShapeRule = (context) => {
  const target = context.node.inputs.length > 1 ? context.value(1) : context.ints('new_shape');
  const x = context.shape(0);
  if (!target) return undefined;
  const total = x ? productDim(x) : null;
  const known = productDim(target.filter((dim) => dim !== -1));
  const rest = isNumber(total) && isNumber(known) && known > 0 ? total / known : null;
  return typed(context, target.map((dim) => (dim === -1 ? rest : dim)));
};

const concatenation: ShapeRule = (context) => {
  const shapes = context.node.inputs.map((_, i) => context.shape(i));
  if (shapes.length === 0 || shapes.some((shape) => !shape)) return undefined;
  const axis = normalizeAxis(context.int('axis', 0), shapes[0]!.length);
  if (axis === undefined) return undefined;
  return typed(context, shapes[0]!.map((dim, i) => (i === axis ? sumDim(shapes.map((shape) => shape![i])) : dim)));
};

/** PAD, PADV2, MIRROR_PAD: paddings [rank, 2] as input 1's value. */
const pad: ShapeRule = (context) => {
  const x = context.shape(0);
  const paddings = context.numbers(1);
  if (!x || paddings?.length !== 2 * x.length) return undefined;
  return typed(context, x.map((dim, i) => mapDim(dim, (n) => n + paddings[2 * i] + paddings[2 * i + 1])));
};

/** RESIZE_BILINEAR, RESIZE_NEAREST_NEIGHBOR: [height, width] as input 1's value. */
const resize: ShapeRule = (context) => {
  const x = context.shape(0);
  const size = context.value(1);
  return x?.length === 4 && size?.length === 2 ? typed(context, [x[0], size[0], size[1], x[3]]) : undefined;
};

const transpose: ShapeRule = (context) => {
  const x = context.shape(0);
  const perm = context.numbers(1);
  return x && perm?.length === x.length ? typed(context, perm.map((axis) => x[axis] ?? null)) : undefined;
};

const squeeze: ShapeRule = (context) => {
  const x = context.shape(0);
  const dims = context.ints('squeeze_dims') ?? [];
  if (!x) return undefined;
  const axes = new Set(dims.map((axis) => normalizeAxis(axis, x.length)));
  return typed(context, x.filter((dim, i) => (axes.size > 0 ? !axes.has(i) : dim !== 1)));
};

const expandDims: ShapeRule = (context) => {
  const x = context.shape(0);
  const axis = context.numbers(1)?.[0];
  if (!x || axis === undefined) return undefined;
  const at = normalizeAxis(axis, x.length + 1);
  return at === undefined ? undefined : typed(context, [...x.slice(0, at), 1, ...x.slice(at)]);
};

/** LSTM kernels: output [batch, time, n_output] (time major: [time, batch, ...]); n_output from recurrent_to_output [n_cell, n_output]. */
const sequenceLstm: ShapeRule = (context) => {
  const x = context.shape(0);
  const recurrent = context.shape(8);
  if (x?.length !== 3 || recurrent?.length !== 2) return undefined;
  return typed(context, [x[0], x[1], recurrent[1]]);
};

/** SVDF: [batch, num_filters / rank]; weights_feature is [num_filters, input_size]. */
const svdf: ShapeRule = (context) => {
  const x = context.shape(0);
  const features = context.shape(1);
  const rank = context.int('rank', 1);
  if (!x || features?.length !== 2 || rank <= 0) return undefined;
  return typed(context, [x[0], mapDim(features[0], (n) => n / rank)]);
};

const UNARY = ['RELU', 'RELU6', 'RELU_N1_TO_1', 'RELU_0_TO_1', 'LOGISTIC', 'TANH', 'HARD_SWISH', 'LEAKY_RELU', 'ELU', 'GELU', 'EXP', 'LOG', 'SQRT', 'RSQRT',
  'SQUARE', 'ABS', 'NEG', 'SIN', 'COS', 'FLOOR', 'CEIL', 'ROUND', 'SIGN', 'SOFTMAX', 'LOG_SOFTMAX', 'L2_NORMALIZATION', 'LOCAL_RESPONSE_NORMALIZATION',
  'QUANTIZE', 'ZEROS_LIKE', 'CUMSUM'];
const BINARY = ['ADD', 'SUB', 'MUL', 'DIV', 'MAXIMUM', 'MINIMUM', 'POW', 'SQUARED_DIFFERENCE', 'FLOOR_DIV', 'FLOOR_MOD', 'PRELU', 'ADD_N'];
const COMPARE = ['LESS', 'LESS_EQUAL', 'GREATER', 'GREATER_EQUAL', 'EQUAL', 'NOT_EQUAL', 'LOGICAL_AND', 'LOGICAL_OR'];
const REDUCE = ['MEAN', 'SUM', 'REDUCE_MAX', 'REDUCE_MIN', 'REDUCE_PROD', 'REDUCE_ANY', 'REDUCE_ALL'];

export const tfliteShapeRules: Record<string, ShapeRule> = {
  ...Object.fromEntries(UNARY.map((op) => [op, same])),
  ...Object.fromEntries(BINARY.map((op) => [op, broadcasting()])),
  ...Object.fromEntries(COMPARE.map((op) => [op, broadcasting('bool')])),
  ...Object.fromEntries(REDUCE.map((op) => [op, reduce])),
  LOGICAL_NOT: asDtype('bool'),
  DEQUANTIZE: asDtype('float32'),
  CAST: asDtype((context) => context.str('out_data_type', '') || undefined),
  CONV_2D: conv2d,
  DEPTHWISE_CONV_2D: depthwise,
  TRANSPOSE_CONV: transposeConv,
  AVERAGE_POOL_2D: pool,
  MAX_POOL_2D: pool,
  L2_POOL_2D: pool,
  FULLY_CONNECTED: fullyConnected,
  BATCH_MATMUL,
  RESHAPE: reshape,
  CONCATENATION: concatenation,
  PAD: pad,
  PADV2: pad,
  MIRROR_PAD: pad,
  RESIZE_BILINEAR: resize,
  RESIZE_NEAREST_NEIGHBOR: resize,
  TRANSPOSE: transpose,
  SQUEEZE: squeeze,
  EXPAND_DIMS: expandDims,
  UNIDIRECTIONAL_SEQUENCE_LSTM: sequenceLstm,
  SVDF: svdf,
};
