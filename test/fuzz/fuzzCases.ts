// Seeded fuzz cases made from real fixtures: truncations, byte flips (anywhere, and in the header where the
// structure lives), random bytes (after the format's magic, or bare), spliced chunks, swapped file offsets
// (pointer cycles and overlaps in HDF5, zip and pickle layouts) and empty files. The same seed gives the same
// cases, so a failure is replayed by its reader, seed and index.
import { seededRandom } from '../../src/core/random/seededRandom';

/** The ways a case changes its fixture. */
export type MutationKind = 'empty' | 'truncate' | 'flip' | 'flip-head' | 'random' | 'random-after-magic' | 'splice' | 'swap-offsets';

// How often each kind is drawn: flips and truncations find most, the rest keep odd shapes covered.
const KINDS: readonly [MutationKind, number][] = [
  ['empty', 2],
  ['truncate', 23],
  ['flip', 30],
  ['flip-head', 20],
  ['random', 5],
  ['random-after-magic', 10],
  ['splice', 10],
  ['swap-offsets', 10],
];
const TOTAL_WEIGHT = KINDS.reduce((sum, [, weight]) => sum + weight, 0);

/** One case: which fixture file it changes and how; `mutate` is deterministic. */
export interface FuzzCase {
  index: number;
  fixture: string;
  kind: MutationKind;
  /** Bytes of the changed file. */
  bytes: Uint8Array;
  /** What was done, in words: enough to reproduce it by hand. */
  detail: string;
}

/** Case `index` of a reader's run with `seed`: its own PRNG stream, so cases do not depend on each other. */
export function makeCase(fixtures: readonly { path: string; bytes: Uint8Array }[], seed: number, index: number): FuzzCase {
  const random = seededRandom(Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(index + 1, 0xc2b2ae35));
  const int = (below: number) => Math.floor(random() * below);
  const fixture = fixtures[index % fixtures.length];
  const source = fixture.bytes;
  let pick = int(TOTAL_WEIGHT);
  const kind = KINDS.find(([, weight]) => (pick -= weight) < 0)![0];
  const mutated = mutate(kind, source, int);
  return { index, fixture: fixture.path, kind, bytes: mutated.bytes, detail: mutated.detail };
}

function mutate(kind: MutationKind, source: Uint8Array, int: (below: number) => number): { bytes: Uint8Array; detail: string } {
  switch (kind) {
    case 'empty':
      return { bytes: new Uint8Array(0), detail: 'empty file' };
    case 'truncate': {
      const length = int(Math.max(source.length, 1));
      return { bytes: source.slice(0, length), detail: `truncated to ${length} of ${source.length} bytes` };
    }
    case 'flip':
    case 'flip-head': {
      const bytes = source.slice();
      if (bytes.length === 0) return { bytes, detail: 'empty source' };
      const span = kind === 'flip-head' ? Math.min(bytes.length, 1024) : bytes.length;
      const flips = 1 + int(16);
      const offsets: string[] = [];
      for (let i = 0; i < flips; i++) {
        const offset = int(span);
        const mask = 1 + int(255);
        bytes[offset] ^= mask;
        offsets.push(`${offset}^${mask}`);
      }
      return { bytes, detail: `xor at ${offsets.join(',')}` };
    }
    case 'random':
    case 'random-after-magic': {
      const keep = kind === 'random-after-magic' ? Math.min(source.length, 16) : 0;
      const length = keep + int(Math.max(2 * source.length, 64));
      const bytes = new Uint8Array(length);
      bytes.set(source.subarray(0, keep));
      for (let i = keep; i < length; i++) bytes[i] = int(256);
      return { bytes, detail: `${length} random bytes${keep ? ` after the first ${keep} of the fixture` : ''}` };
    }
    case 'splice': {
      // A chunk of the file copied over another place: valid-looking structure at the wrong offsets.
      const bytes = source.slice();
      if (bytes.length < 2) return { bytes, detail: 'too short to splice' };
      const length = 1 + int(Math.min(512, bytes.length - 1));
      const from = int(bytes.length - length + 1);
      const to = int(bytes.length - length + 1);
      bytes.copyWithin(to, from, from + length);
      return { bytes, detail: `copied ${length} bytes from ${from} to ${to}` };
    }
    case 'swap-offsets':
      return swapOffsets(source, int);
  }
}

/**
 * Aligned 8-byte little-endian words whose value is a multiple of 8 inside the file look like file offsets
 * (HDF5 addresses and sizes, zip64 fields); 1 to 4 of them get another such word's value, or their own offset.
 */
function swapOffsets(source: Uint8Array, int: (below: number) => number): { bytes: Uint8Array; detail: string } {
  const bytes = source.slice();
  const view = new DataView(bytes.buffer);
  const words: number[] = [];
  for (let at = 0; at + 8 <= bytes.length; at += 8) {
    const value = Number(view.getBigUint64(at, true));
    if (value > 0 && value < bytes.length && value % 8 === 0) words.push(at);
  }
  if (words.length < 2) return { bytes, detail: 'no offset-like words to swap' };
  const changes: string[] = [];
  for (let i = 1 + int(4); i > 0; i--) {
    const at = words[int(words.length)];
    const value = int(4) === 0 ? BigInt(at) : view.getBigUint64(words[int(words.length)], true);
    view.setBigUint64(at, value, true);
    changes.push(`${at}=${value}`);
  }
  return { bytes, detail: `offset-like words set at ${changes.join(',')}` };
}
