// ScalarSeries across its chunk boundaries (65,536 points): appends, truncation (as a restart does) at, before
// and after a boundary, repeated steps, and contiguous column copies, against a plain array model kept by the test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ScalarSeries } from '../../src/core/events/scalarSeries';

/** The same storage on a plain array: truncation drops the points with step >= s (from the end). */
class Model {
  points: [number, number, number][] = [];
  push(step: number, wall: number, value: number): void {
    this.points.push([step, wall, value]);
  }
  truncateFromStep(step: number): number {
    let removed = 0;
    while (this.points.length > 0 && this.points[this.points.length - 1][0] >= step) {
      this.points.pop();
      removed++;
    }
    return removed;
  }
}

function check(series: ScalarSeries, model: Model): void {
  assert.equal(series.length, model.points.length);
  const { steps, wallTimes, values } = series.columns();
  assert.deepEqual([...steps], model.points.map((p) => p[0]));
  assert.deepEqual([...wallTimes], model.points.map((p) => p[1]));
  assert.deepEqual([...values], model.points.map((p) => p[2]));
}

test('appends past several chunks, then preempts across chunk boundaries', () => {
  const series = new ScalarSeries();
  const model = new Model();
  for (let step = 0; step < 200_000; step++) {
    series.push(step, step / 10, -step);
    model.push(step, step / 10, -step);
  }
  check(series, model);
  const { steps } = series.columns(65_530, 65_540);
  assert.deepEqual([...steps], model.points.slice(65_530, 65_540).map((p) => p[0]));
  assert.equal(series.columns(199_995, 300_000).steps.length, 5);
  for (const restart of [150_000, 131_072, 131_071, 65_536, 70_000, 10, 0]) {
    assert.equal(series.truncateFromStep(restart), model.truncateFromStep(restart), `restart at ${restart}`);
    assert.equal(series.lastStep, model.points.at(-1)?.[0] ?? -Infinity);
    // The restarted run writes its first step twice: both points are kept.
    for (const value of [0.5, 0.25]) {
      series.push(restart, 1e9 + restart, value);
      model.push(restart, 1e9 + restart, value);
    }
    for (let step = restart + 1; step < restart + 70_000; step += 7) {
      series.push(step, step, step);
      model.push(step, step, step);
    }
    check(series, model);
  }
  assert.equal(series.stepAt(series.length - 1), model.points.at(-1)![0]);
});

test('truncateFromStep reports removals and bumps the generation only when something went', () => {
  const series = new ScalarSeries();
  for (let step = 0; step < 10; step++) series.push(step, 0, step);
  const generation = series.generation;
  assert.equal(series.truncateFromStep(100), 0);
  assert.equal(series.generation, generation);
  assert.equal(series.truncateFromStep(4), 6);
  assert.notEqual(series.generation, generation);
  assert.deepEqual([...series.columns().steps], [0, 1, 2, 3]);
  assert.equal(series.truncateFromStep(-5), 4);
  assert.equal(series.length, 0);
  series.push(-3, 1, 2);
  assert.deepEqual([...series.columns().values], [2]);
});
