// Restarts, repeated steps and many tags at one step (the rule is documented in runStore.ts): a point is
// dropped only where the run restarted (a tag's step going back, a new writer session writing a step again,
// a SessionLog.START after the run's first); points at one step within one session are all kept. Files come
// from our writer and from tfevents_reference.py (Google's protobuf runtime), whose own statement of the rule
// gives the expected series; the scenarios' figures are also stated here by construction.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runDetails, runFacts } from '../../src/core/charts/runLabels';
import { runReport } from '../../src/core/events/eventsReport';
import { formatEventsText } from '../../src/core/events/eventsTextTable';
import { SessionStatus } from '../../src/core/events/eventTypes';
import { EventFileWriter } from '../../src/core/events/eventWriter';
import { LogdirReader } from '../../src/core/events/logdirReader';

const scratch = mkdtempSync(path.join(tmpdir(), 'tensorsight-events-restart-'));
test.after(() => rmSync(scratch, { recursive: true, force: true }));
let dirs = 0;
const newDir = () => path.join(scratch, `run${dirs++}`);

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

type Store = ReturnType<typeof readRun>['store'];
const series = (store: Store, tag: string) => {
  const { steps, values } = store.scalar(tag)!.columns();
  return { steps: [...steps], values: [...values] };
};
const none = { stepBack: 0, rewritten: 0, sessionStart: 0 };

test('a restart into a new file that goes back (PyTorch, Keras): that tag drops its points from the new step on', () => {
  const dir = newDir();
  firstLife(dir, 10);
  const second = writer(dir, 2000, 1);
  for (let step = 5; step <= 7; step++) second.addScalar('loss', 100 + step, step, 2000 + step);
  second.close();
  const { store } = readRun(dir);
  assert.deepEqual(series(store, 'loss'), { steps: [0, 1, 2, 3, 4, 5, 6, 7], values: [0, 1, 2, 3, 4, 105, 106, 107] });
  assert.deepEqual(series(store, 'acc').steps, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.deepEqual(store.dropped, { ...none, stepBack: 5 });
});

test('a new file that writes the last step again replaces it; the same step within one file keeps both points', () => {
  const dir = newDir();
  firstLife(dir, 10);
  const second = writer(dir, 2000, 1);
  second.addScalar('loss', 90, 9, 2000);
  second.addScalar('loss', 91, 9, 2001);
  second.addScalar('loss', 100, 10, 2002);
  second.close();
  const { store } = readRun(dir);
  assert.deepEqual(series(store, 'loss').steps, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 9, 10]);
  assert.deepEqual(series(store, 'loss').values.slice(-3), [90, 91, 100]);
  assert.deepEqual(store.dropped, { ...none, rewritten: 1 });
});

test('repeated steps in one session are all kept, scalars and histograms alike', () => {
  const dir = newDir();
  const w = writer(dir, 1000, 0);
  [0, 1, 2, 2, 3].forEach((step, i) => w.addScalar('x', i, step, 1000 + i));
  w.addHistogram('h', [1, 2, 3], 4, { wallTime: 1010 });
  w.addHistogram('h', [5, 6, 7], 4, { wallTime: 1011 });
  w.close();
  const { reader, store } = readRun(dir);
  assert.deepEqual(series(store, 'x'), { steps: [0, 1, 2, 2, 3], values: [0, 1, 2, 3, 4] });
  const h = store.histograms.get('h')!;
  assert.deepEqual([h.steps, h.items.map((item) => [item.min, item.max])], [[4, 4], [[1, 3], [5, 7]]]);
  assert.deepEqual(store.dropped, none);
  const text = formatEventsText([runReport(reader.runList()[0], reader.root)], dir);
  assert.doesNotMatch(text, /dropped/);
});

test('twelve tags at step 0, logged twice, then the first SessionLog.START at step 0: nothing is dropped', () => {
  const dir = newDir();
  const w = writer(dir, 1000, 0);
  for (let round = 0; round < 2; round++) for (let i = 0; i < 12; i++) w.addScalar(`m/${i}`, round * 100 + i, 0, 1000 + round);
  w.addSessionLog(SessionStatus.start, 0, 1002);
  w.addScalar('loss', 1, 1, 1003);
  w.close();
  const { reader, store } = readRun(dir);
  for (let i = 0; i < 12; i++) assert.deepEqual(series(store, `m/${i}`), { steps: [0, 0], values: [i, 100 + i] });
  assert.deepEqual(store.dropped, none);
  const report = runReport(reader.runList()[0], reader.root);
  assert.deepEqual(report.dropped, none);
  assert.equal(Object.values(report.scalars).reduce((sum, s) => sum + s.count, 0), 25);
});

test('a SessionLog.START after the first drops every tag from its step on, and is labelled as such', () => {
  const dir = newDir();
  const first = writer(dir, 1000, 0);
  first.addSessionLog(SessionStatus.start, 0, 1000);
  for (let step = 0; step < 10; step++) {
    first.addScalar('loss', step, step, 1001 + step);
    first.addScalar('acc', 10 * step, step, 1001 + step);
  }
  first.close();
  const second = writer(dir, 2000, 1);
  second.addSessionLog(SessionStatus.start, 5, 2000);
  for (let step = 5; step <= 7; step++) second.addScalar('loss', 100 + step, step, 2001 + step);
  second.close();
  const { reader, store } = readRun(dir);
  assert.deepEqual(series(store, 'loss').steps, [0, 1, 2, 3, 4, 5, 6, 7]);
  assert.deepEqual(series(store, 'acc'), { steps: [0, 1, 2, 3, 4], values: [0, 10, 20, 30, 40] });
  assert.deepEqual(store.sessionStarts, [0, 5]);
  assert.deepEqual(store.dropped, { ...none, sessionStart: 10 });
  const text = formatEventsText([runReport(reader.runList()[0], reader.root)], dir);
  assert.match(text, /10 points dropped as orphaned by restarts \(10: SessionLog\.START\)/);
  // The Runs view's tooltip says it in the same words.
  const run = reader.runList()[0];
  const tooltip = runDetails(run.dir, run.files.length, run.totals().records, run.totals().corrupt, runFacts(store), store.dropped);
  assert.match(tooltip, /\n10 points dropped as orphaned by restarts \(10: SessionLog\.START\)\n$/);
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
  assert.deepEqual(store.dropped, none);
});

test('a restart seen live: the next poll drops the orphaned points, and the series generation changes', () => {
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
  assert.deepEqual(store.dropped, { ...none, stepBack: 7 });
});

/** A python3 that has google.protobuf (Debian's python3-protobuf), or undefined. */
function findPython(): string | undefined {
  for (const candidate of ['/usr/bin/python3', 'python3']) {
    if (spawnSync(candidate, ['-c', 'import google.protobuf'], { encoding: 'utf8' }).status === 0) return candidate;
  }
  return undefined;
}
const python = findPython();

test('a run written by the protobuf reference, with every kind of restart, reads as the reference keeps it', { skip: python ? false : 'no python3 with google.protobuf (Debian python3-protobuf)' }, () => {
  const dir = newDir();
  const script = path.resolve(__dirname, '../fixtures/events/tfevents_reference.py');
  mkdirSync(dir, { recursive: true });
  const run = spawnSync(python!, [script, 'restarts', dir], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  const expected = JSON.parse(run.stdout) as { files: string[]; series: Record<string, [number, number | null, number][]>; dropped: typeof none };
  const { reader, store } = readRun(dir);
  assert.equal(reader.runList()[0].files.length, expected.files.length);
  for (const [tag, points] of Object.entries(expected.series)) {
    if (tag === 'weights') {
      assert.deepEqual(store.histograms.get(tag)!.steps, points.map((p) => p[0]), tag);
      continue;
    }
    const got = store.scalar(tag)!.columns();
    assert.deepEqual([...got.steps], points.map((p) => p[0]), tag);
    assert.deepEqual([...got.values], points.map((p) => p[1]), tag);
    assert.deepEqual([...got.wallTimes], points.map((p) => p[2]), tag);
  }
  assert.deepEqual(store.dropped, expected.dropped);
  // By construction: loss 0..9, START at 6 drops 6..9 (4), step 8 again from a new file (1) and the histogram's
  // step 2 (2), then step 3 drops 3..9 (7); each m/i keeps both of its step-0 points.
  assert.deepEqual(expected.dropped, { stepBack: 7, rewritten: 3, sessionStart: 4 });
  assert.deepEqual(series(store, 'loss').steps, [0, 1, 2, 3, 4]);
  assert.deepEqual(series(store, 'm/11').steps, [0, 0]);
});
