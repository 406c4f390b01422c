// CRC32C and TFRecord framing: check values from RFC 3720 (iSCSI, appendix B.4), agreement with a
// bit-by-bit CRC written here for every length and alignment, and frames TensorFlow wrote.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { crc32c, maskedCrc32c, maskedCrc32cOf8 } from '../../src/core/events/crc32c';
import { frameRecord, scanFrames, type CorruptRegion } from '../../src/core/events/tfRecord';

const fixtures = path.resolve(__dirname, '../fixtures/upstream/tfevents');

/** The CRC32C definition, one bit at a time (reflected polynomial 0x82F63B78). */
function bitwiseCrc32c(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of bytes) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}

test('crc32c matches the RFC 3720 check values', () => {
  assert.equal(crc32c(new TextEncoder().encode('123456789')), 0xe3069283);
  assert.equal(crc32c(new Uint8Array(32)), 0x8a9136aa);
  assert.equal(crc32c(new Uint8Array(32).fill(0xff)), 0x62a8ab43);
  assert.equal(crc32c(Uint8Array.from({ length: 32 }, (_, i) => i)), 0x46dd794e);
  assert.equal(crc32c(Uint8Array.from({ length: 32 }, (_, i) => 31 - i)), 0x113fdb5c);
});

test('crc32c agrees with the bitwise definition for every length 0..200 and start offset 0..9', () => {
  const bytes = Uint8Array.from({ length: 220 }, (_, i) => (i * 2654435761) >>> 23);
  for (let start = 0; start < 10; start++) {
    for (let length = 0; length <= 200; length++) {
      assert.equal(crc32c(bytes, start, start + length), bitwiseCrc32c(bytes.subarray(start, start + length)), `start ${start} length ${length}`);
    }
  }
  const view = new DataView(bytes.buffer);
  for (let at = 0; at < 20; at++) assert.equal(maskedCrc32cOf8(view, at), maskedCrc32c(bytes, at, at + 8));
});

test('the masked CRCs of a file TensorFlow wrote check out, and our frames equal its frames', () => {
  const file = readFileSync(path.join(fixtures, 'keras_tf1_guild_model_proxies/events.out.tfevents.1548797801.omaha'));
  const bytes = new Uint8Array(file.buffer, file.byteOffset, file.byteLength);
  const records: [number, number, number][] = [];
  const corrupt: CorruptRegion[] = [];
  const consumed = scanFrames(bytes, bytes.length, 0, { open: null }, { record: (_b, start, end, offset) => records.push([start, end, offset]), corrupt: (region) => corrupt.push(region) });
  // 83 records: the MANIFEST.tsv row of this file (counted by the real reader that wrote the manifest).
  assert.equal(records.length, 83);
  assert.deepEqual(corrupt, []);
  assert.equal(consumed, bytes.length);
  for (const [start, end, offset] of records) {
    assert.deepEqual(frameRecord(bytes.subarray(start, end)), bytes.subarray(offset, end + 4), `record at ${offset}`);
  }
});
