// What a box in the graph says, as Netron writes it: the op, its key attributes in short form (`7×7`, `/2`,
// `groups 32`, `heads 8`) and one line per stored weight (`W ⟨64×3×7×7⟩`). Formats name the same things
// differently (ONNX attributes, Keras layer configs, TF node attributes, TorchScript call arguments by position),
// so each has its own reader of attributes here; the box sizes (layout) and the drawing read the same label.
import { formatTensorType } from '../display/irText';
import type { Dim } from '../ir/graph';
import type { PayloadNode, PayloadTensor } from '../protocol/graph';
import { weightName } from './weightName';

/** The text of one box: a title row, then attribute lines, then weight lines. */
export interface NodeLabel {
  title: string;
  attrs: string[];
  weights: string[];
}

/** Attribute lines shown at most. */
export const MAX_ATTR_LINES = 3;
/** Weight lines shown at most; past it the last line says `+N more`. */
export const MAX_WEIGHT_LINES = 5;

/** The label of an operator node. */
export function nodeLabel(node: PayloadNode): NodeLabel {
  const weights = node.inputs.map((input, index) => ({ input, index })).filter(({ input }) => input.weight);
  const lines = weights.map(({ input, index }) => `${weightName(node, input.name, index)} ${dims(input.shape)}`);
  const shown = lines.length <= MAX_WEIGHT_LINES ? lines : [...lines.slice(0, MAX_WEIGHT_LINES - 1), `+${lines.length - MAX_WEIGHT_LINES + 1} more`];
  return { title: isTfliteBuiltin(node) ? tfliteTitle(node.op) : node.op, attrs: attrLines(node).slice(0, MAX_ATTR_LINES), weights: shown };
}

/** A TFLite builtin operator: the reader records its options table, and builtins are named in UPPER_SNAKE_CASE. */
function isTfliteBuiltin(node: PayloadNode): boolean {
  return node.domain === undefined && (node.attrs.options !== undefined || (/_/.test(node.op) && /^[A-Z0-9_]+$/.test(node.op)));
}

/** `DEPTHWISE_CONV_2D` -> `DepthwiseConv2D`, as Netron and TensorFlow's own op names read. */
function tfliteTitle(op: string): string {
  return op.split('_').map((word) => (/^\d+D$/.test(word) ? word : word.charAt(0) + word.slice(1).toLowerCase())).join('');
}

/** The label of a graph input or output: its name, then dtype and shape. */
export function ioLabel(tensor: PayloadTensor): NodeLabel {
  const known = tensor.dtype !== null || tensor.shape !== null;
  return { title: tensor.name, attrs: known ? [formatTensorType(tensor.dtype, tensor.shape)] : [], weights: [] };
}

/** `⟨64×3×7×7⟩`; `?` for an unknown dimension, `⟨⟩` for a scalar. */
export function dims(shape: readonly Dim[] | null | undefined): string {
  return shape ? `⟨${shape.map((dim) => (dim === null ? '?' : String(dim))).join('×')}⟩` : '⟨?⟩';
}

/** Ints of an attribute written as JSON (`[7,7]`, `2`); undefined for anything else (a cut text, a string). */
function ints(text: string | undefined): number[] | undefined {
  if (text === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'number') return [value];
    if (Array.isArray(value) && value.every((item) => typeof item === 'number')) return value as number[];
  } catch {
    // Not JSON: a cut text or a plain string.
  }
  return undefined;
}

const allEqual = (values: number[]) => values.every((value) => value === values[0]);
/** `7×7`; a 1-d kernel reads `k7`. */
const kernel = (values: number[]) => (values.length === 1 ? `k${values[0]}` : values.join('×'));
/** `/2` for a stride of 2 on every axis, `/2×1` otherwise; nothing for 1. */
const stride = (values: number[]) => (values.every((value) => value === 1) ? '' : `/${allEqual(values) ? values[0] : values.join('×')}`);
/** `d2` for dilation 2; nothing for 1. */
const dilation = (values: number[]) => (values.every((value) => value === 1) ? '' : `d${allEqual(values) ? values[0] : values.join('×')}`);

/** Kernel, stride and dilation on one line: `7×7 /2`. */
function spatial(kernelSize: number[] | undefined, strides: number[] | undefined, dilations: number[] | undefined): string {
  return [kernelSize ? kernel(kernelSize) : '', strides ? stride(strides) : '', dilations ? dilation(dilations) : ''].filter(Boolean).join(' ');
}

/** Spatial dims of a conv weight: `[out, in, k…]` (ONNX, torch) or `[k…, in, out]` (TF, Keras). */
function kernelOfWeight(node: PayloadNode, channelsLast: boolean): number[] | undefined {
  const weight = node.inputs.find((input) => input.weight && input.shape && input.shape.length >= 3);
  const shape = weight?.shape;
  if (!shape) return undefined;
  const spatialDims = channelsLast ? shape.slice(0, -2) : shape.slice(2);
  return spatialDims.every((dim): dim is number => typeof dim === 'number') ? spatialDims : undefined;
}

function attrLines(node: PayloadNode): string[] {
  if (isTfliteBuiltin(node)) return tfliteAttrs(node);
  switch (node.domain) {
    case 'keras':
      return kerasAttrs(node);
    case 'tf':
      return tfAttrs(node);
    case 'aten':
      return atenAttrs(node);
    case 'caffe':
      return caffeAttrs(node);
    case 'dl4j':
      return dl4jAttrs(node);
    case 'nn':
      return torch7Attrs(node);
    default:
      return onnxAttrs(node);
  }
}

/** ONNX element types by code, for Cast's `to`. */
const ONNX_TYPES: Record<number, string> = { 1: 'float32', 2: 'uint8', 3: 'int8', 6: 'int32', 7: 'int64', 9: 'bool', 10: 'float16', 11: 'float64', 16: 'bfloat16' };

function onnxAttrs(node: PayloadNode): string[] {
  const attrs = node.attrs;
  const isConv = /^(Conv|ConvTranspose|QLinearConv|ConvInteger)$/.test(node.op);
  const lines = [spatial(ints(attrs.kernel_shape) ?? (isConv ? kernelOfWeight(node, false) : undefined), ints(attrs.strides), ints(attrs.dilations))];
  const group = ints(attrs.group)?.[0];
  if (group !== undefined && group !== 1) lines.push(`groups ${group}`);
  const heads = ints(attrs.num_heads)?.[0];
  if (heads !== undefined) lines.push(`heads ${heads}`);
  const pads = ints(attrs.pads);
  if (pads && pads.length % 2 === 0 && pads.slice(0, pads.length / 2).some((pad, axis) => pad !== pads[axis + pads.length / 2])) lines.push(`pads ${pads.join(',')}`);
  if (attrs.auto_pad && attrs.auto_pad !== 'NOTSET') lines.push(attrs.auto_pad.startsWith('SAME') ? 'same' : attrs.auto_pad.toLowerCase());
  if (attrs.perm) lines.push(`perm ${(ints(attrs.perm) ?? []).join(',')}`);
  if (attrs.axis !== undefined) lines.push(`axis ${attrs.axis}`);
  if (attrs.axes !== undefined && ints(attrs.axes)) lines.push(`axes ${ints(attrs.axes)!.join(',')}`);
  if (attrs.hidden_size !== undefined) lines.push(`hidden ${attrs.hidden_size}`);
  if (attrs.direction && attrs.direction !== 'forward') lines.push(attrs.direction);
  if (attrs.mode && attrs.mode !== 'constant') lines.push(attrs.mode);
  if (attrs.ceil_mode === '1') lines.push('ceil');
  const to = ints(attrs.to)?.[0];
  if (node.op === 'Cast' && to !== undefined) lines.push(`to ${ONNX_TYPES[to] ?? to}`);
  if (node.op === 'Clip' && (attrs.min !== undefined || attrs.max !== undefined)) lines.push(`${attrs.min ?? '-∞'}…${attrs.max ?? '∞'}`);
  return lines.filter(Boolean);
}

function kerasAttrs(node: PayloadNode): string[] {
  const attrs = node.attrs;
  const lines = [spatial(ints(attrs.kernel_size) ?? ints(attrs.pool_size), ints(attrs.strides), ints(attrs.dilation_rate))];
  if (attrs.padding === 'same' || attrs.padding === '"same"') lines.push('same');
  if (attrs.filters !== undefined) lines.push(`filters ${attrs.filters}`);
  if (attrs.units !== undefined) lines.push(`units ${attrs.units}`);
  const groups = ints(attrs.groups)?.[0];
  if (groups !== undefined && groups !== 1) lines.push(`groups ${groups}`);
  if (attrs.num_heads !== undefined) lines.push(`heads ${attrs.num_heads}`);
  const multiplier = ints(attrs.depth_multiplier)?.[0];
  if (multiplier !== undefined && multiplier !== 1) lines.push(`×${multiplier}`);
  // A wrapper (Bidirectional, TimeDistributed) holds its layer's config as text, cut to a line: its class name leads.
  const wrapped = attrs.layer?.match(/"class_name":"(\w+)"/)?.[1];
  if (wrapped) lines.push(wrapped);
  if (attrs.activation && attrs.activation !== 'linear') lines.push(attrs.activation);
  if (attrs.rate !== undefined) lines.push(`rate ${attrs.rate}`);
  if (attrs.output_dim !== undefined) lines.push(`dim ${attrs.output_dim}`);
  if (attrs.target_shape) lines.push(`→ ${(ints(attrs.target_shape) ?? []).join('×')}`);
  if (attrs.axis !== undefined && ints(attrs.axis)?.length === 1 && !/Norm/.test(node.op)) lines.push(`axis ${ints(attrs.axis)![0]}`);
  return lines.filter(Boolean);
}

/** Spatial entries of a TF 4-d list attribute (strides, ksize, dilations): NHWC keeps the middle, NCHW the end. */
function tfSpatial(values: number[] | undefined, format: string | undefined): number[] | undefined {
  if (!values || values.length !== 4) return values;
  return format === 'NCHW' ? values.slice(2) : values.slice(1, 3);
}

function tfAttrs(node: PayloadNode): string[] {
  const attrs = node.attrs;
  const format = attrs.data_format;
  const isConv = /Conv2D|Conv2d|Conv3D/i.test(node.op);
  const lines = [spatial(tfSpatial(ints(attrs.ksize), format) ?? (isConv ? kernelOfWeight(node, true) : undefined), tfSpatial(ints(attrs.strides), format), tfSpatial(ints(attrs.dilations), format))];
  if (attrs.padding === 'SAME') lines.push('same');
  let fused: unknown;
  try {
    fused = attrs.fused_ops ? JSON.parse(attrs.fused_ops) : undefined;
  } catch {
    fused = undefined;
  }
  if (Array.isArray(fused)) {
    const shown = fused.filter((op): op is string => typeof op === 'string' && op !== 'BiasAdd');
    if (shown.length) lines.push(`+${shown.join('+')}`);
  }
  if (attrs.perm) lines.push(`perm ${attrs.perm}`);
  if (attrs.axis !== undefined) lines.push(`axis ${attrs.axis}`);
  return lines.filter(Boolean);
}

/** An attribute's text without the quotes a string value is written with. */
const text = (value: string | undefined) => value?.replace(/^"|"$/g, '');

/** Caffe layer parameters (caffeAttrs.ts): `3×3 /2`, `pad 1`, `out 28`, `groups 2`, the pooling kind. */
function caffeAttrs(node: PayloadNode): string[] {
  const attrs = node.attrs;
  const global = attrs.global_pooling === 'true';
  const lines = [global ? 'global' : spatial(ints(attrs.kernel), ints(attrs.stride), ints(attrs.dilation))];
  const pad = ints(attrs.pad);
  if (!global && pad?.some((value) => value !== 0)) lines.push(`pad ${allEqual(pad) ? pad[0] : pad.join('×')}`);
  if (attrs.num_output !== undefined) lines.push(`out ${attrs.num_output}`);
  const group = ints(attrs.group)?.[0];
  if (group !== undefined && group !== 1) lines.push(`groups ${group}`);
  const pool = text(attrs.pool);
  if (pool) lines.push(pool.toLowerCase());
  const operation = text(attrs.operation);
  if (operation) lines.push(operation.toLowerCase());
  return lines.filter(Boolean);
}

/** TFLite builtin options (tfliteOptions.ts): `3×3 /2`, `same`, the fused activation, the depth multiplier. */
function tfliteAttrs(node: PayloadNode): string[] {
  const attrs = node.attrs;
  const pair = (h: string, w: string) => (attrs[h] !== undefined && attrs[w] !== undefined ? [Number(attrs[h]), Number(attrs[w])] : undefined);
  const isConv = /CONV/.test(node.op);
  // TFLite conv filters are [out, h, w, in] (depthwise [1, h, w, out]): the middle two are the kernel.
  const filter = node.inputs.find((input) => input.weight && input.shape?.length === 4)?.shape;
  const kernelSize = pair('filter_height', 'filter_width') ?? (isConv && filter && filter.slice(1, 3).every((dim): dim is number => typeof dim === 'number') ? (filter.slice(1, 3) as number[]) : undefined);
  const lines = [spatial(kernelSize, pair('stride_h', 'stride_w'), pair('dilation_h_factor', 'dilation_w_factor'))];
  if (text(attrs.padding) === 'SAME') lines.push('same');
  const multiplier = ints(attrs.depth_multiplier)?.[0];
  if (multiplier !== undefined && multiplier !== 1) lines.push(`×${multiplier}`);
  const activation = text(attrs.fused_activation_function);
  if (activation && activation !== 'NONE') lines.push(`+${activation.toLowerCase()}`);
  if (attrs.new_shape) lines.push(`→ ${(ints(attrs.new_shape) ?? []).join('×')}`);
  if (attrs.axis !== undefined) lines.push(`axis ${attrs.axis}`);
  return lines.filter(Boolean);
}

/** DL4J layer configuration: units and activation. */
function dl4jAttrs(node: PayloadNode): string[] {
  const attrs = node.attrs;
  const lines = [spatial(ints(attrs.kernelSize), ints(attrs.stride), ints(attrs.dilation))];
  if (attrs.nout !== undefined) lines.push(`units ${attrs.nout}`);
  const activation = text(attrs.activation);
  if (activation && activation !== 'identity') lines.push(activation);
  const loss = text(attrs.lossFunction);
  if (loss) lines.push(`loss ${loss.toLowerCase()}`);
  return lines.filter(Boolean);
}

/** Lua Torch nn modules: `3×3 /2` from kW/kH/dW/dH, `1→2` for Linear, `out 64` for convolutions. */
function torch7Attrs(node: PayloadNode): string[] {
  const attrs = node.attrs;
  const pair = (h: string, w: string) => (attrs[h] !== undefined && attrs[w] !== undefined ? [Number(attrs[h]), Number(attrs[w])] : undefined);
  const lines = [spatial(pair('kH', 'kW'), pair('dH', 'dW'), undefined)];
  const pad = pair('padH', 'padW');
  if (pad?.some((value) => value !== 0)) lines.push(`pad ${allEqual(pad) ? pad[0] : pad.join('×')}`);
  if (attrs.nOutputPlane !== undefined) lines.push(`out ${attrs.nOutputPlane}`);
  if (attrs.inputSize !== undefined && attrs.outputSize !== undefined) lines.push(`${attrs.inputSize}→${attrs.outputSize}`);
  return lines.filter(Boolean);
}

/** Positions of the arguments shown for aten calls (TorchScript keeps them as `arg<i>`, or by keyword). */
const ATEN_ARGS: Record<string, { stride?: number; dilation?: number; groups?: number; kernel?: number; dim?: number; p?: number; dims?: number; size?: number }> = {
  _convolution: { stride: 3, dilation: 5, groups: 8 },
  conv1d: { stride: 3, dilation: 5, groups: 6 },
  conv2d: { stride: 3, dilation: 5, groups: 6 },
  conv3d: { stride: 3, dilation: 5, groups: 6 },
  conv_transpose1d: { stride: 3, groups: 6, dilation: 7 },
  conv_transpose2d: { stride: 3, groups: 6, dilation: 7 },
  max_pool1d: { kernel: 1, stride: 2, dilation: 4 },
  max_pool2d: { kernel: 1, stride: 2, dilation: 4 },
  max_pool3d: { kernel: 1, stride: 2, dilation: 4 },
  avg_pool1d: { kernel: 1, stride: 2 },
  avg_pool2d: { kernel: 1, stride: 2 },
  avg_pool3d: { kernel: 1, stride: 2 },
  adaptive_avg_pool2d: { size: 1 },
  adaptive_max_pool2d: { size: 1 },
  softmax: { dim: 1 },
  log_softmax: { dim: 1 },
  cat: { dim: 1 },
  concat: { dim: 1 },
  flatten: { dim: 1 },
  dropout: { p: 1 },
  permute: { dims: 1 },
};

const ATEN_NAMES: Record<string, string> = { stride: 'stride', dilation: 'dilation', groups: 'groups', kernel: 'kernel_size', dim: 'dim', p: 'p', dims: 'dims', size: 'output_size' };

function atenAttrs(node: PayloadNode): string[] {
  const op = node.op.replace(/_$/, '');
  const positions = ATEN_ARGS[op] ?? ATEN_ARGS[node.op];
  if (!positions) return [];
  const get = (key: keyof typeof positions): string | undefined => {
    const index = positions[key];
    return index === undefined ? undefined : node.attrs[`arg${index}`] ?? node.attrs[ATEN_NAMES[key]];
  };
  const isConv = op.includes('conv');
  const lines = [spatial(ints(get('kernel')) ?? (isConv ? kernelOfWeight(node, false) : undefined), ints(get('stride')), ints(get('dilation')))];
  const groups = ints(get('groups'))?.[0];
  if (groups !== undefined && groups !== 1) lines.push(`groups ${groups}`);
  const size = ints(get('size'));
  if (size) lines.push(`→ ${size.join('×')}`);
  if (get('dim') !== undefined) lines.push(`dim ${get('dim')}`);
  if (get('dims') !== undefined) lines.push(`perm ${(ints(get('dims')) ?? []).join(',')}`);
  if (get('p') !== undefined) lines.push(`rate ${get('p')}`);
  return lines.filter(Boolean);
}
