// Builds the compact, weight-free form of a model that the graph webview receives: every node of the
// main graph and of its control-flow bodies, with producers resolved to node indices (scoped: a body
// sees its own values first, then its owner's), attributes as short strings and the summary's cost.
import type { AttrValue, Graph, Model, Node, TensorRef } from '../ir/graph';
import { CostModel, type NodeCost } from '../ir/cost';
import { ruleSetFor } from '../ir/ruleSets';
import { ShapeInference } from '../ir/shapeInference';
import type { GraphPayload, PayloadNode, PayloadTensor } from '../protocol/graph';
import { unreadableReason } from './weightStats';

const ATTR_CHARS = 80;

/**
 * The payload of `model`; stored weights whose values can be streamed are appended to `weights` and referenced by index. Shapes and costs come from the same shape inference and cost model as the
 * summary (so main-graph figures equal `tensorsight summary`), run once more here for the bodies too.
 */
export function buildGraphPayload(model: Model, parseMs = 0, weights: TensorRef[] = []): GraphPayload {
  const rules = ruleSetFor(model.format);
  const opsetValue = model.versions?.[rules.opsetKey];
  const opset = typeof opsetValue === 'number' ? opsetValue : Number(opsetValue) || rules.defaultOpset;
  const functions = new Map((model.functions ?? []).map((graph) => [graph.name, graph]));
  const inference = new ShapeInference(model.graph, { rules, opset, bindings: new Map(), functions });
  const mainCosts = new CostModel(inference, new Set());
  const nodes: PayloadNode[] = [];
  const mainIndices: number[] = [];
  const addGraph = (graph: Graph, scope: ShapeInference, costs: Map<Node, NodeCost>, costModel: CostModel, groupPrefix: string[], outer: Map<string, number> | null, isMain: boolean): Map<string, number> => {
    const producers = new Map<string, number>();
    const lookup = (name: string): number => producers.get(name) ?? outer?.get(name) ?? -1;
    for (const node of graph.nodes) {
      const owns = node.subgraphs && Object.keys(node.subgraphs).length > 0;
      const group = isMain ? [...node.scope] : [...groupPrefix];
      if (owns) group.push(node.name || node.id);
      const index = nodes.length;
      if (isMain) mainIndices.push(index);
      nodes.push(payloadNode(node, group, graph, scope, costs.get(node), lookup, weights));
      node.outputs.forEach((name) => name && producers.set(name, index));
      if (owns) {
        const scoped = new Map([...(outer ?? []), ...producers]);
        for (const [attr, body] of Object.entries(node.subgraphs!)) {
          const child = scope.children.get(body) ?? new ShapeInference(body, scope.settings, scope);
          const childCosts = new CostModel(child, new Set(), costModel);
          addGraph(body, child, childCosts.costAll(), childCosts, [...group, attr], scoped, false);
        }
      }
    }
    return producers;
  };
  const main = addGraph(model.graph, inference, mainCosts.costAll(), mainCosts, [], null, true);
  const io = (name: string, from: number): PayloadTensor => {
    const type = inference.type(name);
    return { name, dtype: type?.dtype ?? null, shape: type?.shape ?? null, from };
  };
  const top = mainIndices.map((index) => nodes[index]);
  return {
    path: model.path,
    format: model.format,
    producer: model.producer ?? null,
    mainNodes: model.graph.nodes.length,
    params: top.reduce((sum, node) => sum + node.params, 0),
    macs: top.reduce((sum, node) => sum + (node.macs ?? 0), 0),
    nodes,
    inputs: model.graph.inputs.filter((name) => !model.graph.values.get(name)?.initializer).map((name) => io(name, -1)),
    outputs: model.graph.outputs.map((name) => io(name, main.get(name) ?? -1)),
    warnings: model.warnings,
    parseMs,
  };
}

function payloadNode(node: Node, group: string[], graph: Graph, scope: ShapeInference, cost: NodeCost | undefined, lookup: (name: string) => number, weights: TensorRef[]): PayloadNode {
  const tensor = (name: string): PayloadTensor => {
    const value = graph.values.get(name);
    const weight = value?.initializer;
    const type = scope.type(name);
    return {
      name,
      dtype: type?.dtype ?? weight?.dtype ?? null,
      shape: type?.shape ?? weight?.shape ?? null,
      ...(weight ? { weight: true } : {}),
      ...(weight && !unreadableReason(weight) ? { weightRef: weights.push(weight) - 1 } : {}),
    };
  };
  return {
    id: node.id,
    op: node.op,
    ...(node.domain ? { domain: node.domain } : {}),
    name: node.name,
    scope: node.scope,
    group,
    attrs: Object.fromEntries(Object.entries(node.attrs).map(([key, value]) => [key, attrText(value)])),
    inputs: node.inputs.filter((name) => name !== '').map((name) => ({ ...tensor(name), from: lookup(name) })),
    outputs: node.outputs.map((name) => tensor(name)),
    params: cost?.params ?? 0,
    macs: cost ? cost.macs : null,
    outputBytes: cost ? cost.outputBytes : null,
  };
}

function isTensorRef(value: object): value is TensorRef {
  return 'dtype' in value && 'shape' in value && 'file' in value;
}

/** An attribute as one short line: tensors and graphs are described, never expanded. */
export function attrText(value: AttrValue | unknown): string {
  let text: string;
  if (value === null || value === undefined) text = 'null';
  else if (typeof value !== 'object') text = String(value);
  else if ('graph' in value) text = `graph ${(value as { graph: Graph }).graph.name} (${(value as { graph: Graph }).graph.nodes.length} nodes)`;
  else if ('graphs' in value) text = `${(value as { graphs: Graph[] }).graphs.length} graphs`;
  else if (isTensorRef(value)) text = `tensor ${value.dtype}[${value.shape.join(', ')}]`;
  else text = JSON.stringify(value, (_key, item: unknown) => (typeof item === 'bigint' ? String(item) : item)) ?? String(value);
  return text.length > ATTR_CHARS ? `${text.slice(0, ATTR_CHARS - 1)}…` : text;
}
