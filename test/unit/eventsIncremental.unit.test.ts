// Reading files while they grow: a fixture copied in uneven chunks with a poll after each, and a writer
// child process appending records on a timer (each record in two writes). Every poll must show exactly
// the complete records so far, never a corrupt one, and read only the bytes appended since the last poll.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LogdirReader } from '../../src/core/events/logdirReader';

const relative = 'torch_summarywriter_tbreducer_lax/run_1/events.out.tfevents.1622543341.janoshs-mbp.lan.86862.3';
const original = readFileSync(path.resolve(__dirname, '../fixtures/upstream/tfevents', relative));
const row = (JSON.parse(readFileSync(path.resolve(__dirname, '../fixtures/events/fixtures.expected.json'), 'utf8')) as {
  path: string;
  record_ends: number[];
  scalars: Record<string, { count: number; first: [number, number]; last: [number, number] }>;
}[]).find((r) => r.path === relative)!;
const scratch = mkdtempSync(path.join(tmpdir(), 'tensorsight-events-grow-'));
test.after(() => rmSync(scratch, { recursive: true, force: true }));

test('a file copied in uneven chunks: each poll reads only the new bytes and shows the complete records', () => {
  const dir = path.join(scratch, 'chunks');
  const file = path.join(dir, 'events.out.tfevents.1.chunks');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir);
  writeFileSync(file, '');
  const reader = new LogdirReader(dir);
  let written = 0;
  let expectedBytesRead = 0;
  let lastEnd = 0;
  for (let chunk = 1; written < original.length; chunk++) {
    const size = Math.min(1 + ((chunk * 389) % 700), original.length - written);
    appendFileSync(file, original.subarray(written, written + size));
    written += size;
    reader.poll();
    const events = reader.runList()[0].files[0];
    const complete = row.record_ends.filter((end) => end <= written);
    expectedBytesRead += written - lastEnd; // the new bytes plus the incomplete tail read last time
    lastEnd = complete.at(-1) ?? 0;
    assert.equal(events.records, complete.length, `after ${written} bytes`);
    assert.deepEqual(events.corruptRegions, []);
    assert.equal(events.offset, lastEnd);
    assert.equal(events.bytesRead, expectedBytesRead);
  }
  const nothingNew = reader.poll();
  assert.deepEqual([nothingNew.records, nothingNew.corrupt, nothingNew.changedRuns], [0, 0, []]);
  const store = reader.runList()[0].store;
  for (const [tag, expected] of Object.entries(row.scalars)) {
    const s = store.scalar(tag)!;
    assert.equal(s.length, expected.count, tag);
    assert.deepEqual([s.stepAt(0), s.valueAt(0)], expected.first);
    assert.deepEqual([s.stepAt(s.length - 1), s.valueAt(s.length - 1)], expected.last);
  }
});

test('a writer process appending on a timer: polls never see a corrupt record, and every point arrives', async () => {
  const dir = path.join(scratch, 'live');
  const count = 60;
  const child = spawn(process.execPath, ['--import', 'tsx', path.resolve(__dirname, '../fixtures/events/appendingWriter.ts'), dir, String(count), '3'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  let done = false;
  void exited.then(() => (done = true));
  let reader: LogdirReader | undefined;
  let polls = 0;
  let sawPartial = false;
  const check = () => {
    reader ??= new LogdirReader(dir);
    reader.poll();
    polls++;
    const run = reader.runList()[0];
    if (!run) return;
    const file = run.files[0];
    assert.deepEqual(file.corruptRegions, []);
    if (file.pendingBytes > 0) sawPartial = true;
    const live = run.store.scalar('live');
    const n = live?.length ?? 0;
    assert.equal(n, Math.max(file.records - 1, 0)); // every record after file_version is one point
    for (let i = 0; i < n; i++) assert.deepEqual([live!.stepAt(i), live!.valueAt(i)], [i, i / 2]);
  };
  const deadline = Date.now() + 60_000;
  while (!done && Date.now() < deadline) {
    try {
      check();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error; // the folder is not created yet
    }
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  assert.equal(await exited, 0);
  check();
  const run = reader!.runList()[0];
  assert.equal(run.store.scalar('live')!.length, count);
  assert.equal(run.files[0].records, count + 1);
  assert.equal(run.files[0].pendingBytes, 0);
  assert.ok(polls > 10, `only ${polls} polls`);
  // Each record is written in two halves with a pause; with polls every 2 ms some land in between.
  assert.ok(sawPartial, 'no poll saw a half-written record');
});
