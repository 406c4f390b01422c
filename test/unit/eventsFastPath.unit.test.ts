// The hand-written scalar decoder against protobufjs on damaged records: every record of the fixtures,
// mutated many ways (bytes flipped, cut, spliced). Whenever the fast path accepts a record, protobufjs
// must decode the same bytes to the same scalars; the fast path must never hang or read out of bounds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { EventBatch } from '../../src/core/events/eventBatch';
import { EventDecoder } from '../../src/core/events/eventDecoder';
import { decodeScalarEvent } from '../../src/core/events/fastScalarPath';
import { scanFrames } from '../../src/core/events/tfRecord';

const root = path.resolve(__dirname, '../fixtures/upstream/tfevents');
const files = [
  'torch_summarywriter_tbreducer_lax/run_1/events.out.tfevents.1622543341.janoshs-mbp.lan.86862.3',
  'keras_callback_tfx_iris/train/events.out.tfevents.1598485465.penguin.1486.6519.v2',
  'tf_estimator_tfx_taxi/eval_chicago-taxi-eval/events.out.tfevents.1646034751.jiyongjung.c.googlers.com',
];

function records(): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const file of files) {
    const bytes = new Uint8Array(readFileSync(path.join(root, file)));
    scanFrames(bytes, bytes.length, 0, { open: null }, { record: (b, start, end) => end - start < 4096 && out.push(b.slice(start, end)), corrupt: () => assert.fail() });
  }
  return out;
}

test('fast path accepts only what protobufjs decodes to the same scalars', () => {
  const all = records();
  assert.ok(all.length > 500);
  let seed = 7;
  const random = (n: number) => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed % n;
  };
  let accepted = 0;
  for (let round = 0; round < 40_000; round++) {
    const original = all[random(all.length)];
    let bytes = original.slice();
    const mutation = random(4);
    if (mutation === 0) bytes[random(bytes.length)] ^= 1 << random(8);
    else if (mutation === 1) bytes[random(bytes.length)] = random(256);
    else if (mutation === 2) bytes = bytes.slice(0, random(bytes.length + 1));
    else bytes = new Uint8Array([...bytes.subarray(0, random(bytes.length)), ...all[random(all.length)].subarray(random(8))]);
    // Padding after the record, as in a read buffer: the decoder must stay within [start, end).
    const padded = new Uint8Array(bytes.length + 16).fill(0x0a);
    padded.set(bytes, 8);
    const fast = new EventDecoder();
    const batch = new EventBatch();
    let ok: boolean;
    try {
      ok = decodeScalarEvent(padded, 8, 8 + bytes.length, new DataView(padded.buffer), fast, batch, 0);
    } catch (error) {
      // Only a tag that is not UTF-8 throws, and protobufjs rejects those bytes too.
      assert.match(String(error), /utf-8/);
      assert.throws(() => new EventDecoder().decode(bytes));
      continue;
    }
    if (!ok) {
      assert.equal(batch.length, 0);
      continue;
    }
    accepted++;
    const event = new EventDecoder().decode(bytes);
    const scalars = (event.values ?? []).map((value) => (value.kind === 'scalar' ? [value.tag, value.value] : ['not scalar', value.kind]));
    const fromFast = Array.from({ length: batch.length }, (_, i) => [fast.tags.names[batch.tagIds[i]], batch.values[i]]);
    assert.deepEqual(fromFast, scalars, `round ${round}`);
    for (let i = 0; i < batch.length; i++) {
      assert.equal(batch.steps[i], event.step);
      assert.equal(batch.wallTimes[i], event.wallTime);
    }
  }
  assert.ok(accepted > 1000, `only ${accepted} mutated records were accepted`);
});
