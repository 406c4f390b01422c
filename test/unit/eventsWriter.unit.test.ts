// The writer's files, read back by our reader and by an independent one: tfevents_reference.py checks
// every frame with its own CRC32C and decodes every Event with Google's protobuf runtime (Debian
// python3-protobuf). Expected values are the ones written, rounded to float32 where the format says so.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SessionStatus } from '../../src/core/events/eventTypes';
import { EventFileWriter, eventFileName } from '../../src/core/events/eventWriter';
import { LogdirReader } from '../../src/core/events/logdirReader';

const scratch = mkdtempSync(path.join(tmpdir(), 'tensorsight-events-writer-'));
test.after(() => rmSync(scratch, { recursive: true, force: true }));
const referenceScript = path.resolve(__dirname, '../fixtures/events/tfevents_reference.py');

/** A python3 that has google.protobuf (Debian's python3-protobuf), or undefined. */
function findPython(): string | undefined {
  for (const candidate of ['/usr/bin/python3', 'python3']) {
    const probe = spawnSync(candidate, ['-c', 'import google.protobuf'], { encoding: 'utf8' });
    if (probe.status === 0) return candidate;
  }
  return undefined;
}
const python = findPython();

const scalars: [string, number, number][] = [
  ['loss', 0.1, 0],
  ['loss', 0.05, 1],
  ['loss', 1e-7, 2 ** 40],
  ['negative', -2.5, -3],
  ['ünïcödé/tag', 3, 7],
];
const histogramValues = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
const edges = histogramValues.map((_, i) => (i === 9 ? 9 : 0 + (i + 1) * (9 / 10)));

let samples = 0;

function writeSample(): string {
  const dir = path.join(scratch, `run${samples++}`);
  const writer = new EventFileWriter(dir, { time: 1700000000.25, host: 'box', pid: 4321, index: 7 });
  // The run's first START opens it and drops nothing (runStore.ts, rule 4).
  writer.addSessionLog(SessionStatus.start, 8, 1700000000.5);
  scalars.forEach(([tag, value, step], i) => writer.addScalar(tag, value, step, 1700000001 + i));
  writer.addScalarTensor('tf2/metric', 0.75, 3, 1700000010);
  writer.addScalarTensor('tf2/metric', 0.5, 4, 1700000011);
  writer.addHistogram('weights', histogramValues, 5, { bins: 10, wallTime: 1700000012 });
  writer.addText('notes', 'hello *world*', 6, 1700000013);
  writer.close();
  return writer.path;
}

test('file name: events.out.tfevents.<unix>.<host>.<pid>.<n>', () => {
  assert.equal(eventFileName(1700000000.9, 'box', 42, 3), 'events.out.tfevents.1700000000.box.42.3');
  const file = writeSample();
  assert.equal(path.basename(file), 'events.out.tfevents.1700000000.box.4321.7');
});

test('our reader reads back what the writer wrote', () => {
  const file = writeSample();
  const reader = new LogdirReader(path.dirname(file));
  reader.poll();
  const run = reader.runList()[0];
  assert.equal(run.files[0].fileVersion, 'brain.Event:2');
  assert.equal(run.totals().records, 1 + scalars.length + 5);
  assert.equal(run.totals().corrupt, 0);
  const loss = run.store.scalar('loss')!.columns();
  assert.deepEqual([...loss.steps], [0, 1, 2 ** 40]);
  assert.deepEqual([...loss.values], [Math.fround(0.1), Math.fround(0.05), Math.fround(1e-7)]);
  assert.deepEqual([...run.store.scalar('negative')!.columns().steps], [-3]);
  assert.deepEqual([...run.store.scalar('ünïcödé/tag')!.columns().values], [3]);
  assert.deepEqual([...run.store.scalar('tf2/metric')!.columns().values], [0.75, 0.5]);
  const histogram = run.store.histograms.get('weights')!.items[0];
  assert.deepEqual([histogram.min, histogram.max, histogram.num, histogram.sum, histogram.sumSquares], [0, 9, 10, 45, 285]);
  assert.deepEqual([...histogram.buckets], edges.flatMap((right, i) => [i === 0 ? 0 : edges[i - 1], right, 1]));
  assert.equal(run.store.other.get('notes')?.kind, 'text');
  assert.deepEqual(run.store.sessionStarts, [8]);
});

test('an independent reader (python3-protobuf and its own CRC32C) reads the writer\'s file', { skip: python ? false : 'no python3 with google.protobuf (Debian: apt install python3-protobuf)' }, () => {
  const file = writeSample();
  const result = spawnSync(python!, [referenceScript, 'dump', file], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  const [dump] = JSON.parse(result.stdout);
  assert.equal(dump.records, 1 + scalars.length + 5);
  assert.equal(dump.corrupt, 0);
  assert.equal(dump.file_version, 'brain.Event:2');
  assert.deepEqual(dump.kinds, { file_version: 1, summary: scalars.length + 4, session_log: 1 });
  assert.deepEqual(dump.session_log, [[8, 1]]);
  for (const tag of ['loss', 'negative', 'ünïcödé/tag']) {
    const written = scalars.map(([t, value, step], i) => [t, step, Math.fround(value), 1700000001 + i] as const).filter(([t]) => t === tag);
    assert.deepEqual(dump.tags[tag].fields, { simple_value: written.length }, tag);
    assert.deepEqual(dump.tags[tag].points, written.map(([, step, value, wall]) => [step, value, wall]), tag);
  }
  assert.deepEqual(dump.tags['tf2/metric'], { fields: { tensor: 2 }, plugin: 'scalars', points: [[3, 0.75, 1700000010], [4, 0.5, 1700000011]] });
  assert.deepEqual(dump.tags.weights.histograms, [{ step: 5, min: 0, max: 9, num: 10, limits: edges, counts: histogramValues.map(() => 1) }]);
  assert.deepEqual([dump.tags.notes.plugin, dump.tags.notes.fields], ['text', { tensor: 1 }]);
  assert.deepEqual(readdirSync(path.dirname(file)), [path.basename(file)]);
});
