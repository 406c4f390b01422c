// readTrainSpec over real spec files: three valid specs (defaults as Keras documents them, paths resolved against
// the spec's folder), every broken case naming its field and pointing at its line, and JSON syntax errors located.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readTrainSpec, TrainSpecError } from '../../src/core/train/spec/readTrainSpec';
import { brokenCases, csvLstm, digitsCnn, fineTune } from './trainSpecCases';

const folder = mkdtempSync(join(tmpdir(), 'trainspec-'));
mkdirSync(join(folder, 'specs'));

function writeSpec(name: string, spec: unknown): string {
  const file = join(folder, 'specs', name);
  writeFileSync(file, JSON.stringify(spec, null, 2));
  return file;
}

function specError(file: string): TrainSpecError {
  try {
    readTrainSpec(file);
  } catch (error) {
    assert.ok(error instanceof TrainSpecError, `a TrainSpecError, got ${String(error)}`);
    return error;
  }
  assert.fail(`${file} was accepted`);
}

test('a CNN on IDX digits: defaults filled as Keras documents them, paths resolved against the spec folder', () => {
  const spec = readTrainSpec(writeSpec('digits-cnn.train.json', digitsCnn()));
  assert.equal(spec.name, 'digits-cnn');
  assert.ok(!('from' in spec.model));
  const [conv, pool, , dropout, dense] = spec.model.layers;
  // Keras Conv2D defaults: strides 1, padding 'valid' (here 'same' as written), use_bias True.
  assert.deepEqual(conv, { type: 'Conv2D', filters: 16, kernelSize: 3, activation: 'relu', padding: 'same', strides: 1, useBias: true });
  assert.deepEqual(pool, { type: 'MaxPooling2D', poolSize: 2, padding: 'valid' });
  assert.deepEqual(dropout, { type: 'Dropout', rate: 0.25 });
  assert.deepEqual(dense, { type: 'Dense', units: 10, activation: 'softmax', useBias: true });
  // Keras Adam defaults: learning_rate 0.001, beta_1 0.9, beta_2 0.999, epsilon 1e-07.
  assert.deepEqual(spec.optimizer, { type: 'adam', learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 });
  assert.equal(spec.data.format, 'idx');
  if (spec.data.format !== 'idx') return;
  assert.equal(spec.data.features, join(folder, 'specs', 'data', 'digits-images.idx'));
  assert.equal(spec.data.labels, join(folder, 'specs', 'data', 'digits-labels.idx'));
  assert.deepEqual(spec.data.shuffle, {}, 'shuffle: true by default, seeded by the spec seed');
  assert.deepEqual(spec.data.normalize, { scale: 16 });
  assert.equal(spec.data.labelKind, 'auto');
  assert.deepEqual([spec.epochs, spec.batchSize, spec.backend, spec.seed, spec.metrics], [10, 32, 'auto', 7, ['accuracy']]);
  assert.equal(spec.earlyStopping, undefined);
  assert.equal(spec.checkpoint, undefined);
});

test('an LSTM on CSV: recurrent and RMSprop defaults, early stopping on val_loss, separate validation file', () => {
  const spec = readTrainSpec(writeSpec('lstm.train.json', csvLstm()));
  assert.equal(spec.name, 'sine-lstm', 'the name as written wins over the file name');
  assert.ok('layers' in spec.model);
  // Keras LSTM/GRU defaults: activation tanh, return_sequences False, dropout 0, recurrent_dropout 0.
  assert.deepEqual(spec.model.layers[0], { type: 'LSTM', units: 32, returnSequences: true, activation: 'tanh', dropout: 0, recurrentDropout: 0 });
  assert.deepEqual(spec.model.layers[1], { type: 'GRU', units: 16, activation: 'tanh', returnSequences: false, dropout: 0, recurrentDropout: 0 });
  assert.deepEqual(spec.model.layers[2], { type: 'Dense', units: 1, activation: 'linear', useBias: true });
  // Keras RMSprop defaults: rho 0.9, momentum 0, epsilon 1e-07, centered False.
  assert.deepEqual(spec.optimizer, { type: 'rmsprop', learningRate: 0.01, rho: 0.9, momentum: 0, epsilon: 1e-7, centered: false });
  // Keras EarlyStopping defaults: monitor val_loss, patience 0 (3 as written), min_delta 0.
  assert.deepEqual(spec.earlyStopping, { monitor: 'val_loss', patience: 3, minDelta: 0 });
  assert.deepEqual(spec.checkpoint, { everyEpochs: 1 });
  assert.equal(spec.data.format, 'csv');
  if (spec.data.format !== 'csv') return;
  assert.deepEqual(
    { file: spec.data.file, labelColumn: spec.data.labelColumn, delimiter: spec.data.delimiter, sampleShape: spec.data.sampleShape, validation: spec.data.validation, shuffle: spec.data.shuffle },
    { file: join(folder, 'specs', 'series.csv'), labelColumn: 'target', delimiter: ',', sampleShape: [10, 1], validation: { file: join(folder, 'specs', 'series-val.csv') }, shuffle: { seed: 3 } },
  );
  assert.deepEqual([spec.metrics, spec.backend, spec.seed], [[], 'cpu', undefined]);
});

test('a fine-tune spec: from, freeze, resumeFrom resolved; absolute paths kept', () => {
  const raw = fineTune();
  const absolute = resolve(folder, 'elsewhere', 'val');
  (raw.data as { validation: { folder: string } }).validation.folder = absolute;
  const spec = readTrainSpec(writeSpec('finetune.train.json', raw));
  assert.deepEqual(spec.model, { from: join(folder, 'models', 'base.h5'), freeze: 2 });
  assert.equal(spec.resumeFrom, join(folder, 'specs', 'runs', 'base', 'checkpoints', 'epoch-2'));
  assert.deepEqual(spec.optimizer, { type: 'sgd', learningRate: 0.005, momentum: 0.9, nesterov: true });
  assert.equal(spec.data.format, 'images');
  if (spec.data.format !== 'images') return;
  assert.deepEqual(
    { folder: spec.data.folder, validation: spec.data.validation, channels: spec.data.channels, imageSize: spec.data.imageSize, shuffle: spec.data.shuffle },
    { folder: join(folder, 'specs', 'images', 'train'), validation: { folder: absolute }, channels: 3, imageSize: [32, 32], shuffle: false },
  );
  const named = fineTune();
  (named.model as { freeze: unknown }).freeze = ['conv1', 'conv2'];
  named.optimizer = { type: 'adagrad' };
  const second = readTrainSpec(writeSpec('finetune-named.train.json', named));
  assert.deepEqual(second.model, { from: join(folder, 'models', 'base.h5'), freeze: ['conv1', 'conv2'] });
  // Keras Adagrad defaults: learning_rate 0.001 in Keras 3 but 0.01 in TF.js and Keras 2; initial_accumulator_value 0.1.
  assert.deepEqual(second.optimizer, { type: 'adagrad', learningRate: 0.01, initialAccumulatorValue: 0.1 });
});

for (const broken of brokenCases) {
  test(`broken spec, ${broken.name}: the error names ${broken.field}`, () => {
    const spec = broken.base();
    broken.edit(spec);
    const file = writeSpec('broken.train.json', spec);
    const error = specError(file);
    assert.equal(error.problems.length, 1, `one problem, got:\n${error.message}`);
    const [problem] = error.problems;
    assert.equal(problem.field, broken.field, error.message);
    assert.match(problem.message, broken.message);
    assert.ok(error.message.startsWith(`${file}:${problem.line}:${problem.column}: ${broken.field}: `), error.message);
  });
}

test('problems point at the line and column of the field as written (key for unknown fields, value otherwise)', () => {
  const text = [
    '{',
    '  "model": { "layers": [',
    '    { "type": "Conv2D", "filters": "8", "kernal_size": 3 },',
    '    { "type": "Dense", "units": 10 }',
    '  ] },',
    '  "data": { "format": "npz", "file": "mnist.npz" },',
    '  "loss": "sparseCategoricalCrossentropy"',
    '}',
  ].join('\n');
  const file = join(folder, 'specs', 'located.train.json');
  writeFileSync(file, text);
  const error = specError(file);
  const at = (needle: string): string => {
    const offset = text.indexOf(needle);
    const before = text.slice(0, offset).split('\n');
    return `${before.length}:${before[before.length - 1].length + 1}`;
  };
  const byField = new Map(error.problems.map((p) => [p.field, `${p.line}:${p.column}`]));
  assert.equal(byField.get('model.layers[0].filters'), at('"8"'));
  assert.equal(byField.get('model.layers[0].kernal_size'), at('"kernal_size"'));
  // A missing field points at the object that lacks it.
  assert.equal(byField.get('model.layers[0].kernelSize'), at('{ "type": "Conv2D"'));
  assert.equal(error.problems.length, 3, error.message);
});

test('JSON syntax errors give the line and column; duplicate keys are errors', () => {
  const cases: [string, string, RegExp][] = [
    ['{\n  "epochs": 3,\n}', '3:1', /expected a quoted property name, found "}"/],
    ['{\n  "loss": "mse"\n  "epochs": 3\n}', '3:3', /expected ',' or '}' after the value of "loss"/],
    ['{ "epochs": 3, "epochs": 4 }', '1:16', /duplicate key "epochs"/],
    ['{ "epochs": 03 }', '1:14', /expected ',' or '}'/],
    ['', '1:1', /expected a value, found the end of the file/],
  ];
  for (const [text, where, detail] of cases) {
    const file = join(folder, 'specs', 'syntax.train.json');
    writeFileSync(file, text);
    const error = specError(file);
    assert.equal(`${error.problems[0].line}:${error.problems[0].column}`, where, `${JSON.stringify(text)}: ${error.message}`);
    assert.match(error.problems[0].message, /^not valid JSON: /);
    assert.match(error.problems[0].message, detail);
  }
});

test('a spec that is not an object, and a missing file, say so', () => {
  assert.match(specError(writeSpec('list.train.json', [1, 2])).message, /\(spec\): expected an object, got a list/);
  assert.match(specError(join(folder, 'specs', 'absent.train.json')).message, /absent\.train\.json:1:1: \(spec\): cannot read the file/);
});
