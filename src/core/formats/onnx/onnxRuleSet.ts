// The ONNX RuleSet: shape, value and MAC rules of the default ai.onnx domain. Ops of other
// domains (com.microsoft, custom ops) have no rules and are reported as unknown.
import type { RuleSet } from '../../ir/opRules';
import { onnxComputeShapeRules, onnxMacRules } from './onnxComputeRules';
import { onnxLayoutShapeRules } from './onnxLayoutRules';
import { onnxElementShapeRules } from './onnxShapeRules';
import { onnxValueRules } from './onnxValueRules';

const shape = { ...onnxElementShapeRules, ...onnxLayoutShapeRules, ...onnxComputeShapeRules };

// Ops that move, select or generate data without multiply-accumulates, beyond those with shape rules.
const DATA_OPS = [
  'GatherND', 'ScatterND', 'ScatterElements', 'Scatter', 'OneHot', 'Compress', 'EyeLike', 'Unique', 'NonMaxSuppression',
  'MaxUnpool', 'DynamicQuantizeLinear', 'StringNormalizer', 'RandomNormal', 'RandomUniform', 'RandomNormalLike',
  'RandomUniformLike', 'Bernoulli', 'Multinomial', 'SequenceConstruct', 'SequenceAt', 'SequenceInsert', 'SequenceEmpty',
  'SequenceErase', 'SequenceLength', 'SplitToSequence', 'ConcatFromSequence', 'Optional', 'OptionalGetElement', 'OptionalHasElement',
];

export const onnxRuleSet: RuleSet = {
  opsetKey: 'ai.onnx',
  defaultOpset: 21,
  shape,
  value: onnxValueRules,
  macs: onnxMacRules,
  noMacs: new Set([...Object.keys(shape).filter((op) => !(op in onnxMacRules)), ...DATA_OPS]),
};
