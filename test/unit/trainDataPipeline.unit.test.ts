// The trainer's data pipeline: seeded shuffle and split, normalization fitted on the training part and applied
// to validation, one-hot targets, and the check of the features' shape against a model's input shape.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import type { Dataset } from '../../src/core/train/data/dataset';
import { seededPermutation, shuffleDataset, splitDataset } from '../../src/core/train/data/datasetSplit';
import { applyNormalization, fitNormalization } from '../../src/core/train/data/normalization';
import { oneHot } from '../../src/core/train/data/oneHot';
import { checkInputShape, InputShapeError } from '../../src/core/train/data/inputShapeCheck';
import { prepareDataset } from '../../src/core/train/data/prepareDataset';
import { loadDataset } from '../../src/core/train/data/loadDataset';

/** n samples of 2 features (10i, 10i + 1), label i % 3: every row says which sample it was. */
function numbered(n: number): Dataset {
  return {
    features: Float32Array.from({ length: 2 * n }, (_, k) => 10 * Math.floor(k / 2) + (k % 2)),
    shape: [n, 2],
    labels: Int32Array.from({ length: n }, (_, i) => i % 3),
    labelShape: [n],
    numClasses: 3,
  };
}

test('a seeded shuffle repeats for a seed, differs across seeds, and keeps each row with its label', () => {
  const data = numbered(50);
  const a = shuffleDataset(data, 42);
  assert.deepEqual(a, shuffleDataset(data, 42));
  assert.notDeepEqual(Array.from(a.labels), Array.from(shuffleDataset(data, 43).labels));
  assert.notDeepEqual(Array.from(a.features), Array.from(data.features));
  const seen = new Set<number>();
  for (let i = 0; i < 50; i++) {
    const sample = a.features[2 * i] / 10;
    assert.equal(a.features[2 * i + 1], 10 * sample + 1);
    assert.equal(a.labels[i], sample % 3);
    seen.add(sample);
  }
  assert.equal(seen.size, 50);
  assert.deepEqual([...seededPermutation(8, 1)].sort((x, y) => x - y), [0, 1, 2, 3, 4, 5, 6, 7]);
});

test('the validation split holds out the last fraction; impossible splits are refused', () => {
  const { train, validation } = splitDataset(numbered(10), 0.2);
  assert.deepEqual(train.shape, [8, 2]);
  assert.deepEqual(validation.shape, [2, 2]);
  assert.deepEqual(Array.from(validation.features), [80, 81, 90, 91]);
  assert.deepEqual(Array.from(validation.labels), [2, 0]);
  assert.deepEqual(validation.labelShape, [2]);
  assert.equal(splitDataset(numbered(10), 0).validation.shape[0], 0);
  assert.throws(() => splitDataset(numbered(3), 0.1), /a validation split of 0\.1 of 3 samples leaves no validation sample/);
  assert.throws(() => splitDataset(numbered(3), 1), /must be a fraction in \[0, 1\), got 1/);
});

test('standardization uses the training mean and std, applies them to validation, and leaves a constant feature centred', () => {
  const data: Dataset = {
    features: Float32Array.from([1, 10, 3, 10, 5, 10, 7, 12]),
    shape: [4, 2],
    labels: Float32Array.from([0, 1, 2, 3]),
    labelShape: [4],
    numClasses: 0,
  };
  const { train, validation } = splitDataset(data, 0.25);
  const norm = fitNormalization(train, { kind: 'standardize' });
  // train column 0 is 1, 3, 5: mean 3, population std sqrt(8/3); column 1 is always 10: std 0, so scale 1
  assert.deepEqual(Array.from(norm.offset), [3, 10]);
  assert.ok(Math.abs(norm.scale[0] - 1 / Math.sqrt(8 / 3)) < 1e-6);
  assert.equal(norm.scale[1], 1);
  const v = applyNormalization(validation, norm);
  assert.ok(Math.abs(v.features[0] - 4 / Math.sqrt(8 / 3)) < 1e-6);
  assert.equal(v.features[1], 2);
  assert.deepEqual(Array.from(applyNormalization(train, norm).features).map((x) => Math.round(x * 1e5) / 1e5), [-1.22474, 0, 0, 0, 1.22474, 0]);
  const scaled = applyNormalization(data, fitNormalization(data, { kind: 'scale', factor: 1 / 16 }));
  assert.deepEqual(Array.from(scaled.features), [1, 10, 3, 10, 5, 10, 7, 12].map((x) => x / 16));
  assert.throws(() => applyNormalization(numbered(2), { kind: 'scale', offset: new Float32Array(3), scale: new Float32Array(3) }), /fitted on 3 values per sample, this dataset has 2/);
});

test('one-hot targets on demand', () => {
  assert.deepEqual(Array.from(oneHot(Int32Array.from([2, 0, 1]), 3)), [0, 0, 1, 1, 0, 0, 0, 1, 0]);
  assert.throws(() => oneHot(Int32Array.from([0, 3]), 3), /sample 1 has class 3, outside 0\.\.2/);
});

test('the shape check names the dimension that does not fit, and suggests a reshape only where one works', () => {
  const flat = (): unknown => checkInputShape([1797, 64], [8, 8, 1]);
  assert.throws(flat, (error: unknown) => error instanceof InputShapeError && error.dimension === 1 &&
    error.message === "features are [1797, 64] but the model's input is [8, 8, 1]: dimension 1 is 64, the model expects 8×8×1 = 64 values per sample, as many as the features hold — reshape with model.inputShape");
  assert.deepEqual(checkInputShape([1797, 64], [8, 8, 1], true), { shape: [1797, 8, 8, 1], reshaped: true });
  assert.deepEqual(checkInputShape([1797, 8, 8], [8, null]), { shape: [1797, 8, 8], reshaped: false });
  assert.throws(() => checkInputShape([1797, 8, 8, 1], [8, 8, 3], true), (error: unknown) => error instanceof InputShapeError && error.dimension === 3 &&
    error.message === "features are [1797, 8, 8, 1] but the model's input is [8, 8, 3]: dimension 3 is 1, the model expects 3");
  assert.throws(() => checkInputShape([1797, 8, 8], [28, 28, 1], true), (error: unknown) => error instanceof InputShapeError && error.dimension === 1 &&
    error.message === "features are [1797, 8, 8] but the model's input is [28, 28, 1]: dimension 1 is 8, the model expects 28×28×1 = 784; the features hold 8×8 = 64 values per sample, which no reshape turns into the model's input");
  assert.throws(() => checkInputShape([10, 8], [8, 4], true), (error: unknown) => error instanceof InputShapeError && error.dimension === 2 &&
    /: the features have no dimension 2, the model expects 8×4 = 32; the features hold 8 values per sample, which no reshape/.test(error.message));
});

test('prepareDataset on the digits: shuffled, 20% held out, scaled to 0..1, reshaped to the model input', () => {
  const digits = loadDataset({ format: 'idx', features: 'digits-images-idx3-ubyte', labels: 'digits-labels-idx1-ubyte' }, path.resolve(__dirname, '../fixtures/digits'));
  const options = { shuffleSeed: 7, validationSplit: 0.2, normalization: { kind: 'scale' as const, factor: 1 / 16 }, inputShape: [8, 8, 1], reshape: true };
  const prepared = prepareDataset(digits, options);
  assert.deepEqual(prepared.train.shape, [1438, 8, 8, 1]);
  assert.deepEqual(prepared.validation.shape, [359, 8, 8, 1]);
  assert.equal(Math.max(...prepared.train.features), 1);
  assert.deepEqual(prepared, prepareDataset(digits, options));
  const counts = new Array<number>(10).fill(0);
  for (const part of [prepared.train, prepared.validation]) part.labels.forEach((label) => counts[label]++);
  assert.deepEqual(counts, [178, 182, 177, 183, 181, 182, 181, 179, 174, 180]); // the MANIFEST row: no sample lost or doubled
  assert.throws(() => prepareDataset(digits, { inputShape: [28, 28, 1] }), /features are \[1797, 8, 8\] but the model's input is \[28, 28, 1\]: dimension 1 is 8/);
});
