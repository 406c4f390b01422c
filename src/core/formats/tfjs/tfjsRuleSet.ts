// The rules of TF.js models: layers models are Keras layers (`keras::Dense`), graph models are
// TensorFlow ops (`tf::Conv2D`); the two key spaces never meet, so one set serves both kinds.
import { kerasRuleSet } from '../keras/kerasCost';
import { inDomain, type RuleSet } from '../../ir/opRules';
import { tfComputeShapeRules, tfMacRules } from './tfjsGraphRules';
import { tfDataOps, tfLayoutShapeRules, tfValueRules } from './tfjsGraphLayoutRules';


const shape = { ...tfLayoutShapeRules, ...tfComputeShapeRules };

/** Keras-layer rules plus TensorFlow-op rules; an op in neither stays unknown. */
export const tfjsRuleSet: RuleSet = {
  ...kerasRuleSet,
  shape: { ...kerasRuleSet.shape, ...inDomain('tf', shape) },
  value: { ...kerasRuleSet.value, ...inDomain('tf', tfValueRules) },
  macs: { ...kerasRuleSet.macs, ...inDomain('tf', tfMacRules) },
  noMacs: new Set([...kerasRuleSet.noMacs, ...[...Object.keys(shape).filter((op) => !(op in tfMacRules)), ...tfDataOps].map((op) => `tf::${op}`)]),
};
