// Groups from the names of a flat level: consecutive items whose names share a prefix at `_`, `.` or `/` boundaries,
// as Keras names the layers of one block (`block_1_expand`, `block_1_expand_BN`, `block_1_depthwise` -> `block_1`).
// A prefix followed by varying numbers (`block_1`, `block_2`, ...) only numbers blocks: it becomes no group of its own.
// Names that only say the op and a counter (`Conv_12`, TorchScript's `add__9`) say nothing and join none; an op and
// counter after a prefix (`/layers.0/self_attn/Shape_1`) leave the prefix.

/** A name group: its label (the shared prefix) and its members, names' indices or nested groups, in order. */
export interface NameGroup {
  label: string;
  children: NameItem[];
}

/** An index into the names, or a group of them. */
export type NameItem = number | NameGroup;

interface Tokens {
  name: string;
  parts: string[];
  /** Offset in `name` just past each part. */
  ends: number[];
}

const NUMBER = /^\d+$/;

/**
 * Groups the items named `names` (in order; `ops[i]` is item i's op, or undefined for an item that is not a node):
 * a group for each run of two or more consecutive names sharing a prefix. A group with more than `maxChildren`
 * members is split again by the next part of its names.
 */
export function namePrefixGroups(names: readonly string[], ops: readonly (string | undefined)[], maxChildren: number): NameItem[] {
  const tokens = names.map((name, index) => tokenize(name, ops[index]));
  const all = names.map((_name, index) => index);
  const shared = commonParts(tokens, all, 0);
  // The prefix every name shares (`gpu_0/` in a Caffe2 export) is left out of the labels.
  const strip = shared < minParts(tokens, all) ? shared : 0;
  const labelled = (items: Draft[], from: number): NameItem[] => items.map((item) =>
    typeof item === 'number' ? item : { label: slice(tokens[item.first]!, from, item.parts), children: labelled(item.children, item.parts) });
  return labelled(split(tokens, all, shared, maxChildren), strip);
}

/** A name group before labelling: the member whose name gives the label, and how many parts of it the label takes. */
type Draft = number | { first: number; parts: number; children: Draft[]; subdivided: boolean };

/** Longest run of unnamed items (constants, `Shape_1`) inside a run of named ones. */
const MAX_GAP = 2;

/** Splits `members` (sharing their first `depth` parts) into runs by part `depth`. */
function split(tokens: readonly (Tokens | null)[], members: number[], depth: number, maxChildren: number): Draft[] {
  const items: Draft[] = [];
  let start = 0;
  while (start < members.length) {
    const key = partAt(tokens[members[start]], depth);
    let end = start + 1;
    // A few unnamed items between two of the run belong to it; after its last one they do not.
    for (let scan = end; key !== null && scan < members.length && scan - end < MAX_GAP + 1; scan++) {
      const member = tokens[members[scan]];
      if (member === null) continue;
      if (partAt(member, depth) !== key) break;
      end = scan + 1;
    }
    const run = members.slice(start, end);
    start = end;
    if (run.length === 1) {
      items.push(run[0]);
      continue;
    }
    const shared = commonParts(tokens, run, depth + 1);
    const next = run.filter((member) => tokens[member] !== null).map((member) => partAt(tokens[member], shared));
    // Numbered blocks: each number's run is a group (or a single item) at this level.
    if (next.every((part) => part !== null && NUMBER.test(part)) && new Set(next).size > 1) {
      items.push(...split(tokens, run, shared, maxChildren));
      continue;
    }
    const subdivided = run.length > maxChildren && shared < maxPart(tokens, run);
    items.push({ first: run[0], parts: shared, children: subdivided ? split(tokens, run, shared, maxChildren) : run, subdivided });
  }
  // A group only split again for its size (`conv` over `conv_dw_1`, `conv_pw_1`, …) gives way to its parts where they fit.
  let count = items.length;
  return items.flatMap((item) => {
    if (typeof item === 'number' || !item.subdivided || count - 1 + item.children.length > maxChildren) return [item];
    count += item.children.length - 1;
    return item.children;
  });
}

/** The parts of a name, or null for a name that means nothing beyond the op (`Conv_12`, `/self_attn/Shape_1`). */
function tokenize(name: string, op: string | undefined): Tokens | null {
  const parts: string[] = [];
  const ends: number[] = [];
  let from = 0;
  for (let at = 0; at <= name.length; at++) {
    const code = at < name.length ? name.charCodeAt(at) : 47;
    // '_', '.', '/' end a part.
    if (code !== 95 && code !== 46 && code !== 47) continue;
    if (at > from) {
      parts.push(name.slice(from, at));
      ends.push(at);
    }
    from = at + 1;
  }
  if (parts.length === 0) return null;
  if (op !== undefined) {
    const words = parts.filter((part) => !NUMBER.test(part));
    // `Conv`, Keras' default `re_lu_2` for a ReLU: the op alone.
    if (words.length === 0 || normal(words.join('')) === normal(op)) return null;
    // The op and its counter at the end (`/layers.0/self_attn/Shape_1`, `p2o.Add.1`, `block_1_expand_relu`) name no
    // layer: the parts before them do.
    let end = parts.length;
    while (end > 0 && NUMBER.test(parts[end - 1])) end--;
    if (end > 0 && normal(parts[end - 1]) === normal(op)) {
      parts.length = end - 1;
      ends.length = end - 1;
    }
    if (parts.length === 0) return null;
  }
  return { name, parts, ends };
}

const normal = (text: string) => text.replace(/[_\W]/g, '').toLowerCase();

function partAt(tokens: Tokens | null, index: number): string | null {
  return tokens && index < tokens.parts.length ? tokens.parts[index] : null;
}

/** How many leading parts all `members` share (at least `from`, which they are known to share). */
function commonParts(tokens: readonly (Tokens | null)[], members: number[], from: number): number {
  const named = members.filter((member) => tokens[member] !== null);
  if (named.length === 0) return 0;
  const first = tokens[named[0]]!;
  let count = from;
  for (; count < first.parts.length; count++) {
    const part = first.parts[count];
    if (!named.every((member) => partAt(tokens[member], count) === part)) break;
  }
  return count;
}

function minParts(tokens: readonly (Tokens | null)[], members: number[]): number {
  let least = Infinity;
  for (const member of members) if (tokens[member]) least = Math.min(least, tokens[member].parts.length);
  return least;
}

function maxPart(tokens: readonly (Tokens | null)[], members: number[]): number {
  let most = 0;
  for (const member of members) most = Math.max(most, tokens[member]?.parts.length ?? 0);
  return most;
}

/** The name's text from after part `from` (and its separator) to the end of part `to` (exclusive count). */
function slice(tokens: Tokens, from: number, to: number): string {
  // A label never starts at a bare number (`0` of `layers.0`): it keeps the prefix before it.
  let start = from === 0 || NUMBER.test(tokens.parts[from] ?? '') ? 0 : tokens.ends[from - 1];
  // Skipping the separators there (and a leading `/`).
  while (start < tokens.name.length && '_./'.includes(tokens.name[start])) start++;
  return tokens.name.slice(start, tokens.ends[to - 1]);
}

/** The longest prefix, ending at a part boundary, that all `names` share ('' when none, or when it is only a number). */
export function sharedPrefix(names: readonly string[]): string {
  const tokens = names.map((name) => tokenize(name, undefined));
  if (tokens.length === 0 || tokens.some((each) => each === null)) return '';
  const members = tokens.map((_each, index) => index);
  const shared = commonParts(tokens, members, 0);
  const words = tokens[0]!.parts.slice(0, shared).filter((part) => !NUMBER.test(part));
  // `layers` before `0`, `1`, … names a family of blocks, not one.
  const numbered = tokens.some((each) => NUMBER.test(each!.parts[shared] ?? ''));
  return words.length > 0 && !numbered ? slice(tokens[0]!, 0, shared) : '';
}

/** Whether a node's name says more than its op and a counter (`block_1_expand` does, `Shape_1` does not). */
export function namesMoreThanOp(name: string, op: string): boolean {
  return tokenize(name, op) !== null;
}
