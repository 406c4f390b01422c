// Peak activation memory: the most bytes of activations alive at once when the nodes run in
// topological order. Stored tensors (initializers, constants and aliases of them) are weights,
// never activations.
import type { Graph, Node } from './graph';
import { sizeOf } from './cost';
import type { ShapeInference } from './shapeInference';
import type { WeightIndex } from './weightIndex';

/** The peak in bytes (null when no activation has a known size) and how many activations were left out, unsized. */
export interface PeakActivation {
  bytes: number | null;
  unsized: number;
}

/**
 * A value is allocated by its producer (graph inputs at the start) and freed after its last reader;
 * graph outputs live to the end. `sized` sees every activation's name, for the symbols it uses.
 */
export function peakActivation(graph: Graph, inference: ShapeInference, weights: WeightIndex, sized: (name: string) => void = () => {}): PeakActivation {
  const order = inference.order;
  const reads = order.map(readsOf);
  const lastUse = new Map<string, number>();
  reads.forEach((names, index) => names.forEach((name) => lastUse.set(name, index)));
  const keep = new Set(graph.outputs);
  let unsized = 0;
  let known = 0;
  const size = (name: string): number => {
    sized(name);
    const bytes = sizeOf(inference.type(name));
    if (bytes === undefined) unsized++;
    else known++;
    return bytes ?? 0;
  };
  const live = new Map<string, number>();
  let current = 0;
  for (const input of graph.inputs) {
    if (weights.resolve(input)) continue;
    live.set(input, size(input));
    current += live.get(input)!;
  }
  let peak = current;
  order.forEach((node, index) => {
    const holdsWeight = !weights.isLayer(node);
    for (const output of node.outputs) {
      if (holdsWeight || output === '' || live.has(output)) continue;
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
  return { bytes: known > 0 ? peak : null, unsized };
}

/** Names a node reads, including outer-scope values its bodies read. */
function readsOf(node: Node): string[] {
  const names = node.inputs.filter((name) => name !== '');
  for (const body of Object.values(node.subgraphs ?? {})) collectOuterReads(body, names);
  return names;
}

function collectOuterReads(graph: Graph, names: string[]): void {
  for (const child of graph.nodes) {
    names.push(...child.inputs.filter((name) => name !== '' && !graph.values.has(name)));
    for (const body of Object.values(child.subgraphs ?? {})) collectOuterReads(body, names);
  }
}
