// Damaged event files: cut at every byte, one byte flipped at every position, random bytes around and
// instead of records, frames whose data is not an Event. Record boundaries come from the reference
// decoder (fixtures.expected.json `record_ends`), never from our reader.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { maskedCrc32c } from '../../src/core/events/crc32c';
import { LogdirReader } from '../../src/core/events/logdirReader';
import { frameRecord } from '../../src/core/events/tfRecord';

const relative = 'lightning_nni/version_4/events.out.tfevents.1641536605.PC1JMXEN.22716.0';
const original = new Uint8Array(readFileSync(path.resolve(__dirname, '../fixtures/upstream/tfevents', relative)));
const row = (JSON.parse(readFileSync(path.resolve(__dirname, '../fixtures/events/fixtures.expected.json'), 'utf8')) as { path: string; record_ends: number[] }[]).find((r) => r.path === relative)!;
const ends = row.record_ends;
const starts = [0, ...ends.slice(0, -1)];
const scratch = mkdtempSync(path.join(tmpdir(), 'tensorsight-events-corrupt-'));
const file = path.join(scratch, 'events.out.tfevents.1.test');
test.after(() => rmSync(scratch, { recursive: true, force: true }));

function read(bytes: Uint8Array) {
  writeFileSync(file, bytes);
  const reader = new LogdirReader(file);
  reader.poll();
  const events = reader.runList()[0].files[0];
  return { records: events.records, corrupt: events.corruptRegions, pending: events.pendingBytes, store: reader.runList()[0].store };
}

/** A deterministic byte stream (xorshift32), so failures reproduce. */
function randomBytes(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

test('the fixture itself reads whole', () => {
  assert.equal(ends.length, 17);
  assert.equal(ends[ends.length - 1], original.length);
  assert.deepEqual(read(original).corrupt, []);
});

test('cut at every byte: the complete records read, the rest waits as pending bytes, nothing is corrupt', () => {
  for (let cut = 0; cut <= original.length; cut++) {
    const complete = ends.filter((end) => end <= cut);
    const { records, corrupt, pending } = read(original.subarray(0, cut));
    assert.equal(records, complete.length, `cut at ${cut}`);
    assert.deepEqual(corrupt, [], `cut at ${cut}`);
    assert.equal(pending, cut - (complete.at(-1) ?? 0), `cut at ${cut}`);
  }
});

test('one byte flipped anywhere: exactly that record is lost, reported at its offset, and reading goes on', () => {
  for (let at = 0; at < original.length; at++) {
    const damaged = original.slice();
    damaged[at] ^= 0xff;
    const index = ends.findIndex((end) => end > at);
    const { records, corrupt, pending } = read(damaged);
    assert.equal(records, ends.length - 1, `byte ${at}`);
    assert.equal(corrupt.length, 1, `byte ${at}`);
    assert.equal(corrupt[0].offset, starts[index], `byte ${at}`);
    const headerHit = at - starts[index] < 12;
    if (index < ends.length - 1 || !headerHit) {
      assert.equal(corrupt[0].length, ends[index] - starts[index], `byte ${at}`);
      assert.equal(pending, 0, `byte ${at}`);
    } else {
      // A bad header in the last frame: its tail could still be the start of a record being written.
      assert.equal(pending, 11, `byte ${at}`);
      assert.equal(corrupt[0].length, original.length - 11 - starts[index], `byte ${at}`);
    }
    assert.match(corrupt[0].reason, headerHit ? /length CRC/ : /data CRC/);
  }
});

test('random bytes: no record, one corrupt region, no exception; random bytes around valid records', () => {
  const noise = randomBytes(100_000, 12345);
  const alone = read(noise);
  assert.equal(alone.records, 0);
  assert.equal(alone.corrupt.length, 1);
  assert.equal(alone.corrupt[0].offset, 0);
  assert.ok(alone.pending <= 11);

  const short = read(noise.subarray(0, 11));
  assert.deepEqual([short.records, short.corrupt.length, short.pending], [0, 0, 11]);

  const prefixed = read(new Uint8Array([...noise.subarray(0, 1000), ...original]));
  assert.equal(prefixed.records, 17);
  assert.deepEqual(prefixed.corrupt.map((r) => [r.offset, r.length]), [[0, 1000]]);
  assert.equal(prefixed.store.scalar('train_loss')?.length, 4);

  const suffixed = read(new Uint8Array([...original, ...noise.subarray(0, 5000)]));
  assert.equal(suffixed.records, 17);
  assert.equal(suffixed.corrupt.length, 1);
  assert.equal(suffixed.corrupt[0].offset, original.length);
});

test('a frame with valid CRCs whose data is not an Event is counted corrupt, and the next record still reads', () => {
  const notEvent = frameRecord(new Uint8Array([0x0f, 0x01, 0x02])); // field 1 with wire type 7, which does not exist
  const { records, corrupt } = read(new Uint8Array([...notEvent, ...original]));
  assert.equal(records, 17);
  assert.deepEqual(corrupt.map((r) => [r.offset, r.length]), [[0, notEvent.length]]);
  assert.match(corrupt[0].reason, /not an Event protobuf/);
});

test('a header with a valid CRC but an absurd length (8 GiB) is skipped, not buffered', () => {
  const header = new Uint8Array(12);
  new DataView(header.buffer).setUint32(4, 2, true); // 2 * 2^32 bytes
  new DataView(header.buffer).setUint32(8, maskedCrc32c(header, 0, 8), true);
  const { records, corrupt } = read(new Uint8Array([...header, ...original]));
  assert.equal(records, 17);
  assert.deepEqual(corrupt.map((r) => [r.offset, r.length]), [[0, 12]]);
});
