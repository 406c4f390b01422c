// A weights-only graph for tensor files whose architecture is unknown: one node per dotted name prefix
// (`blk.0.attn_q` for `blk.0.attn_q.weight`), scoped by that prefix, reading its tensors. No inputs and no
// outputs: the summary counts the params and says there is nothing to cost.
import type { Graph, Node, Value } from '../ir/graph';
import type { LlmTensor } from './llmTensors';

/** Groups `tensors` by prefix into nodes of op `Tensors` in `domain` (the format id). */
export function flatTensorGraph(name: string, domain: string, tensors: readonly LlmTensor[]): Graph {
  const values = new Map<string, Value>();
  const groups = new Map<string, string[]>();
  for (const tensor of tensors) {
    values.set(tensor.name, { name: tensor.name, type: { dtype: tensor.dtype, shape: tensor.shape }, initializer: tensor.ref });
    const cut = tensor.name.lastIndexOf('.');
    const prefix = cut > 0 ? tensor.name.slice(0, cut) : '';
    groups.set(prefix, [...(groups.get(prefix) ?? []), tensor.name]);
  }
  const nodes: Node[] = [...groups.entries()].map(([prefix, inputs], index) => ({
    id: `t${index}`,
    op: 'Tensors',
    domain,
    name: prefix || 'root',
    scope: prefix ? prefix.split('.') : [],
    attrs: {},
    inputs,
    outputs: [],
  }));
  return { name, nodes, values, inputs: [], outputs: [] };
}
