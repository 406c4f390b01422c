// Shape and MAC rules for the TensorFlow ops of TF.js graph models (nodes in the `tf` domain,
// keyed `tf::Conv2D`): convolutions, matrix products and batch norm, following TensorFlow's own
// shape functions (data_format NHWC/NCHW, strides, dilations, padding SAME/VALID/EXPLICIT,
// transposes). MACs follow the ONNX and Keras rules so the same network costs the same in every
// format: a convolution's fused bias and activation and a batch norm are free.
import type { Dim, TensorType } from '../../ir/graph';
import { macsPerOutputElement, type MacRule, type RuleContext, type ShapeRule } from '../../ir/opRules';
import { allNumbers, broadcast, elementsAssuming, isNumber, mapDim } from '../../ir/shapeMath';

/** Where batch, channels and the spatial dims sit in a 4-D tensor of the node's data_format. */
function layout(context: RuleContext): { channels: number; spatial: [number, number] } {
  return context.str('data_format', 'NHWC').startsWith('NC') ? { channels: 1, spatial: [2, 3] } : { channels: 3, spatial: [1, 2] };
}

/** A per-dim attribute of 4 entries in data_format order (strides, dilations, ksize), taken at the spatial axes. */
function spatialAttr(context: RuleContext, name: string, fallback: number): [number, number] {
  const values = context.ints(name);
  const { spatial } = layout(context);
  if (!values || values.length !== 4) return [fallback, fallback];
  return [values[spatial[0]], values[spatial[1]]];
}

/** TensorFlow's GetWindowedOutputSize for one spatial axis. */
function windowed(context: RuleContext, length: Dim, axis: 0 | 1, kernel: number, stride: number, dilation: number): Dim {
  const padding = context.str('padding', 'VALID');
  const span = (kernel - 1) * dilation + 1;
  if (padding === 'SAME') return mapDim(length, (n) => Math.ceil(n / stride));
  if (padding === 'EXPLICIT') {
    const pads = context.ints('explicit_paddings');
    const at = layout(context).spatial[axis];
    if (!pads || pads.length !== 8) return null;
    return mapDim(length, (n) => Math.floor((n + pads[2 * at] + pads[2 * at + 1] - span) / stride) + 1);
  }
  return mapDim(length, (n) => Math.floor((n - span) / stride) + 1);
}

/** Output of a 2-D sliding window over input 0 with `outChannels` channels. */
function windowShape(context: RuleContext, kernel: [Dim, Dim], outChannels: Dim): Dim[] | undefined {
  const x = context.shape(0);
  if (!x || x.length !== 4 || !isNumber(kernel[0]) || !isNumber(kernel[1])) return undefined;
  const { channels, spatial } = layout(context);
  const strides = spatialAttr(context, 'strides', 1);
  const dilations = spatialAttr(context, 'dilations', 1);
  const out = [...x];
  out[channels] = outChannels;
  for (const axis of [0, 1] as const) out[spatial[axis]] = windowed(context, x[spatial[axis]], axis, kernel[axis] as number, strides[axis], dilations[axis]);
  return out;
}

const typed = (context: RuleContext, shape: Dim[] | undefined, dtype = context.input(0)?.dtype): (TensorType | undefined)[] | undefined =>
  shape && dtype ? [{ dtype, shape }] : undefined;

/** Conv2D and _FusedConv2D: filter [kh, kw, in / groups, out]. */
const convShape: ShapeRule = (context) => {
  const filter = context.shape(1);
  if (!filter || filter.length !== 4) return undefined;
  return typed(context, windowShape(context, [filter[0], filter[1]], filter[3]));
};

/** DepthwiseConv2dNative: filter [kh, kw, in, multiplier], out channels in x multiplier. */
const depthwiseShape: ShapeRule = (context) => {
  const filter = context.shape(1);
  if (!filter || filter.length !== 4) return undefined;
  const outChannels = isNumber(filter[2]) && isNumber(filter[3]) ? filter[2] * filter[3] : null;
  return typed(context, windowShape(context, [filter[0], filter[1]], outChannels));
};

/** MaxPool / AvgPool: ksize and strides in data_format order; no dilation. */
const poolShape: ShapeRule = (context) => {
  const x = context.shape(0);
  const kernel = spatialAttr(context, 'ksize', NaN);
  if (!x || x.length !== 4 || Number.isNaN(kernel[0])) return undefined;
  return typed(context, windowShape(context, kernel, x[layout(context).channels]));
};

/** Rows and columns of a matrix operand after its optional transpose. */
function matrix(shape: Dim[] | undefined, transposed: boolean): { rows: Dim; cols: Dim; batch: Dim[] } | undefined {
  if (!shape || shape.length < 2) return undefined;
  const [a, b] = shape.slice(-2);
  return { rows: transposed ? b : a, cols: transposed ? a : b, batch: shape.slice(0, -2) };
}

const flag = (context: RuleContext, name: string): boolean => context.attr(name) === true;

/** MatMul and _FusedMatMul: 2-D operands with transpose_a / transpose_b. */
const matmulShape: ShapeRule = (context) => {
  const a = matrix(context.shape(0), flag(context, 'transpose_a'));
  const b = matrix(context.shape(1), flag(context, 'transpose_b'));
  return a && b ? typed(context, [a.rows, b.cols]) : undefined;
};

/** BatchMatMul (equal batch dims) and V2/V3 (broadcast batch dims) with adj_x / adj_y. */
const batchMatmulShape: ShapeRule = (context) => {
  const a = matrix(context.shape(0), flag(context, 'adj_x'));
  const b = matrix(context.shape(1), flag(context, 'adj_y'));
  if (!a || !b) return undefined;
  const batch = broadcast([a.batch, b.batch]);
  const dtype = context.node.attrs.Tout === undefined ? context.input(0)?.dtype : String(context.node.attrs.Tout);
  return batch ? typed(context, [...batch, a.rows, b.cols], dtype) : undefined;
};

/** FusedBatchNorm(V2, V3): y like x; batch mean and variance (and the reserve spaces) per channel. */
const batchNormShape: ShapeRule = (context) => {
  const x = context.input(0);
  if (!x?.shape) return undefined;
  const channels = x.shape.length === 4 ? x.shape[layout(context).channels] : (context.shape(1)?.[0] ?? null);
  const stats: TensorType = { dtype: context.input(1)?.dtype ?? 'float32', shape: [channels] };
  return [x, ...context.node.outputs.slice(1).map(() => stats)];
};

/** Conv2DBackpropInput (transposed conv): the output size is the value of input 0. */
const convBackpropInputShape: ShapeRule = (context) => {
  const sizes = context.value(0);
  return sizes && sizes.length === 4 ? typed(context, sizes, context.input(2)?.dtype) : undefined;
};

export const tfComputeShapeRules: Record<string, ShapeRule> = {
  Conv2D: convShape,
  _FusedConv2D: convShape,
  DepthwiseConv2dNative: depthwiseShape,
  _FusedDepthwiseConv2dNative: depthwiseShape,
  MaxPool: poolShape,
  AvgPool: poolShape,
  MatMul: matmulShape,
  _FusedMatMul: matmulShape,
  BatchMatMul: batchMatmulShape,
  BatchMatMulV2: batchMatmulShape,
  BatchMatMulV3: batchMatmulShape,
  FusedBatchNorm: batchNormShape,
  FusedBatchNormV2: batchNormShape,
  FusedBatchNormV3: batchNormShape,
  Conv2DBackpropInput: convBackpropInputShape,
};

/** Conv2D: each output element reads kh x kw x (in / groups) weights, the filter less its last dim. */
const convMacs = macsPerOutputElement((context) => {
  const filter = context.shape(1)?.slice(0, 3);
  return allNumbers(filter) && filter.length === 3 ? filter[0] * filter[1] * filter[2] : undefined;
});

/** Depthwise: each output element reads one kh x kw window of one channel. */
const depthwiseMacs = macsPerOutputElement((context) => {
  const filter = context.shape(1)?.slice(0, 2);
  return allNumbers(filter) && filter.length === 2 ? filter[0] * filter[1] : undefined;
});

/** Matrix products: each output element sums over the shared dimension of operand a. */
function matmulMacs(transposeAttr: string): MacRule {
  return macsPerOutputElement((context) => {
    const a = matrix(context.shape(0), flag(context, transposeAttr));
    return isNumber(a?.cols) ? a.cols : undefined;
  });
}

/** Conv2DBackpropInput: every element of the incoming gradient spreads over kh x kw x out-channel weights. */
const convBackpropInputMacs: MacRule = (context) => {
  const dy = elementsAssuming(context.shape(2));
  const filter = context.shape(1)?.slice(0, 3);
  return dy !== undefined && allNumbers(filter) && filter.length === 3 ? dy * filter[0] * filter[1] * filter[2] : undefined;
};

export const tfMacRules: Record<string, MacRule> = {
  Conv2D: convMacs,
  _FusedConv2D: convMacs,
  DepthwiseConv2dNative: depthwiseMacs,
  _FusedDepthwiseConv2dNative: depthwiseMacs,
  MatMul: matmulMacs('transpose_a'),
  _FusedMatMul: matmulMacs('transpose_a'),
  BatchMatMul: matmulMacs('adj_x'),
  BatchMatMulV2: matmulMacs('adj_x'),
  BatchMatMulV3: matmulMacs('adj_x'),
  Conv2DBackpropInput: convBackpropInputMacs,
};
