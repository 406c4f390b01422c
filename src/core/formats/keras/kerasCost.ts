// Shape and MAC rules for Keras layers (Keras 2, Keras 3 and TF.js layers models), keyed like
// ruleKey: `keras::Dense`. A layer's attributes are its Keras config; weights follow the data
// inputs. Rules follow Keras' own compute_output_shape; anything unlisted stays unknown.
import type { Dim, TensorType } from '../../ir/graph';
import type { MacRule, RuleContext, RuleSet, ShapeRule } from '../../ir/opRules';
import { broadcast, elementsAssuming, isNumber, mapDim, normalizeAxis, productDim, sumDim } from '../../ir/shapeMath';

/** What a Keras rule reads: the layer config and the types of its inputs. */
interface Layer {
  config: Record<string, unknown>;
  inputs: (TensorType | undefined)[];
}

type Types = (TensorType | undefined)[] | undefined;
type Shape = (layer: Layer) => Types;
type Macs = (layer: Layer, outputs: Types) => number | undefined;

const num = (value: unknown, fallback: number): number => (typeof value === 'number' ? value : fallback);
/** An int or tuple config (kernel_size, strides) as one value per spatial axis. */
const tuple = (value: unknown, rank: number, fallback: number): number[] =>
  Array.isArray(value) ? value.map((item) => num(item, fallback)) : Array.from({ length: rank }, () => num(value, fallback));
const first = (layer: Layer): TensorType | undefined => layer.inputs[0];
const typed = (layer: Layer, shape: Dim[] | undefined): TensorType | undefined => (shape ? { dtype: first(layer)?.dtype ?? 'float32', shape } : undefined);
const channelsFirst = (layer: Layer): boolean => layer.config.data_format === 'channels_first';

/** Keras' conv_output_length for one axis. */
function convLength(length: Dim, kernel: number, stride: number, dilation: number, padding: string): Dim {
  return mapDim(length, (n) => (padding === 'valid' ? Math.floor((n - dilation * (kernel - 1) - 1) / stride) + 1 : Math.ceil(n / stride)));
}

/** Splits a channels-last or channels-first shape into batch, spatial dims and channels. */
function split(layer: Layer, shape: Dim[]): { batch: Dim; spatial: Dim[]; channels: Dim; join: (spatial: Dim[], channels: Dim) => Dim[] } {
  if (channelsFirst(layer)) return { batch: shape[0], channels: shape[1], spatial: shape.slice(2), join: (spatial, channels) => [shape[0], channels, ...spatial] };
  return { batch: shape[0], channels: shape[shape.length - 1], spatial: shape.slice(1, -1), join: (spatial, channels) => [shape[0], ...spatial, channels] };
}

/** Conv, depthwise, separable and pooling share the sliding-window output shape. */
function window(kind: 'conv' | 'depthwise' | 'pool'): Shape {
  return (layer) => {
    const shape = first(layer)?.shape;
    if (!shape || shape.length < 3) return undefined;
    const { spatial, channels, join } = split(layer, shape);
    const rank = spatial.length;
    const kernel = tuple(kind === 'pool' ? (layer.config.pool_size ?? 2) : layer.config.kernel_size, rank, 1);
    const strides = tuple(layer.config.strides ?? (kind === 'pool' ? kernel : 1), rank, 1);
    const dilation = tuple(layer.config.dilation_rate ?? 1, rank, 1);
    const padding = String(layer.config.padding ?? 'valid');
    const out = spatial.map((dim, i) => convLength(dim, kernel[i], strides[i], kind === 'pool' ? 1 : dilation[i], padding));
    const outChannels = kind === 'pool' ? channels : kind === 'depthwise' ? mapDim(channels, (c) => c * num(layer.config.depth_multiplier, 1)) : num(layer.config.filters, NaN);
    return [typed(layer, join(out, Number.isNaN(outChannels) ? null : outChannels))];
  };
}

const transposed: Shape = (layer) => {
  const shape = first(layer)?.shape;
  if (!shape || shape.length < 3) return undefined;
  const { spatial, join } = split(layer, shape);
  const kernel = tuple(layer.config.kernel_size, spatial.length, 1);
  const strides = tuple(layer.config.strides ?? 1, spatial.length, 1);
  const same = layer.config.padding === 'same';
  const out = spatial.map((dim, i) => mapDim(dim, (n) => (same ? n * strides[i] : (n - 1) * strides[i] + kernel[i])));
  return [typed(layer, join(out, num(layer.config.filters, NaN)))];
};

const sameShape: Shape = (layer) => (first(layer) ? [first(layer)] : undefined);
const dense: Shape = (layer) => {
  const shape = first(layer)?.shape;
  return shape && shape.length >= 2 ? [typed(layer, [...shape.slice(0, -1), num(layer.config.units, NaN)].map((dim) => (Number.isNaN(dim) ? null : dim)))] : undefined;
};
const flatten: Shape = (layer) => {
  const shape = first(layer)?.shape;
  return shape ? [typed(layer, [shape[0], productDim(shape.slice(1))])] : undefined;
};
const globalPool: Shape = (layer) => {
  const shape = first(layer)?.shape;
  if (!shape) return undefined;
  const { batch, spatial, channels, join } = split(layer, shape);
  return [typed(layer, layer.config.keepdims === true ? join(spatial.map(() => 1), channels) : [batch, channels])];
};
const reshape: Shape = (layer) => {
  const shape = first(layer)?.shape;
  const target = Array.isArray(layer.config.target_shape) ? (layer.config.target_shape as number[]) : undefined;
  if (!shape || !target) return undefined;
  const total = productDim(shape.slice(1));
  const known = target.filter((dim) => dim !== -1).reduce((product, dim) => product * dim, 1);
  return [typed(layer, [shape[0], ...target.map((dim) => (dim === -1 ? mapDim(total, (n) => n / known) : dim))])];
};
const permute: Shape = (layer) => {
  const shape = first(layer)?.shape;
  const dims = Array.isArray(layer.config.dims) ? (layer.config.dims as number[]) : undefined;
  return shape && dims ? [typed(layer, [shape[0], ...dims.map((dim) => shape[dim] ?? null)])] : undefined;
};
const repeatVector: Shape = (layer) => {
  const shape = first(layer)?.shape;
  return shape ? [typed(layer, [shape[0], num(layer.config.n, NaN), shape[1]].map((dim) => (Number.isNaN(dim) ? null : dim)))] : undefined;
};
const merge: Shape = (layer) => {
  const shapes = layer.inputs.map((input) => input?.shape);
  if (shapes.some((shape) => !shape)) return undefined;
  const shape = broadcast(shapes as Dim[][]);
  return shape ? [typed(layer, shape)] : undefined;
};
const concatenate: Shape = (layer) => {
  const shapes = layer.inputs.map((input) => input?.shape);
  if (shapes.length === 0 || shapes.some((shape) => !shape)) return undefined;
  const rank = shapes[0]!.length;
  const axis = normalizeAxis(num(layer.config.axis, -1), rank);
  if (axis === undefined) return undefined;
  return [typed(layer, shapes[0]!.map((dim, i) => (i === axis ? sumDim(shapes.map((shape) => shape![i])) : dim)))];
};
const embedding: Shape = (layer) => {
  const shape = first(layer)?.shape;
  return shape ? [{ dtype: 'float32', shape: [...shape, num(layer.config.output_dim, NaN)].map((dim) => (Number.isNaN(dim as number) ? null : dim)) }] : undefined;
};
/** Zero padding (positive) and cropping (negative) per spatial axis; Keras writes ints, pairs or pairs of pairs. */
function pad(sign: 1 | -1, key: 'padding' | 'cropping', rank: number): Shape {
  return (layer) => {
    const shape = first(layer)?.shape;
    if (!shape) return undefined;
    const raw = layer.config[key] ?? 1;
    const amounts = Array.from({ length: rank }, (_, i) => {
      const item = Array.isArray(raw) ? (rank === 1 ? raw : raw[i]) : raw;
      return Array.isArray(item) ? num(item[0], 0) + num(item[1], 0) : 2 * num(item, 0);
    });
    const { spatial, channels, join } = split(layer, shape);
    return [typed(layer, join(spatial.map((dim, i) => mapDim(dim, (n) => n + sign * amounts[i])), channels))];
  };
}
const upsampling = (rank: number): Shape => (layer) => {
  const shape = first(layer)?.shape;
  if (!shape) return undefined;
  const size = tuple(layer.config.size ?? 2, rank, 2);
  const { spatial, channels, join } = split(layer, shape);
  return [typed(layer, join(spatial.map((dim, i) => mapDim(dim, (n) => n * size[i])), channels))];
};

/** Gates of each recurrent cell: one weight block per gate. */
const GATES: Record<string, number> = { LSTM: 4, GRU: 3, SimpleRNN: 1, CuDNNLSTM: 4, CuDNNGRU: 3 };
const recurrent: Shape = (layer) => {
  const shape = first(layer)?.shape;
  if (!shape || shape.length !== 3) return undefined;
  const units = num(layer.config.units, NaN);
  const state = typed(layer, [shape[0], units]);
  const output = layer.config.return_sequences === true ? typed(layer, [shape[0], shape[1], units]) : state;
  if (layer.config.return_state !== true) return [output];
  return [output, state, ...(layer.config.__gates === 4 ? [state] : [])];
};
const recurrentMacs: Macs = (layer) => {
  const shape = first(layer)?.shape;
  const gates = num(layer.config.__gates, 0);
  const units = num(layer.config.units, NaN);
  if (!shape || shape.length !== 3 || !isNumber(shape[1]) || !isNumber(shape[2]) || !gates || Number.isNaN(units)) return undefined;
  return (elementsAssuming([shape[0]]) ?? 1) * shape[1] * gates * (shape[2] * units + units * units);
};

/** The wrapped layer of Bidirectional / TimeDistributed, viewed with its own config. */
function inner(layer: Layer, inputs: (TensorType | undefined)[]): Layer & { className: string } {
  const wrapped = (layer.config.layer ?? {}) as { class_name?: string; config?: Record<string, unknown> };
  const className = String(wrapped.class_name ?? '');
  return { className, config: { ...(wrapped.config ?? {}), __gates: GATES[className] }, inputs };
}

const bidirectional: Shape = (layer) => {
  const wrapped = inner(layer, layer.inputs.slice(0, 1));
  const outputs = SHAPES[wrapped.className]?.(wrapped);
  const out = outputs?.[0];
  if (!out?.shape) return undefined;
  const mode = layer.config.merge_mode === undefined ? 'concat' : layer.config.merge_mode;
  const merged = mode === 'concat' ? { dtype: out.dtype, shape: [...out.shape.slice(0, -1), mapDim(out.shape[out.shape.length - 1], (n) => 2 * n)] } : out;
  const states = (outputs ?? []).slice(1);
  return mode === null ? [out, out, ...states, ...states] : [merged, ...states, ...states];
};
const timeDistributed: Shape = (layer) => {
  const shape = first(layer)?.shape;
  if (!shape || shape.length < 3) return undefined;
  const wrapped = inner(layer, [{ dtype: first(layer)!.dtype, shape: [shape[0], ...shape.slice(2)] }]);
  const out = SHAPES[wrapped.className]?.(wrapped)?.[0];
  return out?.shape ? [{ dtype: out.dtype, shape: [out.shape[0], shape[1], ...out.shape.slice(1)] }] : undefined;
};

const SHAPES: Record<string, Shape> = {
  Dense: dense, Flatten: flatten, Reshape: reshape, Permute: permute, RepeatVector: repeatVector, Embedding: embedding, Concatenate: concatenate,
  Conv1D: window('conv'), Conv2D: window('conv'), Conv3D: window('conv'), SeparableConv1D: window('conv'), SeparableConv2D: window('conv'),
  DepthwiseConv1D: window('depthwise'), DepthwiseConv2D: window('depthwise'), Conv1DTranspose: transposed, Conv2DTranspose: transposed, Conv3DTranspose: transposed,
  MaxPooling1D: window('pool'), MaxPooling2D: window('pool'), MaxPooling3D: window('pool'), AveragePooling1D: window('pool'), AveragePooling2D: window('pool'), AveragePooling3D: window('pool'),
  GlobalAveragePooling1D: globalPool, GlobalAveragePooling2D: globalPool, GlobalAveragePooling3D: globalPool, GlobalMaxPooling1D: globalPool, GlobalMaxPooling2D: globalPool, GlobalMaxPooling3D: globalPool,
  ZeroPadding1D: pad(1, 'padding', 1), ZeroPadding2D: pad(1, 'padding', 2), ZeroPadding3D: pad(1, 'padding', 3), Cropping1D: pad(-1, 'cropping', 1), Cropping2D: pad(-1, 'cropping', 2), Cropping3D: pad(-1, 'cropping', 3),
  UpSampling1D: upsampling(1), UpSampling2D: upsampling(2), UpSampling3D: upsampling(3),
  Add: merge, Subtract: merge, Multiply: merge, Average: merge, Maximum: merge, Minimum: merge,
  LSTM: recurrent, GRU: recurrent, SimpleRNN: recurrent, CuDNNLSTM: recurrent, CuDNNGRU: recurrent, Bidirectional: bidirectional, TimeDistributed: timeDistributed,
};
const SAME_SHAPE = ['Activation', 'ReLU', 'LeakyReLU', 'PReLU', 'ELU', 'ThresholdedReLU', 'Softmax', 'Dropout', 'SpatialDropout1D', 'SpatialDropout2D', 'SpatialDropout3D',
  'GaussianNoise', 'GaussianDropout', 'AlphaDropout', 'BatchNormalization', 'LayerNormalization', 'GroupNormalization', 'UnitNormalization', 'ActivityRegularization', 'Masking', 'Rescaling', 'Normalization', 'Identity'];
for (const name of SAME_SHAPE) SHAPES[name] = sameShape;

/** Output elements (batch symbols as 1) times the weights each output element reads. */
const perOutput = (weightsPerOutput: (layer: Layer) => number | undefined): Macs => (layer, outputs) => {
  const elements = elementsAssuming(outputs?.[0]?.shape);
  const per = weightsPerOutput(layer);
  return elements === undefined || per === undefined || Number.isNaN(per) ? undefined : elements * per;
};
const inChannels = (layer: Layer): number | undefined => {
  const shape = first(layer)?.shape;
  const channels = shape ? split(layer, shape).channels : undefined;
  return isNumber(channels) ? channels : undefined;
};
const kernelSize = (layer: Layer): number => {
  const rank = (first(layer)?.shape?.length ?? 3) - 2;
  return tuple(layer.config.kernel_size, rank, 1).reduce((a, b) => a * b, 1);
};
const convMacs = perOutput((layer) => {
  const channels = inChannels(layer);
  return channels === undefined ? undefined : (kernelSize(layer) * channels) / num(layer.config.groups, 1);
});
const separableMacs: Macs = (layer, outputs) => {
  const channels = inChannels(layer);
  const out = elementsAssuming(outputs?.[0]?.shape);
  const filters = num(layer.config.filters, NaN);
  if (channels === undefined || out === undefined || Number.isNaN(filters)) return undefined;
  const depthwise = (out / filters) * channels * num(layer.config.depth_multiplier, 1);
  return depthwise * kernelSize(layer) + depthwise * filters;
};
const transposedMacs: Macs = (layer) => {
  const input = elementsAssuming(first(layer)?.shape);
  return input === undefined ? undefined : input * kernelSize(layer) * num(layer.config.filters, NaN) || undefined;
};
/** Bidirectional runs its layer twice over the same input. */
const bidirectionalMacs: Macs = (layer) => {
  const wrapped = inner(layer, layer.inputs.slice(0, 1));
  const macs = MACS[wrapped.className]?.(wrapped, SHAPES[wrapped.className]?.(wrapped));
  return macs === undefined ? undefined : 2 * macs;
};
/** TimeDistributed runs its layer once per step on one step's slice. */
const timeDistributedMacs: Macs = (layer) => {
  const shape = first(layer)?.shape;
  if (!shape || shape.length < 3 || !isNumber(shape[1])) return undefined;
  const wrapped = inner(layer, [{ dtype: first(layer)!.dtype, shape: [shape[0], ...shape.slice(2)] }]);
  const macs = MACS[wrapped.className]?.(wrapped, SHAPES[wrapped.className]?.(wrapped));
  return macs === undefined ? undefined : shape[1] * macs;
};
const MACS: Record<string, Macs> = {
  Dense: perOutput((layer) => {
    const shape = first(layer)?.shape;
    const last = shape?.[shape.length - 1];
    return isNumber(last) ? last : undefined;
  }),
  Conv1D: convMacs, Conv2D: convMacs, Conv3D: convMacs,
  DepthwiseConv1D: perOutput(kernelSize), DepthwiseConv2D: perOutput(kernelSize),
  SeparableConv1D: separableMacs, SeparableConv2D: separableMacs,
  Conv1DTranspose: transposedMacs, Conv2DTranspose: transposedMacs, Conv3DTranspose: transposedMacs,
  LSTM: recurrentMacs, GRU: recurrentMacs, SimpleRNN: recurrentMacs, CuDNNLSTM: recurrentMacs, CuDNNGRU: recurrentMacs,
  Bidirectional: bidirectionalMacs,
  TimeDistributed: timeDistributedMacs,
};
/** Layers that do no multiply-accumulates (pooling and normalization are counted as free, like Keras summaries). */
const NO_MACS = [...SAME_SHAPE, 'Flatten', 'Reshape', 'Permute', 'RepeatVector', 'Embedding', 'Concatenate', 'Add', 'Subtract', 'Multiply', 'Average', 'Maximum', 'Minimum',
  'MaxPooling1D', 'MaxPooling2D', 'MaxPooling3D', 'AveragePooling1D', 'AveragePooling2D', 'AveragePooling3D', 'GlobalAveragePooling1D', 'GlobalAveragePooling2D', 'GlobalAveragePooling3D',
  'GlobalMaxPooling1D', 'GlobalMaxPooling2D', 'GlobalMaxPooling3D', 'ZeroPadding1D', 'ZeroPadding2D', 'ZeroPadding3D', 'Cropping1D', 'Cropping2D', 'Cropping3D', 'UpSampling1D', 'UpSampling2D', 'UpSampling3D'];

/** A node seen as a Keras layer: its config (plus the gate count of recurrent cells) and input types. */
function layerOf(context: RuleContext): Layer {
  return { config: { ...context.node.attrs, __gates: GATES[context.node.op] }, inputs: context.node.inputs.map((_, index) => context.input(index)) };
}

const key = (name: string): string => `keras::${name}`;

/** The Keras rules, for formats whose nodes are Keras layers (keras, and tfjs layers models). */
export const kerasRuleSet: RuleSet = {
  opsetKey: 'keras',
  defaultOpset: 0,
  shape: Object.fromEntries(Object.entries(SHAPES).map(([name, rule]): [string, ShapeRule] => [key(name), (context) => rule(layerOf(context))])),
  value: {},
  macs: Object.fromEntries(Object.entries(MACS).map(([name, rule]): [string, MacRule] => [key(name), (context) => {
    const layer = layerOf(context);
    return rule(layer, context.node.outputs.map((_, index) => context.output(index)));
  }])),
  noMacs: new Set(NO_MACS.map(key)),
};
