// The model summary every surface shows (CLI, Model view, graph overlay): totals, inputs and
// outputs, and one row per node of the main graph, computed from the IR alone.
import type { Dim, Graph, Model, Node, TensorType } from './graph';
import { CostModel, constantWeight, sizeOf, type NodeCost, type UnknownReason } from './cost';
import { byteSize, elementCount } from './dtype';
import { withInputShapes, type InputShape } from './inputShapes';
import { ruleSetFor } from './ruleSets';
import { ShapeInference } from './shapeInference';

/** A graph input or output. */
export interface IoSummary {
  name: string;
  dtype: string | null;
  shape: Dim[] | null;
}

/** One node of the main graph as a summary row. */
export interface LayerSummary {
  id: string;
  name: string;
  op: string;
  domain?: string;
  scope: string[];
  outputShapes: (Dim[] | null)[];
  params: number;
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

/** Everything the summary surfaces show; field names follow the CLI contract (DESIGN.md §4). */
export interface ModelSummary {
  format: string;
  producer: string | null;
  versions: Record<string, string | number>;
  fileBytes: number;
  /** Operator nodes of the main graph. */
  nodes: number;
  /** Operator nodes including control-flow bodies. */
  totalNodes: number;
  /** Elements of every stored weight tensor (initializers and Constant values, subgraphs included). */
  params: number;
  paramBytes: number;
  paramsByDtype: Record<string, { elements: number; bytes: number }>;
  /** Set only where the format says which weights train. */
  trainableParams?: number;
  nonTrainableParams?: number;
  /** Sum of the known MACs; see `unknownCost` for what is missing. */
  macs: number;
  /** 2 x macs (one multiply plus one add per MAC). */
  flops: number;
  unknownCost: UnknownCost[];
  /** Peak bytes of live activations along a topological order; null when no size is known. */
  peakActivationBytes: number | null;
  /** Activations whose size is unknown, left out of the peak. */
  unsizedActivations: number;
  /** Symbolic dims (e.g. batch) taken as 1 in MACs and bytes. */
  symbolicDims: string[];
  opTypes: Record<string, number>;
  inputs: IoSummary[];
  outputs: IoSummary[];
  layers: LayerSummary[];
  warnings: string[];
}

/** Options of a summary. */
export interface SummaryOptions {
  /** Values for symbolic input dims, e.g. { batch: 8, sequence: 512 }; unbound symbols count as 1. */
  dims?: Record<string, number>;
  /** Shapes for inputs the file leaves unknown (`--input-shape`), see ir/inputShapes.ts. */
  inputShapes?: InputShape[];
}

/** Summarizes `model` with its format's shape and cost rules. */
export function summarizeModel(given: Model, options: SummaryOptions = {}): ModelSummary {
  const model = withInputShapes(given, options.inputShapes ?? []);
  const rules = ruleSetFor(model.format);
  const opsetValue = model.versions?.[rules.opsetKey];
  const opset = typeof opsetValue === 'number' ? opsetValue : Number(opsetValue) || rules.defaultOpset;
  const functions = new Map((model.functions ?? []).map((graph) => [graph.name, graph]));
  const inference = new ShapeInference(model.graph, { rules, opset, bindings: new Map(Object.entries(options.dims ?? {})), functions });
  const costs = new CostModel(inference, new Set()).costAll();
  const graph = model.graph;
  const symbols = new Set<string>();
  const io = (name: string): IoSummary => {
    const type = inference.type(name);
    return { name, dtype: type?.dtype ?? null, shape: type?.shape ?? null };
  };
  const layers = graph.nodes.map((node) => layerOf(node, costs.get(node)!, symbols));
  const stored = storedWeights(graph);
  const unknown = new Map<string, UnknownCost>();
  for (const node of graph.nodes) {
    const cost = costs.get(node)!;
    if (cost.macs !== null || !cost.unknownReason) continue;
    const key = node.domain ? `${node.domain}::${node.op}` : node.op;
    const entry = unknown.get(key) ?? { op: key, count: 0, reason: cost.unknownReason };
    entry.count++;
    unknown.set(key, entry);
  }
  const macs = layers.reduce((sum, layer) => sum + (layer.macs ?? 0), 0);
  const peak = peakActivation(graph, inference, symbols);
  [...graph.inputs, ...graph.outputs].forEach((name) => collectSymbols(inference.type(name), symbols));
  return {
    format: model.format,
    producer: model.producer ?? null,
    versions: model.versions ?? {},
    fileBytes: model.fileBytes,
    nodes: graph.nodes.length,
    totalNodes: countNodes(graph),
    ...stored,
    macs,
    flops: 2 * macs,
    unknownCost: [...unknown.values()],
    peakActivationBytes: peak.bytes,
    unsizedActivations: peak.unsized,
    symbolicDims: [...symbols].sort(),
    opTypes: histogram(graph.nodes),
    inputs: graph.inputs.map(io),
    outputs: graph.outputs.map(io),
    layers,
    warnings: model.warnings,
  };
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

function collectSymbols(type: TensorType | undefined, symbols: Set<string>): void {
  for (const dim of type?.shape ?? []) if (typeof dim === 'string') symbols.add(dim);
}

/** Totals over every stored tensor in the graph and its bodies. */
function storedWeights(graph: Graph): Pick<ModelSummary, 'params' | 'paramBytes' | 'paramsByDtype' | 'trainableParams' | 'nonTrainableParams'> {
  const byDtype: Record<string, { elements: number; bytes: number }> = {};
  let trainable = 0;
  let nonTrainable = 0;
  let flagged = false;
  const add = (dtype: string, elements: number) => {
    const entry = (byDtype[dtype] ??= { elements: 0, bytes: 0 });
    entry.elements += elements;
    entry.bytes += byteSize(dtype, elements) ?? 0;
  };
  for (const each of allGraphs(graph)) {
    for (const value of each.values.values()) {
      if (!value.initializer) continue;
      const elements = elementCount(value.initializer.shape);
      add(value.initializer.dtype, elements);
      if (value.trainable === true) trainable += elements;
      if (value.trainable === false) nonTrainable += elements;
      flagged ||= value.trainable !== undefined;
    }
    for (const node of each.nodes) {
      const weight = constantWeight(node);
      if (weight) add(weight.dtype, weight.elements);
    }
  }
  const entries = Object.values(byDtype);
  return {
    params: entries.reduce((sum, entry) => sum + entry.elements, 0),
    paramBytes: entries.reduce((sum, entry) => sum + entry.bytes, 0),
    paramsByDtype: byDtype,
    ...(flagged ? { trainableParams: trainable, nonTrainableParams: nonTrainable } : {}),
  };
}

function* allGraphs(graph: Graph): Generator<Graph> {
  yield graph;
  for (const node of graph.nodes) for (const body of Object.values(node.subgraphs ?? {})) yield* allGraphs(body);
}

/** Nodes of `graph` and of every body inside it. */
export function countNodes(graph: Graph): number {
  let count = 0;
  for (const each of allGraphs(graph)) count += each.nodes.length;
  return count;
}

function histogram(nodes: Node[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const node of nodes) counts[node.op] = (counts[node.op] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * Peak bytes of activations alive at once when nodes run in topological order: a value is
 * allocated by its producer and freed after its last consumer (graph outputs live to the end).
 * Weights (initializers, Constant outputs) are not activations.
 */
function peakActivation(graph: Graph, inference: ShapeInference, symbols: Set<string>): { bytes: number | null; unsized: number } {
  const order = inference.order;
  const reads = order.map(readsOf);
  const lastUse = new Map<string, number>();
  reads.forEach((names, index) => names.forEach((name) => lastUse.set(name, index)));
  const keep = new Set(graph.outputs);
  const weights = new Set<string>();
  for (const node of graph.nodes) if (constantWeight(node)) node.outputs.forEach((output) => weights.add(output));
  let unsized = 0;
  let sized = 0;
  const size = (name: string): number => {
    const type = inference.type(name);
    collectSymbols(type, symbols);
    const bytes = sizeOf(type);
    if (bytes === undefined) unsized++;
    else sized++;
    return bytes ?? 0;
  };
  const live = new Map<string, number>();
  let current = 0;
  for (const input of graph.inputs) {
    live.set(input, size(input));
    current += live.get(input)!;
  }
  let peak = current;
  order.forEach((node, index) => {
    for (const output of node.outputs) {
      if (output === '' || weights.has(output) || live.has(output)) continue;
      live.set(output, size(output));
      current += live.get(output)!;
    }
    peak = Math.max(peak, current);
    const release = (name: string) => {
      const bytes = live.get(name);
      if (bytes !== undefined && !keep.has(name) && (lastUse.get(name) ?? -1) <= index) {
        current -= bytes;
        live.delete(name);
      }
    };
    reads[index].forEach(release);
    node.outputs.forEach(release);
  });
  return { bytes: sized > 0 ? peak : null, unsized };
}

/** Names a node reads, including outer-scope values its bodies read. */
function readsOf(node: Node): string[] {
  const names = node.inputs.filter((name) => name !== '');
  if (!node.subgraphs) return names;
  for (const body of Object.values(node.subgraphs ?? {})) {
    for (const inner of allGraphs(body)) for (const child of inner.nodes) names.push(...child.inputs.filter((name) => name !== '' && !inner.values.has(name)));
  }
  return names;
}
