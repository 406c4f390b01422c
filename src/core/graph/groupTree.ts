// The hierarchy the graph view collapses and expands: groups from each node's group path (module
// scopes, control-flow owners and bodies), with op counts, params and MACs summed inside. A group
// holding a single node is dropped (the node stands for itself), and a container with too many
// direct children is split into consecutive chunks so no one level is too big to lay out quickly.
import { nodeGroup, type PayloadNode } from '../protocol/graph';

/** Direct children past which a container is split into chunks of this many. */
export const MAX_CHILDREN = 100;

/** One collapsible group. */
export interface ViewGroup {
  /** Unique and stable across runs: the path joined with '/', chunks add `#n`. */
  id: string;
  /** Shown as the title: the last path segment, or `name[a–b]` for a chunk. */
  label: string;
  parent: string | null;
  depth: number;
  /** `control`: a node with bodies (If, Loop); `body`: one of its bodies, whose cost the owner node already carries. */
  kind: 'scope' | 'control' | 'body' | 'chunk';
  /** Child groups and nodes in first-appearance order: group ids, and node indices as numbers. */
  children: (string | number)[];
  /** Operator nodes inside, at any depth. */
  nodeCount: number;
  params: number;
  macs: number;
  /** Nodes inside whose MACs are unknown. */
  unknownMacs: number;
  /** Op counts inside, most frequent first. */
  ops: [string, number][];
}

/** The group hierarchy of a payload: `root` holds the top level; `parentOf[i]` is node i's group (null: top level). */
export interface GroupTree {
  root: (string | number)[];
  groups: Map<string, ViewGroup>;
  parentOf: (string | null)[];
}

interface Draft {
  path: string[];
  children: (Draft | number)[];
  byName: Map<string, Draft>;
  control: boolean;
}

/** Builds the group tree of `nodes`. */
export function buildGroupTree(nodes: readonly PayloadNode[], maxChildren = MAX_CHILDREN): GroupTree {
  const top: Draft = { path: [], children: [], byName: new Map(), control: false };
  nodes.forEach((node, index) => {
    let draft = top;
    for (const part of nodeGroup(node)) {
      let next = draft.byName.get(part);
      if (!next) {
        next = { path: [...draft.path, part], children: [], byName: new Map(), control: false };
        draft.byName.set(part, next);
        draft.children.push(next);
      }
      draft = next;
    }
    draft.children.push(index);
    if (isOwner(node)) draft.control = true;
  });
  const tree: GroupTree = { root: [], groups: new Map(), parentOf: new Array<string | null>(nodes.length).fill(null) };
  const emit = (draft: Draft, parent: ViewGroup | null): (string | number)[] => {
    const items: (string | number)[] = [];
    for (const child of draft.children) {
      if (typeof child === 'number') {
        items.push(child);
        continue;
      }
      // A one-node body stays a group: its owner already carries its cost.
      const only = draft.control ? undefined : soleNode(child);
      if (only !== undefined) {
        items.push(only);
        continue;
      }
      const group = newGroup(child.path.join('/'), child.path[child.path.length - 1], parent, child.control ? 'control' : draft.control ? 'body' : 'scope');
      tree.groups.set(group.id, group);
      group.children = emit(child, group);
      items.push(group.id);
    }
    return chunked(items, parent, tree, maxChildren);
  };
  tree.root = emit(top, null);
  const assign = (items: (string | number)[], parent: string | null): void => {
    for (const item of items) {
      if (typeof item === 'number') tree.parentOf[item] = parent;
      else assign(tree.groups.get(item)!.children, item);
    }
  };
  assign(tree.root, null);
  const totalAll = (items: (string | number)[]): void => {
    for (const item of items) {
      if (typeof item === 'number') continue;
      const group = tree.groups.get(item)!;
      totalAll(group.children);
      total(tree, group, nodes);
    }
  };
  totalAll(tree.root);
  return tree;
}

/** Whether the node owns control-flow bodies (its group path ends with its own name). */
function isOwner(node: PayloadNode): boolean {
  const group = nodeGroup(node);
  return group.length > 0 && group[group.length - 1] === (node.name || node.id) && Object.values(node.attrs).some((text) => text.startsWith('graph '));
}

function soleNode(draft: Draft): number | undefined {
  if (draft.children.length !== 1) return undefined;
  const child = draft.children[0];
  return typeof child === 'number' ? child : soleNode(child);
}

function newGroup(id: string, label: string, parent: ViewGroup | null, kind: ViewGroup['kind']): ViewGroup {
  return { id, label, parent: parent?.id ?? null, depth: parent ? parent.depth + 1 : 0, kind, children: [], nodeCount: 0, params: 0, macs: 0, unknownMacs: 0, ops: [] };
}

/** Splits an over-full level into chunk groups of consecutive items (file order is usually topological). */
function chunked(items: (string | number)[], parent: ViewGroup | null, tree: GroupTree, maxChildren: number): (string | number)[] {
  if (items.length <= maxChildren) return items;
  const size = Math.max(maxChildren, Math.ceil(items.length / maxChildren));
  const chunks: (string | number)[] = [];
  for (let start = 0; start < items.length; start += size) {
    const slice = items.slice(start, start + size);
    const base = parent ? parent.id : '';
    const group = newGroup(`${base}#${start / size}`, `${parent?.label ?? 'nodes'} [${start + 1}–${start + slice.length}]`, parent, 'chunk');
    group.children = slice;
    for (const child of slice) if (typeof child === 'string') reparent(tree, child, group);
    tree.groups.set(group.id, group);
    chunks.push(group.id);
  }
  return chunked(chunks, parent, tree, maxChildren);
}

function reparent(tree: GroupTree, id: string, parent: ViewGroup): void {
  const group = tree.groups.get(id)!;
  group.parent = parent.id;
  const shift = (each: ViewGroup, depth: number): void => {
    each.depth = depth;
    for (const child of each.children) if (typeof child === 'string') shift(tree.groups.get(child)!, depth + 1);
  };
  shift(group, parent.depth + 1);
}

/** Sums a group's figures from its children, which are already totalled. */
function total(tree: GroupTree, group: ViewGroup, nodes: readonly PayloadNode[]): void {
  const ops = new Map<string, number>();
  const add = (op: string, count: number) => ops.set(op, (ops.get(op) ?? 0) + count);
  for (const child of group.children) {
    if (typeof child === 'number') {
      const node = nodes[child];
      group.nodeCount += 1;
      group.params += node.params;
      group.macs += node.macs ?? 0;
      group.unknownMacs += node.macs === null ? 1 : 0;
      add(node.op, 1);
    } else {
      const inner = tree.groups.get(child)!;
      group.nodeCount += inner.nodeCount;
      inner.ops.forEach(([op, count]) => add(op, count));
      // The owner node's params and MACs already include its bodies (as in the summary).
      if (inner.kind === 'body') continue;
      group.params += inner.params;
      group.macs += inner.macs;
      group.unknownMacs += inner.unknownMacs;
    }
  }
  group.ops = [...ops].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
}

/** The chain of group ids from the top level down to the group holding node `index`. */
export function ancestorsOf(tree: GroupTree, index: number): string[] {
  const chain: string[] = [];
  for (let id = tree.parentOf[index]; id !== null; id = tree.groups.get(id)!.parent) chain.unshift(id);
  return chain;
}
