// Interval arithmetic over sorted, disjoint [start, end) lists stored flat ([s0, e0, s1, e1, ...]): the unions,
// intersections and differences the step breakdown and GPU metrics are made of, each one linear sweep.

/**
 * The union of intervals given as parallel start/end arrays (any order), as a sorted disjoint flat list. Starts and
 * ends are sorted apart (native numeric sorts, no comparator) and swept as +1/−1 steps: the union is where the count
 * is positive. Intervals that touch merge; empty ones are dropped.
 */
export function mergeIntervals(starts: ArrayLike<number>, ends: ArrayLike<number>): Float64Array {
  let n = 0;
  for (let i = 0; i < starts.length; i++) if (ends[i] > starts[i]) n++;
  const s = new Float64Array(n);
  const e = new Float64Array(n);
  for (let i = 0, k = 0; i < starts.length; i++) {
    if (!(ends[i] > starts[i])) continue;
    s[k] = starts[i];
    e[k++] = ends[i];
  }
  return mergeOwnedIntervals(s, e);
}

/**
 * mergeIntervals over arrays the caller hands over (sorted in place, no copy): every interval non-empty. Lets a
 * caller with millions of rows fill exact-sized arrays once instead of growing and copying them.
 */
export function mergeOwnedIntervals(s: Float64Array, e: Float64Array): Float64Array {
  const n = s.length;
  s.sort();
  e.sort();
  // Merged interval k is written back into s[k] and e[k]: by the time it closes, its k-th slots have been read.
  let m = 0;
  let start = 0;
  let open = 0;
  let j = 0;
  for (let i = 0; i < n; i++) {
    // Close what ended strictly before this start (an end equal to it touches, and merges).
    while (e[j] < s[i]) {
      open--;
      j++;
      if (open === 0) {
        s[m] = start;
        e[m++] = e[j - 1];
      }
    }
    if (open === 0) start = s[i];
    open++;
  }
  if (n > 0) {
    s[m] = start;
    e[m++] = e[n - 1];
  }
  const out = new Float64Array(2 * m);
  for (let k = 0; k < m; k++) {
    out[2 * k] = s[k];
    out[2 * k + 1] = e[k];
  }
  return out;
}

/** a ∩ b, both sorted disjoint flat lists. */
export function intersect(a: Float64Array, b: Float64Array): Float64Array {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const s = Math.max(a[i], b[j]);
    const e = Math.min(a[i + 1], b[j + 1]);
    if (e > s) out.push(s, e);
    if (a[i + 1] < b[j + 1]) i += 2;
    else j += 2;
  }
  return Float64Array.from(out);
}

/** a − b, both sorted disjoint flat lists. */
export function subtract(a: Float64Array, b: Float64Array): Float64Array {
  const out: number[] = [];
  let j = 0;
  for (let i = 0; i < a.length; i += 2) {
    let s = a[i];
    const e = a[i + 1];
    while (j < b.length && b[j + 1] <= s) j += 2;
    let k = j;
    while (k < b.length && b[k] < e) {
      if (b[k] > s) out.push(s, b[k]);
      s = Math.max(s, b[k + 1]);
      if (s >= e) break;
      k += 2;
    }
    if (s < e) out.push(s, e);
  }
  return Float64Array.from(out);
}

/** Total length of a sorted disjoint flat list. */
export function totalLength(a: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i += 2) sum += a[i + 1] - a[i];
  return sum;
}

/** a ∩ [start, end), found by binary search so that a window costs only the intervals it holds. */
export function clip(a: Float64Array, start: number, end: number): Float64Array {
  let lo = 0;
  let hi = a.length / 2;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid * 2 + 1] <= start) lo = mid + 1;
    else hi = mid;
  }
  const out: number[] = [];
  for (let i = lo * 2; i < a.length && a[i] < end; i += 2) {
    const s = Math.max(a[i], start);
    const e = Math.min(a[i + 1], end);
    if (e > s) out.push(s, e);
  }
  return Float64Array.from(out);
}
