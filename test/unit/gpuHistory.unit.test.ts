// History ring buffers: fixed memory, oldest dropped first, missing values kept as gaps (never 0).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GpuHistory } from '../../src/core/gpu/gpuHistory';
import { parseGpuReport } from '../../src/core/gpu/parseGpuReport';
import { RingBuffer } from '../../src/core/gpu/ringBuffer';
import { fixturesDir } from '../fixtures/gpu/replay';

test('a ring keeps the newest values in order across wrap-around', () => {
  const ring = new RingBuffer(3);
  assert.equal(ring.latest(), undefined);
  for (const value of [1, 2, null, 4, 5]) ring.push(value);
  assert.equal(ring.length, 3);
  assert.deepEqual([ring.at(0), ring.at(1), ring.at(2), ring.at(3)], [null, 4, 5, undefined]);
  assert.deepEqual([...ring.toArray()], [Number.NaN, 4, 5]);
  assert.equal(ring.latest(), 5);
  ring.clear();
  assert.equal(ring.toArray().length, 0);
  assert.throws(() => new RingBuffer(0), RangeError);
});

test('history keeps one aligned series per GPU and metric, capped at capacity', () => {
  const idle = parseGpuReport(readFileSync(join(fixturesDir, 'captures/linux-x86_64__nvidia-geforce-rtx-2080-super__595.71.05.txt'), 'utf8'), 'capture', { phase: 'idle' });
  const load = parseGpuReport(readFileSync(join(fixturesDir, 'captures/linux-x86_64__nvidia-geforce-rtx-2080-super__595.71.05.txt'), 'utf8'), 'capture', { phase: 'load' });
  const history = new GpuHistory(4);
  for (let i = 0; i < 5; i++) history.record(i % 2 === 0 ? idle : load, 1000 + i);
  const [key] = history.keys();
  assert.equal(key, 'GPU-00000000-0000-0000-0000-000000000000');
  assert.equal(history.length(key), 4);
  // utilization.gpu is 0 idle and 8 under load in the capture; the first sample fell out.
  assert.deepEqual([...history.series(key, 'utilization')!.values], [8, 0, 8, 0]);
  assert.deepEqual([...history.series(key, 'powerW')!.values], [111.5, 39.32, 111.5, 39.32]);
  // The captures carry their own timestamps, which win over the fallback clock.
  assert.deepEqual([...history.series(key, 'utilization')!.times], [load.timestamp, idle.timestamp, load.timestamp, idle.timestamp]);
  assert.deepEqual([...history.series(key, 'fanPercent')!.values], [38, 38, 38, 38]);
  assert.ok(history.series('nope', 'utilization') === undefined);
});

test('a missing metric is a gap in the series', () => {
  const snapshot = parseGpuReport(readFileSync(join(fixturesDir, 'xml/telegraf_tesla-t4.xml'), 'utf8'), 't4');
  const history = new GpuHistory();
  history.record(snapshot);
  // fan_speed is N/A on the passively cooled T4.
  assert.ok(Number.isNaN(history.series(history.keys()[0], 'fanPercent')!.values[0]));
  assert.equal(history.series(history.keys()[0], 'utilization')!.values[0], 0);
});
