// Per-block params and MACs per token of a transformer graph, through the summary's own machinery (shape
// inference, the weight index and the cost model) with the llm rules, grouped by the blocks/<i> scope.
import type { Model } from '../ir/graph';
import { CostModel } from '../ir/cost';
import { ShapeInference } from '../ir/shapeInference';
import { WeightIndex } from '../ir/weightIndex';
import { llmRuleSet } from './llmRules';

/** One group of the transformer: `embedding`, `blocks.<i>` or `output`. */
export interface BlockCost {
  scope: string;
  params: number;
  /** MACs of one token (batch and sequence taken as 1); null when a node's could not be counted. */
  macs: number | null;
}

/** Costs per top-level group in graph order; `dims` binds batch and sequence (MACs per token without). */
export function llmBlockCosts(model: Model, dims: Record<string, number> = {}): BlockCost[] {
  const inference = new ShapeInference(model.graph, { rules: llmRuleSet, opset: 0, bindings: new Map(Object.entries(dims)), functions: new Map() });
  const weights = WeightIndex.of(model.graph);
  const costs = new CostModel(inference, weights).costAll();
  const groups = new Map<string, BlockCost>();
  const seen = new Map<string, Set<string>>();
  for (const node of model.graph.nodes) {
    const cost = costs.get(node);
    if (!cost || !weights.isLayer(node)) continue;
    const scope = node.scope[0] === 'blocks' ? node.scope.slice(0, 2).join('.') : node.scope.join('.');
    const group = groups.get(scope) ?? { scope, params: 0, macs: 0 };
    const names = seen.get(scope) ?? new Set<string>();
    // A tensor two nodes of one group read counts once (as in the totals).
    for (const read of cost.weights) {
      if (names.has(read.tensor.name)) continue;
      names.add(read.tensor.name);
      group.params += read.tensor.elements;
    }
    group.macs = group.macs === null || cost.macs === null ? null : group.macs + cost.macs;
    groups.set(scope, group);
    seen.set(scope, names);
  }
  return [...groups.values()];
}
