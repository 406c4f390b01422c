// Blocks from the structure of a flat level: the chain is cut where a single tensor crosses (between the residual
// Adds of a ResNet, between the sublayers of a transformer), and runs of pieces with the same op sequence (the
// repeated bottlenecks, the layers of an encoder) become one block per repetition.

/** What block detection knows of one entry of a level, in topological (file) order. */
export interface BlockEntry {
  /** The op sequence inside: equal signatures are the same structure. */
  signature: string;
  /** Entries of the level whose outputs this one reads. */
  reads: readonly number[];
  /** Operator nodes inside (1 for a node). */
  nodes: number;
  /** Reads nothing computed (weights only): a constant, which holds nothing together. */
  constant: boolean;
}

/** A span of consecutive entries, [start, end). */
export type Span = [number, number];

/** Longest repeated unit looked for, in pieces. */
const MAX_PERIOD = 8;

/**
 * For each boundary b (between entry b-1 and entry b, 0..n) the number of entries before it whose output is read at
 * or after it: 1 where a single tensor crosses.
 */
export function crossings(entries: readonly BlockEntry[]): Int32Array {
  const n = entries.length;
  const lastUse = new Int32Array(n).fill(-1);
  entries.forEach((entry, position) => {
    for (const read of entry.reads) if (read < position && !entries[read].constant && lastUse[read] < position) lastUse[read] = position;
  });
  const delta = new Int32Array(n + 2);
  lastUse.forEach((last, producer) => {
    if (last <= producer) return;
    delta[producer + 1] += 1;
    delta[last + 1] -= 1;
  });
  const live = new Int32Array(n + 1);
  for (let boundary = 0, running = 0; boundary <= n; boundary++) live[boundary] = running += delta[boundary];
  return live;
}

/** Consecutive entries: one repetition of a repeated unit of pieces, or a single piece. */
export interface Block {
  span: Span;
  /** The pieces (between single-tensor crossings) the block is made of. */
  pieces: Span[];
  /** One of two or more consecutive repetitions of the same piece sequence. */
  repeated: boolean;
}

/** Blocks covering the entries in order: each repetition of a repeated piece sequence, and each other piece. */
export function repeatedBlocks(entries: readonly BlockEntry[]): Block[] {
  const live = crossings(entries);
  const pieces: Span[] = [];
  let closed = false;
  let start = 0;
  for (let boundary = 1; boundary <= entries.length; boundary++) {
    // A constant is read by what follows it: never the end of a piece.
    if (boundary < entries.length && (live[boundary] > 1 || entries[boundary - 1].constant)) continue;
    const isSingleNode = boundary - start === 1 && entries[start].nodes === 1;
    const previous = pieces[pieces.length - 1];
    // One node after a branchy piece (the Relu after a residual Add, the LayerNorm after one) closes that piece.
    if (isSingleNode && previous && previous[1] - previous[0] > 1 && !closed) {
      previous[1] = boundary;
      closed = true;
    } else {
      pieces.push([start, boundary]);
      closed = false;
    }
    start = boundary;
  }
  const ids = pieceIds(entries, pieces);
  const weight = pieces.map(([from, to]) => sumNodes(entries, from, to));
  const blocks: Block[] = [];
  for (let at = 0; at < pieces.length;) {
    const best = bestRepeat(ids, weight, at);
    if (!best) {
      blocks.push({ span: [pieces[at][0], pieces[at][1]], pieces: [pieces[at]], repeated: false });
      at++;
      continue;
    }
    for (let copy = 0; copy < best.copies; copy++) {
      const unit = pieces.slice(at + copy * best.period, at + (copy + 1) * best.period);
      blocks.push({ span: [unit[0][0], unit[unit.length - 1][1]], pieces: unit, repeated: true });
    }
    at += best.copies * best.period;
  }
  return blocks;
}

/** The same small number for pieces with the same op sequence. */
function pieceIds(entries: readonly BlockEntry[], pieces: readonly Span[]): number[] {
  const known = new Map<string, number>();
  return pieces.map(([from, to]) => {
    let key = entries[from].signature;
    for (let index = from + 1; index < to; index++) key += `|${entries[index].signature}`;
    let id = known.get(key);
    if (id === undefined) known.set(key, (id = known.size));
    return id;
  });
}

function sumNodes(entries: readonly BlockEntry[], from: number, to: number): number {
  let sum = 0;
  for (let index = from; index < to; index++) sum += entries[index].nodes;
  return sum;
}

/** The repetition starting at piece `at` that covers the most nodes: a unit of `period` pieces, `copies` times. */
function bestRepeat(ids: readonly number[], weight: readonly number[], at: number): { period: number; copies: number } | undefined {
  let best: { period: number; copies: number; covered: number } | undefined;
  for (let period = 1; period <= MAX_PERIOD && at + 2 * period <= ids.length; period++) {
    let unitNodes = 0;
    for (let index = at; index < at + period; index++) unitNodes += weight[index];
    if (unitNodes < 2) continue;
    let copies = 1;
    while (at + (copies + 1) * period <= ids.length && sameUnit(ids, at, at + copies * period, period)) copies++;
    if (copies < 2) continue;
    const covered = copies * unitNodes;
    if (!best || covered > best.covered) best = { period, copies, covered };
  }
  return best;
}

function sameUnit(ids: readonly number[], a: number, b: number, period: number): boolean {
  for (let offset = 0; offset < period; offset++) if (ids[a + offset] !== ids[b + offset]) return false;
  return true;
}
