// Level of detail for long series: the coarse version keeps every bucket's first, lowest, highest and last
// point (checked by brute force over each bucket's slice), a window returns exactly the points in range when
// few enough, and a 120k-point run written to a real event file reaches the webview's state coarse, with
// live appends, a re-sent coarse series once the appends pile up, and the true point count throughout.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ChartFeed } from '../../src/core/charts/chartFeed';
import { coarseSeries, columnSource, FULL_LIMIT, LOD_BUCKETS, lodIndexes, windowBounds, windowSeries } from '../../src/core/charts/seriesLod';
import { TrainingState } from '../../src/core/charts/trainingState';
import { EventFileWriter } from '../../src/core/events/eventWriter';
import { LogdirReader } from '../../src/core/events/logdirReader';

/** A deterministic noisy series with planted spikes and a NaN. */
function noisy(n: number): { steps: Float64Array; walls: Float64Array; values: Float64Array } {
  const steps = Float64Array.from({ length: n }, (_, i) => i * 2);
  const walls = Float64Array.from({ length: n }, (_, i) => 1_900_000_000 + i / 10);
  let seed = 12345;
  const values = Float64Array.from({ length: n }, () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  });
  values[31_337] = 50;
  values[77_777] = -50;
  values[90_001] = Number.NaN;
  return { steps, walls, values };
}

test('each bucket keeps its first, last, lowest and highest point and its NaN; at most 5 per bucket', () => {
  const n = 100_003;
  const { steps, walls, values } = noisy(n);
  const source = columnSource(steps, walls, values);
  const buckets = 1000;
  const kept = new Set(lodIndexes(source, 0, n, buckets));
  assert.ok(kept.size <= 5 * buckets);
  for (let b = 0; b < buckets; b++) {
    const start = Math.floor((b * n) / buckets);
    const end = Math.floor(((b + 1) * n) / buckets);
    const slice = [...values.subarray(start, end)];
    const finite = slice.filter((v) => !Number.isNaN(v));
    assert.ok(kept.has(start) && kept.has(end - 1), `bucket ${b}: first and last`);
    assert.ok([...kept].some((i) => i >= start && i < end && values[i] === Math.min(...finite)), `bucket ${b}: lowest`);
    assert.ok([...kept].some((i) => i >= start && i < end && values[i] === Math.max(...finite)), `bucket ${b}: highest`);
    if (finite.length < slice.length) assert.ok([...kept].some((i) => i >= start && i < end && Number.isNaN(values[i])), `bucket ${b}: NaN`);
  }
  const coarse = coarseSeries(source);
  assert.ok(coarse.indexes.every((i, k) => k === 0 || i > coarse.indexes[k - 1]), 'ascending, each once');
  assert.ok(coarse.values.includes(50) && coarse.values.includes(-50) && coarse.values.some(Number.isNaN), 'planted spikes and the gap survive');
  assert.ok(coarse.steps.every((step, k) => step === steps[coarse.indexes[k]] && coarse.wallTimes[k] === walls[coarse.indexes[k]]));
  assert.ok(coarse.steps.length <= 5 * LOD_BUCKETS);
});

test('a short series and a small window come back exactly; a big window is reduced to its buckets', () => {
  const { steps, walls, values } = noisy(100_003);
  const source = columnSource(steps, walls, values);
  const short = coarseSeries(columnSource(steps.subarray(0, 900), walls.subarray(0, 900), values.subarray(0, 900)));
  assert.deepEqual([...short.values], [...values.subarray(0, 900)]);

  const window = windowSeries(source, 31_000, 32_499, 400);
  assert.deepEqual([...window.indexes], Array.from({ length: 1500 }, (_, k) => 31_000 + k));
  assert.deepEqual([...window.values], [...values.subarray(31_000, 32_500)]);
  assert.deepEqual([...window.steps], [...steps.subarray(31_000, 32_500)]);

  const edge = windowSeries(source, -5, 3, 400);
  assert.deepEqual([...edge.indexes], [0, 1, 2, 3], 'clipped to the series');

  const big = windowSeries(source, 10, 10 + FULL_LIMIT + 1000, 500);
  assert.ok(big.indexes.length <= 5 * 500 && big.indexes.length >= 2 * 500, 'between first+last and first+low+high+last+NaN per bucket');
  assert.equal(big.indexes[0], 10);
  assert.equal(big.indexes[big.indexes.length - 1], 10 + FULL_LIMIT + 1000);
  assert.ok(big.values.includes(50), 'the spike at 31337 is in the window and kept');
});

test('the window asked for on zoom covers every original point in the x range, from the coarse copy alone', () => {
  const { steps, walls, values } = noisy(100_003);
  const coarse = coarseSeries(columnSource(steps, walls, values));
  for (const [min, max] of [[1000.5, 1999.5], [0, 10], [150_000, 150_000], [199_990, 300_000]]) {
    const bounds = windowBounds(coarse.steps, coarse.indexes, min, max)!;
    const inRange = [...steps.keys()].filter((i) => steps[i] >= min && steps[i] <= max);
    assert.ok(inRange.every((i) => i >= bounds.first && i <= bounds.last), `[${min}, ${max}] within ${bounds.first}..${bounds.last}`);
    const window = windowSeries(columnSource(steps, walls, values), bounds.first, bounds.last, 800);
    if (bounds.last - bounds.first < FULL_LIMIT) assert.ok(inRange.every((i) => window.indexes.includes(i)), 'and the window holds each of them');
  }
  assert.equal(windowBounds([], [], 0, 1), undefined);
});

test('a 120k-point run reaches the view coarse, appends go live, and the coarse series is re-sent when they pile up', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ts-lod-'));
  try {
    const writer = new EventFileWriter(path.join(dir, 'big'), { time: 1_900_000_000, host: 'test', pid: 4, index: 0 });
    const n = 120_000;
    for (let step = 0; step < n; step++) writer.addScalar('loss', step === 65_432 ? 1000 : Math.sin(step / 100), step, 1_900_000_000 + step);
    writer.flush();
    const reader = new LogdirReader(dir);
    reader.poll();
    const feed = new ChartFeed();
    const state = new TrainingState();
    const [snapshot] = feed.snapshot(reader.runList());
    const loss = snapshot.scalars[0];
    assert.equal(loss.total, n);
    assert.ok(loss.steps.length <= 5 * LOD_BUCKETS && loss.indexes !== undefined);
    assert.ok(loss.values.includes(1000), 'the spike is kept');
    state.applySnapshot({ seq: ++feed.seq, runs: [snapshot], hiddenRuns: [], root: '' });
    const series = () => state.runs.get('big')!.scalars.get('loss')!;
    const held = series().length;
    assert.equal(feed.heldLength('big', 'loss'), held);

    // Two points appended: they go raw onto the coarse copy, with their true indexes.
    writer.addScalar('loss', 7, n, 1_900_200_000);
    writer.addScalar('loss', 8, n + 1, 1_900_200_001);
    writer.flush();
    reader.poll();
    const [append] = feed.append(reader.runList());
    assert.deepEqual({ from: append.scalars[0].from, indexes: [...append.scalars[0].indexes!], values: [...append.scalars[0].values] }, { from: held, indexes: [n, n + 1], values: [7, 8] });
    assert.equal(state.applyAppend({ seq: ++feed.seq, runs: [append] }), true);
    assert.equal(series().length, held + 2);
    assert.equal(series().total, n + 2);
    assert.deepEqual([...series().view().steps.subarray(held)], [n, n + 1]);

    // Enough appends to push the coarse copy past FULL_LIMIT: the coarse series is sent again from 0.
    for (let step = n + 2; step < n + 2 + FULL_LIMIT; step++) writer.addScalar('loss', 0, step, 1_900_300_000 + step);
    writer.close();
    reader.poll();
    const [resent] = feed.append(reader.runList());
    assert.equal(resent.scalars[0].from, 0);
    assert.equal(resent.scalars[0].total, n + 2 + FULL_LIMIT);
    assert.equal(state.applyAppend({ seq: ++feed.seq, runs: [resent] }), true);
    const view = series().view();
    assert.equal(view.indexes[view.indexes.length - 1], n + 1 + FULL_LIMIT);
    // 7 and 8 share a bucket whose highest is 8.
    assert.ok(view.values.includes(1000) && view.values.includes(8));
    assert.ok(series().length <= 5 * LOD_BUCKETS);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
