// Builds the compact, weight-free form of a model that the graph webview receives: every node of the
// main graph and of its control-flow bodies, with producers resolved to node indices (scoped: a body
// sees its own values first, then its owner's), attributes as short strings and the summary's cost.
import type { Graph, Model, Node, TensorRef, TensorType } from '../ir/graph';
import { CostModel, type NodeCost } from '../ir/cost';
import { inferModelShapes } from '../ir/ruleSets';
import { ShapeInference } from '../ir/shapeInference';
import { storedTotals } from '../ir/storedTotals';
import { WeightIndex } from '../ir/weightIndex';
import { formatAttr } from '../display/irText';
import type { GraphPayload, PayloadNode, PayloadTensor } from '../protocol/graph';
import { unreadableReason } from './weightStats';

/** How far the payload goes: `declared` stops at what the file says (the graph paints sooner), `inferred` adds shape inference and MACs. */
export type PayloadDepth = 'declared' | 'inferred';

/** What the payload says about one graph's values and nodes. */
interface GraphFacts {
  type(name: string): TensorType | undefined;
  cost(node: Node): NodeCost | undefined;
  /** The facts of a control-flow body of `node`. */
  body(graph: Graph): GraphFacts;
}

/** Shapes and costs from the same shape inference and cost model as the summary, so main-graph figures equal `tensorsight summary`. */
function inferredFacts(inference: ShapeInference, costModel: CostModel): GraphFacts {
  const costs = costModel.costAll();
  return {
    type: (name) => inference.type(name),
    cost: (node) => costs.get(node),
    body: (graph) => {
      const child = inference.children.get(graph) ?? new ShapeInference(graph, inference.settings, inference);
      return inferredFacts(child, new CostModel(child, costModel.weights.body(graph)));
    },
  };
}

interface DeclaredFacts extends GraphFacts {
  readonly weights: WeightIndex;
}

/**
 * Types as the file declares them and parameters only, counted as the cost model counts them (the weights a node
 * reads, through aliases; an owner of control-flow bodies includes theirs); MACs and output bytes stay unknown.
 * Needs no inference, so a large graph can be drawn before that is done.
 */
function declaredFacts(graph: Graph, weights: WeightIndex, outer?: DeclaredFacts): DeclaredFacts {
  const costs = new Map<Node, NodeCost>();
  const facts: DeclaredFacts = {
    weights,
    type: (name) => (graph.values.has(name) ? graph.values.get(name)?.type : outer?.type(name)),
    cost: (node) => {
      const known = costs.get(node);
      if (known) return known;
      const reads = weights.reads(node);
      const cost: NodeCost = { params: reads.reduce((sum, read) => sum + read.tensor.elements, 0), weights: reads, macs: null, outputBytes: null, outputTypes: [] };
      costs.set(node, cost);
      return cost;
    },
    body: (body) => declaredFacts(body, weights.body(body), facts),
  };
  return facts;
}

/**
 * The payload of `model`; stored weights whose values can be streamed are appended to `weights` and referenced by
 * index. At `depth` 'inferred' (the default) shapes and costs come from the summary's inference and cost model, run
 * once more here for the bodies too.
 */
export function buildGraphPayload(model: Model, parseMs = 0, weights: TensorRef[] = [], depth: PayloadDepth = 'inferred'): GraphPayload {
  const inference = depth === 'inferred' ? inferModelShapes(model) : undefined;
  const weightIndex = weightIndexOf(model.graph);
  const mainFacts = inference ? inferredFacts(inference, new CostModel(inference, weightIndex)) : declaredFacts(model.graph, weightIndex);
  const nodes: PayloadNode[] = [];
  const mainIndices: number[] = [];
  const addGraph = (graph: Graph, facts: GraphFacts, groupPrefix: string[], outer: Map<string, number> | null, isMain: boolean): Map<string, number> => {
    const producers = new Map<string, number>();
    const lookup = (name: string): number => producers.get(name) ?? outer?.get(name) ?? -1;
    for (const node of graph.nodes) {
      const owns = node.subgraphs && Object.keys(node.subgraphs).length > 0;
      // Main-graph nodes are grouped by their scope (the payload then leaves `group` out); body nodes by their owner.
      const group = isMain ? (owns ? [...node.scope] : node.scope) : [...groupPrefix];
      if (owns) group.push(node.name || node.id);
      const index = nodes.length;
      if (isMain) mainIndices.push(index);
      nodes.push(payloadNode(node, group, graph, facts, lookup, weights));
      node.outputs.forEach((name) => name && producers.set(name, index));
      if (owns) {
        const scoped = new Map([...(outer ?? []), ...producers]);
        for (const [attr, body] of Object.entries(node.subgraphs!)) addGraph(body, facts.body(body), [...group, attr], scoped, false);
      }
    }
    return producers;
  };
  const main = addGraph(model.graph, mainFacts, [], null, true);
  const io = (name: string, from: number): PayloadTensor => {
    const type = mainFacts.type(name);
    return { name, dtype: type?.dtype ?? null, shape: type?.shape ?? null, from };
  };
  const top = mainIndices.map((index) => nodes[index]);
  return {
    path: model.path,
    format: model.format,
    producer: model.producer ?? null,
    mainNodes: model.graph.nodes.filter((node) => !weightIndex.isAlias(node) && !weightIndex.isConstant(node)).length,
    // Each stored tensor once, as the summary counts it (a node's params include weights other nodes share).
    params: storedTotals(weightIndex).params,
    macs: knownMacs(top),
    inferred: depth === 'inferred',
    nodes,
    inputs: model.graph.inputs.filter((name) => !model.graph.values.get(name)?.initializer).map((name) => io(name, -1)),
    outputs: model.graph.outputs.map((name) => io(name, main.get(name) ?? -1)),
    warnings: model.warnings,
    parseMs,
  };
}

// A large graph's payload is built twice (declared, then inferred) from one parsed model: its weight index once.
const weightIndexes = new WeakMap<Graph, WeightIndex>();

function weightIndexOf(graph: Graph): WeightIndex {
  let index = weightIndexes.get(graph);
  if (!index) weightIndexes.set(graph, (index = WeightIndex.of(graph)));
  return index;
}

/** Sum of the known MACs; null when some are unknown and the known ones add up to nothing (the summary's rule). */
function knownMacs(nodes: PayloadNode[]): number | null {
  const known = nodes.reduce((sum, node) => sum + (node.macs ?? 0), 0);
  return known === 0 && nodes.some((node) => node.macs === null) ? null : known;
}

function payloadNode(node: Node, group: string[], graph: Graph, facts: GraphFacts, lookup: (name: string) => number, weights: TensorRef[]): PayloadNode {
  const tensor = (name: string): PayloadTensor => {
    const weight = graph.values.get(name)?.initializer;
    const type = facts.type(name);
    const described: PayloadTensor = { name, dtype: type?.dtype ?? weight?.dtype ?? null, shape: type?.shape ?? weight?.shape ?? null };
    if (weight) {
      described.weight = true;
      if (!unreadableReason(weight)) described.weightRef = weights.push(weight) - 1;
    }
    return described;
  };
  const cost = facts.cost(node);
  const attrs: Record<string, string> = {};
  for (const key in node.attrs) attrs[key] = formatAttr(node.attrs[key]);
  const inputs: PayloadTensor[] = [];
  for (const name of node.inputs) {
    if (name === '') continue;
    const input = tensor(name);
    input.from = lookup(name);
    inputs.push(input);
  }
  const described: PayloadNode = {
    id: node.id,
    op: node.op,
    name: node.name,
    scope: node.scope,
    attrs,
    inputs,
    outputs: node.outputs.map(tensor),
    params: cost?.params ?? 0,
    macs: cost ? cost.macs : null,
    outputBytes: cost ? cost.outputBytes : null,
  };
  if (node.domain) described.domain = node.domain;
  if (group !== node.scope) described.group = group;
  return described;
}
