// Shape and MAC rules for TensorFlow ops in SavedModels and frozen GraphDefs (nodes in the `tf` domain):
// the TF op rules TF.js graph models use (Conv2D, DepthwiseConv2dNative, MatMul, pooling, FusedBatchNorm,
// elementwise ops, Reshape, ConcatV2, Mean, Softmax, ...), plus the resource-variable and Const ops that
// only SavedModels and GraphDefs hold. Library function calls go through their bodies (ir/shapeInference).
import type { Dim } from '../../ir/graph';
import { isTensorRef } from '../../ir/attrs';
import { elementCount } from '../../ir/dtype';
import { inDomain, type RuleSet, type ShapeRule, type ValueRule } from '../../ir/opRules';
import { readSmallTensor, SMALL_TENSOR_ELEMENTS } from '../../ir/tensorData';
import { tfComputeShapeRules, tfMacRules } from '../tfjs/tfjsGraphRules';
import { tfDataOps, tfLayoutShapeRules, tfValueRules } from '../tfjs/tfjsGraphLayoutRules';

const same: ShapeRule = (context) => (context.input(0) ? [context.input(0)] : undefined);

/** A Const's value: read from the file (tensor_content) or from the *_val fields, where TensorFlow repeats the last value. */
const constValue: ValueRule = (context) => {
  const tensor = context.attr('value');
  if (!isTensorRef(tensor)) return undefined;
  const count = elementCount(tensor.shape);
  if (count > SMALL_TENSOR_ELEMENTS) return undefined;
  const stored = (tensor as { values?: number[] }).values;
  if (stored && stored.length > 0) return [Array.from({ length: count }, (_, i) => stored[Math.min(i, stored.length - 1)]) as Dim[]];
  const read = tensor.encoding === undefined ? readSmallTensor(tensor) : undefined;
  return read ? [read] : undefined;
};

const constShape: ShapeRule = (context) => {
  const tensor = context.attr('value');
  return isTensorRef(tensor) ? [{ dtype: tensor.dtype, shape: tensor.shape }] : undefined;
};

const shape: Record<string, ShapeRule> = {
  ...tfLayoutShapeRules,
  ...tfComputeShapeRules,
  Const: constShape,
  // A resource variable read gives the variable's value (an initializer from the checkpoint).
  ReadVariableOp: same,
  PlaceholderWithDefault: same,
  Relu6: same,
};

/** Extra ops that move data or hold state and do no multiply-accumulates. */
const STATE_OPS = ['Const', 'ReadVariableOp', 'PlaceholderWithDefault', 'VarHandleOp', 'VariableV2', 'Assign', 'AssignVariableOp', 'SaveV2', 'RestoreV2', 'MergeV2Checkpoints', 'ShardedFilename', 'StringJoin'];

/** The rules of models with format 'tensorflow'. */
export const tensorflowRuleSet: RuleSet = {
  opsetKey: 'tf.graph',
  defaultOpset: 0,
  shape: inDomain('tf', shape),
  value: inDomain('tf', { ...tfValueRules, Const: constValue }),
  macs: inDomain('tf', tfMacRules),
  noMacs: new Set([...Object.keys(shape).filter((op) => !(op in tfMacRules)), ...tfDataOps, ...STATE_OPS].map((op) => `tf::${op}`)),
};
