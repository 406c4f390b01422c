// Maps the node names of ORT's optimized graph back to the model's nodes. ORT keeps a node's name when it only
// changes its kernel, and otherwise derives the new name from an old one: the NCHWc layout pass names a node
// after its output value plus `_nchwc` (`/relu/Relu_output_0_nchwc` is Conv+Relu), fusions append
// `/<Name>Fusion/` (`/attn/MatMul_1/MatmulTransposeFusion/` is a FusedMatMul), generated names end in
// `_token_<n>`. Each profiled node gets a seed node from its name; the model's nodes that no name matches were
// fused into a neighbour and join the one next to them on a data edge.
import type { Graph, Node } from '../../ir/graph';

/** A profiled node: its name in the optimized graph and the op ORT ran. */
export interface ProfiledNodeName {
  name: string;
  op: string;
}

/** The suffixes ORT appends when it rewrites a node (applied repeatedly, longest match first). */
const SUFFIXES = [/(\/[A-Za-z0-9]*Fusion\/)+$/, /_nchwc$/, /_token_\d+$/, /_output_\d+$/];

/** For each profiled name, the model's node names it stands for ([] for nodes ORT inserted, e.g. ReorderOutput). */
export function mapProfiledNodes(graph: Graph, profiled: readonly ProfiledNodeName[]): Map<string, string[]> {
  const byName = new Map(graph.nodes.map((node) => [node.name, node]));
  const producer = new Map<string, Node>();
  const consumers = new Map<string, Node[]>();
  for (const node of graph.nodes) {
    for (const output of node.outputs) producer.set(output, node);
    for (const input of node.inputs) consumers.set(input, [...(consumers.get(input) ?? []), node]);
  }
  const owner = new Map<Node, string>();
  // Nodes whose op differs from their seed's without a node of that op above it (FusedMatMul seeded by a
  // MatMul): they took in the nodes feeding them, so an unowned node joins these downstream first.
  const absorbsUpstream = new Set<string>();
  for (const { name, op } of profiled) {
    const seed = seedNode(name, byName, producer);
    if (!seed || owner.has(seed)) continue;
    owner.set(seed, name);
    // A fused node named after its last member (Conv+Relu named after the Relu): walk up to the op it ran.
    let current: Node | undefined = seed;
    for (let depth = 0; current && current.op !== op && depth < 4; depth++) {
      current = producer.get(current.inputs.find((input) => producer.has(input)) ?? '');
      if (current && !owner.has(current) && current.op === op) owner.set(current, name);
    }
    if (current?.op !== op) absorbsUpstream.add(name);
  }
  const constant = constantNodes(graph, producer);
  // Fixed point: each pass attaches nodes next to an owned one; chains of fused nodes take a few passes.
  for (let changed = true; changed; ) {
    changed = false;
    for (const node of graph.nodes) {
      if (owner.has(node) || constant.has(node)) continue;
      const upstream = node.inputs.map((input) => producer.get(input)).filter((other): other is Node => other !== undefined && owner.has(other));
      const downstream = node.outputs.flatMap((output) => consumers.get(output) ?? []).filter((other) => owner.has(other));
      // Otherwise the node feeding it (Add and Relu folded into the Conv before them), else any consumer.
      const choice = downstream.map((other) => owner.get(other)!).find((name) => absorbsUpstream.has(name)) ?? owner.get(upstream[0] ?? downstream[0]);
      if (choice !== undefined) {
        owner.set(node, choice);
        changed = true;
      }
    }
  }
  const result = new Map<string, string[]>(profiled.map(({ name }) => [name, []]));
  for (const node of graph.nodes) {
    const name = owner.get(node);
    if (name !== undefined) result.get(name)?.push(node.name);
  }
  return result;
}

/** The node a profiled name came from: itself, or its name or output value with ORT's suffixes removed. */
function seedNode(name: string, byName: Map<string, Node>, producer: Map<string, Node>): Node | undefined {
  let candidate = name;
  for (let step = 0; step < 8; step++) {
    const found = byName.get(candidate) ?? producer.get(candidate);
    if (found) return found;
    const suffix = SUFFIXES.find((pattern) => pattern.test(candidate));
    if (!suffix) return undefined;
    candidate = candidate.replace(suffix, '');
  }
  return undefined;
}

/** Nodes computing only from initializers and other such nodes: ORT folds them into constants, nothing runs them. */
function constantNodes(graph: Graph, producer: Map<string, Node>): Set<Node> {
  const constant = new Set<Node>();
  for (const node of graph.nodes) {
    const fromConstants = node.inputs.every((input) => input === '' || graph.values.get(input)?.initializer !== undefined || constant.has(producer.get(input)!));
    if (fromConstants) constant.add(node);
  }
  return constant;
}
