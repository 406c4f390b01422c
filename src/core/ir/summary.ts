// The model summary every surface shows (CLI, Model view, graph overlay): totals, inputs and
// outputs, and one row per layer of the main graph, computed from the IR alone. The counting rules
// (layers, params vs constants, shared weights, unknown MACs) are written down in docs/cli.md.
import type { Dim, Graph, Model, Node, TensorType } from './graph';
import { CostModel, type NodeCost, type UnknownReason } from './cost';
import { withInputShapes, type InputShape } from './inputShapes';
import { peakActivation } from './peakActivation';
import { inferModelShapes, ruleSetFor } from './ruleSets';
import { storedTotals, type StoredTotals } from './storedTotals';
import { WeightIndex } from './weightIndex';

/** A graph input or output. */
export interface IoSummary {
  name: string;
  dtype: string | null;
  shape: Dim[] | null;
}

/** One layer (an operator node of the main graph) as a summary row. */
export interface LayerSummary {
  id: string;
  name: string;
  op: string;
  domain?: string;
  scope: string[];
  outputShapes: (Dim[] | null)[];
  /** Elements of the stored weights the layer reads, through aliases, each name once. */
  params: number;
  /** The part of `params` whose stored tensors other layers read too (the totals count them once). */
  sharedParams?: number;
  /** Those shared weights by the name the layer reads: elements each (groups count a name once). */
  sharedWeights?: Record<string, number>;
  /** How many other layers read the same stored tensors. */
  sharedWith?: number;
  /** Multiply-accumulates (FLOPs = 2 x MACs); null when unknown. */
  macs: number | null;
  outputBytes: number | null;
}

/** Ops whose MACs could not be counted, with how often and why. */
export interface UnknownCost {
  op: string;
  count: number;
  reason: UnknownReason;
}

/** Why the MACs total is unknown or leaves layers out, and which ops. */
export interface MacsUnknown {
  reason: string;
  ops: UnknownCost[];
}

/** Everything the summary surfaces show; field names follow the CLI contract (docs/cli.md). */
export interface ModelSummary extends StoredTotals {
  format: string;
  producer: string | null;
  versions: Record<string, string | number>;
  fileBytes: number;
  /** Operator nodes of the main graph: its nodes less those that only hold a value (Constant) and weight aliases. */
  nodes: number;
  /** Operator nodes including control-flow bodies, by the same rule. */
  totalNodes: number;
  /** Sum of the known MACs; null when no layer could be costed (see `macsUnknown`). */
  macs: number | null;
  /** 2 x macs (one multiply plus one add per MAC). */
  flops: number | null;
  /** Present when some layers' MACs are unknown: `macs` then leaves them out, or is null. */
  macsUnknown?: MacsUnknown;
  /** Peak bytes of live activations along a topological order; null when no size is known. */
  peakActivationBytes: number | null;
  /** Activations whose size is unknown, left out of the peak. */
  unsizedActivations: number;
  /** Symbolic dims (e.g. batch) taken as 1 in MACs and bytes. */
  symbolicDims: string[];
  /** Histogram of the layers' ops (sums to `nodes`). */
  opTypes: Record<string, number>;
  inputs: IoSummary[];
  outputs: IoSummary[];
  layers: LayerSummary[];
  /** True when the reader found the graph incomplete (see `warnings`): every figure covers only what it could read. */
  partial: boolean;
  warnings: string[];
}

/** Options of a summary. */
export interface SummaryOptions {
  /** Values for symbolic input dims, e.g. { batch: 8, sequence: 512 }; unbound symbols count as 1. */
  dims?: Record<string, number>;
  /** Shapes for inputs the file leaves unknown (`--input-shape`), see ir/inputShapes.ts. */
  inputShapes?: InputShape[];
}

/** A summary with what it was computed from, for a surface that shows more per layer (the Model view's outline). */
export interface SummaryParts {
  summary: ModelSummary;
  weights: WeightIndex;
  /** The main graph's layers, in the order of `summary.layers`. */
  layerNodes: Node[];
  /** Per stored tensor (its `key`), the layers that read it, each once. */
  readers: Map<object, Node[]>;
}

/** Summarizes `model` with its format's shape and cost rules. */
export function summarizeModel(given: Model, options: SummaryOptions = {}): ModelSummary {
  return summarizeModelParts(given, options).summary;
}

/** The summary and the weight index, layers and readers behind it (each built once). */
export function summarizeModelParts(given: Model, options: SummaryOptions = {}): SummaryParts {
  const model = withInputShapes(given, options.inputShapes ?? []);
  const inference = inferModelShapes(model, options.dims);
  const weights = WeightIndex.of(model.graph);
  const costs = new CostModel(inference, weights).costAll();
  const graph = model.graph;
  const symbols = new Set<string>();
  const io = (name: string): IoSummary => {
    const type = inference.type(name);
    return { name, dtype: type?.dtype ?? null, shape: type?.shape ?? null };
  };
  const layerNodes = graph.nodes.filter((node) => weights.isLayer(node));
  const layers = layerNodes.map((node) => layerOf(node, costs.get(node)!, symbols));
  const readers = tensorReaders(layerNodes, costs);
  markShared(layerNodes, layers, costs, readers);
  const peak = peakActivation(graph, inference, weights, (name) => collectSymbols(inference.type(name), symbols));
  [...graph.inputs, ...graph.outputs].forEach((name) => collectSymbols(inference.type(name), symbols));
  const summary: ModelSummary = {
    format: model.format,
    producer: model.producer ?? null,
    versions: model.versions ?? {},
    fileBytes: model.fileBytes,
    nodes: layers.length,
    totalNodes: countNodes(graph, weights),
    ...storedTotals(weights),
    ...macsTotal(model.format, layerNodes, costs, model.graph.inputs.length === 0 && model.graph.outputs.length === 0),
    peakActivationBytes: peak.bytes,
    unsizedActivations: peak.unsized,
    symbolicDims: [...symbols].sort(),
    opTypes: histogram(layerNodes),
    inputs: graph.inputs.map(io),
    outputs: graph.outputs.map(io),
    layers,
    partial: model.partial === true,
    warnings: model.warnings,
  };
  return { summary, weights, layerNodes, readers };
}

function layerOf(node: Node, cost: NodeCost, symbols: Set<string>): LayerSummary {
  cost.outputTypes.forEach((type) => collectSymbols(type, symbols));
  return {
    id: node.id,
    name: node.name,
    op: node.op,
    ...(node.domain ? { domain: node.domain } : {}),
    scope: node.scope,
    outputShapes: cost.outputTypes.map((type) => type?.shape ?? null),
    params: cost.params,
    macs: cost.macs,
    outputBytes: cost.outputBytes,
  };
}

/** Per stored tensor, the layers that read it (a layer's reads are listed together, so it is added once). */
function tensorReaders(nodes: Node[], costs: Map<Node, NodeCost>): Map<object, Node[]> {
  const readers = new Map<object, Node[]>();
  for (const node of nodes) {
    for (const read of costs.get(node)!.weights) {
      const list = readers.get(read.tensor.key) ?? [];
      if (list[list.length - 1] !== node) list.push(node);
      readers.set(read.tensor.key, list);
    }
  }
  return readers;
}

/** Marks each layer that reads a stored tensor another layer reads too. */
function markShared(nodes: Node[], layers: LayerSummary[], costs: Map<Node, NodeCost>, readers: Map<object, Node[]>): void {
  nodes.forEach((node, index) => {
    const others = new Set<Node>();
    const shared: Record<string, number> = {};
    let sharedParams = 0;
    for (const read of costs.get(node)!.weights) {
      const users = readers.get(read.tensor.key)!;
      if (users.length < 2) continue;
      shared[read.ref] = read.tensor.elements;
      sharedParams += read.tensor.elements;
      users.forEach((user) => user !== node && others.add(user));
    }
    if (others.size > 0) Object.assign(layers[index], { sharedParams, sharedWeights: shared, sharedWith: others.size });
  });
}

/**
 * Known MACs of the layers; null with a reason when none could be costed. `weightsOnly`: the file declares no inputs
 * and no outputs (a state_dict, a weights-only .h5), so there is no graph to run and no shape to cost.
 */
function macsTotal(format: string, nodes: Node[], costs: Map<Node, NodeCost>, weightsOnly: boolean): Pick<ModelSummary, 'macs' | 'flops' | 'macsUnknown'> {
  const unknown = new Map<string, UnknownCost>();
  let known = 0;
  let costed = 0;
  for (const node of nodes) {
    const cost = costs.get(node)!;
    if (cost.macs !== null) {
      known += cost.macs;
      costed++;
      continue;
    }
    const key = node.domain ? `${node.domain}::${node.op}` : node.op;
    const entry = unknown.get(key) ?? { op: key, count: 0, reason: cost.unknownReason ?? 'no rule for this op' };
    entry.count++;
    unknown.set(key, entry);
  }
  if (unknown.size === 0) return { macs: known, flops: 2 * known };
  const ops = [...unknown.values()];
  const missing = nodes.length - costed;
  if (known > 0) return { macs: known, flops: 2 * known, macsUnknown: { reason: `${missing} of ${nodes.length} layers not costed; the total counts the others`, ops } };
  const why = weightsOnly ? 'the file holds weights only, with no graph (inputs, outputs) to cost'
    : Object.keys(ruleSetFor(format).macs).length === 0 ? `no cost rules for ${format} models` : `${missing} of ${nodes.length} layers could not be costed`;
  return { macs: null, flops: null, macsUnknown: { reason: why, ops } };
}

function collectSymbols(type: TensorType | undefined, symbols: Set<string>): void {
  for (const dim of type?.shape ?? []) if (typeof dim === 'string') symbols.add(dim);
}

function* allGraphs(graph: Graph): Generator<Graph> {
  yield graph;
  for (const node of graph.nodes) for (const body of Object.values(node.subgraphs ?? {})) yield* allGraphs(body);
}

/** Operator nodes of `graph` and of every body inside it; without `weights` every node counts (a quick size check). */
export function countNodes(graph: Graph, weights?: WeightIndex): number {
  if (!weights) {
    let count = 0;
    for (const each of allGraphs(graph)) count += each.nodes.length;
    return count;
  }
  let count = graph.nodes.filter((node) => weights.isLayer(node)).length;
  for (const node of graph.nodes) {
    for (const body of Object.values(node.subgraphs ?? {})) count += countNodes(body, weights.body(body));
  }
  return count;
}

function histogram(nodes: Node[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const node of nodes) counts[node.op] = (counts[node.op] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
