// Fine-tuning after loadBaseModel: a TF.js layers model saved to a folder (as the trainer saves its runs) is loaded
// with one layer frozen and trained one epoch on the IDX digits; the frozen layer's weights stay as saved, the
// others move. The same with a Keras 2 HDF5 model from a real tool (hls4ml's MLP) on a small regression.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { readIdxFile } from '../../src/core/train/data/idxReader';
import { folderSaveHandler } from '../../src/core/train/run/layersFolderIO';
import { loadBaseModel } from '../../src/core/train/run/loadBaseModel';
import { tempDirsFor } from './tempDirs';

const fixtures = path.resolve(__dirname, '../fixtures');
const tempDir = tempDirsFor('tensorsight-finetune-');

const weightsOf = (model: tfl.LayersModel, layer: string): Float32Array[] => model.getLayer(layer).getWeights().map((weight) => weight.dataSync() as Float32Array);
const same = (a: Float32Array[], b: Float32Array[]): boolean => a.length === b.length && a.every((values, i) => values.length === b[i].length && values.every((value, j) => value === b[i][j]));

test('a saved TF.js model fine-tuned on the digits with its first layer frozen: that layer is unchanged, the rest trained', async () => {
  await tf.setBackend('cpu');
  const images = readIdxFile(path.join(fixtures, 'digits/digits-images-idx3-ubyte'));
  const labels = readIdxFile(path.join(fixtures, 'digits/digits-labels-idx1-ubyte'));
  const count = images.shape[0];
  const x = tf.tensor2d(Float32Array.from(images.data as Uint8Array, (value) => value / 16), [count, 64]);
  const y = tf.oneHot(tf.tensor1d(Int32Array.from(labels.data as Uint8Array), 'int32'), 10);

  const original = tfl.sequential({
    layers: [
      tfl.layers.dense({ units: 16, activation: 'relu', inputShape: [64], name: 'hidden', kernelInitializer: tfl.initializers.glorotUniform({ seed: 1 }) }),
      tfl.layers.dense({ units: 10, activation: 'softmax', name: 'out', kernelInitializer: tfl.initializers.glorotUniform({ seed: 2 }) }),
    ],
  });
  const dir = tempDir();
  await original.save(folderSaveHandler(dir));
  const saved = { hidden: weightsOf(original, 'hidden'), out: weightsOf(original, 'out') };

  const model = await loadBaseModel({ from: path.join(dir, 'model.json'), freeze: 1 }, path.join(dir, 'finetune.train.json'));
  assert.ok(same(weightsOf(model, 'hidden'), saved.hidden) && same(weightsOf(model, 'out'), saved.out), 'loaded weights are the saved ones');
  assert.equal(model.getLayer('hidden').trainable, false);
  model.compile({ optimizer: tf.train.adam(0.01), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const before = model.evaluate(x, y) as tf.Scalar[];
  const lossBefore = before[0].dataSync()[0];
  await model.fit(x, y, { epochs: 1, batchSize: 32, shuffle: false, verbose: 0 });
  const lossAfter = (model.evaluate(x, y) as tf.Scalar[])[0].dataSync()[0];

  assert.ok(same(weightsOf(model, 'hidden'), saved.hidden), 'the frozen layer kept its weights');
  assert.ok(!same(weightsOf(model, 'out'), saved.out), 'the trainable layer changed');
  assert.ok(lossAfter < lossBefore, `loss ${lossBefore} -> ${lossAfter}`);
  tf.dispose([x, y]);
  model.dispose();
  original.dispose();
});

test('a Keras 2 HDF5 model (hls4ml MLP) fine-tuned with a layer frozen by name', async () => {
  await tf.setBackend('cpu');
  const model = await loadBaseModel({ from: path.join(fixtures, 'upstream/keras/hls4ml_mlp_streaming_hdf5_named.keras'), freeze: ['fc1'] }, '/specs/mlp.train.json');
  const saved = { fc1: weightsOf(model, 'fc1'), fc2: weightsOf(model, 'fc2') };
  const x = tf.tensor2d(Float32Array.from({ length: 64 * 8 }, (_, i) => Math.sin(i * 0.37)), [64, 8]);
  const y = tf.tensor2d(Float32Array.from({ length: 64 * 2 }, (_, i) => 1 + Math.cos(i * 0.11)), [64, 2]);
  model.compile({ optimizer: tf.train.sgd(0.05), loss: 'meanSquaredError' });
  await model.fit(x, y, { epochs: 1, batchSize: 16, shuffle: false, verbose: 0 });
  assert.ok(same(weightsOf(model, 'fc1'), saved.fc1), 'fc1 frozen');
  assert.ok(!same(weightsOf(model, 'fc2'), saved.fc2), 'fc2 trained');
  tf.dispose([x, y]);
  model.dispose();
});
