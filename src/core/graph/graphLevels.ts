// The graph at each level of the hierarchy: a container (the top level or a group) holds its direct
// children, and every data edge is drawn at the level where its two ends first part, between the
// children that hold them. Edges between the same two children are aggregated with a count. None of
// this depends on what is expanded, so it is computed once per model.
import { formatShape } from '../display/irText';
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

/**
 * The levels of a group tree, keyed by container id ('' for the top level). One pass files every data edge under the
 * container where its ends part; a level's items and aggregated edges are made when it is first read, so opening a
 * large graph builds only the top level's.
 */
export function buildGraphLevels(tree: GroupTree, nodes: readonly PayloadNode[]): ReadonlyMap<string, GraphLevel> {
  return new GraphLevels(tree, nodes);
}

class GraphLevels implements ReadonlyMap<string, GraphLevel> {
  private readonly built = new Map<string, GraphLevel>();
  /** Per container, its data edges as flat (from node, to node, input index) triples. */
  private readonly filed = new Map<string, number[]>();
  private readonly chains: string[][];

  constructor(
    private readonly tree: GroupTree,
    private readonly nodes: readonly PayloadNode[],
  ) {
    // Nodes of one group share its chain: one array per group, not per node.
    const chainByGroup = new Map<string | null, string[]>();
    this.chains = nodes.map((_node, index) => {
      const group = tree.parentOf[index];
      let chain = chainByGroup.get(group);
      if (!chain) chainByGroup.set(group, (chain = chainOf(tree, index)));
      return chain;
    });
    nodes.forEach((node, to) => {
      node.inputs.forEach((input, inputIndex) => {
        const from = input.from ?? -1;
        if (from < 0 || from === to) return;
        const [a, b] = [this.chains[from], this.chains[to]];
        let depth = 0;
        while (depth < a.length && depth < b.length && a[depth] === b[depth]) depth++;
        const container = depth === 0 ? '' : a[depth - 1];
        let triples = this.filed.get(container);
        if (!triples) this.filed.set(container, (triples = []));
        triples.push(from, to, inputIndex);
      });
    });
  }

  get size(): number {
    return this.tree.groups.size + 1;
  }

  has(id: string): boolean {
    return id === '' || this.tree.groups.has(id);
  }

  get(id: string): GraphLevel | undefined {
    const known = this.built.get(id);
    if (known || !this.has(id)) return known;
    const level = this.build(id);
    this.built.set(id, level);
    return level;
  }

  *keys(): MapIterator<string> {
    yield '';
    yield* this.tree.groups.keys();
  }

  *values(): MapIterator<GraphLevel> {
    for (const id of this.keys()) yield this.get(id)!;
  }

  *entries(): MapIterator<[string, GraphLevel]> {
    for (const id of this.keys()) yield [id, this.get(id)!];
  }

  [Symbol.iterator](): MapIterator<[string, GraphLevel]> {
    return this.entries();
  }

  forEach(callback: (value: GraphLevel, key: string, map: ReadonlyMap<string, GraphLevel>) => void): void {
    for (const [id, level] of this.entries()) callback(level, id, this);
  }

  private build(id: string): GraphLevel {
    const keyOf = (item: string | number) => (typeof item === 'number' ? nodeKey(item) : groupKey(item));
    const items = (id === '' ? this.tree.root : this.tree.groups.get(id)!.children).map(keyOf);
    const depth = id === '' ? 0 : this.tree.groups.get(id)!.depth + 1;
    const edges: LevelEdge[] = [];
    const aggregated = new Map<string, LevelEdge>();
    const triples = this.filed.get(id) ?? [];
    for (let i = 0; i < triples.length; i += 3) {
      const [from, to, inputIndex] = [triples[i], triples[i + 1], triples[i + 2]];
      const input = this.nodes[to].inputs[inputIndex];
      const [a, b] = [this.chains[from], this.chains[to]];
      const fromKey = depth < a.length ? groupKey(a[depth]) : nodeKey(from);
      const toKey = depth < b.length ? groupKey(b[depth]) : nodeKey(to);
      const pair = `${fromKey}\u0000${toKey}`;
      const edge = aggregated.get(pair);
      if (edge) {
        edge.count++;
        if (edge.tensor?.name !== input.name) delete edge.tensor;
      } else {
        const created: LevelEdge = { from: fromKey, to: toKey, count: 1, tensor: { name: input.name, shape: input.shape ? formatShape(input.shape) : '' } };
        aggregated.set(pair, created);
        edges.push(created);
      }
    }
    return { id, items, edges };
  }
}

/** Group ids from the top level down to node `index`'s group. */
function chainOf(tree: GroupTree, index: number): string[] {
  const chain: string[] = [];
  for (let id = tree.parentOf[index]; id !== null; id = tree.groups.get(id)!.parent) chain.push(id);
  return chain.reverse();
}
