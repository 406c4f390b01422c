// Smoothing: TensorBoard's debiased EMA on inputs whose results are worked out by hand here, and on a real
// PyTorch run compared with a direct transcription of TensorBoard's loop; the running average by window sums.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { averageWindow, runningAverage, smoothEma, smoothSeries } from '../../src/core/charts/smoothing';
import { LogdirReader } from '../../src/core/events/logdirReader';

const shared = path.resolve(__dirname, '../fixtures/upstream');

function assertClose(actual: ArrayLike<number>, expected: readonly number[], epsilon = 1e-12): void {
  assert.equal(actual.length, expected.length);
  for (let i = 0; i < expected.length; i++) {
    if (Number.isNaN(expected[i])) assert.ok(Number.isNaN(actual[i]), `index ${i}: expected NaN, got ${actual[i]}`);
    else assert.ok(Math.abs(actual[i] - expected[i]) <= epsilon * Math.max(1, Math.abs(expected[i])), `index ${i}: ${actual[i]} != ${expected[i]}`);
  }
}

test('EMA with weight 0.5 on 1,2,3,4 is debiased: 1, 5/3, 17/7, 49/15', () => {
  // last_n = 0.5 last_{n-1} + 0.5 y_n: 0.5, 1.25, 2.125, 3.0625; divided by 1 - 0.5^n: 0.5, 0.75, 0.875, 0.9375.
  assertClose(smoothEma([1, 2, 3, 4], 0.5), [1, 5 / 3, 17 / 7, 49 / 15]);
});

test('EMA weight 0 returns the raw values; the first point is always itself', () => {
  assertClose(smoothEma([3, -1, 7.5], 0), [3, -1, 7.5]);
  assert.equal(smoothEma([42, 0, 0], 0.99)[0], 42);
});

test('EMA passes NaN and infinities through without poisoning later points, and counts only finite ones', () => {
  // Finite points 2 and 4 with weight 0.5: 2, then (0.5*1 + 0.5*4) / 0.75 = 2.5 / 0.75 = 10/3.
  assertClose(smoothEma([2, Number.NaN, 4], 0.5), [2, Number.NaN, 10 / 3]);
  const out = smoothEma([1, Infinity, 3], 0.5);
  assert.equal(out[1], Infinity);
  assert.ok(Math.abs(out[2] - (0.5 * 0.5 + 0.5 * 3) / 0.75) < 1e-12);
});

test('a constant series stays exactly constant (TensorBoard #786)', () => {
  const value = 0.1 + 0.2;
  assert.deepEqual([...smoothEma(new Array(50).fill(value), 0.9)], new Array(50).fill(value));
});

test('weights outside [0, 1] are clamped; NaN weight means no smoothing', () => {
  assertClose(smoothEma([1, 2], -3), [1, 2]);
  assertClose(smoothEma([1, 2], Number.NaN), [1, 2]);
  // Weight 1: no debiasing, the average never moves from 0 (TensorBoard's behaviour at the slider's end).
  assertClose(smoothEma([1, 2], 1), [0, 0]);
});

test('on a real PyTorch run (strict/foo, 100 points) the EMA matches TensorBoard\'s loop written out here', () => {
  const reader = new LogdirReader(path.join(shared, 'tfevents/torch_summarywriter_tbreducer_strict/run_1'));
  reader.poll();
  const series = reader.runs.get('.')!.store.scalar('strict/foo')!;
  assert.equal(series.length, 100); // MANIFEST.tsv: values=simple_value:100
  const values = series.columns().values;
  const weight = 0.6;
  const expected: number[] = [];
  let last = 0;
  let n = 0;
  for (const y of values) {
    last = last * weight + (1 - weight) * y;
    n++;
    expected.push(last / (1 - weight ** n));
  }
  assertClose(smoothEma(values, weight), expected, 1e-9);
});

test('running average: trailing window means', () => {
  assertClose(runningAverage([1, 2, 3, 4, 5], 2), [1, 1.5, 2.5, 3.5, 4.5]);
  assertClose(runningAverage([1, 2, 3, 4, 5], 3), [1, 1.5, 2, 3, 4]);
  assertClose(runningAverage([1, Number.NaN, 3], 2), [1, Number.NaN, 2]);
  assertClose(runningAverage([5, 6], 0), [5, 6]);
});

test('one slider drives both modes', () => {
  assert.equal(averageWindow(0), 1);
  assert.equal(averageWindow(0.5), 2);
  assert.equal(averageWindow(0.99), 100);
  assertClose(smoothSeries([1, 2, 3], 'average', 0.5), [1, 1.5, 2.5]);
  assertClose(smoothSeries([1, 2, 3, 4], 'ema', 0.5), [1, 5 / 3, 17 / 7]. concat([49 / 15]));
});
