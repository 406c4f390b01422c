// Min/max-preserving downsampling of the visible part of a series (the M4 scheme: per pixel column keep the
// first, lowest, highest and last point). Every extreme of every column survives, so spikes never vanish
// the way they do under reservoir sampling, and the line looks as if every point were drawn.

/** Columnar points as uPlot draws them. */
export interface XYColumns {
  xs: Float64Array;
  ys: Float64Array;
}

/** The first index in xs[from, to) with xs[i] >= x, or `to` when none (xs ascending there). */
export function lowerIndex(xs: ArrayLike<number>, x: number, from = 0, to = xs.length): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The index of the point nearest to x in ascending xs, or -1 when empty. */
export function nearestIndex(xs: ArrayLike<number>, x: number): number {
  if (xs.length === 0) return -1;
  const i = lowerIndex(xs, x);
  if (i === 0) return 0;
  if (i >= xs.length) return xs.length - 1;
  return x - xs[i - 1] <= xs[i] - x ? i - 1 : i;
}

/**
 * The points of (xs, ys) with x in [xMin, xMax], plus one neighbour outside each edge so lines reach the
 * border, reduced to at most 4 points per bucket (5 when it holds a NaN) (`buckets` is typically the plot width in pixels). xs must be
 * ascending. Series short enough already are copied as they are. NaN values are kept (they make gaps).
 */
export function downsampleVisible(xs: ArrayLike<number>, ys: ArrayLike<number>, xMin: number, xMax: number, buckets: number): XYColumns {
  const from = Math.max(lowerIndex(xs, xMin) - 1, 0);
  const to = Math.min(lowerIndex(xs, xMax) + 1, xs.length - 1);
  if (xs.length === 0 || to < from) return { xs: new Float64Array(0), ys: new Float64Array(0) };
  const count = to - from + 1;
  const columns = Math.max(1, Math.floor(buckets));
  if (count <= 4 * columns) return { xs: Float64Array.from({ length: count }, (_, i) => xs[from + i]), ys: Float64Array.from({ length: count }, (_, i) => ys[from + i]) };

  const outX = new Float64Array(5 * columns + 5);
  const outY = new Float64Array(5 * columns + 5);
  let n = 0;
  const span = xs[to] - xs[from] || 1;
  let i = from;
  while (i <= to) {
    const column = Math.min(Math.floor(((xs[i] - xs[from]) / span) * columns), columns - 1);
    const first = i;
    let low = i;
    let high = i;
    let last = i;
    let gap = Number.isNaN(ys[i]) ? i : -1;
    for (i++; i <= to && Math.min(Math.floor(((xs[i] - xs[from]) / span) * columns), columns - 1) === column; i++) {
      const y = ys[i];
      if (Number.isNaN(y)) gap = i;
      else if (Number.isNaN(ys[low]) || y < ys[low]) low = i;
      if (!Number.isNaN(y) && (Number.isNaN(ys[high]) || y > ys[high])) high = i;
      last = i;
    }
    // Emit the kept indexes in x order, each once; a NaN in the column is kept so the line shows its gap.
    const kept = (gap >= 0 ? [first, low, high, last, gap] : [first, low, high, last]).sort((a, b) => a - b);
    for (let k = 0; k < kept.length; k++) {
      if (k > 0 && kept[k] === kept[k - 1]) continue;
      outX[n] = xs[kept[k]];
      outY[n] = ys[kept[k]];
      n++;
    }
  }
  return { xs: outX.slice(0, n), ys: outY.slice(0, n) };
}
