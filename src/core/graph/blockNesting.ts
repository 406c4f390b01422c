// Blocks of blocks for a level still too big to lay out quickly (370 encoder layers in a row): consecutive entries
// are nested a round number at a time (`layers.0 … layers.9`), each cut moved to the nearest boundary where the
// fewest tensors cross, so a nested block ends where the model's own pieces end.

/** Round block sizes, smallest first. */
const SIZES = [2, 3, 4, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000];

/**
 * Spans [start, end) of `count` entries, at most `maxChildren` of them, each of a round size give or take a quarter;
 * `live[b]` is the number of tensors crossing boundary b (see crossings()).
 */
export function nestedSpans(count: number, live: Int32Array, maxChildren: number): [number, number][] {
  const wanted = Math.ceil(count / Math.max(2, maxChildren));
  const size = SIZES.find((each) => each >= wanted) ?? wanted;
  const slack = Math.floor(size / 4);
  const spans: [number, number][] = [];
  let start = 0;
  while (start < count) {
    let end = Math.min(count, start + size);
    if (end < count && count - end > slack) {
      let best = end;
      for (let shift = 1; shift <= slack; shift++) {
        for (const candidate of [end - shift, end + shift]) {
          if (candidate > start + 1 && candidate < count && live[candidate] < live[best]) best = candidate;
        }
      }
      end = best;
    } else {
      end = count;
    }
    spans.push([start, end]);
    start = end;
  }
  return spans;
}
