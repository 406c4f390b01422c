// The hierarchy the graph view collapses and expands: groups from each node's group path (module
// scopes, control-flow owners and bodies), with op counts, params and MACs summed inside. A group
// holding a single node is dropped (the node stands for itself). A level with too many direct
// children (a flat Keras or unscoped ONNX graph, 370 encoder layers) gets groups derived from the
// model's names and structure (derivedGroups.ts), so no level is too big to read or lay out quickly.
import { nodeGroup, type PayloadNode } from '../protocol/graph';
import { deriveGroups, type Derived } from './derivedGroups';
import { leafName, LevelReader, levelKey, readsOnlyWeights } from './levelReader';
import { namesMoreThanOp } from './namePrefixGroups';

/** Direct children past which a level gets groups derived from names and structure. */
export const MAX_CHILDREN = 40;
/** Direct children past which a level is nested into blocks of blocks of about MAX_CHILDREN, for a quick layout. */
export const MAX_LEVEL = 150;

/** One collapsible group. */
export interface ViewGroup {
  /** Unique and stable across runs: the path joined with '/'; a derived group's is its parent's id and its label. */
  id: string;
  /** Shown as the title: the last path segment (`layer1.0` for a numbered one), a shared name prefix, or a derived block's `first … last` names. */
  label: string;
  parent: string | null;
  depth: number;
  /**
   * `scope`: a module scope the file names; `control`: a node with bodies (If, Loop); `body`: one of its bodies, whose
   * cost the owner node already carries; `prefix`: consecutive nodes whose names share a prefix (`block_1_*`);
   * `block`: a piece of the graph between single-tensor crossings, one repetition of a repeated piece, or consecutive
   * such blocks.
   */
  kind: 'scope' | 'control' | 'body' | 'prefix' | 'block';
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

/** Builds the group tree of `nodes`; levels past `maxChildren` items get derived groups, past `maxLevel` nested ones. */
export function buildGroupTree(nodes: readonly PayloadNode[], maxChildren = MAX_CHILDREN, maxLevel = Math.max(maxChildren, MAX_LEVEL)): GroupTree {
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
  const levels = new LevelReader(tree, nodes);
  const derivedByKey = new Map<string, Derived[]>();
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
      const group = newGroup(child.path.join('/'), scopeLabel(child.path), parent, child.control ? 'control' : draft.control ? 'body' : 'scope');
      tree.groups.set(group.id, group);
      group.children = emit(child, group);
      items.push(group.id);
    }
    // An owner's level holds the owner node and its bodies: nothing to derive. Constants (and an exporter's Identity
    // nodes over shared weights) do not make a level hard to read: their readers do.
    if (draft.control || items.length <= maxChildren) return items;
    const computed = items.reduce<number>((count, item) => count + (typeof item === 'number' && readsOnlyWeights(nodes[item]) ? 0 : 1), 0);
    if (computed <= maxChildren && items.length <= maxLevel) return items;
    // Inside a scope the file names, a level small enough to lay out is regrouped only when its names say more than
    // the op (a Keras base model's `block_1_*`, not an attention's `Shape_1`, `Gather_1`): its first few decide.
    if (parent && items.length <= maxLevel && !namesSayMore(items, nodes)) return items;
    const level = levels.items(items);
    // The repeated layers of a deep model have levels alike in every figure derivation reads: derived once. A level
    // too big to lay out is one of a kind.
    const key = items.length <= maxLevel ? levelKey(level) : undefined;
    let derived = key === undefined ? undefined : derivedByKey.get(key);
    if (!derived) derived = deriveGroups(level, { deriveAbove: maxChildren, nestAbove: maxLevel });
    if (key !== undefined) derivedByKey.set(key, derived);
    return materialize(derived, items, parent?.id ?? null, tree);
  };
  tree.root = emit(top, null);
  const assign = (items: (string | number)[], parent: ViewGroup | null): void => {
    for (const item of items) {
      if (typeof item === 'number') {
        tree.parentOf[item] = parent?.id ?? null;
        continue;
      }
      const group = tree.groups.get(item)!;
      group.parent = parent?.id ?? null;
      group.depth = parent ? parent.depth + 1 : 0;
      assign(group.children, group);
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

/** Whether most of the first nodes of a level have names that say more than their op. */
function namesSayMore(items: readonly (string | number)[], nodes: readonly PayloadNode[]): boolean {
  let seen = 0;
  let saying = 0;
  for (const item of items) {
    if (typeof item !== 'number') continue;
    const node = nodes[item];
    if (namesMoreThanOp(leafName(node), node.op)) saying++;
    if (++seen === 10) break;
  }
  return saying * 2 > seen;
}

/** A scope's label: its last path segment, with its parent's for a numbered one (TorchScript's `layer1` > `0` is `layer1.0`). */
function scopeLabel(path: string[]): string {
  const last = path[path.length - 1];
  return /^\d+$/.test(last) && path.length > 1 ? `${path[path.length - 2]}.${last}` : last;
}

/** Turns derived groups over a level's `items` into view groups under `parentId`; returns the level's new items. */
function materialize(derived: readonly Derived[], items: readonly (string | number)[], parentId: string | null, tree: GroupTree): (string | number)[] {
  return derived.map((entry) => {
    if (typeof entry === 'number') return items[entry];
    const base = parentId === null ? entry.label : `${parentId}/${entry.label}`;
    let id = base;
    for (let copy = 2; tree.groups.has(id); copy++) id = `${base}#${copy}`;
    const group = newGroup(id, entry.label, null, entry.kind);
    tree.groups.set(id, group);
    group.children = materialize(entry.children, items, id, tree);
    return id;
  });
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
