// One side of a model diff: the layers of the main graph (the summary's), the activations between them, each value's
// inferred type and the stored weights each layer reads, indexed so that matching walks edges in constant time.
import type { Model, Node, TensorRef, TensorType, Value } from '../ir/graph';
import { isTensorRef } from '../ir/attrs';
import { inferModelShapes } from '../ir/ruleSets';
import { summarizeModelParts, type ModelSummary } from '../ir/summary';
import type { StoredTensor, WeightRead } from '../ir/weightIndex';
import { opFamily } from './opFamily';

/** Where an activation input of a layer comes from: another layer's output, or a graph input. */
export type Source = { kind: 'node'; node: number; output: number } | { kind: 'input'; input: number };

/** A layer as the matcher sees it. */
export interface SideNode {
  node: Node;
  family: string;
  /** Activation inputs (weights and constants left out), in the node's input order. */
  sources: Source[];
  /** Names of those activation inputs, in the same order. */
  sourceNames: string[];
  /** Per output, the layers reading it and at which activation slot. */
  consumers: { node: number; slot: number }[][];
  weights: WeightRead[];
}

/** One model prepared for diffing. */
export interface DiffSide {
  model: Model;
  summary: ModelSummary;
  nodes: SideNode[];
  /** Graph inputs that are activations (not initializers listed as inputs), and the layers reading each. */
  inputs: { name: string; consumers: { node: number; slot: number }[] }[];
  /** The parameters of the model (stored tensors counted in `params`), each once. */
  tensors: StoredTensor[];
  type(name: string): TensorType | undefined;
}

/** The bytes behind a stored tensor, for its statistics; undefined for a Constant that holds no tensor. */
export function tensorRefOf(tensor: StoredTensor): TensorRef | undefined {
  if (tensor.kind === 'initializer') return (tensor.key as Value).initializer;
  const value = (tensor.key as Node).attrs?.value;
  return isTensorRef(value) ? value : undefined;
}

/** Summarizes `model` and indexes its main graph for the matcher. */
export function diffSide(model: Model): DiffSide {
  const { summary, weights, layerNodes } = summarizeModelParts(model);
  const inference = inferModelShapes(model);
  const producer = new Map<string, { node: number; output: number }>();
  layerNodes.forEach((node, index) => node.outputs.forEach((name, output) => name !== '' && producer.set(name, { node: index, output })));
  const inputs = model.graph.inputs.filter((name) => !weights.resolve(name)).map((name) => ({ name, consumers: [] as { node: number; slot: number }[] }));
  const inputIndex = new Map(inputs.map((input, index) => [input.name, index]));
  const nodes: SideNode[] = layerNodes.map((node) => ({ node, family: opFamily(node.op), sources: [], sourceNames: [], consumers: node.outputs.map(() => []), weights: weights.reads(node) }));
  nodes.forEach((side, index) => {
    for (const name of side.node.inputs) {
      if (name === '' || weights.resolve(name)) continue;
      const from = producer.get(name);
      const input = inputIndex.get(name);
      const slot = side.sources.length;
      if (from && from.node !== index) {
        side.sources.push({ kind: 'node', ...from });
        nodes[from.node].consumers[from.output].push({ node: index, slot });
      } else if (input !== undefined) {
        side.sources.push({ kind: 'input', input });
        inputs[input].consumers.push({ node: index, slot });
      } else continue;
      side.sourceNames.push(name);
    }
  });
  const tensors = [...weights.tensors()].filter((tensor) => weights.isParam(tensor));
  return { model, summary, nodes, inputs, tensors, type: (name) => inference.type(name) };
}
