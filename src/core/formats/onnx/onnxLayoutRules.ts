// Shapes of the ONNX ops that move data without arithmetic: Reshape, Flatten, Transpose, Concat,
// Split, Slice, Gather, Squeeze/Unsqueeze, Expand, Tile, Pad, Resize, DepthToSpace. Axes and sizes
// given as inputs (newer opsets) come from the known values of small constant inputs.
import type { Dim } from '../../ir/graph';
import type { RuleContext, ShapeRule } from '../../ir/opRules';
import { broadcast, isNumber, mapDim, normalizeAxis, productDim, sumDim } from '../../ir/shapeMath';

/** Axes from an attribute before `inputSince` and from input `index` from that opset on. */
function axesOf(context: RuleContext, index: number, inputSince: number, name = 'axes'): number[] | undefined {
  return context.opset >= inputSince ? context.numbers(index) : context.ints(name);
}

/** Reshape's target with 0 (copy) and -1 (infer) resolved; symbols cancel between input and target. */
export function resolveReshape(input: Dim[], target: Dim[], allowZero: boolean): Dim[] {
  const out = target.map((dim, i) => (dim === 0 && !allowZero ? (input[i] ?? null) : dim));
  const inferred = out.indexOf(-1);
  if (inferred < 0) return out;
  const remaining = input.filter((dim) => dim !== 1);
  let divisor = 1;
  for (const [i, dim] of out.entries()) {
    if (i === inferred || dim === 1) continue;
    if (dim === null) return out.map((d) => (d === -1 ? null : d));
    const match = remaining.indexOf(dim);
    if (!isNumber(dim) && match < 0) return out.map((d) => (d === -1 ? null : d));
    if (match >= 0) remaining.splice(match, 1);
    else divisor *= dim as number;
  }
  const rest = productDim(remaining);
  out[inferred] = isNumber(rest) ? (rest % divisor === 0 ? rest / divisor : null) : divisor === 1 ? rest : null;
  return out;
}

const reshape: ShapeRule = (context) => {
  const x = context.input(0);
  const target = context.opset >= 5 ? context.value(1) : context.ints('shape');
  if (!x || !target) return x ? [{ dtype: x.dtype }] : undefined;
  if (!x.shape) return [{ dtype: x.dtype, shape: target.map((dim) => (isNumber(dim) && dim > 0 ? dim : null)) }];
  return [{ dtype: x.dtype, shape: resolveReshape(x.shape, target, context.int('allowzero', 0) === 1) }];
};

const flatten: ShapeRule = (context) => {
  const x = context.input(0);
  if (!x?.shape) return undefined;
  const axis = context.int('axis', 1);
  const split = axis < 0 ? axis + x.shape.length : axis;
  return [{ dtype: x.dtype, shape: [productDim(x.shape.slice(0, split)), productDim(x.shape.slice(split))] }];
};

const transpose: ShapeRule = (context) => {
  const x = context.input(0);
  if (!x?.shape) return undefined;
  const perm = context.ints('perm') ?? x.shape.map((_, i, all) => all.length - 1 - i);
  return [{ dtype: x.dtype, shape: perm.map((axis) => x.shape?.[axis] ?? null) }];
};

const concat: ShapeRule = (context) => {
  const shapes = context.node.inputs.map((_, i) => context.shape(i));
  const dtype = context.input(0)?.dtype;
  if (!dtype || shapes.some((shape) => !shape)) return undefined;
  const known = shapes as Dim[][];
  const rank = known[0].length;
  const axis = normalizeAxis(context.int('axis', 0), rank);
  if (axis === undefined || known.some((shape) => shape.length !== rank)) return undefined;
  const shape = known[0].map((_, i) => (i === axis ? sumDim(known.map((s) => s[i])) : (known.map((s) => s[i]).find(isNumber) ?? known[0][i])));
  return [{ dtype, shape }];
};

const split: ShapeRule = (context) => {
  const x = context.input(0);
  if (!x?.shape) return undefined;
  const axis = normalizeAxis(context.int('axis', 0), x.shape.length);
  if (axis === undefined) return undefined;
  const count = context.node.outputs.length;
  const dim = x.shape[axis];
  const sizes = (context.opset >= 13 ? context.numbers(1) : context.ints('split')) ??
    (isNumber(dim) ? Array.from({ length: count }, (_, i) => Math.min(Math.ceil(dim / count), Math.max(0, dim - i * Math.ceil(dim / count)))) : undefined);
  return Array.from({ length: count }, (_, i) => ({ dtype: x.dtype, shape: x.shape!.map((d, j) => (j === axis ? (sizes?.[i] ?? null) : d)) }));
};

/** Clamped slice length of one axis (ONNX Slice semantics). */
function sliceLength(dim: number, start: number, end: number, step: number): number {
  const clamp = (value: number, low: number, high: number) => Math.min(Math.max(value, low), high);
  const resolve = (value: number) => (value < 0 ? value + dim : value);
  if (step > 0) return Math.max(0, Math.ceil((clamp(resolve(end), 0, dim) - clamp(resolve(start), 0, dim)) / step));
  return Math.max(0, Math.ceil((clamp(resolve(start), 0, dim - 1) - clamp(resolve(end), -1, dim - 1)) / -step));
}

const slice: ShapeRule = (context) => {
  const x = context.input(0);
  if (!x?.shape) return undefined;
  const shape = x.shape;
  const old = context.opset < 10;
  const starts = old ? context.ints('starts') : context.numbers(1);
  const ends = old ? context.ints('ends') : context.numbers(2);
  const axes = (old ? context.ints('axes') : context.node.inputs[3] ? context.numbers(3) : undefined) ?? starts?.map((_, i) => i);
  const steps = !old && context.node.inputs[4] ? context.numbers(4) : undefined;
  if (!starts || !ends || !axes || (!old && context.node.inputs[4] && !steps)) {
    return [{ dtype: x.dtype, shape: shape.map(() => null) }];
  }
  const out = [...shape];
  axes.forEach((rawAxis, i) => {
    const axis = normalizeAxis(rawAxis, shape.length);
    if (axis === undefined) return;
    const dim = shape[axis];
    const step = steps?.[i] ?? 1;
    const whole = starts[i] === 0 && ends[i] >= 2 ** 31 - 1 && step === 1;
    out[axis] = isNumber(dim) ? sliceLength(dim, starts[i], ends[i], step) : whole ? dim : null;
  });
  return [{ dtype: x.dtype, shape: out }];
};

const gather: ShapeRule = (context) => {
  const data = context.input(0);
  const indices = context.shape(1);
  if (!data?.shape || !indices) return undefined;
  const axis = normalizeAxis(context.int('axis', 0), data.shape.length);
  if (axis === undefined) return undefined;
  return [{ dtype: data.dtype, shape: [...data.shape.slice(0, axis), ...indices, ...data.shape.slice(axis + 1)] }];
};

const squeeze: ShapeRule = (context) => {
  const x = context.input(0);
  if (!x?.shape) return undefined;
  const axes = axesOf(context, 1, 13);
  if (!axes) {
    if (context.opset >= 13 && context.node.inputs[1]) return [{ dtype: x.dtype }];
    // Without axes every size-1 dim goes; a symbolic dim might be 1, so the rank is unknown.
    return x.shape.every(isNumber) ? [{ dtype: x.dtype, shape: x.shape.filter((dim) => dim !== 1) }] : [{ dtype: x.dtype }];
  }
  const drop = new Set(axes.map((axis) => normalizeAxis(axis, x.shape!.length)));
  return [{ dtype: x.dtype, shape: x.shape.filter((_, i) => !drop.has(i)) }];
};

const unsqueeze: ShapeRule = (context) => {
  const x = context.input(0);
  const axes = axesOf(context, 1, 13);
  if (!x?.shape || !axes) return x ? [{ dtype: x.dtype }] : undefined;
  const rank = x.shape.length + axes.length;
  const inserted = new Set(axes.map((axis) => normalizeAxis(axis, rank)));
  const rest = [...x.shape];
  return [{ dtype: x.dtype, shape: Array.from({ length: rank }, (_, i) => (inserted.has(i) ? 1 : (rest.shift() ?? null))) }];
};

const expand: ShapeRule = (context) => {
  const x = context.input(0);
  const target = context.value(1);
  if (!x?.shape || !target) return x ? [{ dtype: x.dtype }] : undefined;
  const shape = broadcast([x.shape, target]);
  return shape ? [{ dtype: x.dtype, shape }] : undefined;
};

const tile: ShapeRule = (context) => {
  const x = context.input(0);
  const repeats = context.numbers(1);
  if (!x?.shape) return undefined;
  return [{ dtype: x.dtype, shape: x.shape.map((dim, i) => (repeats ? mapDim(dim, (d) => d * repeats[i]) : null)) }];
};

const pad: ShapeRule = (context) => {
  const x = context.input(0);
  if (!x?.shape) return undefined;
  const rank = x.shape.length;
  const pads = context.opset >= 11 ? context.numbers(1) : context.ints('pads') ?? context.ints('paddings');
  if (!pads) return [{ dtype: x.dtype, shape: x.shape.map(() => null) }];
  const axes = context.opset >= 18 && context.node.inputs[3] ? context.numbers(3) : x.shape.map((_, i) => i);
  if (!axes) return [{ dtype: x.dtype, shape: x.shape.map(() => null) }];
  const shape = [...x.shape];
  axes.forEach((axis, i) => {
    const a = normalizeAxis(axis, rank);
    if (a !== undefined) shape[a] = mapDim(shape[a], (d) => d + pads[i] + pads[i + axes.length]);
  });
  return [{ dtype: x.dtype, shape }];
};

/** Resize (sizes or scales inputs, by opset) and the older Upsample. */
const resize: ShapeRule = (context) => {
  const x = context.input(0);
  if (!x?.shape) return undefined;
  const op = context.node.op;
  const sizes = op === 'Resize' && context.opset >= 11 && context.node.inputs[3] ? context.numbers(3) : undefined;
  if (sizes && sizes.length === x.shape.length) return [{ dtype: x.dtype, shape: sizes }];
  const scaleIndex = op === 'Resize' ? (context.opset >= 11 ? 2 : 1) : 1;
  const scales = op === 'Upsample' && context.opset < 9 ? context.attr('scales') as number[] | undefined : context.numbers(scaleIndex);
  if (!scales || scales.length !== x.shape.length) return [{ dtype: x.dtype, shape: x.shape.map(() => null) }];
  return [{ dtype: x.dtype, shape: x.shape.map((dim, i) => mapDim(dim, (d) => Math.floor(d * scales[i]))) }];
};

function spaceDepth(toSpace: boolean): ShapeRule {
  return (context) => {
    const x = context.input(0);
    const block = context.int('blocksize', 0);
    if (!x?.shape || x.shape.length !== 4 || block <= 0) return undefined;
    const [n, c, h, w] = x.shape;
    const area = block * block;
    return [{ dtype: x.dtype, shape: toSpace
      ? [n, mapDim(c, (d) => d / area), mapDim(h, (d) => d * block), mapDim(w, (d) => d * block)]
      : [n, mapDim(c, (d) => d * area), mapDim(h, (d) => d / block), mapDim(w, (d) => d / block)] }];
  };
}

export const onnxLayoutShapeRules: Record<string, ShapeRule> = {
  Reshape: reshape,
  Flatten: flatten,
  Transpose: transpose,
  Concat: concat,
  Split: split,
  Slice: slice,
  Gather: gather,
  GatherElements: (context) => (context.input(0) && context.shape(1) ? [{ dtype: context.input(0)!.dtype, shape: context.shape(1) }] : undefined),
  Squeeze: squeeze,
  Unsqueeze: unsqueeze,
  Expand: expand,
  Tile: tile,
  Pad: pad,
  Resize: resize,
  Upsample: resize,
  DepthToSpace: spaceDepth(true),
  SpaceToDepth: spaceDepth(false),
};
