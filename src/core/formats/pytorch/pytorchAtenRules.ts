// Shape and MAC rules for the aten ops recovered from TorchScript code/ (nodes in the `aten`
// domain, keyed `aten::conv2d`). TorchScript stores no input shapes, so these apply once the user
// gives one (`--input-shape`). A node's inputs are its tensor arguments in order; its other
// arguments are attributes `arg<i>` by position in the call, or by keyword. Shapes follow
// torch's own rules; MACs follow the ONNX rules (normalization, pooling and activations are free).
import type { AttrValue, Dim, TensorType } from '../../ir/graph';
import { inDomain, macsPerOutputElement, type MacRule, type RuleContext, type RuleSet, type ShapeRule } from '../../ir/opRules';
import { allNumbers, broadcast, elementsAssuming, isNumber, mapDim, normalizeAxis, productDim } from '../../ir/shapeMath';

/** The call argument at `index` (or keyword `name`) when it was a constant. */
function arg(context: RuleContext, index: number, name: string): AttrValue | undefined {
  return context.attr(`arg${index}`) ?? context.attr(name);
}
/** A non-tensor argument the code passed but the walker could not resolve (a value known only at run time). */
const unresolved = (context: RuleContext, index: number): boolean => context.ints('unresolvedArgs')?.includes(index) ?? false;
/** An int argument; `fallback` when omitted (torch's default), NaN when unresolved (the dims it feeds become unknown). */
const intArg = (context: RuleContext, index: number, name: string, fallback: number): number => {
  const value = arg(context, index, name);
  return typeof value === 'number' ? value : unresolved(context, index) ? NaN : fallback;
};
/** An int-list argument (stride, padding) expanded to `rank` entries; torch accepts one int for all. */
function listArg(context: RuleContext, index: number, name: string, rank: number, fallback: number): number[] | undefined {
  const value = arg(context, index, name);
  if (value === undefined) return unresolved(context, index) ? undefined : new Array<number>(rank).fill(fallback);
  if (value === null) return new Array<number>(rank).fill(fallback);
  if (typeof value === 'number') return new Array<number>(rank).fill(value);
  if (Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === 'number')) return value.length === 1 ? new Array<number>(rank).fill(value[0] as number) : (value as number[]);
  return undefined;
}

const typed = (context: RuleContext, shape: Dim[] | undefined): (TensorType | undefined)[] | undefined => (shape ? [{ dtype: context.input(0)?.dtype ?? 'float32', shape }] : undefined);
const same: ShapeRule = (context) => (context.shape(0) ? typed(context, context.shape(0)) : undefined);

/** Sliding-window output length (torch's conv and pooling formula), with ceil_mode for pooling. */
function windowLength(length: Dim, kernel: number, stride: number, padding: number, dilation: number, ceil = false): Dim {
  return mapDim(length, (n) => {
    const steps = (n + 2 * padding - dilation * (kernel - 1) - 1) / stride;
    let out = (ceil ? Math.ceil(steps) : Math.floor(steps)) + 1;
    // torch drops a last window that would start inside the right padding.
    if (ceil && (out - 1) * stride >= n + padding) out--;
    return out;
  });
}

const isTransposed = (context: RuleContext): boolean => context.node.op.startsWith('conv_transpose') || (context.node.op === '_convolution' && arg(context, 6, 'transposed') === true);

/** conv1d/2d/3d(input, weight, bias, stride, padding, dilation, groups) and _convolution(..., transposed, output_padding, groups, ...). */
const convolution: ShapeRule = (context) => {
  const x = context.shape(0);
  const w = context.shape(1);
  if (!x || !w || x.length < 3 || w.length !== x.length) return undefined;
  const rank = x.length - 2;
  const kernel = w.slice(2);
  if (!allNumbers(kernel)) return undefined;
  const stride = listArg(context, 3, 'stride', rank, 1);
  const dilation = listArg(context, 5, 'dilation', rank, 1);
  const paddingArg = arg(context, 4, 'padding');
  if (isTransposed(context)) {
    // _convolution(..., transposed, output_padding, groups); conv_transposeNd(input, weight, bias, stride, padding, output_padding, groups, dilation).
    const underscore = context.node.op === '_convolution';
    const padding = listArg(context, 4, 'padding', rank, 0);
    const outputPadding = listArg(context, underscore ? 7 : 5, 'output_padding', rank, 0);
    const groups = intArg(context, underscore ? 8 : 6, 'groups', 1);
    const spread = underscore ? dilation : listArg(context, 7, 'dilation', rank, 1);
    if (!stride || !padding || !spread || !outputPadding) return undefined;
    const spatial = x.slice(2).map((dim, i) => mapDim(dim, (n) => (n - 1) * stride[i] - 2 * padding[i] + spread[i] * (kernel[i] - 1) + outputPadding[i] + 1));
    return typed(context, [x[0], mapDim(w[1], (c) => c * groups), ...spatial]);
  }
  if (!stride || !dilation) return undefined;
  let spatial: Dim[];
  if (paddingArg === 'same') spatial = x.slice(2);
  else {
    const padding = paddingArg === 'valid' ? new Array<number>(rank).fill(0) : listArg(context, 4, 'padding', rank, 0);
    if (!padding) return undefined;
    spatial = x.slice(2).map((dim, i) => windowLength(dim, kernel[i], stride[i], padding[i], dilation[i]));
  }
  return typed(context, [x[0], w[0], ...spatial]);
};

/** max_pool(input, kernel, stride, padding, dilation, ceil_mode); avg_pool(input, kernel, stride, padding, ceil_mode, ...). */
function pool(rank: number, kind: 'max' | 'avg'): ShapeRule {
  return (context) => {
    const x = context.shape(0);
    const kernel = listArg(context, 1, 'kernel_size', rank, 1);
    if (!x || x.length < rank + 1 || !kernel) return undefined;
    const strideArg = arg(context, 2, 'stride');
    // An omitted, empty or None stride means the kernel size.
    const omitted = strideArg === undefined && !unresolved(context, 2);
    const stride = omitted || strideArg === null || (Array.isArray(strideArg) && strideArg.length === 0) ? kernel : listArg(context, 2, 'stride', rank, 1);
    const padding = listArg(context, 3, 'padding', rank, 0);
    const dilation = kind === 'max' ? listArg(context, 4, 'dilation', rank, 1) : new Array<number>(rank).fill(1);
    const ceil = arg(context, kind === 'max' ? 5 : 4, 'ceil_mode') === true;
    if (!stride || !padding || !dilation) return undefined;
    const lead = x.slice(0, x.length - rank);
    return typed(context, [...lead, ...x.slice(-rank).map((dim, i) => windowLength(dim, kernel[i], stride[i], padding[i], dilation[i], ceil))]);
  };
}

function adaptivePool(rank: number): ShapeRule {
  return (context) => {
    const x = context.shape(0);
    const size = arg(context, 1, 'output_size');
    const sizes = typeof size === 'number' ? new Array<number>(rank).fill(size) : Array.isArray(size) ? (size as (number | null)[]) : undefined;
    if (!x || x.length < rank + 1 || !sizes || sizes.length !== rank) return undefined;
    const spatial = x.slice(-rank);
    return typed(context, [...x.slice(0, x.length - rank), ...sizes.map((dim, i) => (typeof dim === 'number' ? dim : spatial[i]))]);
  };
}

/** linear(input, weight, bias): the last dim becomes the weight's rows. */
const linear: ShapeRule = (context) => {
  const x = context.shape(0);
  const w = context.shape(1);
  return x && w?.length === 2 ? typed(context, [...x.slice(0, -1), w[0]]) : undefined;
};

/** matmul with torch's 1-D promotion and batch broadcasting; mm and bmm are its special cases. */
function matmulShape(a: Dim[], b: Dim[]): Dim[] | undefined {
  const left = a.length === 1 ? [1, a[0]] : a;
  const right = b.length === 1 ? [b[0], 1] : b;
  if (left.length < 2 || right.length < 2) return undefined;
  const batch = broadcast([left.slice(0, -2), right.slice(0, -2)]);
  if (!batch) return undefined;
  return [...batch, ...(a.length === 1 ? [] : [left[left.length - 2]]), ...(b.length === 1 ? [] : [right[right.length - 1]])];
}
const matmul: ShapeRule = (context) => {
  const [a, b] = [context.shape(0), context.shape(1)];
  return a && b ? typed(context, matmulShape(a, b)) : undefined;
};
/** addmm(bias, mat1, mat2): mat1 @ mat2. */
const addmm: ShapeRule = (context) => {
  const [a, b] = [context.shape(1), context.shape(2)];
  return a?.length === 2 && b?.length === 2 ? typed(context, [a[0], b[1]]) : undefined;
};

const elementwise: ShapeRule = (context) => {
  const shapes = context.node.inputs.map((_, index) => context.shape(index));
  return shapes.length > 0 && shapes.every(Boolean) ? typed(context, broadcast(shapes as Dim[][])) : undefined;
};

const flatten: ShapeRule = (context) => {
  const x = context.shape(0);
  if (!x) return undefined;
  const start = normalizeAxis(intArg(context, 1, 'start_dim', 0), Math.max(x.length, 1));
  const end = normalizeAxis(intArg(context, 2, 'end_dim', -1), Math.max(x.length, 1));
  if (start === undefined || end === undefined || x.length === 0) return undefined;
  return typed(context, [...x.slice(0, start), productDim(x.slice(start, end + 1)), ...x.slice(end + 1)]);
};

/** view / reshape(input, shape): one -1 filled from the element count. */
const reshape: ShapeRule = (context) => {
  const x = context.shape(0);
  const target = arg(context, 1, 'shape') ?? arg(context, 1, 'size');
  if (!x || !Array.isArray(target) || !target.every((dim) => typeof dim === 'number')) return undefined;
  const known = (target as number[]).filter((dim) => dim !== -1).reduce((a, b) => a * b, 1);
  const total = productDim(x);
  return typed(context, (target as number[]).map((dim) => (dim === -1 ? mapDim(total, (n) => n / known) : dim)));
};

const transpose: ShapeRule = (context) => {
  const x = context.shape(0);
  if (!x) return undefined;
  if (context.node.op === 't') return typed(context, [...x].reverse());
  const a = normalizeAxis(intArg(context, 1, 'dim0', NaN), x.length);
  const b = normalizeAxis(intArg(context, 2, 'dim1', NaN), x.length);
  if (a === undefined || b === undefined) return undefined;
  const out = [...x];
  [out[a], out[b]] = [x[b], x[a]];
  return typed(context, out);
};

const permute: ShapeRule = (context) => {
  const x = context.shape(0);
  const dims = arg(context, 1, 'dims');
  return x && Array.isArray(dims) && dims.length === x.length ? typed(context, (dims as number[]).map((dim) => x[normalizeAxis(dim, x.length) ?? -1] ?? null)) : undefined;
};

/** cat(tensors, dim): every input is one of the list's tensors. */
const cat: ShapeRule = (context) => {
  const shapes = context.node.inputs.map((_, index) => context.shape(index));
  if (shapes.length === 0 || shapes.some((shape) => !shape || shape.length !== shapes[0]!.length)) return undefined;
  const axis = normalizeAxis(intArg(context, 1, 'dim', 0), shapes[0]!.length);
  if (axis === undefined) return undefined;
  return typed(context, shapes[0]!.map((dim, i) => (i === axis ? (shapes.every((shape) => isNumber(shape![i])) ? shapes.reduce((sum, shape) => sum + (shape![i] as number), 0) : null) : dim)));
};

/** mean / sum(input, dims, keepdim). */
const reduce: ShapeRule = (context) => {
  const x = context.shape(0);
  const dims = arg(context, 1, 'dim');
  if (!x) return undefined;
  const axes = (typeof dims === 'number' ? [dims] : Array.isArray(dims) ? (dims as number[]) : undefined)?.map((axis) => normalizeAxis(axis, x.length));
  // mean(x) with no dims reduces everything.
  if (!axes || axes.some((axis) => axis === undefined)) return dims === undefined && !unresolved(context, 1) ? typed(context, []) : undefined;
  const keep = arg(context, 2, 'keepdim') === true;
  return typed(context, x.flatMap((dim, i) => (axes.includes(i) ? (keep ? [1] : []) : [dim])));
};

/** embedding(weight, indices, ...): one weight row per index. */
const embedding: ShapeRule = (context) => {
  const [w, indices] = [context.shape(0), context.shape(1)];
  return w?.length === 2 && indices ? [{ dtype: context.input(0)?.dtype ?? 'float32', shape: [...indices, w[1]] }] : undefined;
};

/** c10::ScalarType numbers as TorchScript writes dtypes into code (`torch.to(x, 6, ...)`). */
const SCALAR_TYPES: Record<number, string> = { 0: 'uint8', 1: 'int8', 2: 'int16', 3: 'int32', 4: 'int64', 5: 'float16', 6: 'float32', 7: 'float64', 11: 'bool', 15: 'bfloat16' };

/** to(input, dtype, ...) or to(input, device, dtype, ...): same shape, the dtype when the code names one. */
const to: ShapeRule = (context) => {
  const x = context.input(0);
  if (!x?.shape) return undefined;
  const code = [arg(context, 1, 'dtype'), arg(context, 2, 'dtype')].find((value) => typeof value === 'number') as number | undefined;
  return [{ dtype: (code !== undefined ? SCALAR_TYPES[code] : undefined) ?? x.dtype, shape: x.shape }];
};

const SAME_SHAPE = [
  'relu', 'relu_', 'relu6', 'sigmoid', 'sigmoid_', 'tanh', 'tanh_', 'gelu', 'silu', 'silu_', 'hardtanh', 'hardtanh_', 'hardswish', 'hardswish_',
  'hardsigmoid', 'hardsigmoid_', 'leaky_relu', 'leaky_relu_', 'elu', 'elu_', 'softmax', 'log_softmax', 'dropout', 'dropout_', 'feature_dropout',
  'contiguous', 'clone', 'detach', 'batch_norm', 'layer_norm', 'group_norm', 'instance_norm', 'clamp', 'clamp_', 'neg', 'exp', 'sqrt', 'rsqrt',
];
const ELEMENTWISE = ['add', 'add_', 'sub', 'sub_', 'mul', 'mul_', 'div', 'div_', 'rsub', 'pow', 'maximum', 'minimum', 'where'];

const shape: Record<string, ShapeRule> = {
  ...Object.fromEntries(SAME_SHAPE.map((op) => [op, same])),
  ...Object.fromEntries(ELEMENTWISE.map((op) => [op, elementwise])),
  _convolution: convolution, conv1d: convolution, conv2d: convolution, conv3d: convolution,
  conv_transpose1d: convolution, conv_transpose2d: convolution, conv_transpose3d: convolution,
  max_pool1d: pool(1, 'max'), max_pool2d: pool(2, 'max'), max_pool3d: pool(3, 'max'),
  avg_pool1d: pool(1, 'avg'), avg_pool2d: pool(2, 'avg'), avg_pool3d: pool(3, 'avg'),
  adaptive_avg_pool1d: adaptivePool(1), adaptive_avg_pool2d: adaptivePool(2), adaptive_avg_pool3d: adaptivePool(3),
  adaptive_max_pool1d: adaptivePool(1), adaptive_max_pool2d: adaptivePool(2), adaptive_max_pool3d: adaptivePool(3),
  linear, matmul, mm: matmul, bmm: matmul, addmm,
  to, type_as: same, flatten, view: reshape, reshape, t: transpose, transpose, permute, cat, concat: cat, mean: reduce, sum: reduce, embedding,
};

/** Output elements times the multiply-accumulates each takes. */
/** Convolution: weight [out, in / groups, k...] gives in / groups x kernel per output element; transposed spreads each input element instead. */
const convolutionMacs: MacRule = (context) => {
  const w = context.shape(1);
  if (!allNumbers(w) || w.length < 3) return undefined;
  const perElement = w.slice(1).reduce((a, b) => a * b, 1);
  if (isTransposed(context)) {
    const input = elementsAssuming(context.shape(0));
    return input === undefined ? undefined : input * perElement;
  }
  return macsPerOutputElement(() => perElement)(context);
};
const innerDim = (index: number) => macsPerOutputElement((context) => {
  const a = context.shape(index);
  const k = a?.[a.length - 1];
  return isNumber(k) ? k : undefined;
});

const macs: Record<string, MacRule> = {
  _convolution: convolutionMacs, conv1d: convolutionMacs, conv2d: convolutionMacs, conv3d: convolutionMacs,
  conv_transpose1d: convolutionMacs, conv_transpose2d: convolutionMacs, conv_transpose3d: convolutionMacs,
  linear: innerDim(0), matmul: innerDim(0), mm: innerDim(0), bmm: innerDim(0), addmm: innerDim(1),
};

const atenShape = inDomain('aten', shape);
const atenMacs = inDomain('aten', macs);

/** The rules of PyTorch models: aten ops recovered from TorchScript code; module-level nodes have none. */
export const pytorchRuleSet: RuleSet = {
  opsetKey: 'torch.serialization',
  defaultOpset: 0,
  shape: atenShape,
  value: {},
  macs: atenMacs,
  noMacs: new Set(Object.keys(atenShape).filter((key) => !(key in atenMacs))),
};
