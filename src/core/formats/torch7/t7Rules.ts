// Shape and MAC rules for Torch7 nn modules, keyed `nn::<Module>` (and `cudnn::`), from the
// modules' own fields (nInputPlane, kW, dW, padW, ceil_mode, ...). A module's recorded `output`
// tensor gives its shape when the file kept one; these rules fill the rest.
import type { Dim, TensorType } from '../../ir/graph';
import type { MacRule, RuleContext, RuleSet, ShapeRule } from '../../ir/opRules';
import { elementsAssuming, isNumber, mapDim } from '../../ir/shapeMath';

const typed = (context: RuleContext, shape: Dim[] | undefined): TensorType | undefined => (shape ? { dtype: context.input(0)?.dtype ?? 'float32', shape } : undefined);

/** Spatial windows over the last two axes of a 3-D (C,H,W) or 4-D (N,C,H,W) input. */
const window = (kind: 'conv' | 'pool' | 'full'): ShapeRule => (context) => {
  const shape = context.shape(0);
  if (!shape || (shape.length !== 3 && shape.length !== 4)) return undefined;
  const k = [context.int('kH', 1), context.int('kW', 1)];
  const d = [context.int('dH', 1), context.int('dW', 1)];
  const p = [context.int('padH', 0), context.int('padW', 0)];
  const round = kind === 'pool' && context.attr('ceil_mode') === true ? Math.ceil : Math.floor;
  const spatial = shape.slice(-2).map((dim, i) => mapDim(dim, (n) => (kind === 'full' ? (n - 1) * d[i] - 2 * p[i] + k[i] + context.int(i === 0 ? 'adjH' : 'adjW', 0) : round((n + 2 * p[i] - k[i]) / d[i]) + 1)));
  const channels = kind === 'pool' ? shape[shape.length - 3] : context.int('nOutputPlane', 0) || null;
  return [typed(context, [...shape.slice(0, -3), channels, ...spatial])];
};

const linear: ShapeRule = (context) => {
  const shape = context.shape(0);
  const out = context.int('outputSize', 0);
  return shape && shape.length >= 1 && out ? [typed(context, [...shape.slice(0, -1), out])] : undefined;
};
const same: ShapeRule = (context) => (context.input(0) ? [context.input(0)] : undefined);

const SAME = ['ReLU', 'ReLU6', 'Tanh', 'Sigmoid', 'ELU', 'LeakyReLU', 'PReLU', 'Threshold', 'HardTanh', 'SoftMax', 'LogSoftMax', 'Dropout', 'SpatialDropout',
  'BatchNormalization', 'SpatialBatchNormalization', 'Identity', 'MulConstant', 'AddConstant', 'Normalize', 'CAddTable', 'CMulTable', 'CSubTable', 'Abs', 'Square', 'Sqrt'];
const CONV = ['SpatialConvolution', 'SpatialConvolutionMM'];
const POOL = ['SpatialMaxPooling', 'SpatialAveragePooling'];

const SHAPES: Record<string, ShapeRule> = { Linear: linear, SpatialFullConvolution: window('full') };
for (const name of SAME) SHAPES[name] = same;
for (const name of CONV) SHAPES[name] = window('conv');
for (const name of POOL) SHAPES[name] = window('pool');

const conv: MacRule = (context) => {
  const out = elementsAssuming(context.output(0)?.shape);
  const inPlanes = context.int('nInputPlane', 0);
  return out === undefined || !inPlanes ? undefined : (out * inPlanes * context.int('kW', 1) * context.int('kH', 1)) / Math.max(1, context.int('groups', 1));
};
const MACS: Record<string, MacRule> = {
  Linear: (context) => {
    const out = elementsAssuming(context.output(0)?.shape);
    const inputs = context.int('inputSize', 0);
    return out === undefined || !inputs ? undefined : out * inputs;
  },
  SpatialFullConvolution: (context) => {
    const input = elementsAssuming(context.shape(0));
    const outPlanes = context.int('nOutputPlane', 0);
    return input === undefined || !outPlanes || !isNumber(outPlanes) ? undefined : input * outPlanes * context.int('kW', 1) * context.int('kH', 1);
  },
};
for (const name of CONV) MACS[name] = conv;

const NO_MACS = [...SAME, ...POOL, 'View', 'Reshape', 'Concat', 'JoinTable', 'SplitTable', 'SelectTable', 'Transpose', 'Squeeze', 'Unsqueeze'];

/** Both torch7 namespaces whose modules share these semantics. */
const DOMAINS = ['nn', 'cudnn', 'cunn'];
const keyed = <T>(rules: Record<string, T>): Record<string, T> =>
  Object.fromEntries(DOMAINS.flatMap((domain) => Object.entries(rules).map(([name, rule]): [string, T] => [`${domain}::${name}`, rule])));

/** The Torch7 rules. */
export const torch7RuleSet: RuleSet = {
  opsetKey: 'torch7',
  defaultOpset: 0,
  shape: keyed(SHAPES),
  value: {},
  macs: keyed(MACS),
  noMacs: new Set(DOMAINS.flatMap((domain) => NO_MACS.map((name) => `${domain}::${name}`))),
};
