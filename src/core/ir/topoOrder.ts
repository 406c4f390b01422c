// A topological order of a graph's nodes. Valid ONNX files are already sorted, so the file order
// is kept when it works; otherwise Kahn's algorithm, stable in file order.
import type { Graph, Node } from './graph';

/** Nodes so that each comes after the producers of its inputs; nodes in a cycle keep file order at the end. */
export function topoOrder(graph: Graph): Node[] {
  const producer = new Map<string, number>();
  graph.nodes.forEach((node, index) => node.outputs.forEach((output) => output !== '' && producer.set(output, index)));
  const sorted = graph.nodes.every((node, index) => node.inputs.every((input) => (producer.get(input) ?? -1) < index));
  if (sorted) return graph.nodes;
  const pending = graph.nodes.map((node, index) => new Set(node.inputs.map((input) => producer.get(input)).filter((p): p is number => p !== undefined && p !== index)));
  const consumers = graph.nodes.map(() => [] as number[]);
  pending.forEach((deps, index) => deps.forEach((dep) => consumers[dep].push(index)));
  const ready = pending.flatMap((deps, index) => (deps.size === 0 ? [index] : []));
  const order: number[] = [];
  const placed = new Set<number>();
  while (ready.length > 0) {
    ready.sort((a, b) => a - b);
    const next = ready.shift()!;
    order.push(next);
    placed.add(next);
    for (const consumer of consumers[next]) {
      pending[consumer].delete(next);
      if (pending[consumer].size === 0 && !placed.has(consumer) && !ready.includes(consumer)) ready.push(consumer);
    }
  }
  graph.nodes.forEach((_, index) => placed.has(index) || order.push(index));
  return order.map((index) => graph.nodes[index]);
}
