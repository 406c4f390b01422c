// The x axis of a scalar chart: step, time relative to the run's first point, or wall time.

/** Which x axis a chart uses. */
export type XAxisMode = 'step' | 'relative' | 'wall';

/**
 * The x values of a series in the given mode: steps as they are, seconds since `origin` (the run's first
 * wall time, so runs started at different times line up, as in TensorBoard's "relative"), or Unix seconds.
 */
export function xValues(mode: XAxisMode, steps: Float64Array, wallTimes: Float64Array, origin = wallTimes[0] ?? 0): Float64Array {
  if (mode === 'step') return steps;
  if (mode === 'wall') return wallTimes;
  const out = new Float64Array(wallTimes.length);
  for (let i = 0; i < out.length; i++) out[i] = wallTimes[i] - origin;
  return out;
}

/**
 * Whether xs ascend, as downsampling needs. Steps do (the store keeps them non-decreasing), but wall
 * times of merged files or a wrong clock may not; charts then sort by x first.
 */
export function isAscending(xs: ArrayLike<number>): boolean {
  for (let i = 1; i < xs.length; i++) if (xs[i] < xs[i - 1]) return false;
  return true;
}

/** (xs, ys) reordered by ascending x (stable), for series whose x is not monotone. */
export function sortByX(xs: ArrayLike<number>, ys: ArrayLike<number>): { xs: Float64Array; ys: Float64Array } {
  const order = Array.from({ length: xs.length }, (_, i) => i).sort((a, b) => xs[a] - xs[b] || a - b);
  return { xs: Float64Array.from(order, (i) => xs[i]), ys: Float64Array.from(order, (i) => ys[i]) };
}

/** A compact label of a relative time in seconds: 42s, 3.5m, 1.25h, 2.1d. */
export function formatDuration(seconds: number): string {
  const abs = Math.abs(seconds);
  if (abs < 60) return `${round(seconds)}s`;
  if (abs < 3600) return `${round(seconds / 60)}m`;
  if (abs < 86400) return `${round(seconds / 3600)}h`;
  return `${round(seconds / 86400)}d`;
}

/** A running time as a clock: 42s -> 0:42, 3725 s -> 1:02:05 (whole seconds, rounded down). */
export function formatClock(seconds: number): string {
  const total = Math.max(0, Math.floor(seconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
