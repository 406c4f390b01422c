// Every point of one scalar tag of one run, in columns (steps, wall times, values). Storage is a list
// of chunks: the first grows by doubling up to CHUNK points, then whole chunks are added, so a series
// of millions of points is never copied to grow and never holds more than one chunk of slack.
// Steps never decrease: RunStore applies the restart rule (truncateFromStep) before a point whose step is
// below the last one, and points at the same step are all kept, in the order read.

/** Points per full chunk. */
const CHUNK = 1 << 16;
const SHIFT = 16;

interface Chunk {
  steps: Float64Array;
  wallTimes: Float64Array;
  values: Float64Array;
}

function newChunk(capacity: number): Chunk {
  return { steps: new Float64Array(capacity), wallTimes: new Float64Array(capacity), values: new Float64Array(capacity) };
}

/** Contiguous copies of a range of a series, as charts and exports take them. */
export interface ScalarColumns {
  steps: Float64Array;
  wallTimes: Float64Array;
  values: Float64Array;
}

/** One scalar time series; `generation` changes whenever points were removed, so readers know to resync. */
export class ScalarSeries {
  length = 0;
  generation = 0;
  /** The writer session of the last point (RunStore's restart rule); -1 while empty. */
  session = -1;
  private readonly chunks: Chunk[] = [newChunk(64)];
  // The chunk being filled and the index in it of the next point, so push touches no array of chunks.
  private current: Chunk = this.chunks[0];
  private at = 0;
  private last = -Infinity;

  /** Step of the last point; -Infinity while empty. */
  get lastStep(): number {
    return this.last;
  }

  /** Appends a point; its step must not be below `lastStep` (the caller truncates first). */
  push(step: number, wallTime: number, value: number): void {
    let chunk = this.current;
    if (this.at === chunk.steps.length) chunk = this.nextChunk();
    const i = this.at++;
    chunk.steps[i] = step;
    chunk.wallTimes[i] = wallTime;
    chunk.values[i] = value;
    this.length++;
    this.last = step;
  }

  stepAt(i: number): number {
    return this.chunks[i >>> SHIFT].steps[i & (CHUNK - 1)];
  }

  wallTimeAt(i: number): number {
    return this.chunks[i >>> SHIFT].wallTimes[i & (CHUNK - 1)];
  }

  valueAt(i: number): number {
    return this.chunks[i >>> SHIFT].values[i & (CHUNK - 1)];
  }

  /** Points [from, to) as contiguous copies (the range is clipped to the stored points). */
  columns(from = 0, to = this.length): ScalarColumns {
    from = Math.min(Math.max(from, 0), this.length);
    const n = Math.max(Math.min(to, this.length) - from, 0);
    const out = { steps: new Float64Array(n), wallTimes: new Float64Array(n), values: new Float64Array(n) };
    for (let i = from; i < from + n; ) {
      const chunk = this.chunks[i >>> SHIFT];
      const start = i & (CHUNK - 1);
      const count = Math.min(from + n - i, chunk.steps.length - start);
      for (const key of ['steps', 'wallTimes', 'values'] as const) out[key].set(chunk[key].subarray(start, start + count), i - from);
      i += count;
    }
    return out;
  }

  /** Removes every point with step >= `step`; returns how many. */
  truncateFromStep(step: number): number {
    let lo = 0;
    let hi = this.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.stepAt(mid) < step) lo = mid + 1;
      else hi = mid;
    }
    const removed = this.length - lo;
    if (removed === 0) return 0;
    this.length = lo;
    this.generation++;
    // Keep the chunk holding the last kept point (or the first chunk) as the one being filled.
    const last = Math.max(lo - 1, 0) >>> SHIFT;
    this.chunks.length = lo === 0 ? 1 : last + 1;
    this.current = this.chunks[this.chunks.length - 1];
    this.at = lo === 0 ? 0 : lo - (this.chunks.length - 1) * CHUNK;
    this.last = lo === 0 ? -Infinity : this.stepAt(lo - 1);
    return removed;
  }

  private nextChunk(): Chunk {
    const chunk = this.current;
    if (this.chunks.length === 1 && chunk.steps.length < CHUNK) {
      // Still the first chunk: grow it, so that short series stay small.
      const grown = newChunk(Math.min(chunk.steps.length * 2, CHUNK));
      grown.steps.set(chunk.steps);
      grown.wallTimes.set(chunk.wallTimes);
      grown.values.set(chunk.values);
      this.chunks[0] = this.current = grown;
      return grown;
    }
    this.current = newChunk(CHUNK);
    this.chunks.push(this.current);
    this.at = 0;
    return this.current;
  }
}

/** The first index in sorted[0, length) whose value is >= target. */
export function lowerBound(sorted: ArrayLike<number>, length: number, target: number): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
