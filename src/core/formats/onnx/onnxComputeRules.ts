// Shapes and multiply-accumulates of the ONNX ops that do the arithmetic: convolutions, pooling
// geometry, Gemm/MatMul/Einsum (attention blocks are MatMul chains) and recurrent layers.
import type { Dim, TensorType } from '../../ir/graph';
import type { MacRule, RuleContext, ShapeRule } from '../../ir/opRules';
import { allNumbers, broadcast, elementsAssuming, isNumber } from '../../ir/shapeMath';

const ones = (count: number): number[] => new Array<number>(count).fill(1);

/** Spatial geometry of Conv/ConvTranspose/pooling from attributes, falling back to the weight's shape. */
function geometry(context: RuleContext, spatial: number, kernelFromWeight?: Dim[]) {
  const kernel = context.ints('kernel_shape') ?? (allNumbers(kernelFromWeight) ? kernelFromWeight : undefined);
  return {
    kernel,
    strides: context.ints('strides') ?? ones(spatial),
    dilations: context.ints('dilations') ?? ones(spatial),
    pads: context.ints('pads') ?? new Array<number>(2 * spatial).fill(0),
    autoPad: context.str('auto_pad', 'NOTSET'),
  };
}

/** Output spatial dims of a convolution or pooling window. */
function windowOutput(context: RuleContext, input: Dim[], kernelFromWeight?: Dim[], ceilMode = false): Dim[] | undefined {
  const spatial = input.length - 2;
  const { kernel, strides, dilations, pads, autoPad } = geometry(context, spatial, kernelFromWeight);
  if (!kernel || kernel.length !== spatial) return undefined;
  return input.slice(2).map((dim, i) => {
    if (!isNumber(dim)) return null;
    const span = dilations[i] * (kernel[i] - 1) + 1;
    if (autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER') return Math.ceil(dim / strides[i]);
    const padded = autoPad === 'VALID' ? dim : dim + pads[i] + pads[i + spatial];
    const steps = (padded - span) / strides[i];
    return (ceilMode ? Math.ceil(steps) : Math.floor(steps)) + 1;
  });
}

function convShape(dataIndex: number, weightIndex: number, dtypeOf?: (context: RuleContext) => string | undefined): ShapeRule {
  return (context) => {
    const x = context.shape(dataIndex);
    const w = context.shape(weightIndex);
    const dtype = dtypeOf?.(context) ?? context.input(dataIndex)?.dtype;
    if (!x || x.length < 3 || !dtype) return undefined;
    const spatial = windowOutput(context, x, w?.slice(2));
    if (!spatial) return [{ dtype, shape: [x[0], w?.[0] ?? null, ...new Array<Dim>(x.length - 2).fill(null)] }];
    return [{ dtype, shape: [x[0], w?.[0] ?? null, ...spatial] }];
  };
}

const convTransposeShape: ShapeRule = (context) => {
  const x = context.shape(0);
  const w = context.shape(1);
  const dtype = context.input(0)?.dtype;
  if (!x || x.length < 3 || !dtype) return undefined;
  const spatial = x.length - 2;
  const group = context.int('group', 1);
  const channels = isNumber(w?.[1]) ? w[1] * group : null;
  const explicit = context.ints('output_shape');
  if (explicit) return [{ dtype, shape: [x[0], channels, ...explicit.slice(-spatial)] }];
  const { kernel, strides, dilations, pads, autoPad } = geometry(context, spatial, w?.slice(2));
  const outputPadding = context.ints('output_padding') ?? new Array<number>(spatial).fill(0);
  const dims = x.slice(2).map((dim, i) => {
    if (!isNumber(dim) || !kernel) return null;
    if (autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER') return dim * strides[i];
    const padTotal = autoPad === 'VALID' ? 0 : pads[i] + pads[i + spatial];
    return strides[i] * (dim - 1) + outputPadding[i] + (kernel[i] - 1) * dilations[i] + 1 - padTotal;
  });
  return [{ dtype, shape: [x[0], channels, ...dims] }];
};

const poolShape: ShapeRule = (context) => {
  const x = context.shape(0);
  const dtype = context.input(0)?.dtype;
  if (!x || x.length < 3 || !dtype) return undefined;
  const spatial = windowOutput(context, x, undefined, context.int('ceil_mode', 0) === 1) ?? new Array<Dim>(x.length - 2).fill(null);
  const shape = [x[0], x[1], ...spatial];
  return [{ dtype, shape }, { dtype: 'int64', shape }];
};

const globalPoolShape: ShapeRule = (context) => {
  const x = context.shape(0);
  const dtype = context.input(0)?.dtype;
  if (!x || x.length < 2 || !dtype) return undefined;
  return [{ dtype, shape: [x[0], x[1], ...ones(x.length - 2)] }];
};

const gemmShape: ShapeRule = (context) => {
  const a = context.shape(0);
  const b = context.shape(1);
  const dtype = context.input(0)?.dtype;
  if (!a || !b || a.length !== 2 || b.length !== 2 || !dtype) return undefined;
  const m = context.int('transA', 0) ? a[1] : a[0];
  const n = context.int('transB', 0) ? b[0] : b[1];
  return [{ dtype, shape: [m, n] }];
};

/** NumPy matmul: 1-D operands are promoted and the added axis removed again; batch axes broadcast. */
function matmulShape(aIndex: number, bIndex: number, dtypeOf: (context: RuleContext) => string | undefined): ShapeRule {
  return (context) => {
    const a = context.shape(aIndex);
    const b = context.shape(bIndex);
    const dtype = dtypeOf(context);
    if (!a || !b || a.length === 0 || b.length === 0 || !dtype) return undefined;
    const left = a.length === 1 ? [1, a[0]] : a;
    const right = b.length === 1 ? [b[0], 1] : b;
    const batch = broadcast([left.slice(0, -2), right.slice(0, -2)]);
    if (!batch) return undefined;
    const shape = [...batch, ...(a.length === 1 ? [] : [left[left.length - 2]]), ...(b.length === 1 ? [] : [right[right.length - 1]])];
    return [{ dtype, shape }];
  };
}

/** RNN/GRU/LSTM outputs: Y and the final states, in either layout. */
const recurrentShape: ShapeRule = (context) => {
  const x = context.shape(0);
  const dtype = context.input(0)?.dtype;
  const hidden = context.int('hidden_size', 0);
  if (!x || x.length !== 3 || !dtype || hidden <= 0) return undefined;
  const directions = context.str('direction', 'forward') === 'bidirectional' ? 2 : 1;
  const batchFirst = context.int('layout', 0) === 1;
  const [seq, batch] = batchFirst ? [x[1], x[0]] : [x[0], x[1]];
  const y: TensorType = { dtype, shape: batchFirst ? [batch, seq, directions, hidden] : [seq, directions, batch, hidden] };
  const state: TensorType = { dtype, shape: batchFirst ? [batch, directions, hidden] : [directions, batch, hidden] };
  return [y, state, state];
};

/** Index letters of an explicit Einsum equation (`bsc,btc->bst`); undefined for ellipses or implicit outputs. */
function einsumTerms(context: RuleContext): { inputs: string[]; output: string } | undefined {
  const equation = context.str('equation', '').replace(/\s/g, '');
  const [left, output] = equation.split('->');
  if (output === undefined || equation.includes('.')) return undefined;
  return { inputs: left.split(','), output };
}

/** Size of every index letter, from the operands' shapes; undefined when a letter's size is unknown or inconsistent. */
function einsumSizes(context: RuleContext, inputs: string[]): Map<string, Dim> | undefined {
  const sizes = new Map<string, Dim>();
  for (const [i, term] of inputs.entries()) {
    const shape = context.shape(i);
    if (!shape || shape.length !== term.length) return undefined;
    for (const [j, letter] of [...term].entries()) {
      const known = sizes.get(letter);
      if (known === undefined || known === 1 || known === null) sizes.set(letter, shape[j]);
      else if (isNumber(known) && isNumber(shape[j]) && shape[j] !== 1 && shape[j] !== known) return undefined;
    }
  }
  return sizes;
}

const einsumShape: ShapeRule = (context) => {
  const terms = einsumTerms(context);
  const dtype = context.input(0)?.dtype;
  const sizes = terms && einsumSizes(context, terms.inputs);
  if (!terms || !dtype) return undefined;
  return [sizes ? { dtype, shape: [...terms.output].map((letter) => sizes.get(letter) ?? null) } : { dtype }];
};

export const onnxComputeShapeRules: Record<string, ShapeRule> = {
  Einsum: einsumShape,
  Conv: convShape(0, 1),
  ConvInteger: convShape(0, 1, () => 'int32'),
  QLinearConv: convShape(0, 3, (context) => context.input(7)?.dtype ?? context.input(0)?.dtype),
  ConvTranspose: convTransposeShape,
  MaxPool: poolShape,
  AveragePool: poolShape,
  LpPool: poolShape,
  GlobalAveragePool: globalPoolShape,
  GlobalMaxPool: globalPoolShape,
  GlobalLpPool: globalPoolShape,
  Gemm: gemmShape,
  MatMul: matmulShape(0, 1, (context) => context.input(0)?.dtype),
  MatMulInteger: matmulShape(0, 1, () => 'int32'),
  QLinearMatMul: matmulShape(0, 3, (context) => context.input(7)?.dtype ?? context.input(0)?.dtype),
  RNN: recurrentShape,
  GRU: recurrentShape,
  LSTM: recurrentShape,
};

/** Conv: every output element takes (Cin / group) x kernel multiply-accumulates. */
function convMacs(dataIndex: number, weightIndex: number): MacRule {
  return (context) => {
    const perOutput = context.shape(weightIndex)?.slice(1);
    const out = elementsAssuming(context.output(0)?.shape);
    if (!allNumbers(perOutput) || out === undefined || context.shape(dataIndex) === undefined) return undefined;
    return out * perOutput.reduce((a, b) => a * b, 1);
  };
}

/** ConvTranspose: every input element is spread over (Cout / group) x kernel outputs. */
const convTransposeMacs: MacRule = (context) => {
  const perInput = context.shape(1)?.slice(1);
  const input = elementsAssuming(context.shape(0));
  if (!allNumbers(perInput) || input === undefined) return undefined;
  return input * perInput.reduce((a, b) => a * b, 1);
};

const gemmMacs: MacRule = (context) => {
  const a = context.shape(0);
  const out = elementsAssuming(context.output(0)?.shape);
  if (!a || a.length !== 2 || out === undefined) return undefined;
  const k = context.int('transA', 0) ? a[0] : a[1];
  return isNumber(k) ? out * k : undefined;
};

function matmulMacs(aIndex: number): MacRule {
  return (context) => {
    const a = context.shape(aIndex);
    const out = elementsAssuming(context.output(0)?.shape);
    const k = a?.[a.length - 1];
    return out !== undefined && isNumber(k) ? out * k : undefined;
  };
}

/** Gates per step: RNN 1, GRU 3, LSTM 4; each gate multiplies by the input and the recurrent weights. */
function recurrentMacs(gates: number): MacRule {
  return (context) => {
    const x = context.shape(0);
    const hidden = context.int('hidden_size', 0);
    if (!x || x.length !== 3 || !isNumber(x[2]) || hidden <= 0) return undefined;
    const steps = elementsAssuming(x.slice(0, 2));
    if (steps === undefined) return undefined;
    const directions = context.str('direction', 'forward') === 'bidirectional' ? 2 : 1;
    return steps * directions * gates * hidden * (x[2] + hidden);
  };
}

/** Two-operand Einsum: one multiply-accumulate per combination of all index values. */
const einsumMacs: MacRule = (context) => {
  const terms = einsumTerms(context);
  if (!terms || terms.inputs.length > 2) return undefined;
  if (terms.inputs.length === 1) return 0;
  const sizes = einsumSizes(context, terms.inputs);
  return sizes ? elementsAssuming([...sizes.values()]) : undefined;
};

export const onnxMacRules: Record<string, MacRule> = {
  Einsum: einsumMacs,
  Conv: convMacs(0, 1),
  ConvInteger: convMacs(0, 1),
  QLinearConv: convMacs(0, 3),
  ConvTranspose: convTransposeMacs,
  Gemm: gemmMacs,
  MatMul: matmulMacs(0),
  MatMulInteger: matmulMacs(0),
  QLinearMatMul: matmulMacs(0),
  RNN: recurrentMacs(1),
  GRU: recurrentMacs(3),
  LSTM: recurrentMacs(4),
};
