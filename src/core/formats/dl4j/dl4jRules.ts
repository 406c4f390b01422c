// Shape and MAC rules for DL4J layers, keyed `dl4j::<LayerClass>`: the fully connected family
// (nIn x nOut per example) and the shape-preserving layers. Convolution and recurrent layers stay
// unknown: the configuration does not record the input's spatial size or sequence length.
import type { MacRule, RuleContext, RuleSet, ShapeRule } from '../../ir/opRules';
import { elementsAssuming } from '../../ir/shapeMath';

const nOut = (context: RuleContext): number => context.int('nOut', context.int('nout', 0));
const nIn = (context: RuleContext): number => context.int('nIn', context.int('nin', 0));

const dense: ShapeRule = (context) => {
  const shape = context.shape(0);
  return shape && shape.length === 2 && nOut(context) ? [{ dtype: context.input(0)?.dtype ?? 'float32', shape: [shape[0], nOut(context)] }] : undefined;
};
const same: ShapeRule = (context) => (context.input(0) ? [context.input(0)] : undefined);
const denseMacs: MacRule = (context) => {
  const out = elementsAssuming(context.output(0)?.shape);
  return out === undefined || !nIn(context) ? undefined : out * nIn(context);
};

const DENSE = ['DenseLayer', 'OutputLayer', 'AutoEncoder', 'CenterLossOutputLayer'];
const SAME = ['ActivationLayer', 'DropoutLayer', 'BatchNormalization', 'LossLayer', 'LocalResponseNormalization'];
const key = (name: string) => `dl4j::${name}`;

/** The DL4J rules. */
export const dl4jRuleSet: RuleSet = {
  opsetKey: 'dl4j',
  defaultOpset: 0,
  shape: Object.fromEntries([...DENSE.map((name) => [key(name), dense]), ...SAME.map((name) => [key(name), same])]),
  value: {},
  macs: Object.fromEntries(DENSE.map((name) => [key(name), denseMacs])),
  noMacs: new Set(SAME.map(key)),
};
