// Every value kind TensorBoard files hold, in a file that Google's protobuf runtime wrote
// (test/fixtures/events/python_sample, made by `tfevents_reference.py sample`), against what that script
// says it wrote (python_sample.expected.json): simple_value and TF2 scalar tensors in float_val,
// double_val, half_val, int_val, int64_val and tensor_content; HistogramProto and [k,3] tensors;
// images, text, audio; hparams.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { EventDecoder } from '../../src/core/events/eventDecoder';
import { readRecordAt } from '../../src/core/events/eventFileReader';
import type { SummaryValue } from '../../src/core/events/eventTypes';
import { LogdirReader } from '../../src/core/events/logdirReader';

const dir = path.resolve(__dirname, '../fixtures/events');
const expected = JSON.parse(readFileSync(path.join(dir, 'python_sample.expected.json'), 'utf8'));
const reader = new LogdirReader(path.join(dir, 'python_sample'));
reader.poll();
const run = reader.runList()[0];
const store = run.store;

/** Decodes the record a stored reference points at (as a panel would when it shows the value). */
function valueAt(tag: string, index = 0): SummaryValue {
  const ref = store.other.get(tag)!.points.items[index];
  const event = new EventDecoder().decode(readRecordAt(ref.file, ref.offset));
  return event.values!.find((value) => value.tag === tag)!;
}

test('records and scalar points in every encoding', () => {
  assert.equal(run.totals().records, expected.records);
  assert.equal(run.totals().corrupt, 0);
  assert.deepEqual(store.scalarTags(), Object.keys(expected.scalars));
  for (const [tag, points] of Object.entries(expected.scalars as Record<string, [number, number, number][]>)) {
    const { steps, values, wallTimes } = store.scalar(tag)!.columns();
    assert.deepEqual([...steps], points.map((p) => p[0]), tag);
    assert.deepEqual([...values], points.map((p) => p[1]), tag);
    assert.deepEqual([...wallTimes], points.map((p) => p[2]), tag);
  }
});

test('histograms: HistogramProto (empty edge buckets trimmed) and TF2 [k,3] tensors', () => {
  assert.deepEqual([...store.histograms.keys()], Object.keys(expected.histograms));
  for (const [tag, points] of Object.entries(expected.histograms as Record<string, { step: number; buckets: number[][] }[]>)) {
    const series = store.histograms.get(tag)!;
    assert.deepEqual(series.steps, points.map((p) => p.step), tag);
    assert.deepEqual(series.items.map((h) => [...h.buckets]), points.map((p) => p.buckets.flat()), tag);
  }
  const proto = store.histograms.get('weights/histo')!.items[0];
  assert.deepEqual([proto.min, proto.max, proto.num, proto.sum, proto.sumSquares], [-1, 2, 6, 3, 7]);
});

test('other tags are counted with their kind, and their records decode on demand', () => {
  assert.deepEqual(Object.fromEntries([...store.other].map(([tag, other]) => [tag, other.points.length])), expected.other);
  const image = valueAt('picture');
  assert.equal(image.kind, 'image');
  const tf2Image = valueAt('picture/tf2');
  assert.equal(tf2Image.kind, 'image');
  if (image.kind === 'image' && tf2Image.kind === 'image') {
    assert.deepEqual([image.images[0].width, image.images[0].height, image.images[0].colorspace], [2, 1, 3]);
    assert.deepEqual([tf2Image.images[0].width, tf2Image.images[0].height], [2, 1]);
    // The first bytes of the PNG signature, byte for byte (0x89 is one byte in the file).
    assert.deepEqual([...image.images[0].bytes.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
    assert.deepEqual([...tf2Image.images[0].bytes], [...image.images[0].bytes]);
  }
  const text = valueAt('note');
  assert.deepEqual(text.kind === 'text' && text.text, [expected.text]);
  const audio = valueAt('sound');
  assert.equal(audio.kind === 'audio' && audio.clips[0].contentType, 'audio/wav');
  assert.equal(audio.kind === 'audio' && audio.clips[0].sampleRate, 8000);
  assert.deepEqual(run.files[0].kinds, { file_version: 1, summary: expected.records - 3, graph_def: 1, tagged_run_metadata: 1 });
});

test('hparams: session start values, experiment, session end', () => {
  const { hparams } = store;
  assert.deepEqual(hparams.sessionStart?.hparams, { lr: expected.hparams.lr, optimizer: expected.hparams.optimizer, augment: expected.hparams.augment });
  assert.equal(hparams.sessionEnd?.status, expected.hparams.status);
  assert.deepEqual(hparams.experiment?.hparams.map((h) => h.name), expected.hparams.experiment_hparams);
  assert.deepEqual(hparams.experiment?.hparams[0].domain, { min: 0.001, max: 0.1 });
  assert.deepEqual(hparams.experiment?.metrics.map((m) => m.tag), expected.hparams.metrics);
});
