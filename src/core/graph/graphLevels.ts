// The graph at each level of the hierarchy: a container (the top level or a group) holds its direct
// children, and every data edge is drawn at the level where its two ends first part, between the
// children that hold them. Edges between the same two children are aggregated with a count. The top
// level also holds the graph's inputs and outputs, so no piece of the graph floats unconnected; and a
// group's level holds ports: an edge that enters the group is drawn inside it from its input port to the
// children that read the value, one that leaves it from the child that makes the value to its output port.
// None of this depends on what is expanded, so it is computed once per model.
import { formatShape } from '../display/irText';
import type { PayloadNode, PayloadTensor } from '../protocol/graph';
import type { GroupTree } from './groupTree';

/** Key of an item at a level: `g:<group id>`, `n:<node index>`, `i:<k>`, `o:<k>` or a port (`p:in:<group id>`, `p:out:<group id>`). */
export type ItemKey = string;

/** An aggregated edge between two children of one container. */
export interface LevelEdge {
  from: ItemKey;
  to: ItemKey;
  /** Data edges aggregated into this one (for an edge into an output port: the values that leave). */
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
  /** The ports among `items`, with the distinct values each carries across the group's frame. */
  ports: Map<ItemKey, PortInfo>;
}

/** What crosses a group's frame at one of its ports. */
export interface PortInfo {
  side: 'in' | 'out';
  /** Distinct values, each once, in first-seen order. */
  values: { name: string; shape: string }[];
}

/** The graph's inputs and outputs (the payload's), drawn as items of the top level. */
export interface GraphIo {
  inputs: readonly PayloadTensor[];
  outputs: readonly PayloadTensor[];
}

/** Item key of a group. */
export const groupKey = (id: string): ItemKey => `g:${id}`;
/** Item key of a node. */
export const nodeKey = (index: number): ItemKey => `n:${index}`;
/** Item key of the graph input `payload.inputs[k]`. */
export const inputKey = (k: number): ItemKey => `i:${k}`;
/** Item key of the graph output `payload.outputs[k]`. */
export const outputKey = (k: number): ItemKey => `o:${k}`;
/** Item key of a group's input port (top of its frame) or output port (bottom). */
export const portKey = (groupId: string, side: 'in' | 'out'): ItemKey => `p:${side}:${groupId}`;

/** The group and side of a port key; undefined for other keys. */
export function parsePortKey(key: ItemKey): { group: string; side: 'in' | 'out' } | undefined {
  const match = /^p:(in|out):/.exec(key);
  return match ? { group: key.slice(match[0].length), side: match[1] as 'in' | 'out' } : undefined;
}

/**
 * The levels of a group tree, keyed by container id ('' for the top level). One pass files every data edge under the
 * container where its ends part (and its port crossings under the groups it enters and leaves); a level's items and
 * aggregated edges are made when it is first read, so opening a large graph builds only the top level's.
 */
export function buildGraphLevels(tree: GroupTree, nodes: readonly PayloadNode[], io: GraphIo = { inputs: [], outputs: [] }): ReadonlyMap<string, GraphLevel> {
  return new GraphLevels(tree, nodes, io);
}

/**
 * An edge's ends as filed: `from` is a node index, or -1-k for graph input k; `to` a node index with `input` the
 * index of the input it reads, or -1-k for graph output k.
 */
type Filed = number[];

class GraphLevels implements ReadonlyMap<string, GraphLevel> {
  private readonly built = new Map<string, GraphLevel>();
  /** Per container, its edges as flat (from, to, input) triples. */
  private readonly filed = new Map<string, Filed>();
  /** Per group, the crossings of its input port and of its output port, as (from, to, input) triples. */
  private readonly portIn = new Map<string, Filed>();
  private readonly portOut = new Map<string, Filed>();
  private readonly chains: string[][];

  constructor(
    private readonly tree: GroupTree,
    private readonly nodes: readonly PayloadNode[],
    private readonly io: GraphIo,
  ) {
    // Nodes of one group share its chain: one array per group, not per node.
    const chainByGroup = new Map<string | null, string[]>();
    this.chains = nodes.map((_node, index) => {
      const group = tree.parentOf[index];
      let chain = chainByGroup.get(group);
      if (!chain) chainByGroup.set(group, (chain = chainOf(tree, index)));
      return chain;
    });
    const inputIndex = new Map(io.inputs.map((input, k) => [input.name, k]));
    nodes.forEach((node, to) => {
      node.inputs.forEach((input, slot) => {
        const from = input.from ?? -1;
        if (from === to) return;
        if (from >= 0) return this.file(from, to, slot);
        if (input.weight) return;
        const k = inputIndex.get(input.name);
        if (k !== undefined) return this.file(-1 - k, to, slot);
        // A control-flow body's own inputs (a Loop's iteration count, a Scan's state) come from its owner node.
        const owner = this.ownerOf(to);
        if (owner !== undefined) this.file(owner, to, slot);
      });
    });
    io.outputs.forEach((output, k) => {
      const from = output.from ?? -1;
      if (from >= 0) this.file(from, -1 - k, -1);
      else if (inputIndex.has(output.name)) this.file(-1 - inputIndex.get(output.name)!, -1 - k, -1);
    });
  }

  /** The node owning the control-flow body that holds node `index`, if any. */
  private ownerOf(index: number): number | undefined {
    const body = [...this.chains[index]].reverse().find((id) => this.tree.groups.get(id)!.kind === 'body');
    const control = body === undefined ? null : this.tree.groups.get(body)!.parent;
    if (control === null) return undefined;
    const owners = this.tree.groups.get(control)!.children.filter((child): child is number => typeof child === 'number');
    return owners.length === 1 ? owners[0] : undefined;
  }

  private chain(end: number): string[] {
    return end >= 0 ? this.chains[end] : [];
  }

  /** Files one edge under the container where its ends part, and its crossings under the groups it leaves and enters. */
  private file(from: number, to: number, slot: number): void {
    const [a, b] = [this.chain(from), this.chain(to)];
    let depth = 0;
    while (depth < a.length && depth < b.length && a[depth] === b[depth]) depth++;
    push(this.filed, depth === 0 ? '' : a[depth - 1], from, to, slot);
    for (let i = depth; i < a.length; i++) push(this.portOut, a[i], from, to, slot);
    for (let i = depth; i < b.length; i++) push(this.portIn, b[i], from, to, slot);
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

  /** The tensor an edge carries: what its reader reads, or the graph output. */
  private tensor(to: number, slot: number): PayloadTensor {
    return to >= 0 ? this.nodes[to].inputs[slot] : this.io.outputs[-1 - to];
  }

  private build(id: string): GraphLevel {
    const group = id === '' ? undefined : this.tree.groups.get(id)!;
    const depth = group ? group.depth + 1 : 0;
    /** The child of this level that holds an edge end. */
    const child = (end: number, side: 'from' | 'to'): ItemKey => {
      if (end < 0) return side === 'from' ? inputKey(-1 - end) : outputKey(-1 - end);
      const chain = this.chains[end];
      return depth < chain.length ? groupKey(chain[depth]) : nodeKey(end);
    };
    const keyOf = (item: string | number) => (typeof item === 'number' ? nodeKey(item) : groupKey(item));
    const items = (group ? group.children : this.tree.root).map(keyOf);
    const ports = new Map<ItemKey, PortInfo>();
    const edges: LevelEdge[] = [];
    const aggregated = new Map<string, { edge: LevelEdge; names: Set<string> }>();
    /** Adds one edge; `distinct` counts values instead of data edges (several readers of one value leave by one port edge). */
    const add = (fromKey: ItemKey, toKey: ItemKey, tensor: PayloadTensor, distinct: boolean) => {
      const pair = `${fromKey}\u0000${toKey}`;
      const known = aggregated.get(pair);
      if (!known) {
        const edge: LevelEdge = { from: fromKey, to: toKey, count: 1, tensor: { name: tensor.name, shape: tensor.shape ? formatShape(tensor.shape) : '' } };
        aggregated.set(pair, { edge, names: new Set([tensor.name]) });
        edges.push(edge);
        return;
      }
      if (distinct && known.names.has(tensor.name)) return;
      known.names.add(tensor.name);
      known.edge.count++;
      if (known.edge.tensor?.name !== tensor.name) delete known.edge.tensor;
    };
    const crossings = (filed: Filed | undefined, side: 'in' | 'out') => {
      if (!filed) return;
      const key = portKey(id, side);
      const info: PortInfo = { side, values: [] };
      const seen = new Set<string>();
      for (let i = 0; i < filed.length; i += 3) {
        const [from, to, slot] = [filed[i], filed[i + 1], filed[i + 2]];
        const tensor = this.tensor(to, slot);
        if (side === 'in') add(key, child(to, 'to'), tensor, false);
        else add(child(from, 'from'), key, tensor, true);
        if (!seen.has(tensor.name)) {
          seen.add(tensor.name);
          info.values.push({ name: tensor.name, shape: tensor.shape ? formatShape(tensor.shape) : '' });
        }
      }
      ports.set(key, info);
    };
    const triples = this.filed.get(id) ?? [];
    for (let i = 0; i < triples.length; i += 3) {
      const [from, to, slot] = [triples[i], triples[i + 1], triples[i + 2]];
      add(child(from, 'from'), child(to, 'to'), this.tensor(to, slot), to < 0);
    }
    if (group) {
      crossings(this.portIn.get(id), 'in');
      crossings(this.portOut.get(id), 'out');
    }
    const before = group ? (ports.has(portKey(id, 'in')) ? [portKey(id, 'in')] : []) : this.io.inputs.map((_input, k) => inputKey(k));
    const after = group ? (ports.has(portKey(id, 'out')) ? [portKey(id, 'out')] : []) : this.io.outputs.map((_output, k) => outputKey(k));
    return { id, items: [...before, ...items, ...after], edges, ports };
  }
}

function push(map: Map<string, Filed>, key: string, from: number, to: number, slot: number): void {
  let list = map.get(key);
  if (!list) map.set(key, (list = []));
  list.push(from, to, slot);
}

/** Group ids from the top level down to node `index`'s group. */
function chainOf(tree: GroupTree, index: number): string[] {
  const chain: string[] = [];
  for (let id = tree.parentOf[index]; id !== null; id = tree.groups.get(id)!.parent) chain.push(id);
  return chain.reverse();
}
