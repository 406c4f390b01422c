// loadBaseModel on real files: Keras 2 HDF5 and Keras 3 archives (test/fixtures/keras, upstream/keras from real
// tools) and TF.js layers models (upstream/tfjs). Parameter counts against the figures h5py/json read
// (figures.json, formats.table.json); predictions against a NumPy forward pass over h5py-read weights
// (train-from/expected-outputs.json, scripts/fixtures/trainFromExpected.py) and the TF.js team's own expected
// output for their integration model. Then freeze, and bad or untrusted input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { zipSync, strToU8 } from 'fflate';
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { FormatError } from '../../src/core/formats/formatError';
import { loadBaseModel } from '../../src/core/train/run/loadBaseModel';
import { tempDirsFor } from './tempDirs';

const fixtures = path.resolve(__dirname, '../fixtures');
const specFile = '/specs/finetune.train.json';
const tempDir = tempDirsFor('tensorsight-train-from-');

interface ExpectedRow { file: string; inputShape: number[]; input: number[]; outputShape: number[]; output: number[]; layerOutputs?: Record<string, { shape: number[]; values: number[] }> }
const readRows = (file: string): ExpectedRow[] => (JSON.parse(fs.readFileSync(path.join(fixtures, 'train-from', file), 'utf8')) as { rows: ExpectedRow[] }).rows;

const load = async (file: string, freeze?: number | string[]): Promise<tfl.LayersModel> => {
  await tf.setBackend('cpu');
  return loadBaseModel({ from: path.join(fixtures, file), freeze }, specFile);
};

/** NaN where the reference is NaN; otherwise within 1e-5 absolute plus 1e-4 relative (float32 against float64). */
function assertClose(actual: ArrayLike<number>, expected: number[], what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    const want = expected[i] ?? NaN; // JSON writes NaN as NaN, which JSON.parse rejects; see readRows
    if (Number.isNaN(want)) assert.ok(Number.isNaN(actual[i]), `${what}[${i}]: expected NaN, got ${actual[i]}`);
    else assert.ok(Math.abs(actual[i] - want) <= 1e-5 + 1e-4 * Math.abs(want), `${what}[${i}]: ${actual[i]} vs ${want}`);
  }
}

// Python's json writes NaN; parse those files with NaN turned into null (read back as NaN above).
const expectedRows = (JSON.parse(fs.readFileSync(path.join(fixtures, 'train-from', 'expected-outputs.json'), 'utf8').replace(/\bNaN\b/g, 'null')) as { rows: ExpectedRow[] }).rows;

for (const row of [...expectedRows, ...readRows('tfjs-expected-outputs.json')]) {
  test(`${row.file}: predictions match the reference`, async () => {
    const model = await load(row.file);
    try {
      const input = tf.tensor(row.input, row.inputShape);
      const output = model.predict(input) as tf.Tensor;
      assert.deepEqual(output.shape, row.outputShape);
      assertClose(await output.data(), row.output, 'output');
      for (const [name, expected] of Object.entries(row.layerOutputs ?? {})) {
        // A nested model called by its parent: node 0 is its own graph, node 1 the call.
        const inner = tfl.model({ inputs: model.inputs, outputs: model.getLayer(name).getOutputAt(1) as tfl.SymbolicTensor });
        const value = inner.predict(input) as tf.Tensor;
        assert.deepEqual(value.shape, expected.shape);
        assertClose(await value.data(), expected.values, name);
      }
      tf.dispose([input, output]);
    } finally {
      model.dispose();
    }
  });
}

const figures = [
  ...(JSON.parse(fs.readFileSync(path.join(fixtures, 'keras', 'figures.json'), 'utf8')) as { rows: { file: string; expected: { params: number } }[] }).rows
    .map((row) => ({ file: `keras/${row.file}`, params: row.expected.params })),
  ...(JSON.parse(fs.readFileSync(path.resolve(__dirname, 'formats.table.json'), 'utf8')) as { file: string; expected: { params?: number } }[])
    .filter((row) => ['keras/kotlindl_mnist1_mnist.h5', 'keras/hls4ml_mlp_streaming_hdf5_named.keras', 'keras/fdeep_lstm_bidirectional.h5', 'keras/fdeep_lstm_stateful.h5', 'tfjs/abalone_layers_tfjs_node/model.json', 'tfjs/integration_layers_model/model.json'].includes(row.file))
    .map((row) => ({ file: `upstream/${row.file}`, params: row.expected.params! })),
];

test('parameter counts equal the figures h5py and json read from the files', async () => {
  assert.equal(figures.length, 8);
  for (const { file, params } of figures) {
    const model = await load(file);
    assert.equal(model.countParams(), params, file);
    model.dispose();
  }
});

test('a Keras 2 nested Sequential keeps its inner layers and their trainable flags', async () => {
  const model = await load('keras/keras2_nested_sequential.h5');
  const block = model.getLayer('block') as tfl.LayersModel;
  assert.deepEqual(block.layers.map((layer) => [layer.name, layer.trainable]), [['dense_2', true], ['dense_3', false]]);
  assert.deepEqual(model.getLayer('bn').getWeights().map((weight) => weight.shape), [[4], [4], [4], [4]]);
  model.dispose();
});

test('freeze: a count freezes the leading layers, input layers (never trainable) not counted', async () => {
  const model = await load('train-from/keras3_functional_nested_posvar.keras', 2);
  assert.deepEqual(model.layers.map((layer) => [layer.name, layer.trainable]), [['image', false], ['conv2d', false], ['max_pooling2d', false], ['flatten', true], ['head', true], ['logits', true]]);
  assert.deepEqual(model.trainableWeights.map((weight) => weight.shape), [[200, 16], [16], [16], [16], [16, 10], [10]]);
  model.dispose();
});

test('freeze: names freeze those layers, also inside a nested model', async () => {
  const model = await load('keras/keras2_nested_sequential.h5', ['dense_1', 'dense_2']);
  const trainable = model.trainableWeights.map((weight) => weight.originalName);
  assert.equal(trainable.length, 2); // bn's gamma and beta; dense_3 is frozen in the file
  assert.ok(trainable.every((name) => name.includes('bn')), trainable.join(', '));
  model.dispose();
});

test('freeze: an unknown name lists the model\'s layers and suggests the closest', async () => {
  await assert.rejects(load('keras/keras2_nested_sequential.h5', ['dense1']), (error: Error) => {
    assert.match(error.message, /^\/specs\/finetune\.train\.json: model\.freeze: no layer named "dense1" \(did you mean "dense_1"\?\) in the model; its layers are dense_1, block, dense_2, dense_3, bn$/);
    return true;
  });
  await assert.rejects(load('upstream/keras/kotlindl_mnist1_mnist.h5', 4), /model\.freeze: 4 is more than the model's 3 layers \(flatten_3, dense_6, dense_7\)/);
});

const rejectsWith = async (file: string, pattern: RegExp): Promise<void> => {
  await assert.rejects(load(file), (error: Error) => {
    assert.ok(error instanceof FormatError, `${error.name}: ${error.message}`);
    assert.ok(error.message.startsWith(path.join(fixtures, file)), error.message);
    assert.match(error.message, pattern);
    return true;
  });
};

test('a weights-only Keras file is refused: there is no config to build', async () => {
  await rejectsWith('keras/keras2_weights_only.h5', /holds weights only \(save_weights\), no model_config/);
});

test('TF.js graph models are refused: they cannot be trained', async () => {
  await rejectsWith('upstream/tfjs/integration_graph_model/model.json', /TF\.js graph model \(format "graph-model"\).*cannot be trained/);
  await rejectsWith('tfjs/matmuls/model.json', /graph model/);
});

test('a layer option TF.js does not implement is refused naming the layer (GRU reset_after, from frugally-deep)', async () => {
  await rejectsWith('upstream/keras/fdeep_gru_stateful_small.h5', /model_config attribute: the model could not be built in TF\.js: GRUCell does not support reset_after/);
});

/** A Keras 3 archive with `layers` after an 8-feature input, and an empty weights file. */
function kerasArchive(layers: object[]): string {
  const config = {
    module: 'keras', class_name: 'Sequential', registered_name: null,
    config: { name: 'hostile', layers: [{ module: 'keras.layers', class_name: 'InputLayer', config: { batch_shape: [null, 8], dtype: 'float32', name: 'in' }, registered_name: null }, ...layers] },
  };
  const file = path.join(tempDir(), 'model.keras');
  fs.writeFileSync(file, zipSync({ 'metadata.json': strToU8('{"keras_version": "3.3.3"}'), 'config.json': strToU8(JSON.stringify(config)), 'model.weights.h5': new Uint8Array(0) }));
  return file;
}

test('a Lambda layer is refused by name and class, its code never run', async () => {
  // Keras 3 stores a Lambda's Python function as base64 marshal bytes; here they spell text that must stay inert.
  const file = kerasArchive([{ module: 'keras.layers', class_name: 'Lambda', config: { name: 'evil', function: { class_name: '__lambda__', config: { code: Buffer.from('import os; os.system("touch /tmp/pwned")').toString('base64') } } }, registered_name: null }]);
  await assert.rejects(loadBaseModel({ from: file }, specFile), (error: Error) => {
    assert.ok(error instanceof FormatError);
    assert.equal(error.message, `${file}: config.json: the model cannot be fine-tuned: layer "evil" (Lambda): Lambda layers hold Python code, which is never run here; fine-tuning needs every layer to be one TF.js implements`);
    return true;
  });
});

test('a custom layer class is refused by name', async () => {
  const file = kerasArchive([{ module: 'my_package', class_name: 'FancyDense', config: { name: 'fancy', units: 4 }, registered_name: 'Custom>FancyDense' }]);
  await assert.rejects(loadBaseModel({ from: file }, specFile), /config\.json: the model cannot be fine-tuned: layer "fancy" \(FancyDense\): TF\.js has no layer of this class/);
});

test('a TF.js model whose shard is missing, or lies outside its folder, names the shard', async () => {
  const dir = tempDir();
  const source = path.join(fixtures, 'upstream/tfjs/abalone_layers_tfjs_node/model.json');
  const json = JSON.parse(fs.readFileSync(source, 'utf8')) as { weightsManifest: { paths: string[] }[] };
  fs.writeFileSync(path.join(dir, 'model.json'), JSON.stringify(json));
  await assert.rejects(loadBaseModel({ from: path.join(dir, 'model.json') }, specFile), new RegExp(`^FormatError: ${path.join(dir, 'model.json')}: weight shard "weights.bin" cannot be read: ENOENT$`));
  json.weightsManifest[0].paths = ['../../etc/passwd'];
  fs.writeFileSync(path.join(dir, 'model.json'), JSON.stringify(json));
  await assert.rejects(loadBaseModel({ from: dir }, specFile), /weightsManifest\[0\] names shard "..\/..\/etc\/passwd" outside the model's folder/);
  fs.copyFileSync(path.join(fixtures, 'upstream/tfjs/abalone_layers_tfjs_node/weights.bin'), path.join(dir, 'weights.bin'));
  json.weightsManifest[0].paths = ['weights.bin'];
  fs.writeFileSync(path.join(dir, 'model.json'), JSON.stringify(json));
  fs.truncateSync(path.join(dir, 'weights.bin'), 100);
  await assert.rejects(loadBaseModel({ from: dir }, specFile), /weightsManifest\[0\]: its shards hold 100 bytes where its 6 weights need 12204/);
});

test('a file that is no model, or is missing, is said with its path', async () => {
  const file = path.join(tempDir(), 'notes.h5');
  fs.writeFileSync(file, 'just some text, not HDF5');
  await assert.rejects(loadBaseModel({ from: file }, specFile), new RegExp(`^FormatError: ${file} \\(at byte 0\\): not a Keras model`));
  await assert.rejects(loadBaseModel({ from: '/nowhere/model.h5' }, specFile), /^Error: \/specs\/finetune\.train\.json: model\.from: cannot read \/nowhere\/model\.h5: ENOENT$/);
});
