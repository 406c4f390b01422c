// Downsampling keeps the first, last, lowest and highest point of every pixel column of the visible range,
// so no spike is lost; short series pass through whole; the visible range gets one neighbour on each side.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { downsampleVisible, lowerIndex } from '../../src/core/charts/downsample';

/** A deterministic noisy series with isolated spikes (a linear congruential generator, not Math.random). */
function noisySeries(n: number): { xs: Float64Array; ys: Float64Array } {
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  let seed = 12345;
  for (let i = 0; i < n; i++) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    xs[i] = i * 2;
    ys[i] = Math.sin(i / 1000) + seed / 2147483648;
    if (i % 9973 === 17) ys[i] = 100 + i; // spikes that a reservoir sample would likely drop
    if (i % 7919 === 5) ys[i] = -50 - i;
  }
  return { xs, ys };
}

test('every column keeps its min and max, and the output is at most 4 points per column', () => {
  const { xs, ys } = noisySeries(200_000);
  const columns = 300;
  const out = downsampleVisible(xs, ys, xs[0], xs[xs.length - 1], columns);
  assert.ok(out.xs.length <= 4 * columns, `${out.xs.length} points`);
  assert.ok(out.xs.length >= 2 * columns);
  // Columns as the visible span splits them: equal widths of x.
  const span = xs[xs.length - 1] - xs[0];
  const columnOf = (x: number) => Math.min(Math.floor(((x - xs[0]) / span) * columns), columns - 1);
  const inMin = new Float64Array(columns).fill(Infinity);
  const inMax = new Float64Array(columns).fill(-Infinity);
  for (let i = 0; i < xs.length; i++) {
    const c = columnOf(xs[i]);
    inMin[c] = Math.min(inMin[c], ys[i]);
    inMax[c] = Math.max(inMax[c], ys[i]);
  }
  const outMin = new Float64Array(columns).fill(Infinity);
  const outMax = new Float64Array(columns).fill(-Infinity);
  for (let i = 0; i < out.xs.length; i++) {
    const c = columnOf(out.xs[i]);
    outMin[c] = Math.min(outMin[c], out.ys[i]);
    outMax[c] = Math.max(outMax[c], out.ys[i]);
  }
  assert.deepEqual([...outMin], [...inMin]);
  assert.deepEqual([...outMax], [...inMax]);
  // Output points are input points, in x order.
  for (let i = 0; i < out.xs.length; i++) {
    assert.equal(out.ys[i], ys[out.xs[i] / 2]);
    if (i > 0) assert.ok(out.xs[i] > out.xs[i - 1]);
  }
});

test('a zoomed range keeps the spikes inside it and one neighbour beyond each edge', () => {
  const { xs, ys } = noisySeries(200_000);
  const spike = 9973 + 17; // index of a spike
  const out = downsampleVisible(xs, ys, xs[spike - 5000], xs[spike + 5000], 50);
  assert.ok([...out.ys].includes(ys[spike]));
  assert.equal(out.xs[0], xs[spike - 5001]);
  assert.equal(out.xs[out.xs.length - 1], xs[spike + 5001]);
});

test('short series pass through unchanged; empty input gives empty output', () => {
  const xs = Float64Array.from([1, 2, 3, 4, 5]);
  const ys = Float64Array.from([5, 4, 3, 2, 1]);
  assert.deepEqual([...downsampleVisible(xs, ys, 0, 10, 100).ys], [5, 4, 3, 2, 1]);
  assert.deepEqual([...downsampleVisible(xs, ys, 2, 3, 100).xs], [1, 2, 3, 4]);
  assert.equal(downsampleVisible(new Float64Array(0), new Float64Array(0), 0, 1, 10).xs.length, 0);
});

test('a NaN in a column is kept as a gap, and does not hide the column\'s real minimum', () => {
  const n = 1000;
  const xs = Float64Array.from({ length: n }, (_, i) => i);
  const ys = Float64Array.from({ length: n }, (_, i) => (i === 500 ? Number.NaN : i === 503 ? -7 : 1));
  const out = downsampleVisible(xs, ys, 0, n - 1, 10);
  assert.ok([...out.ys].some(Number.isNaN));
  assert.ok([...out.ys].includes(-7));
});

test('lowerIndex is a lower bound', () => {
  const xs = [1, 3, 3, 5];
  assert.deepEqual([0, 1, 3, 4, 6].map((x) => lowerIndex(xs, x)), [0, 0, 1, 3, 4]);
});
