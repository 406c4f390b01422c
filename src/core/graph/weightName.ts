// The short name a node box gives a stored weight: `W`, `B`, `mean`, `var`. A name from the file wins when it
// says what the tensor is (`conv1.weight`, `dense/kernel:0`, `bn1.running_mean`); otherwise (ONNX's
// `onnx::Conv_193`, TF's `…/ReadVariableOp`) the operator's input role at that position names it, as Netron does.
import type { PayloadNode } from '../protocol/graph';

/** Tensor-name endings and roles, shortened. */
const SHORT: Record<string, string> = {
  weight: 'W',
  weights: 'W',
  kernel: 'W',
  filter: 'W',
  bias: 'B',
  biases: 'B',
  recurrent_kernel: 'R',
  running_mean: 'mean',
  moving_mean: 'mean',
  input_mean: 'mean',
  running_var: 'var',
  moving_variance: 'var',
  input_var: 'var',
  variance: 'var',
  num_batches_tracked: 'batches',
  depthwise_kernel: 'W dw',
  depthwise_weights: 'W dw',
  pointwise_kernel: 'W pw',
  embeddings: 'W',
  in_proj_weight: 'W in',
  in_proj_bias: 'B in',
};

/** Input roles of ONNX operators (default domain) by position, from the operator schemas. */
const ONNX_ROLES: Record<string, string[]> = {
  Conv: ['X', 'W', 'B'],
  ConvTranspose: ['X', 'W', 'B'],
  Gemm: ['A', 'B', 'C'],
  MatMul: ['A', 'B'],
  BatchNormalization: ['X', 'scale', 'B', 'mean', 'var'],
  InstanceNormalization: ['input', 'scale', 'B'],
  LayerNormalization: ['X', 'scale', 'B'],
  GroupNormalization: ['X', 'scale', 'bias'],
  PRelu: ['X', 'slope'],
  LSTM: ['X', 'W', 'R', 'B', 'sequence_lens', 'initial_h', 'initial_c', 'P'],
  GRU: ['X', 'W', 'R', 'B', 'sequence_lens', 'initial_h'],
  RNN: ['X', 'W', 'R', 'B', 'sequence_lens', 'initial_h'],
  Gather: ['data', 'indices'],
  Reshape: ['data', 'shape'],
  Expand: ['input', 'shape'],
  Tile: ['input', 'repeats'],
  Slice: ['data', 'starts', 'ends', 'axes', 'steps'],
  Resize: ['X', 'roi', 'scales', 'sizes'],
  Pad: ['data', 'pads', 'value', 'axes'],
  Clip: ['input', 'min', 'max'],
  Where: ['condition', 'X', 'Y'],
  Split: ['input', 'split'],
  Squeeze: ['data', 'axes'],
  Unsqueeze: ['data', 'axes'],
  ConstantOfShape: ['shape'],
  Add: ['A', 'B'],
  Sub: ['A', 'B'],
  Mul: ['A', 'B'],
  Div: ['A', 'B'],
  Pow: ['X', 'Y'],
  Equal: ['A', 'B'],
  Less: ['A', 'B'],
  Greater: ['A', 'B'],
  And: ['A', 'B'],
  Or: ['A', 'B'],
  QuantizeLinear: ['x', 'scale', 'zero_point'],
  DequantizeLinear: ['x', 'scale', 'zero_point'],
  MatMulInteger: ['A', 'B', 'a_zero_point', 'b_zero_point'],
};

/** Input roles of TF ops (TF.js graph models, the `tf` domain) by position. */
const TF_ROLES: Record<string, string[]> = {
  Conv2D: ['input', 'filter'],
  DepthwiseConv2dNative: ['input', 'filter'],
  _FusedConv2D: ['input', 'filter', 'bias', 'args'],
  FusedDepthwiseConv2dNative: ['input', 'filter', 'bias', 'args'],
  MatMul: ['a', 'b'],
  _FusedMatMul: ['a', 'b', 'bias', 'args'],
  BiasAdd: ['value', 'bias'],
  FusedBatchNorm: ['x', 'scale', 'offset', 'mean', 'variance'],
  FusedBatchNormV3: ['x', 'scale', 'offset', 'mean', 'variance'],
};

/** Input roles of TFLite builtin operators by position (the schema's operator inputs). */
const TFLITE_ROLES: Record<string, string[]> = {
  CONV_2D: ['input', 'filter', 'bias'],
  DEPTHWISE_CONV_2D: ['input', 'filter', 'bias'],
  TRANSPOSE_CONV: ['output_shape', 'filter', 'input', 'bias'],
  FULLY_CONNECTED: ['input', 'weights', 'bias'],
  PRELU: ['input', 'alpha'],
};

/** Trailing name parts that say how a TF graph read the tensor, not what it is (`conv/weights/read`). */
const READ_SUFFIXES = new Set(['read', 'ReadVariableOp', 'Identity', 'FakeQuantWithMinMaxVars']);

/** The last part of a tensor name: `bn1.running_mean` -> `running_mean`, `dense/kernel:0` -> `kernel`, `w/read` -> `w`. */
function lastPart(name: string): string {
  const bare = name.replace(/:\d+$/, '');
  const parts = bare.split(/::|[/.]/).filter(Boolean);
  while (parts.length > 1 && READ_SUFFIXES.has(parts[parts.length - 1])) parts.pop();
  return parts.pop() || bare;
}

/** Longest name shown before it is cut with `…`. */
const MAX_CHARS = 12;

/** The short name of the weight `name`, read by `node` as its `index`-th input. */
export function weightName(node: PayloadNode, name: string, index: number): string {
  const part = lastPart(name);
  // A Bidirectional wrapper holds two copies of its layer's weights.
  const direction = /(^|[/.])forward_/.test(name) ? 'fwd ' : /(^|[/.])backward_/.test(name) ? 'bwd ' : '';
  const known = SHORT[part];
  if (known) return `${direction}${known}`;
  const roles = node.domain === 'tf' ? TF_ROLES[node.op] : node.domain === undefined || node.domain === '' || node.domain === 'ai.onnx' ? ONNX_ROLES[node.op] ?? TFLITE_ROLES[node.op] : undefined;
  const role = roles?.[index];
  if (role) return SHORT[role] ?? role;
  return part.length > MAX_CHARS ? `${part.slice(0, MAX_CHARS - 1)}…` : part;
}
