// MACs of TFLite builtin ops and the RuleSet the summary uses for tflite models. Conventions match
// the ONNX, Keras and TF rules, so one network costs the same in every format: a convolution's
// fused bias and activation, elementwise math, pooling, reductions and softmax cost no MACs.
import { macsPerOutputElement, type MacRule, type RuleSet } from '../../ir/opRules';
import { allNumbers, elementsAssuming, isNumber } from '../../ir/shapeMath';
import { tfliteShapeRules } from './tfliteShapeRules';

/** CONV_2D: each output element reads kh x kw x in weights (filter [out, kh, kw, in]). */
const conv2d = macsPerOutputElement((context) => {
  const filter = context.shape(1);
  return filter?.length === 4 && allNumbers(filter) ? filter[1] * filter[2] * filter[3] : undefined;
});

/** DEPTHWISE_CONV_2D: each output element reads one kh x kw window of one channel. */
const depthwise = macsPerOutputElement((context) => {
  const filter = context.shape(1);
  return filter?.length === 4 && isNumber(filter[1]) && isNumber(filter[2]) ? filter[1] * filter[2] : undefined;
});

/** CONV_3D: filter [kd, kh, kw, in, out]. */
const conv3d = macsPerOutputElement((context) => {
  const filter = context.shape(1)?.slice(0, 4);
  return filter?.length === 4 && allNumbers(filter) ? filter[0] * filter[1] * filter[2] * filter[3] : undefined;
});

/** FULLY_CONNECTED: each output element sums over the weights' in dimension. */
const fullyConnected = macsPerOutputElement((context) => {
  const depth = context.shape(1)?.[1];
  return isNumber(depth) ? depth : undefined;
});

/** BATCH_MATMUL: each output element sums over the shared dimension of a. */
const batchMatmul = macsPerOutputElement((context) => {
  const a = context.shape(0);
  const k = a && a.length >= 2 ? (context.attr('adj_x') === true ? a[a.length - 2] : a[a.length - 1]) : undefined;
  return isNumber(k) ? k : undefined;
});

/** TRANSPOSE_CONV: every input element spreads over out x kh x kw outputs (weights [out, kh, kw, in]). */
const transposeConv: MacRule = (context) => {
  const input = elementsAssuming(context.shape(2));
  const filter = context.shape(1);
  return input !== undefined && filter?.length === 4 && allNumbers(filter) ? input * filter[0] * filter[1] * filter[2] : undefined;
};

/**
 * LSTM and UNIDIRECTIONAL_SEQUENCE_LSTM: per step, each gate present (input_to_* weights 1..4, 3 when the input
 * gate is coupled) multiplies the input and the recurrent state, plus the optional projection (input 16).
 */
function lstm(sequence: boolean): MacRule {
  return (context) => {
    const x = context.shape(0);
    const inputWeights = context.shape(4);
    const recurrentWeights = context.shape(8);
    if (!x || inputWeights?.length !== 2 || recurrentWeights?.length !== 2) return undefined;
    const steps = elementsAssuming(sequence ? x.slice(0, -1) : x.slice(0, 1));
    const [cells, inputs] = inputWeights;
    const outputs = recurrentWeights[1];
    if (steps === undefined || !isNumber(cells) || !isNumber(inputs) || !isNumber(outputs)) return undefined;
    const gates = [1, 2, 3, 4].filter((index) => context.node.inputs[index]).length;
    const projection = context.node.inputs[16] ? elementsAssuming(context.shape(16)) : 0;
    return projection === undefined ? undefined : steps * (gates * cells * (inputs + outputs) + projection);
  };
}

/** SVDF: per batch row, the feature weights [filters, in] and the time weights [filters, memory]. */
const svdf: MacRule = (context) => {
  const batch = context.shape(0)?.[0];
  const features = context.shape(1);
  const time = context.shape(2);
  if (features?.length !== 2 || time?.length !== 2 || !allNumbers(features) || !isNumber(time[1])) return undefined;
  const rows = elementsAssuming([batch ?? null]);
  return rows === undefined ? undefined : rows * features[0] * (features[1] + time[1]);
};

export const tfliteMacRules: Record<string, MacRule> = {
  CONV_2D: conv2d,
  DEPTHWISE_CONV_2D: depthwise,
  CONV_3D: conv3d,
  FULLY_CONNECTED: fullyConnected,
  BATCH_MATMUL: batchMatmul,
  TRANSPOSE_CONV: transposeConv,
  LSTM: lstm(false),
  UNIDIRECTIONAL_SEQUENCE_LSTM: lstm(true),
  SVDF: svdf,
};

// Ops that move, select or generate data without multiply-accumulates, beyond those with shape rules.
const DATA_OPS = ['GATHER', 'GATHER_ND', 'SLICE', 'STRIDED_SLICE', 'SPLIT', 'SPLIT_V', 'PACK', 'UNPACK', 'TILE', 'SHAPE', 'RANK', 'FILL', 'RANGE',
  'BROADCAST_TO', 'BROADCAST_ARGS', 'SPACE_TO_DEPTH', 'DEPTH_TO_SPACE', 'SPACE_TO_BATCH_ND', 'BATCH_TO_SPACE_ND', 'ARG_MAX', 'ARG_MIN', 'TOPK_V2',
  'ONE_HOT', 'SELECT', 'SELECT_V2', 'WHERE', 'REVERSE_V2', 'SCATTER_ND', 'EMBEDDING_LOOKUP', 'DENSIFY', 'NON_MAX_SUPPRESSION_V4', 'NON_MAX_SUPPRESSION_V5',
  'VAR_HANDLE', 'READ_VARIABLE', 'ASSIGN_VARIABLE', 'HASHTABLE', 'HASHTABLE_FIND', 'HASHTABLE_IMPORT', 'HASHTABLE_SIZE', 'FAKE_QUANT'];

/** The rules of tflite models, keyed by builtin op name; custom ops (domain `custom`) have none and stay unknown. */
export const tfliteRuleSet: RuleSet = {
  opsetKey: 'tflite',
  defaultOpset: 3,
  shape: tfliteShapeRules,
  value: {},
  macs: tfliteMacRules,
  noMacs: new Set([...Object.keys(tfliteShapeRules).filter((op) => !(op in tfliteMacRules)), ...DATA_OPS]),
};
