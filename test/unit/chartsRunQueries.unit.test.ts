// The Training panel's data requests (core/charts/runQueries.ts) over the event file that test/fixtures/events/
// tfevents_reference.py wrote with Google's protobuf runtime: its export rows, a zoomed window, and the text and
// images decoded from their records again. Expected figures are the writer's own (python_sample.expected.json,
// and the 2×1 image whose bytes are a PNG signature then b'not-really', see tfevents_reference.py).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LogdirReader } from '../../src/core/events/logdirReader';
import { exportRows, imageMime, imagePoints, scalarWindow, textPoints, type RunLookup } from '../../src/core/charts/runQueries';

const sample = join(import.meta.dirname, '../fixtures/events/python_sample');
const expected = JSON.parse(readFileSync(join(import.meta.dirname, '../fixtures/events/python_sample.expected.json'), 'utf8')) as {
  scalars: Record<string, [number, number, number][]>;
  text: string;
};

function sampleRuns(): RunLookup {
  const reader = new LogdirReader(sample);
  reader.poll();
  return {
    run(id) {
      const run = reader.runList().find((candidate) => candidate.name === id);
      return run && { name: run.name, store: run.store, reader: run };
    },
  };
}

const pngBytes = Buffer.concat([Buffer.from([0x89]), Buffer.from('PNG\r\n\x1a\nnot-really', 'latin1')]);

test('export rows: every point of the tag in the runs asked for; runs without it are left out', () => {
  const rows = exportRows(sampleRuns(), 'loss', ['.', 'no-such-run']);
  assert.equal(rows.length, 1);
  assert.deepEqual(Array.from(rows[0].steps), expected.scalars.loss.map(([step]) => step));
  assert.deepEqual(Array.from(rows[0].values), expected.scalars.loss.map(([, value]) => value));
  assert.deepEqual(Array.from(rows[0].wallTimes), expected.scalars.loss.map(([, , wall]) => wall));
  assert.deepEqual(exportRows(sampleRuns(), 'no/such/tag', ['.']), []);
});

test('a window of a scalar series: the points with index in [first, last], and the full length', () => {
  const reply = scalarWindow(sampleRuns(), { run: '.', tag: 'loss', first: 1, last: 2, buckets: 800 });
  assert.deepEqual([...reply.steps], [1, 2]);
  assert.deepEqual([...reply.values], [0.25, 0.125]);
  assert.deepEqual([...reply.indexes], [1, 2]);
  assert.equal(reply.total, 3);
  assert.throws(() => scalarWindow(sampleRuns(), { run: '.', tag: 'nope', first: 0, last: 1, buckets: 10 }), /No scalar series nope in run \./);
});

test('text points are decoded from their records as the writer wrote them', () => {
  assert.deepEqual(textPoints(sampleRuns(), '.', 'note'), [{ step: 3, text: [expected.text] }]);
  assert.deepEqual(textPoints(sampleRuns(), '.', 'no-such-tag'), []);
});

test('image points, from an Image summary and from the images plugin\'s tensor: size, MIME and the bytes unchanged', () => {
  const want = [{ step: 2, images: [{ width: 2, height: 1, mime: 'image/png', base64: pngBytes.toString('base64') }] }];
  assert.deepEqual(imagePoints(sampleRuns(), '.', 'picture'), want);
  assert.deepEqual(imagePoints(sampleRuns(), '.', 'picture/tf2'), want);
});

test('image MIME types from the magic bytes', () => {
  assert.equal(imageMime(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0])), 'image/jpeg');
  assert.equal(imageMime(new TextEncoder().encode('GIF89a')), 'image/gif');
  assert.equal(imageMime(new TextEncoder().encode('RIFF\x10\x00\x00\x00WEBPVP8 ')), 'image/webp');
  assert.equal(imageMime(new TextEncoder().encode('RIFF\x10\x00\x00\x00WAVEfmt ')), 'image/png', 'a RIFF that is not WebP');
  assert.equal(imageMime(pngBytes), 'image/png');
});
