// Names an ONNX graph reads that nothing provides: no graph input, initializer or node output (in
// the graph or, for a control-flow body, the graphs around it). Such a file is broken or cut down,
// so the reader warns and marks the model partial instead of summarizing it as if whole.
import type { Graph } from '../../ir/graph';

const LISTED = 10;

/** One warning per name read but never provided (the first few, then a count), or [] for a whole graph. */
export function danglingReadWarnings(graph: Graph): string[] {
  const found: string[] = [];
  let more = 0;
  // A body sees its own names, then its enclosing graphs' (a chain, so bodies never copy the outer sets).
  const visit = (each: Graph, outer: (name: string) => boolean): void => {
    const own = new Set(each.inputs);
    for (const value of each.values.values()) if (value.initializer) own.add(value.name);
    for (const node of each.nodes) node.outputs.forEach((name) => own.add(name));
    const provided = (name: string): boolean => own.has(name) || outer(name);
    const reported = new Set<string>();
    for (const node of each.nodes) {
      for (const name of node.inputs) {
        if (name === '' || reported.has(name) || provided(name)) continue;
        reported.add(name);
        if (found.length < LISTED) found.push(`node '${node.name}' (${node.op}) reads '${name}', which no graph input, initializer or node output provides`);
        else more++;
      }
      for (const body of Object.values(node.subgraphs ?? {})) visit(body, provided);
    }
  };
  visit(graph, () => false);
  if (found.length === 0) return [];
  if (more > 0) found.push(`${more} more names are read but never provided`);
  return [...found, 'the graph is incomplete: its figures (params, MACs, memory) cover only what is connected'];
}
