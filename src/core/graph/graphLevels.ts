// The graph at each level of the hierarchy: a container (the top level or a group) holds its direct
// children, and every data edge is drawn at the level where its two ends first part, between the
// children that hold them. Edges between the same two children are aggregated with a count. None of
// this depends on what is expanded, so it is computed once per model.
import type { PayloadNode } from '../protocol/graph';
import type { GroupTree } from './groupTree';

/** Key of an item at a level: `g:<group id>` or `n:<node index>`. */
export type ItemKey = string;

/** An aggregated edge between two children of one container. */
export interface LevelEdge {
  from: ItemKey;
  to: ItemKey;
  /** Data edges aggregated into this one. */
  count: number;
  /** The tensor carried, when there is exactly one (its name and shape are drawn when zoomed in). */
  tensor?: { name: string; shape: string };
}

/** One container's direct children and the edges between them. */
export interface GraphLevel {
  /** The group id, or '' for the top level. */
  id: string;
  items: ItemKey[];
  edges: LevelEdge[];
}

/** Item key of a group. */
export const groupKey = (id: string): ItemKey => `g:${id}`;
/** Item key of a node. */
export const nodeKey = (index: number): ItemKey => `n:${index}`;

/** The levels of a group tree, keyed by container id ('' for the top level). */
export function buildGraphLevels(tree: GroupTree, nodes: readonly PayloadNode[]): Map<string, GraphLevel> {
  const levels = new Map<string, GraphLevel>();
  const keyOf = (item: string | number) => (typeof item === 'number' ? nodeKey(item) : groupKey(item));
  levels.set('', { id: '', items: tree.root.map(keyOf), edges: [] });
  for (const group of tree.groups.values()) levels.set(group.id, { id: group.id, items: group.children.map(keyOf), edges: [] });
  // Nodes of one group share its chain: one array per group, not per node.
  const chainByGroup = new Map<string | null, string[]>();
  const chains = nodes.map((_node, index) => {
    const group = tree.parentOf[index];
    let chain = chainByGroup.get(group);
    if (!chain) chainByGroup.set(group, (chain = chainOf(tree, index)));
    return chain;
  });
  const aggregated = new Map<string, LevelEdge>();
  nodes.forEach((node, to) => {
    for (const input of node.inputs) {
      const from = input.from ?? -1;
      if (from < 0 || from === to) continue;
      const a = chains[from];
      const b = chains[to];
      let depth = 0;
      while (depth < a.length && depth < b.length && a[depth] === b[depth]) depth++;
      const container = depth === 0 ? '' : a[depth - 1];
      const fromKey = depth < a.length ? groupKey(a[depth]) : nodeKey(from);
      const toKey = depth < b.length ? groupKey(b[depth]) : nodeKey(to);
      const id = `${container}\u0000${fromKey}\u0000${toKey}`;
      const edge = aggregated.get(id);
      if (edge) {
        edge.count++;
        if (edge.tensor?.name !== input.name) delete edge.tensor;
      } else {
        const created: LevelEdge = { from: fromKey, to: toKey, count: 1, tensor: { name: input.name, shape: shapeText(input.shape) } };
        aggregated.set(id, created);
        levels.get(container)!.edges.push(created);
      }
    }
  });
  return levels;
}

/** Group ids from the top level down to node `index`'s group. */
function chainOf(tree: GroupTree, index: number): string[] {
  const chain: string[] = [];
  for (let id = tree.parentOf[index]; id !== null; id = tree.groups.get(id)!.parent) chain.push(id);
  return chain.reverse();
}

/** `[1, 3, 224, 224]`-style text; `?` for unknown dims. */
export function shapeText(shape: readonly (number | string | null)[] | null): string {
  return shape ? `[${shape.map((dim) => (dim === null ? '?' : String(dim))).join(', ')}]` : '';
}
