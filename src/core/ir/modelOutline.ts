// What the Model view needs from a parsed model: the summary plus, per layer, its attributes and
// weight tensors as short display strings. Plain JSON, so it crosses from the parsing worker to the host.
import { formatAttr } from '../display/irText';
import type { LlmReport } from '../llm/llmReport';
import type { Model, Node } from './graph';
import { summarizeModelParts, type ModelSummary } from './summary';
import type { WeightIndex } from './weightIndex';

/** A weight tensor a layer reads: no data, only what identifies it. */
export interface OutlineTensor {
  /** The name the layer reads. */
  name: string;
  dtype: string;
  shape: number[];
  /** The stored tensor behind an alias (PyTorch shares equal weights through Identity nodes). */
  storedAs?: string;
  /** Other layers reading the same stored tensor: the first few names, and how many in all. */
  sharedWith?: { names: string[]; count: number };
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
  /** A GGUF or safetensors(+config.json) transformer's architecture and weights by type, for the Architecture and Fits sections. */
  llm?: LlmReport;
}

const sharedNames = 5;

/** A layer's attributes, weights (through aliases, with who else reads them) and other inputs. */
function detailsOf(node: Node, weights: WeightIndex, readers: Map<object, Node[]>): LayerDetails {
  const read: OutlineTensor[] = [];
  for (const input of node.inputs) {
    const tensor = weights.resolve(input);
    if (!tensor || !weights.isParam(tensor)) continue;
    const others = (readers.get(tensor.key) ?? []).filter((reader) => reader !== node);
    read.push({
      name: input,
      dtype: tensor.dtype,
      shape: tensor.shape,
      ...(tensor.name !== input ? { storedAs: tensor.name } : {}),
      ...(others.length > 0 ? { sharedWith: { names: others.slice(0, sharedNames).map((other) => other.name), count: others.length } } : {}),
    });
  }
  const named = new Set(read.map((tensor) => tensor.name));
  return {
    attrs: Object.entries(node.attrs).map(([name, value]) => [name, formatAttr(value)]),
    weights: read,
    inputs: node.inputs.filter((input) => input !== '' && !named.has(input)),
    outputs: node.outputs,
  };
}

/** Summarizes `model` and collects the details of every layer of its main graph; `llm` is what its LLM reader knew (openLlmModel.ts). */
export function buildModelOutline(model: Model, llm?: LlmReport): ModelOutline {
  const { summary, weights, layerNodes, readers } = summarizeModelParts(model);
  const details: Record<string, LayerDetails> = {};
  for (const node of layerNodes) details[node.id] = detailsOf(node, weights, readers);
  return { path: model.path, summary, details, ...(llm ? { llm } : {}) };
}
