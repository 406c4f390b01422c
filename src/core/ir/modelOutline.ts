// What the Model view needs from a parsed model: the summary plus, per layer, its attributes and
// weight tensors as short display strings. Plain JSON, so it crosses from the parsing worker to the host.
import type { AttrValue, Graph, Model, Node } from './graph';
import { isTensorRef } from './attrs';
import { summarizeModel, type ModelSummary } from './summary';

/** A weight tensor a layer reads: no data, only what identifies it. */
export interface OutlineTensor {
  name: string;
  dtype: string;
  shape: number[];
}

/** A layer's details, shown as its children in the Model view. */
export interface LayerDetails {
  attrs: [name: string, text: string][];
  weights: OutlineTensor[];
  inputs: string[];
  outputs: string[];
}

/** The summary and the per-layer details, keyed by layer id. */
export interface ModelOutline {
  path: string;
  summary: ModelSummary;
  details: Record<string, LayerDetails>;
}

const maxAttrText = 120;

/** One attribute as a short string: tensors by dtype and shape, graphs by size, long lists cut. */
export function attrText(value: AttrValue): string {
  if (value === null) return 'null';
  if (isTensorRef(value)) return `tensor ${value.dtype}[${value.shape.join(', ')}]`;
  if (typeof value === 'object' && !Array.isArray(value)) {
    if ('graph' in value && isGraph(value.graph)) return `graph (${value.graph.nodes.length} nodes)`;
    if ('graphs' in value && Array.isArray(value.graphs)) return `${value.graphs.length} graphs`;
  }
  const text = typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value, (_key, inner) => (typeof inner === 'bigint' ? inner.toString() : inner));
  return text.length > maxAttrText ? `${text.slice(0, maxAttrText - 1)}…` : text;
}

function isGraph(value: unknown): value is Graph {
  return typeof value === 'object' && value !== null && Array.isArray((value as Graph).nodes);
}

function detailsOf(node: Node, graph: Graph): LayerDetails {
  const weights: OutlineTensor[] = [];
  for (const input of node.inputs) {
    const initializer = graph.values.get(input)?.initializer;
    if (initializer) weights.push({ name: input, dtype: initializer.dtype, shape: initializer.shape });
  }
  return {
    attrs: Object.entries(node.attrs).map(([name, value]) => [name, attrText(value)]),
    weights,
    inputs: node.inputs.filter((input) => input !== '' && !graph.values.get(input)?.initializer),
    outputs: node.outputs,
  };
}

/** Summarizes `model` and collects the details of every node of its main graph. */
export function buildModelOutline(model: Model): ModelOutline {
  const summary = summarizeModel(model);
  const details: Record<string, LayerDetails> = {};
  for (const node of model.graph.nodes) details[node.id] = detailsOf(node, model.graph);
  return { path: model.path, summary, details };
}
