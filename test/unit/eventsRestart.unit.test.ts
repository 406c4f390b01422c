// Restarts and duplicate steps, as TensorBoard handles them (the rule is documented in runStore.ts):
// a point at step s preempts its tag's earlier points with step >= s; SessionLog.START at step s purges
// every tag from s on; a run's files are merged by wall time. Expected series follow from each scenario.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SessionStatus } from '../../src/core/events/eventTypes';
import { EventFileWriter } from '../../src/core/events/eventWriter';
import { LogdirReader } from '../../src/core/events/logdirReader';

const scratch = mkdtempSync(path.join(tmpdir(), 'tensorsight-events-restart-'));
test.after(() => rmSync(scratch, { recursive: true, force: true }));
let dirs = 0;

function writer(dir: string, time: number, index: number): EventFileWriter {
  return new EventFileWriter(dir, { time, host: 'test', pid: 1, index });
}

/** Writes a first life of `steps` steps of loss (= step) and acc (= 10 * step), one second apart. */
function firstLife(dir: string, steps: number): void {
  const w = writer(dir, 1000, 0);
  for (let step = 0; step < steps; step++) {
    w.addScalar('loss', step, step, 1000 + step);
    w.addScalar('acc', 10 * step, step, 1000 + step);
  }
  w.close();
}

function readRun(dir: string) {
  const reader = new LogdirReader(dir);
  reader.poll();
  return { reader, store: reader.runList()[0].store };
}

const series = (store: ReturnType<typeof readRun>['store'], tag: string) => {
  const { steps, values } = store.scalar(tag)!.columns();
  return { steps: [...steps], values: [...values] };
};

const newDir = () => path.join(scratch, `run${dirs++}`);

test('a restart into a new file (PyTorch, Keras): lower steps preempt that tag only', () => {
  const dir = newDir();
  firstLife(dir, 10);
  const second = writer(dir, 2000, 1);
  for (let step = 5; step <= 7; step++) second.addScalar('loss', 100 + step, step, 2000 + step);
  second.close();
  const { store } = readRun(dir);
  assert.deepEqual(series(store, 'loss'), { steps: [0, 1, 2, 3, 4, 5, 6, 7], values: [0, 1, 2, 3, 4, 105, 106, 107] });
  assert.deepEqual(series(store, 'acc').steps, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.equal(store.purged, 5);
});

test('SessionLog.START at step s purges every tag from s on', () => {
  const dir = newDir();
  firstLife(dir, 10);
  const second = writer(dir, 2000, 1);
  second.addSessionLog(SessionStatus.start, 5, 2000);
  for (let step = 5; step <= 7; step++) second.addScalar('loss', 100 + step, step, 2000 + step);
  second.close();
  const { store } = readRun(dir);
  assert.deepEqual(series(store, 'loss').steps, [0, 1, 2, 3, 4, 5, 6, 7]);
  assert.deepEqual(series(store, 'acc'), { steps: [0, 1, 2, 3, 4], values: [0, 10, 20, 30, 40] });
  assert.deepEqual(store.sessionStarts, [5]);
  assert.equal(store.purged, 10);
});

test('a repeated step keeps the last value written; histograms preempt the same way', () => {
  const dir = newDir();
  const w = writer(dir, 1000, 0);
  [0, 1, 2, 2, 3].forEach((step, i) => w.addScalar('x', i, step, 1000 + i));
  w.addHistogram('h', [1, 2, 3], 4, { wallTime: 1010 });
  w.addHistogram('h', [5, 6, 7], 4, { wallTime: 1011 });
  w.close();
  const { store } = readRun(dir);
  assert.deepEqual(series(store, 'x'), { steps: [0, 1, 2, 3], values: [0, 1, 3, 4] });
  const h = store.histograms.get('h')!;
  assert.deepEqual([h.steps, h.items[0].min, h.items[0].max], [[4], 5, 7]);
  assert.equal(store.purged, 2);
});

test('files of one run are merged by wall time, not read one after the other', () => {
  const dir = newDir();
  // Named so that name order and wall-time order disagree.
  const a = writer(dir, 10, 9);
  const b = writer(dir, 11, 1);
  for (let i = 0; i < 3; i++) {
    a.addScalar('a', 2 * i, 2 * i, 10 + 2 * i);
    b.addScalar('a', 2 * i + 1, 2 * i + 1, 11 + 2 * i);
  }
  a.close();
  b.close();
  const { store } = readRun(dir);
  assert.deepEqual(series(store, 'a'), { steps: [0, 1, 2, 3, 4, 5], values: [0, 1, 2, 3, 4, 5] });
  assert.equal(store.purged, 0);
});

test('a restart seen live: the next poll preempts, and the series generation changes', () => {
  const dir = newDir();
  firstLife(dir, 10);
  const { reader, store } = readRun(dir);
  const before = store.scalar('loss')!;
  assert.equal(before.length, 10);
  const generation = before.generation;
  const second = writer(dir, 2000, 1);
  second.addScalar('loss', 42, 3, 2000);
  second.close();
  const result = reader.poll();
  assert.equal(result.newFiles, 1);
  assert.equal(result.records, 2);
  assert.deepEqual(series(store, 'loss'), { steps: [0, 1, 2, 3], values: [0, 1, 2, 42] });
  assert.notEqual(store.scalar('loss')!.generation, generation);
});
