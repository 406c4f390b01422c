// Known contents of small integer tensors through the shape arithmetic exporters emit
// (Shape -> Gather -> Unsqueeze -> Concat -> Reshape). Symbolic dims flow through as symbols,
// so `x.view(x.size(0), -1)` still resolves to [batch, 512].
import type { Dim } from '../../ir/graph';
import type { RuleContext, ValueRule } from '../../ir/opRules';
import { isTensorRef } from '../../ir/attrs';
import { isNumber, normalizeAxis } from '../../ir/shapeMath';
import { readSmallTensor, SMALL_TENSOR_ELEMENTS } from '../../ir/tensorData';

const passThrough: ValueRule = (context) => {
  const value = context.value(0);
  return value ? [value] : undefined;
};

const constantValue: ValueRule = (context) => {
  const value = context.attr('value');
  if (isTensorRef(value)) {
    const numbers = readSmallTensor(value);
    return numbers ? [numbers] : undefined;
  }
  for (const name of ['value_ints', 'value_floats']) {
    const list = context.attr(name);
    if (Array.isArray(list) && list.length <= SMALL_TENSOR_ELEMENTS) return [list as number[]];
  }
  for (const name of ['value_int', 'value_float']) {
    const scalar = context.attr(name);
    if (typeof scalar === 'number') return [[scalar]];
  }
  return undefined;
};

const shapeValue: ValueRule = (context) => {
  const shape = context.shape(0);
  if (!shape) return undefined;
  const rank = shape.length;
  const start = normalizeAxis(context.int('start', 0), rank + 1) ?? 0;
  const endAttr = context.attr('end');
  const end = typeof endAttr === 'number' ? (endAttr < 0 ? endAttr + rank : Math.min(endAttr, rank)) : rank;
  return [shape.slice(start, end)];
};

const gatherValue: ValueRule = (context) => {
  const data = context.value(0);
  const indices = context.numbers(1);
  if (!data || !indices || (context.shape(0)?.length ?? 1) !== 1) return undefined;
  const picked = indices.map((index) => data[index < 0 ? index + data.length : index]);
  return picked.every((dim) => dim !== undefined) ? [picked] : undefined;
};

const concatValue: ValueRule = (context) => {
  const parts = context.node.inputs.map((_, i) => context.value(i));
  return parts.every((part) => part !== undefined) ? [parts.flat() as Dim[]] : undefined;
};

/** Row-major strides of a numeric shape. */
function strides(shape: number[]): number[] {
  const result = new Array<number>(shape.length).fill(1);
  for (let i = shape.length - 2; i >= 0; i--) result[i] = result[i + 1] * shape[i + 1];
  return result;
}

/** Every index of `shape` in row-major order, as coordinate lists. */
function* coordinates(shape: number[]): Generator<number[]> {
  const total = shape.reduce((a, b) => a * b, 1);
  for (let flat = 0; flat < total; flat++) {
    let rest = flat;
    yield shape.map((_, axis) => {
      const stride = strides(shape)[axis];
      const index = Math.floor(rest / stride);
      rest -= index * stride;
      return index;
    });
  }
}

/** N-D Slice of known contents (exporters reverse pad vectors with a step of -1). */
const sliceValue: ValueRule = (context) => {
  const data = context.value(0);
  const shape = context.shape(0) ?? (data ? [data.length] : undefined);
  const old = context.opset < 10;
  const starts = old ? context.ints('starts') : context.numbers(1);
  const ends = old ? context.ints('ends') : context.numbers(2);
  const axes = (old ? context.ints('axes') : context.node.inputs[3] ? context.numbers(3) : undefined) ?? starts?.map((_, i) => i);
  const steps = !old && context.node.inputs[4] ? context.numbers(4) : starts?.map(() => 1);
  if (!data || !shape?.every(isNumber) || !starts || !ends || !axes || !steps) return undefined;
  const dims = shape as number[];
  const ranges = dims.map((dim) => ({ start: 0, step: 1, count: dim }));
  axes.forEach((rawAxis, i) => {
    const axis = normalizeAxis(rawAxis, dims.length);
    if (axis === undefined || steps[i] === 0) return;
    const dim = dims[axis];
    const step = steps[i];
    const resolve = (value: number) => (value < 0 ? value + dim : value);
    const clamp = (value: number, low: number, high: number) => Math.min(Math.max(value, low), high);
    const start = step > 0 ? clamp(resolve(starts[i]), 0, dim) : clamp(resolve(starts[i]), -1, dim - 1);
    const end = step > 0 ? clamp(resolve(ends[i]), 0, dim) : clamp(resolve(ends[i]), -1, dim - 1);
    ranges[axis] = { start, step, count: Math.max(0, Math.ceil((end - start) / step)) };
  });
  const inputStrides = strides(dims);
  const out: Dim[] = [];
  for (const position of coordinates(ranges.map((range) => range.count))) {
    out.push(data[position.reduce((flat, index, axis) => flat + (ranges[axis].start + index * ranges[axis].step) * inputStrides[axis], 0)]);
  }
  return [out];
};

const transposeValue: ValueRule = (context) => {
  const data = context.value(0);
  const shape = context.shape(0);
  if (!data || !shape?.every(isNumber)) return undefined;
  const dims = shape as number[];
  const perm = context.ints('perm') ?? dims.map((_, i) => dims.length - 1 - i);
  const inputStrides = strides(dims);
  const out: Dim[] = [];
  for (const position of coordinates(perm.map((axis) => dims[axis]))) {
    out.push(data[position.reduce((flat, index, i) => flat + index * inputStrides[perm[i]], 0)]);
  }
  return [out];
};

/** Arithmetic on known numbers; a scalar operand broadcasts. Symbols give null. */
function arithmetic(apply: (a: number, b: number, integer: boolean) => number): ValueRule {
  return (context) => {
    const integer = !/^(float|bfloat|double)/.test(context.input(0)?.dtype ?? 'int64');
    const a = context.value(0);
    const b = context.value(1);
    if (!a || !b || (a.length !== b.length && a.length !== 1 && b.length !== 1)) return undefined;
    const length = Math.max(a.length, b.length);
    const out: Dim[] = [];
    for (let i = 0; i < length; i++) {
      const x = a[a.length === 1 ? 0 : i];
      const y = b[b.length === 1 ? 0 : i];
      out.push(isNumber(x) && isNumber(y) ? apply(x, y, integer) : null);
    }
    return [out];
  };
}

/** Where with a known condition: picks from x or y, scalars broadcasting. */
const whereValue: ValueRule = (context) => {
  const [condition, x, y] = [context.numbers(0), context.value(1), context.value(2)];
  if (!condition || !x || !y) return undefined;
  const length = Math.max(condition.length, x.length, y.length);
  const at = (values: readonly Dim[], i: number) => values[values.length === 1 ? 0 : i];
  if ([condition, x, y].some((values) => values.length !== 1 && values.length !== length)) return undefined;
  return [Array.from({ length }, (_, i) => (at(condition, i) ? at(x, i) : at(y, i)))];
};

const constantOfShapeValue: ValueRule = (context) => {
  const shape = context.numbers(0);
  const value = context.attr('value');
  const fill = isTensorRef(value) ? readSmallTensor(value)?.[0] : 0;
  const count = shape?.reduce((a, b) => a * b, 1);
  return shape && fill !== undefined && count !== undefined && count <= SMALL_TENSOR_ELEMENTS ? [new Array<number>(count).fill(fill)] : undefined;
};

const rangeValue: ValueRule = (context) => {
  const [start, limit, delta] = [context.numbers(0)?.[0], context.numbers(1)?.[0], context.numbers(2)?.[0]];
  if (start === undefined || limit === undefined || !delta) return undefined;
  const count = Math.max(0, Math.ceil((limit - start) / delta));
  return count <= SMALL_TENSOR_ELEMENTS ? [Array.from({ length: count }, (_, i) => start + i * delta)] : undefined;
};

const sizeValue: ValueRule = (context: RuleContext) => {
  const shape = context.shape(0);
  return shape?.every(isNumber) ? [[(shape as number[]).reduce((a, b) => a * b, 1)]] : undefined;
};

export const onnxValueRules: Record<string, ValueRule> = {
  Constant: constantValue,
  Shape: shapeValue,
  Size: sizeValue,
  Gather: gatherValue,
  Concat: concatValue,
  Slice: sliceValue,
  Transpose: transposeValue,
  Cast: passThrough,
  Identity: passThrough,
  Reshape: passThrough,
  Flatten: passThrough,
  Squeeze: passThrough,
  Unsqueeze: passThrough,
  Add: arithmetic((a, b) => a + b),
  Sub: arithmetic((a, b) => a - b),
  Mul: arithmetic((a, b) => a * b),
  Div: arithmetic((a, b, integer) => (integer ? Math.trunc(a / b) : a / b)),
  Equal: arithmetic((a, b) => Number(a === b)),
  Less: arithmetic((a, b) => Number(a < b)),
  Greater: arithmetic((a, b) => Number(a > b)),
  Not: (context) => {
    const value = context.numbers(0);
    return value ? [value.map((entry) => Number(!entry))] : undefined;
  },
  Max: arithmetic((a, b) => Math.max(a, b)),
  Min: arithmetic((a, b) => Math.min(a, b)),
  ConstantOfShape: constantOfShapeValue,
  Where: whereValue,
  Range: rangeValue,
};
