// Every event file in test/fixtures/upstream/tfevents, read by our reader, against two independent sources:
// the figures of MANIFEST.tsv (written by a real reader when the fixtures were collected) and
// test/fixtures/events/fixtures.expected.json (written by tfevents_reference.py: Google's protobuf runtime
// and a separate CRC32C; regenerate with `python3 tfevents_reference.py table <root> <files...>`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { EventDecoder } from '../../src/core/events/eventDecoder';
import { runReport, type RunReport } from '../../src/core/events/eventsReport';
import { LogdirReader } from '../../src/core/events/logdirReader';
import { RunStore } from '../../src/core/events/runStore';
import { scanFrames } from '../../src/core/events/tfRecord';

const shared = path.resolve(__dirname, '../fixtures/upstream');
const root = path.join(shared, 'tfevents');

interface ReferenceRow {
  path: string;
  records: number;
  corrupt: number;
  file_version: string;
  kinds: Record<string, number>;
  scalars: Record<string, { count: number; first: [number, number]; last: [number, number]; sum: number; wallFirst: number }>;
  other: Record<string, number>;
  dropped: { stepBack: number; rewritten: number; sessionStart: number };
  hparams: Record<string, { experiment?: { hparam_infos: { name: string }[] }; session_start_info?: { hparams: Record<string, unknown> }; session_end_info?: { status: number } }>;
}
const reference: ReferenceRow[] = JSON.parse(readFileSync(path.resolve(__dirname, '../fixtures/events/fixtures.expected.json'), 'utf8'));

/** MANIFEST.tsv rows of kind tfevents, with the key=value figures of their `contents` column. */
function manifestRows(): { path: string; figures: Record<string, string> }[] {
  const [header, ...lines] = readFileSync(path.join(shared, 'MANIFEST.tsv'), 'utf8').trim().split('\n');
  const columns = header.split('\t');
  return lines
    .map((line) => Object.fromEntries(line.split('\t').map((cell, i) => [columns[i], cell])))
    .filter((row) => row.kind === 'tfevents')
    .map((row) => ({
      path: row.path.replace(/^tfevents\//, ''),
      figures: {
        // "sample tags=a,b" has a space in its key, so it is taken out before splitting the rest.
        ...Object.fromEntries(row.contents.replace(/sample tags=\S+/, '').split(/[;\s]+/).filter((part: string) => part.includes('=')).map((part: string) => part.split('=', 2))),
        sampleTags: row.contents.match(/sample tags=([^;\s]+)/)?.[1] ?? '',
      } as Record<string, string>,
    }));
}

/** "a:1,b:2" -> {a: 1, b: 2} */
const counts = (text: string | undefined) => Object.fromEntries((text ?? '').split(',').filter(Boolean).map((pair) => [pair.split(':')[0], Number(pair.split(':')[1])]));

function readFile(relative: string): { report: RunReport; reader: LogdirReader } {
  const reader = new LogdirReader(path.join(root, relative));
  reader.poll();
  return { reader, report: runReport(reader.runList()[0], reader.root) };
}

test('every file under fixtures/tfevents has a MANIFEST row and a reference row', () => {
  const files = readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(root, path.join(entry.parentPath ?? entry.path, entry.name)))
    .sort();
  assert.ok(files.length >= 11);
  assert.deepEqual(manifestRows().map((row) => row.path).sort(), files);
  assert.deepEqual(reference.map((row) => row.path).sort(), files);
});

for (const { path: relative, figures } of manifestRows()) {
  test(`MANIFEST figures: ${relative}`, () => {
    const { report, reader } = readFile(relative);
    const store = reader.runList()[0].store;
    const file = report.eventFiles[0];
    assert.equal(report.records, Number(figures.records));
    assert.equal(report.corrupt, 0);
    assert.equal(file.pendingBytes, 0);
    assert.equal(file.fileVersion, figures.file_version);
    const tags = [...Object.keys(report.scalars), ...Object.keys(report.histograms), ...Object.keys(report.other)];
    assert.equal(tags.length, Number(figures.tags));
    for (const sample of figures.sampleTags.split(',').filter(Boolean)) assert.ok(tags.includes(sample), sample);
    const values = counts(figures.values);
    const scalarPoints = Object.values(report.scalars).reduce((sum, s) => sum + s.count, 0);
    assert.equal(scalarPoints, values.simple_value ?? 0, 'scalar points = simple_value count (no fixture holds TF2 tensor scalars)');
    const tensorPoints = Object.entries(report.other).filter(([tag]) => report.otherKinds[tag] !== 'hparams').reduce((sum, [, n]) => sum + n, 0);
    assert.equal(tensorPoints, values.tensor ?? 0);
    const plugins: Record<string, number> = {};
    for (const [tag, n] of Object.entries(report.other)) if (report.otherKinds[tag] !== 'tensor') plugins[report.otherKinds[tag]] = (plugins[report.otherKinds[tag]] ?? 0) + n;
    assert.deepEqual(plugins, counts(figures.plugins));
    const other = counts(figures.other);
    for (const kind of ['graph_def', 'meta_graph_def']) assert.equal(file.kinds[kind] ?? 0, other[kind] ?? 0, kind);
    // The manifest's step range leaves out step 0 (its reader tested `if event.step`).
    const steps = [
      ...store.scalarTags().flatMap((tag) => [...store.scalar(tag)!.columns().steps]),
      ...[...store.other.values()].flatMap((other) => other.points.steps),
    ].filter((step) => step !== 0);
    assert.equal(`${Math.min(...steps)}..${Math.max(...steps)}`, figures.steps);
  });
}

for (const row of reference) {
  test(`reference decoder figures: ${row.path}`, () => {
    const { report, reader } = readFile(row.path);
    const store = reader.runList()[0].store;
    assert.equal(report.records, row.records);
    assert.deepEqual(report.eventFiles[0].kinds, row.kinds);
    assert.deepEqual(report.dropped, row.dropped, 'points dropped by the restart rule');
    assert.deepEqual(Object.keys(report.scalars).sort(), Object.keys(row.scalars).sort());
    for (const [tag, expected] of Object.entries(row.scalars)) {
      const got = report.scalars[tag];
      assert.equal(got.count, expected.count, tag);
      assert.deepEqual([got.first.step, got.first.value], expected.first, tag);
      assert.deepEqual([got.last.step, got.last.value], expected.last, tag);
      const series = store.scalar(tag)!.columns();
      // Summed in file order, in doubles, like the reference: equal only if every value decoded exactly.
      assert.equal(series.values.reduce((sum, v) => sum + v, 0), expected.sum, `${tag} sum`);
      assert.equal(series.wallTimes[0], expected.wallFirst, `${tag} wall time`);
    }
    assert.deepEqual({ ...report.other, ...report.histograms }, row.other);
    for (const [tag, expected] of Object.entries(row.hparams)) {
      if (expected.session_start_info) assert.deepEqual(store.hparams.sessionStart?.hparams, expected.session_start_info.hparams, tag);
      if (expected.experiment) assert.deepEqual(store.hparams.experiment?.hparams.map((h) => h.name), expected.experiment.hparam_infos.map((h) => h.name), tag);
      if (expected.session_end_info) assert.equal(store.hparams.sessionEnd?.status, expected.session_end_info.status, tag);
    }
  });
}

test('the fast scalar path and the protobufjs path build the same store for every fixture', () => {
  for (const row of reference) {
    const { reader } = readFile(row.path);
    const fast = reader.runList()[0];
    assert.ok(fast.decoder.fastRecords > 0 || Object.keys(row.scalars).length === 0, row.path);
    const bytes = new Uint8Array(readFileSync(path.join(root, row.path)));
    const general = new RunStore();
    const decoder = new EventDecoder(general.tags);
    scanFrames(bytes, bytes.length, 0, { open: null }, {
      record: (b, start, end, offset) => general.applyEvent(decoder.decode(b.slice(start, end)), 'f', offset),
      corrupt: () => assert.fail('corrupt'),
    });
    assert.deepEqual(general.scalarTags(), fast.store.scalarTags(), row.path);
    for (const tag of general.scalarTags()) assert.deepEqual(general.scalar(tag)!.columns(), fast.store.scalar(tag)!.columns(), `${row.path} ${tag}`);
  }
});
