// Histograms prepared for drawing: an offset ridgeline (every step's histogram rebinned to common bins) and
// distribution bands (the values at fixed percentiles per step). Buckets come as the store keeps them:
// k triples [left, right, count], flattened.

/** The basis points TensorBoard's distributions draw (tensorboard/plugins/distribution/compressor.py NORMAL_HISTOGRAM_BPS: -inf, -2σ, -1.5σ, -σ, -0.5σ, 0, ... of a normal). */
export const NORMAL_HISTOGRAM_BPS = [0, 668, 1587, 3085, 5000, 6915, 8413, 9332, 10000] as const;

/** The ridgeline of one tag: common bin edges and, per step, the count in each bin. */
export interface Ridgeline {
  min: number;
  max: number;
  steps: number[];
  /** rows[i][b]: the count of step i in bin b of `bins` equal bins over [min, max]. */
  rows: Float64Array[];
  /** The largest bin count, to scale row heights. */
  peak: number;
}

/**
 * Rebins every histogram onto `bins` equal bins over the range of all of them, spreading each bucket's count
 * uniformly over its width (TensorBoard's histogram dashboard does the same). Counts are conserved.
 */
export function ridgeline(steps: readonly number[], histograms: readonly Float64Array[], bins = 30): Ridgeline {
  let min = Infinity;
  let max = -Infinity;
  for (const buckets of histograms) {
    for (let b = 0; b < buckets.length; b += 3) {
      if (buckets[b + 2] === 0) continue;
      min = Math.min(min, buckets[b]);
      max = Math.max(max, buckets[b + 1]);
    }
  }
  if (!(min <= max)) min = max = 0;
  const width = (max - min) / bins || 1;
  let peak = 0;
  const rows = histograms.map((buckets) => {
    const row = new Float64Array(bins);
    for (let b = 0; b < buckets.length; b += 3) {
      const [left, right, count] = [buckets[b], buckets[b + 1], buckets[b + 2]];
      if (count === 0) continue;
      if (right <= left) {
        row[clampBin(Math.floor((left - min) / width), bins)] += count;
        continue;
      }
      // Overlap of [left, right] with each bin it touches.
      const first = clampBin(Math.floor((left - min) / width), bins);
      const last = clampBin(Math.ceil((right - min) / width) - 1, bins);
      for (let bin = first; bin <= last; bin++) {
        const lo = Math.max(left, min + bin * width);
        const hi = Math.min(right, bin === bins - 1 ? max : min + (bin + 1) * width);
        if (hi > lo) row[bin] += (count * (hi - lo)) / (right - left);
      }
    }
    for (const count of row) peak = Math.max(peak, count);
    return row;
  });
  return { min, max, steps: [...steps], rows, peak };
}

/** The value range [left, right) of bin `bin` of a ridgeline (the last bin closes at the maximum), and each row's count in it. */
export function ridgelineBin(shape: Ridgeline, bin: number): { left: number; right: number; counts: number[] } {
  const bins = shape.rows[0]?.length ?? 1;
  const width = (shape.max - shape.min) / bins || 1;
  const b = clampBin(bin, bins);
  const right = b === bins - 1 ? shape.max : shape.min + (b + 1) * width;
  return { left: shape.min + b * width, right, counts: shape.rows.map((row) => row[b] ?? 0) };
}

function clampBin(bin: number, bins: number): number {
  return Math.min(Math.max(bin, 0), bins - 1);
}

/**
 * The values at the basis points `bps` (0..10000) of one histogram, interpolating linearly within buckets, as
 * TensorBoard's compress_histogram does (tensorboard/plugins/distribution/compressor.py).
 */
export function compressHistogram(buckets: Float64Array, bps: readonly number[] = NORMAL_HISTOGRAM_BPS): number[] {
  const k = buckets.length / 3;
  if (k === 0) return bps.map(() => 0);
  const minmin = buckets[0];
  const maxmax = buckets[3 * (k - 1) + 1];
  let total = 0;
  for (let b = 0; b < k; b++) total += buckets[3 * b + 2];
  // Cumulative counts in basis points (TensorBoard scales by bps[-1], which is 10000 for its default list).
  const weights = new Float64Array(k);
  let running = 0;
  for (let b = 0; b < k; b++) weights[b] = running += (buckets[3 * b + 2] * 10000) / (total || 1);

  const result: number[] = [];
  let bp = 0;
  while (bp < bps.length) {
    // numpy searchsorted(weights, bps[bp], side='right'): the first index whose weight is > the basis point.
    let i = 0;
    while (i < k && weights[i] <= bps[bp]) i++;
    let found = false;
    for (; i < k; i++) {
      const cumsum = weights[i];
      const previous = i > 0 ? weights[i - 1] : 0;
      if (cumsum === previous) continue;
      const lhs = i === 0 || previous === 0 ? minmin : Math.max(buckets[3 * (i - 1) + 1], minmin);
      const rhs = Math.min(buckets[3 * i + 1], maxmax);
      result.push(lhs + ((bps[bp] - previous) * (rhs - lhs)) / (cumsum - previous));
      bp++;
      found = true;
      break;
    }
    if (!found) break;
  }
  while (bp < bps.length) {
    result.push(maxmax);
    bp++;
  }
  return result;
}

/** Distribution bands of one tag: per basis point, its value at every step (columns for a band chart). */
export function distributionBands(histograms: readonly Float64Array[], bps: readonly number[] = NORMAL_HISTOGRAM_BPS): Float64Array[] {
  const bands = bps.map(() => new Float64Array(histograms.length));
  histograms.forEach((buckets, step) => compressHistogram(buckets, bps).forEach((value, band) => (bands[band][step] = value)));
  return bands;
}
