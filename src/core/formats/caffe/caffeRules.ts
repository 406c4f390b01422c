// Shape and MAC rules for Caffe layers, keyed `caffe::<type>`, following each layer's Reshape()
// in BVLC Caffe: convolution floors, pooling rounds up (ceil) and drops a last window that would
// start inside the padding. Attributes are the normalized ones of caffeAttrs.ts.
import type { Dim, TensorType } from '../../ir/graph';
import type { MacRule, RuleContext, RuleSet, ShapeRule } from '../../ir/opRules';
import { elementsAssuming, isNumber, mapDim, normalizeAxis, productDim, sumDim } from '../../ir/shapeMath';

const shapeOf = (context: RuleContext, index = 0): Dim[] | undefined => context.shape(index);
const typed = (context: RuleContext, shape: Dim[] | undefined): TensorType | undefined => (shape ? { dtype: context.input(0)?.dtype ?? 'float32', shape } : undefined);
const pair = (context: RuleContext, name: string, fallback: number): number[] => {
  const value = context.ints(name);
  return value && value.length > 0 ? value : [fallback, fallback];
};

/** Convolution: floor((in + 2p - (d(k-1)+1)) / s) + 1 per spatial axis (BVLC ConvolutionLayer::compute_output_shape). */
const convolution = (transposed: boolean): ShapeRule => (context) => {
  const shape = shapeOf(context);
  if (!shape || shape.length < 3) return undefined;
  const axis = normalizeAxis(context.int('axis', 1), shape.length) ?? 1;
  const spatialAxes = shape.length - axis - 1;
  const kernel = pair(context, 'kernel', 1);
  const stride = pair(context, 'stride', 1);
  const pad = pair(context, 'pad', 0);
  const dilation = pair(context, 'dilation', 1);
  const at = (list: number[], i: number) => list[Math.min(i, list.length - 1)];
  const out = shape.slice(axis + 1).map((dim, i) => {
    const extent = at(dilation, i) * (at(kernel, i) - 1) + 1;
    return mapDim(dim, (n) => (transposed ? at(stride, i) * (n - 1) + extent - 2 * at(pad, i) : Math.floor((n + 2 * at(pad, i) - extent) / at(stride, i)) + 1));
  });
  if (out.length !== spatialAxes) return undefined;
  return [typed(context, [...shape.slice(0, axis), context.int('num_output', 0) || null, ...out])];
};

/** Pooling: ceil((in + 2p - k) / s) + 1, minus one when the last window starts in the padding (PoolingLayer::Reshape). */
const pooling: ShapeRule = (context) => {
  const shape = shapeOf(context);
  if (!shape || shape.length !== 4) return undefined;
  if (context.attr('global_pooling') === true) return [typed(context, [shape[0], shape[1], 1, 1])];
  const kernel = pair(context, 'kernel', 0);
  const stride = pair(context, 'stride', 1);
  const pad = pair(context, 'pad', 0);
  const round = context.str('round_mode', 'CEIL') === 'FLOOR' ? Math.floor : Math.ceil;
  const out = [2, 3].map((axis, i) =>
    mapDim(shape[axis], (n) => {
      let size = round((n + 2 * pad[i] - kernel[i]) / stride[i]) + 1;
      if (pad[i] > 0 && (size - 1) * stride[i] >= n + pad[i]) size--;
      return size;
    }),
  );
  return [typed(context, [shape[0], shape[1], ...out])];
};

const innerProduct: ShapeRule = (context) => {
  const shape = shapeOf(context);
  if (!shape) return undefined;
  const axis = normalizeAxis(context.int('axis', 1), shape.length);
  return axis === undefined ? undefined : [typed(context, [...shape.slice(0, axis), context.int('num_output', 0) || null])];
};

const same: ShapeRule = (context) => (context.input(0) ? [context.input(0)] : undefined);

const concat: ShapeRule = (context) => {
  const shapes = Array.from({ length: dataInputs(context) }, (_, index) => shapeOf(context, index));
  if (shapes.length === 0 || shapes.some((shape) => !shape)) return undefined;
  const rank = shapes[0]!.length;
  const axis = normalizeAxis(context.int('axis', 1), rank);
  if (axis === undefined) return undefined;
  return [typed(context, shapes[0]!.map((dim, i) => (i === axis ? sumDim(shapes.map((shape) => shape![i])) : dim)))];
};

/** Layers read their data bottoms first and their weights after; weights are named `<layer>/<blob>`. */
function dataInputs(context: RuleContext): number {
  const prefix = `${context.node.name}/`;
  return context.node.inputs.filter((name) => !name.startsWith(prefix)).length;
}

const flatten: ShapeRule = (context) => {
  const shape = shapeOf(context);
  if (!shape) return undefined;
  const start = normalizeAxis(context.int('axis', 1), shape.length);
  const end = normalizeAxis(context.int('end_axis', -1), shape.length);
  if (start === undefined || end === undefined || end < start) return undefined;
  return [typed(context, [...shape.slice(0, start), productDim(shape.slice(start, end + 1)), ...shape.slice(end + 1)])];
};

/** Reshape: 0 copies the input dim, -1 is inferred; axis/num_axes choose the replaced range. */
const reshape: ShapeRule = (context) => {
  const shape = shapeOf(context);
  const target = context.ints('shape');
  if (!shape || !target) return undefined;
  const start = normalizeAxis(context.int('axis', 0), shape.length + 1);
  if (start === undefined) return undefined;
  const numAxes = context.int('num_axes', -1);
  const end = numAxes === -1 ? shape.length : start + numAxes;
  if (end > shape.length) return undefined;
  const replaced = shape.slice(start, end);
  const dims: Dim[] = target.map((dim, i) => (dim === 0 ? (replaced[i] ?? null) : dim));
  const total = productDim(replaced);
  const known = dims.filter((dim) => dim !== -1);
  if (dims.includes(-1)) {
    const rest = productDim(known);
    const inferred = isNumber(total) && isNumber(rest) && rest !== 0 ? total / rest : null;
    dims[dims.indexOf(-1)] = inferred;
  }
  return [typed(context, [...shape.slice(0, start), ...dims, ...shape.slice(end)])];
};

const slice: ShapeRule = (context) => {
  const shape = shapeOf(context);
  const tops = context.node.outputs.length;
  if (!shape || tops === 0) return undefined;
  const axis = normalizeAxis(context.int('axis', 1), shape.length);
  const length = axis === undefined ? undefined : shape[axis];
  if (axis === undefined || !isNumber(length)) return undefined;
  const points = context.ints('slice_point') ?? [];
  const bounds = points.length === tops - 1 ? [0, ...points, length] : Array.from({ length: tops + 1 }, (_, i) => (i * length) / tops);
  return Array.from({ length: tops }, (_, i) => typed(context, shape.map((dim, index) => (index === axis ? bounds[i + 1] - bounds[i] : dim))));
};

const split: ShapeRule = (context) => context.node.outputs.map(() => context.input(0));

const crop: ShapeRule = (context) => {
  const shape = shapeOf(context);
  const reference = shapeOf(context, 1);
  if (!shape || !reference) return undefined;
  const axis = normalizeAxis(context.int('axis', 2), shape.length);
  return axis === undefined ? undefined : [typed(context, shape.map((dim, i) => (i >= axis ? (reference[i] ?? null) : dim)))];
};

const embed: ShapeRule = (context) => {
  const shape = shapeOf(context);
  return shape ? [typed(context, [...shape, context.int('num_output', 0) || null])] : undefined;
};

const SAME_SHAPE = ['ReLU', 'PReLU', 'ELU', 'Sigmoid', 'TanH', 'AbsVal', 'BNLL', 'Power', 'Exp', 'Log', 'Threshold', 'Swish', 'Clip', 'Dropout', 'BatchNorm',
  'Scale', 'Bias', 'LRN', 'MVN', 'Softmax', 'Eltwise'];

const SHAPES: Record<string, ShapeRule> = {
  Convolution: convolution(false), Deconvolution: convolution(true), Pooling: pooling, InnerProduct: innerProduct, Concat: concat,
  Flatten: flatten, Reshape: reshape, Slice: slice, Split: split, Crop: crop, Embed: embed,
};
for (const name of SAME_SHAPE) SHAPES[name] = same;

const inChannels = (context: RuleContext): number | undefined => {
  const shape = shapeOf(context);
  const axis = shape ? normalizeAxis(context.int('axis', 1), shape.length) : undefined;
  const channels = shape && axis !== undefined ? shape[axis] : undefined;
  return isNumber(channels) ? channels : undefined;
};
const kernelArea = (context: RuleContext): number => pair(context, 'kernel', 1).reduce((a, b) => a * b, 1);

const MACS: Record<string, MacRule> = {
  // Each output element reads kernel area x input channels per group.
  Convolution: (context) => {
    const out = elementsAssuming(context.output(0)?.shape);
    const channels = inChannels(context);
    return out === undefined || channels === undefined ? undefined : (out * channels * kernelArea(context)) / Math.max(1, context.int('group', 1));
  },
  // Each input element is scattered to kernel area x output channels per group.
  Deconvolution: (context) => {
    const input = elementsAssuming(shapeOf(context));
    const outChannels = context.int('num_output', 0);
    return input === undefined || !outChannels ? undefined : (input * outChannels * kernelArea(context)) / Math.max(1, context.int('group', 1));
  },
  InnerProduct: (context) => {
    const shape = shapeOf(context);
    const axis = shape ? normalizeAxis(context.int('axis', 1), shape.length) : undefined;
    const out = elementsAssuming(context.output(0)?.shape);
    const inner = shape && axis !== undefined ? elementsAssuming(shape.slice(axis)) : undefined;
    return out === undefined || inner === undefined ? undefined : out * inner;
  },
};

/** Layers counted as free, as the Keras and ONNX summaries count activations, pooling and normalization. */
const NO_MACS = [...SAME_SHAPE, 'Pooling', 'Concat', 'Flatten', 'Reshape', 'Slice', 'Split', 'Crop', 'Embed', 'Silence'];

const key = (name: string): string => `caffe::${name}`;
const rekey = <T>(rules: Record<string, T>): Record<string, T> => Object.fromEntries(Object.entries(rules).map(([name, rule]) => [key(name), rule]));

/** The Caffe rules. */
export const caffeRuleSet: RuleSet = {
  opsetKey: 'caffe',
  defaultOpset: 0,
  shape: rekey(SHAPES),
  value: {},
  macs: rekey(MACS),
  noMacs: new Set(NO_MACS.map(key)),
};
