// Groups for a level the file leaves flat or too big: first from names (namePrefixGroups), then from repeated
// structure (repeatedBlocks), then blocks of blocks until the level fits (nestedSpans). Labels come from the model:
// a shared name prefix, or the names of a block's first and last items; never an index.
import { nestedSpans } from './blockNesting';
import { namePrefixGroups, sharedPrefix, type NameItem } from './namePrefixGroups';
import { crossings, repeatedBlocks, type BlockEntry } from './repeatedBlocks';

/** What derivation knows of one item of a level (a node, or a group the file gives). */
export interface LevelItem {
  /** The item's name as the model gives it: a node name without its scope, a group's label; may be ''. */
  name: string;
  /** The op of a node; undefined for a group. */
  op?: string;
  /** The op sequence inside (equal signatures: the same structure). */
  signature: string;
  /** Positions of the level's items whose outputs this item reads. */
  reads: number[];
  nodes: number;
  /** Reads only stored weights (or nothing). */
  constant: boolean;
}

/** A derived group: `prefix` from a shared name prefix, `block` from structure; `first`/`last` name its ends. */
export interface DerivedGroup {
  kind: 'prefix' | 'block';
  label: string;
  first: string;
  last: string;
  children: Derived[];
}

/** A position in the level, or a derived group of them. */
export type Derived = number | DerivedGroup;

/** When a level gets derived groups: past `deriveAbove` items from names and structure, past `nestAbove` blocks of blocks too. */
export interface DeriveLimits {
  deriveAbove: number;
  /** A level past this many items is nested until each level holds about `deriveAbove`. */
  nestAbove: number;
}

/** The level's items in an order to group by (constants next to their first reader), with derived groups. */
export function deriveGroups(items: readonly LevelItem[], limits: DeriveLimits): Derived[] {
  if (items.length <= limits.deriveAbove) return items.map((_item, position) => position);
  const context: Context = { items, limits, owner: new Int32Array(items.length), stamp: new Int32Array(items.length), generation: 0 };
  const order = readerOrder(items);
  // A constant's name is its tensor's, not a layer's: it joins its reader's block, not a name group.
  const names = order.map((position) => (items[position].constant ? '' : items[position].name));
  const byName = fromNames(namePrefixGroups(names, order.map((position) => items[position].op), limits.deriveAbove), order);
  return fit(byName, context, true);
}

interface Context {
  items: readonly LevelItem[];
  limits: DeriveLimits;
  /** Entry index of each position in the entries being looked at, valid where stamp equals generation. */
  owner: Int32Array;
  stamp: Int32Array;
  generation: number;
}

/** Structural blocks (when `structural`), then blocks of blocks while the level is too big; the same inside derived groups. */
function fit(entries: Derived[], context: Context, structural: boolean): Derived[] {
  const { deriveAbove, nestAbove } = context.limits;
  for (const entry of entries) if (typeof entry !== 'number' && entry.children.length > deriveAbove) entry.children = fit(entry.children, context, structural);
  let level = entries;
  if (structural && level.length > deriveAbove) level = structuralBlocks(level, context);
  while (level.length > nestAbove) {
    const before = level.length;
    const spans = nestedSpans(level.length, crossings(blockEntries(level, context)), deriveAbove);
    level = spans.map(([from, to]) => (to - from === 1 ? level[from] : block(level.slice(from, to), context)));
    if (level.length >= before) break;
  }
  return level;
}

/**
 * A block for each repetition of a repeated unit (split into its pieces when it is big) and for each other piece of
 * two to `deriveAbove` entries; the entries of a bigger lone piece stay at this level, where a block would only hide them.
 */
function structuralBlocks(entries: Derived[], context: Context): Derived[] {
  const blocks = repeatedBlocks(blockEntries(entries, context));
  if (blocks.length <= 1) return entries;
  const level: Derived[] = [];
  for (const { span, pieces, repeated } of blocks) {
    const children = entries.slice(span[0], span[1]);
    // A node with the constants it reads stands for itself.
    if (computedIn(children, context) <= 1 || (!repeated && children.length > context.limits.deriveAbove)) {
      level.push(...children);
      continue;
    }
    if (children.length <= context.limits.deriveAbove || pieces.length === 1) {
      level.push(block(children, context));
      continue;
    }
    const inner: Derived[] = [];
    for (const [from, to] of pieces) {
      const piece = entries.slice(from, to);
      if (computedIn(piece, context) <= 1 || piece.length > context.limits.deriveAbove) inner.push(...piece);
      else inner.push(block(piece, context));
    }
    level.push(block(inner, context));
  }
  return level;
}

/** Entries that are not constants. */
function computedIn(entries: readonly Derived[], context: Context): number {
  return entries.filter((entry) => typeof entry !== 'number' || !context.items[entry].constant).length;
}

/**
 * A block of consecutive entries, labelled by the prefix its weights' names share (`gpu_0/res2_0` in a Caffe2 export
 * whose ops are unnamed) or else by the names at its ends; nested inside when still too big.
 */
function block(children: Derived[], context: Context): DerivedGroup {
  const isConstant = (entry: Derived) => typeof entry === 'number' && context.items[entry].constant;
  const end = (entry: Derived, side: 'first' | 'last') => (typeof entry === 'number' ? nameOf(context.items[entry]) : entry[side]);
  const first = end(children.find((child) => !isConstant(child)) ?? children[0], 'first');
  let lastAt = children.length - 1;
  while (lastAt > 0 && isConstant(children[lastAt])) lastAt--;
  const last = end(children[lastAt], 'last');
  const constants = children.flatMap((child) => positionsOf(child)).filter((position) => context.items[position].constant).map((position) => context.items[position].name);
  const label = (constants.length > 1 && sharedPrefix(constants)) || (first === last ? first : `${first} … ${last}`);
  const group: DerivedGroup = { kind: 'block', label, first, last, children };
  if (children.length > context.limits.nestAbove) group.children = fit(children, context, false);
  return group;
}

/** An item's name, or its op when it has none. */
function nameOf(item: LevelItem): string {
  return item.name || item.op || '';
}

/** Signatures, reads between entries, node counts and constancy of each entry, from its items. */
function blockEntries(entries: readonly Derived[], context: Context): BlockEntry[] {
  const generation = ++context.generation;
  const covered = entries.map((entry) => positionsOf(entry));
  covered.forEach((positions, index) => {
    for (const position of positions) {
      context.owner[position] = index;
      context.stamp[position] = generation;
    }
  });
  return covered.map((positions, index) => {
    const reads = new Set<number>();
    let signature = '';
    let nodes = 0;
    let constant = true;
    for (const position of positions) {
      const item = context.items[position];
      signature += signature ? `,${item.signature}` : item.signature;
      nodes += item.nodes;
      constant &&= item.constant;
      for (const read of item.reads) if (context.stamp[read] === generation && context.owner[read] !== index) reads.add(context.owner[read]);
    }
    return { signature, reads: [...reads], nodes, constant };
  });
}

function positionsOf(entry: Derived, into: number[] = []): number[] {
  if (typeof entry === 'number') into.push(entry);
  else for (const child of entry.children) positionsOf(child, into);
  return into;
}

/** Name groups over `order` (indices into it) as derived groups over positions. */
function fromNames(named: NameItem[], order: readonly number[]): Derived[] {
  return named.map((item) => {
    if (typeof item === 'number') return order[item];
    const children = fromNames(item.children, order);
    return { kind: 'prefix', label: item.label, first: item.label, last: item.label, children };
  });
}

/** Positions in file order, except that a constant comes right before the first item that reads it. */
function readerOrder(items: readonly LevelItem[]): number[] {
  const firstReader = new Int32Array(items.length).fill(-1);
  items.forEach((item, position) => {
    for (const read of item.reads) if (read < position && firstReader[read] < 0) firstReader[read] = position;
  });
  const before = new Map<number, number[]>();
  const order: number[] = [];
  items.forEach((item, position) => {
    const waiting = before.get(position);
    if (waiting) order.push(...waiting);
    const reader = firstReader[position];
    if (item.constant && reader > position + 1) {
      const list = before.get(reader) ?? [];
      list.push(position);
      before.set(reader, list);
    } else {
      order.push(position);
    }
  });
  return order;
}
