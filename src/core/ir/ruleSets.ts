// Which RuleSet applies to a model: one per format. A format without rules gets an empty set,
// so its ops show file shapes only and unknown cost, never a guess.
import type { Model } from './graph';
import type { RuleSet } from './opRules';
import { ShapeInference } from './shapeInference';
import { kerasRuleSet } from '../formats/keras/kerasCost';
import { onnxRuleSet } from '../formats/onnx/onnxRuleSet';
import { pytorchRuleSet } from '../formats/pytorch/pytorchAtenRules';
import { tfjsRuleSet } from '../formats/tfjs/tfjsRuleSet';
import { caffeRuleSet } from '../formats/caffe/caffeRules';
import { dl4jRuleSet } from '../formats/dl4j/dl4jRules';
import { torch7RuleSet } from '../formats/torch7/t7Rules';
import { tensorflowRuleSet } from '../formats/tensorflow/tfRuleSet';
import { tfliteRuleSet } from '../formats/tflite/tfliteCost';
import { llmRuleSet } from '../llm/llmRules';

const emptyRuleSet: RuleSet = { opsetKey: '', defaultOpset: 0, shape: {}, value: {}, macs: {}, noMacs: new Set() };

// Add one line per format whose ops have rules, e.g. keras: kerasRuleSet (src/core/formats/keras/kerasCost.ts).
const ruleSets: Record<string, RuleSet> = {
  onnx: onnxRuleSet,
  keras: kerasRuleSet,
  // TF.js layers models are Keras layers, graph models TensorFlow ops (src/core/formats/tfjs/tfjsRuleSet.ts).
  tfjs: tfjsRuleSet,
  // TorchScript's aten ops, costed once input shapes are given (src/core/formats/pytorch/pytorchAtenRules.ts).
  pytorch: pytorchRuleSet,
  // SavedModel and frozen GraphDef: TensorFlow ops, with calls into the function library.
  tensorflow: tensorflowRuleSet,
  tflite: tfliteRuleSet,
  // GGUF and safetensors models drawn as a transformer from their metadata (src/core/llm/).
  gguf: llmRuleSet,
  safetensors: llmRuleSet,
  caffe: caffeRuleSet,
  torch7: torch7RuleSet,
  dl4j: dl4jRuleSet,
};

/** The rules for models of `format`. */
export function ruleSetFor(format: string): RuleSet {
  return ruleSets[format] ?? emptyRuleSet;
}

/** Shape inference over `model` with its format's rules, at the opset it declares; `dims` binds symbolic dims. */
export function inferModelShapes(model: Model, dims: Record<string, number> = {}): ShapeInference {
  const rules = ruleSetFor(model.format);
  const opsetValue = model.versions?.[rules.opsetKey];
  const opset = typeof opsetValue === 'number' ? opsetValue : Number(opsetValue) || rules.defaultOpset;
  const functions = new Map((model.functions ?? []).map((graph) => [graph.name, graph]));
  return new ShapeInference(model.graph, { rules, opset, bindings: new Map(Object.entries(dims)), functions });
}
