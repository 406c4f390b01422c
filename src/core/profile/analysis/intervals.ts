// Interval arithmetic over sorted, disjoint [start, end) lists stored flat ([s0, e0, s1, e1, ...]): the unions,
// intersections and differences the step breakdown and GPU metrics are made of, each one linear sweep.

/** The union of intervals given as parallel start/end arrays (any order), as a sorted disjoint flat list. */
export function mergeIntervals(starts: ArrayLike<number>, ends: ArrayLike<number>): Float64Array {
  const n = starts.length;
  const order = new Uint32Array(n);
  let sorted = true;
  for (let i = 0; i < n; i++) {
    order[i] = i;
    if (i > 0 && starts[i - 1] > starts[i]) sorted = false;
  }
  if (!sorted) order.sort((a, b) => starts[a] - starts[b] || a - b);
  const out: number[] = [];
  for (let k = 0; k < n; k++) {
    const s = starts[order[k]];
    const e = ends[order[k]];
    if (!(e > s)) continue;
    const last = out.length - 1;
    if (last > 0 && s <= out[last]) {
      if (e > out[last]) out[last] = e;
    } else {
      out.push(s, e);
    }
  }
  return Float64Array.from(out);
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
