// Level of detail for long scalar series: the host keeps every point, but a series of a million points is
// posted to the webview as a min/max-preserving reduction (per bucket of consecutive points: its first,
// lowest, highest and last point, and a NaN if it holds one), so no spike or gap is lost and the message
// stays small. Zooming asks for a window of the original points, reduced again only when still too many.
// Buckets are runs of consecutive indexes, not x ranges, so one reduction serves every x axis choice.
import { lowerIndex } from './downsample';

/** Random access to a series' points; ScalarSeries (events/scalarSeries.ts) is one. */
export interface PointSource {
  readonly length: number;
  stepAt(i: number): number;
  wallTimeAt(i: number): number;
  valueAt(i: number): number;
}

/** Points picked from a series, with each one's index in the full series. */
export interface LodColumns {
  steps: Float64Array;
  wallTimes: Float64Array;
  values: Float64Array;
  indexes: Float64Array;
}

/** Series up to this many points are sent whole; a window reply up to this many is exact. */
export const FULL_LIMIT = 50_000;

/** Buckets of the coarse version of a longer series (at most 5 points each). */
export const LOD_BUCKETS = 4_096;

/** Appends the kept indexes of the bucket [from, to) to `out`, ascending and each once. */
function pickBucket(source: PointSource, from: number, to: number, out: number[]): void {
  let low = -1;
  let high = -1;
  let gap = -1;
  for (let i = from; i < to; i++) {
    const y = source.valueAt(i);
    if (Number.isNaN(y)) {
      if (gap < 0) gap = i;
      continue;
    }
    if (low < 0 || y < source.valueAt(low)) low = i;
    if (high < 0 || y > source.valueAt(high)) high = i;
  }
  const kept = [from, to - 1];
  if (low >= 0) kept.push(low, high);
  if (gap >= 0) kept.push(gap);
  kept.sort((a, b) => a - b);
  for (let k = 0; k < kept.length; k++) if (k === 0 || kept[k] !== kept[k - 1]) out.push(kept[k]);
}

/**
 * Indexes of the points of [from, to) kept when reduced to `buckets` buckets of consecutive points: each
 * bucket's first, lowest, highest and last point and its first NaN, ascending. Every index when the range
 * holds at most 4 points per bucket.
 */
export function lodIndexes(source: PointSource, from: number, to: number, buckets: number): number[] {
  from = Math.max(0, Math.floor(from));
  to = Math.min(source.length, Math.floor(to));
  const count = to - from;
  if (count <= 0) return [];
  const columns = Math.max(1, Math.floor(buckets));
  const out: number[] = [];
  if (count <= 4 * columns) {
    for (let i = from; i < to; i++) out.push(i);
    return out;
  }
  for (let b = 0; b < columns; b++) {
    const start = from + Math.floor((b * count) / columns);
    const end = from + Math.floor(((b + 1) * count) / columns);
    if (end > start) pickBucket(source, start, end, out);
  }
  return out;
}

/** The points at `indexes`, as columns. */
export function pickColumns(source: PointSource, indexes: readonly number[]): LodColumns {
  const n = indexes.length;
  const out = { steps: new Float64Array(n), wallTimes: new Float64Array(n), values: new Float64Array(n), indexes: new Float64Array(n) };
  for (let k = 0; k < n; k++) {
    const i = indexes[k];
    out.steps[k] = source.stepAt(i);
    out.wallTimes[k] = source.wallTimeAt(i);
    out.values[k] = source.valueAt(i);
    out.indexes[k] = i;
  }
  return out;
}

/** The coarse version of a whole series: every point when it is short, else LOD_BUCKETS buckets. */
export function coarseSeries(source: PointSource): LodColumns {
  const buckets = source.length <= FULL_LIMIT ? source.length : LOD_BUCKETS;
  return pickColumns(source, lodIndexes(source, 0, source.length, Math.max(buckets, 1)));
}

/**
 * The points with index in [first, last] (inclusive, clipped to the series): exactly those when at most
 * FULL_LIMIT, else reduced to `buckets` buckets (the chart's width in pixels).
 */
export function windowSeries(source: PointSource, first: number, last: number, buckets: number): LodColumns {
  const from = Math.max(0, Math.floor(first));
  const to = Math.min(source.length, Math.floor(last) + 1);
  const exact = to - from <= FULL_LIMIT;
  return pickColumns(source, lodIndexes(source, from, to, exact ? Math.max(to - from, 1) : buckets));
}

/**
 * The full-series index range to ask for when zooming a held copy to x in [min, max]: the held points just
 * outside the range bound it, so every original point in range lies between their indexes. `xs` ascending,
 * `indexes` each held point's index in the full series; undefined when nothing is held.
 */
export function windowBounds(xs: ArrayLike<number>, indexes: ArrayLike<number>, min: number, max: number): { first: number; last: number } | undefined {
  const from = Math.max(lowerIndex(xs, min) - 1, 0);
  const to = Math.min(lowerIndex(xs, max), xs.length - 1);
  let first = Infinity;
  let last = -Infinity;
  for (let i = from; i <= to; i++) {
    first = Math.min(first, indexes[i]);
    last = Math.max(last, indexes[i]);
  }
  return first <= last ? { first, last } : undefined;
}

/** A PointSource over plain columns (webview copies, tests, benchmarks). */
export function columnSource(steps: ArrayLike<number>, wallTimes: ArrayLike<number>, values: ArrayLike<number>): PointSource {
  return { length: steps.length, stepAt: (i) => steps[i], wallTimeAt: (i) => wallTimes[i], valueAt: (i) => values[i] };
}
