// Histogram shapes: distribution percentiles as TensorBoard's compressor computes them (worked by hand on
// uniform buckets here) and against numpy's percentile on data written by the core writer; ridgeline rebinning
// conserves counts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { compressHistogram, distributionBands, NORMAL_HISTOGRAM_BPS, ridgeline, ridgelineBin } from '../../src/core/charts/histogramShapes';
import { EventFileWriter } from '../../src/core/events/eventWriter';
import { LogdirReader } from '../../src/core/events/logdirReader';

/** Ten buckets of one count each over [0, 10]. */
const uniform = Float64Array.from({ length: 30 }, (_, i) => [Math.floor(i / 3), Math.floor(i / 3) + 1, 1][i % 3]);

test('uniform buckets: the value at basis point b is b/1000 (linear within a bucket), 10000 is the maximum', () => {
  const values = compressHistogram(uniform);
  const expected = NORMAL_HISTOGRAM_BPS.map((bp) => bp / 1000);
  values.forEach((value, i) => assert.ok(Math.abs(value - expected[i]) < 1e-12, `bp ${NORMAL_HISTOGRAM_BPS[i]}: ${value}`));
});

test('empty buckets are skipped and a histogram without buckets gives zeros', () => {
  // All the mass in [4, 6] after an empty first bucket. TensorBoard interpolates from the minimum edge when the
  // cumulative count before the bucket is 0 (`if not i or not cumsum_prev: lhs = minmin`): 0 + 0.5 * (6 - 0) = 3.
  const buckets = Float64Array.from([0, 4, 0, 4, 6, 10, 6, 8, 0]);
  assert.deepEqual(compressHistogram(buckets, [0, 5000, 10000]), [0, 3, 8]);
  // Without the empty bucket the median is the middle of [4, 6].
  assert.deepEqual(compressHistogram(Float64Array.from([4, 6, 10]), [5000]), [5]);
  assert.deepEqual(compressHistogram(new Float64Array(0), [0, 5000]), [0, 0]);
});

test('on 10,000 normal samples written by the core writer, the median band is within a bucket width of numpy\'s median', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ts-hist-'));
  try {
    // Box-Muller on a fixed LCG: deterministic samples, also handed to numpy.
    let seed = 7;
    const uniform01 = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648 || 1e-9;
    const samples = Array.from({ length: 10_000 }, () => Math.sqrt(-2 * Math.log(uniform01())) * Math.cos(2 * Math.PI * uniform01()));
    const writer = new EventFileWriter(dir, { time: 1_700_000_000, host: 'test', pid: 1, index: 0 });
    writer.addHistogram('weights', samples, 1, { bins: 200, wallTime: 1_700_000_001 });
    writer.close();
    const reader = new LogdirReader(dir);
    reader.poll();
    const histogram = reader.runs.get('.')!.store.histograms.get('weights')!.items[0];
    const script = 'import json,sys,numpy as np; d=np.array(json.load(sys.stdin)); print(json.dumps([float(np.percentile(d, p)) for p in (6.68, 50, 93.32)]))';
    const numpy = JSON.parse(execFileSync('python3', ['-c', script], { input: JSON.stringify(samples), encoding: 'utf8' })) as number[];
    const ours = compressHistogram(histogram.buckets, [668, 5000, 9332]);
    const width = (Math.max(...samples) - Math.min(...samples)) / 200;
    ours.forEach((value, i) => assert.ok(Math.abs(value - numpy[i]) <= width, `percentile ${i}: ${value} vs numpy ${numpy[i]} (bucket ${width})`));
    const bands = distributionBands([histogram.buckets, uniform]);
    assert.equal(bands.length, NORMAL_HISTOGRAM_BPS.length);
    assert.equal(bands[4][1], 5);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('ridgeline rebins over the common range and conserves every row\'s count', () => {
  const shifted = Float64Array.from([10, 20, 4, 20, 30, 6]);
  const shape = ridgeline([1, 2], [uniform, shifted], 30);
  assert.equal(shape.min, 0);
  assert.equal(shape.max, 30);
  assert.deepEqual(shape.steps, [1, 2]);
  const sums = shape.rows.map((row) => row.reduce((a, b) => a + b, 0));
  assert.ok(Math.abs(sums[0] - 10) < 1e-9 && Math.abs(sums[1] - 10) < 1e-9);
  // Bins are 1 wide: the uniform row has one count in each of bins 0..9; the shifted row 0.4 in 10..19, 0.6 in 20..29.
  assert.deepEqual([...shape.rows[0].slice(0, 11)].map((v) => Math.round(v * 1e9) / 1e9), [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0]);
  assert.ok(Math.abs(shape.rows[1][15] - 0.4) < 1e-9 && Math.abs(shape.rows[1][25] - 0.6) < 1e-9);
  assert.ok(Math.abs(shape.peak - 1) < 1e-9);
});

test('hover readout of the ridgeline: the bin range and each step\'s count, from python_sample.expected.json (weights/histo)', () => {
  // The Python writer's record: step 5 buckets [-1,0):1 [0,1):3 [1,2]:2, step 6 bucket [0.5,0.9):4.
  const expected = JSON.parse(readFileSync(path.resolve(__dirname, '../fixtures/events/python_sample.expected.json'), 'utf8')) as {
    histograms: Record<string, { step: number; buckets: [number, number, number][] }[]>;
  };
  const histo = expected.histograms['weights/histo'];
  const shape = ridgeline(histo.map((h) => h.step), histo.map((h) => Float64Array.from(h.buckets.flat())), 3);
  // Over [-1, 2] in three bins of width 1, every bucket falls into exactly one bin.
  assert.deepEqual(ridgelineBin(shape, 0), { left: -1, right: 0, counts: [1, 0] });
  assert.deepEqual(ridgelineBin(shape, 1), { left: 0, right: 1, counts: [3, 4] });
  assert.deepEqual(ridgelineBin(shape, 2), { left: 1, right: 2, counts: [2, 0] });
  // Out-of-range bins clamp to the edges (a cursor on the plot margin).
  assert.deepEqual(ridgelineBin(shape, 7), ridgelineBin(shape, 2));
  assert.deepEqual(ridgelineBin(shape, -1), ridgelineBin(shape, 0));
});
