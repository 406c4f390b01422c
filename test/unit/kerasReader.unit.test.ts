// Keras files against h5py's reading of them: the files scripts/fixtures/kerasFigures.py --make
// writes (a Keras 3 archive with a nested Sequential, a Keras 2 nested Sequential, a weights-only
// file; figures.json from h5py and torch), the layer rules, and bad input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { zipSync } from 'fflate';
import { FormatError } from '../../src/core/formats/formatError';
import { readKeras } from '../../src/core/formats/keras/kerasReader';
import { detectFormat, openModel } from '../../src/core/formats/registry';
import type { Dim, Model, Node, TensorType } from '../../src/core/ir/graph';
import { kerasRuleSet } from '../../src/core/formats/keras/kerasCost';
import type { RuleContext } from '../../src/core/ir/opRules';
import { summarizeModel } from '../../src/core/ir/summary';
import { tempDirsFor } from './tempDirs';

const here = path.resolve(__dirname, '../fixtures/keras');
const shared = path.resolve(__dirname, '../fixtures/upstream');
const figures = JSON.parse(fs.readFileSync(path.join(here, 'figures.json'), 'utf8')) as {
  rows: { file: string; expected: Record<string, unknown> }[];
  torchShapes: Record<string, number[]>;
};
const tempDir = tempDirsFor('tensorsight-keras-test-');
const weightCount = (model: Model) => [...model.graph.values.values()].filter((value) => value.initializer).length;
const node = (model: Model, name: string): Node => {
  const found = model.graph.nodes.find((item) => item.name === name);
  assert.ok(found, `no node ${name}`);
  return found;
};

for (const row of figures.rows) {
  test(`${row.file}: figures h5py reads`, async () => {
    const model = await openModel(path.join(here, row.file));
    assert.equal(model.format, 'keras');
    const summary = summarizeModel(model);
    const { layers, weights, ...rest } = row.expected as Record<string, unknown> & { layers: number; weights: number };
    assert.equal(Number(model.metadata.layers), layers);
    assert.equal(weightCount(model), weights);
    for (const [key, expected] of Object.entries(rest)) assert.deepEqual((summary as unknown as Record<string, unknown>)[key], expected, key);
  });
}

test('Keras 3: variables land on their layers, nested models become scopes', async () => {
  const model = await readKeras(path.join(here, 'keras3_functional_nested.keras'));
  assert.equal(detectFormat(path.join(here, 'keras3_functional_nested.keras')).id, 'keras');
  assert.deepEqual(model.graph.nodes.map((item) => [item.name, item.op, item.scope]), [
    ['conv2d', 'Conv2D', []],
    ['max_pooling2d', 'MaxPooling2D', []],
    ['flatten', 'Flatten', []],
    ['head/dense', 'Dense', ['head']],
    ['head/batch_normalization', 'BatchNormalization', ['head']],
    ['logits', 'Dense', []],
  ]);
  // layers/sequential/layers/dense/vars/0 is (200, 16) and layers/dense/vars/0 is (16, 10) in the weights file.
  assert.deepEqual(model.graph.values.get('head/dense/kernel')?.type?.shape, [200, 16]);
  assert.deepEqual(model.graph.values.get('logits/kernel')?.type?.shape, [16, 10]);
  assert.equal(model.graph.values.get('head/batch_normalization/moving_variance')?.trainable, false);
  assert.deepEqual(node(model, 'head/dense').inputs[0], 'flatten');
  assert.deepEqual(model.graph.outputs, ['logits']);
  assert.equal(model.metadata.optimizerWeights, '1');
  const leftovers = fs.readdirSync(os.tmpdir()).filter((name) => name.startsWith('tensorsight-keras-') && !name.startsWith('tensorsight-keras-test-'));
  assert.deepEqual(leftovers, [], 'the extracted weights file is deleted');
});

test('Keras 2: a nested Sequential takes its inner layers weights from the outer group', async () => {
  const model = await readKeras(path.join(here, 'keras2_nested_sequential.h5'));
  assert.deepEqual(model.graph.nodes.map((item) => item.name), ['dense_1', 'block/dense_2', 'block/dense_3', 'bn']);
  assert.deepEqual(node(model, 'block/dense_3').inputs, ['block/dense_2', 'block/dense_3/kernel:0']);
  assert.equal(model.graph.values.get('block/dense_3/kernel:0')?.trainable, false, 'dense_3 is frozen in the config');
});

test('weights-only files show one node per weight group', async () => {
  const model = await readKeras(path.join(here, 'keras2_weights_only.h5'));
  assert.equal(model.metadata.kind, 'weights only (Keras 2 save_weights)');
  assert.deepEqual(model.graph.nodes.map((item) => [item.name, item.inputs.length]), [['dense_1', 2], ['block', 3], ['bn', 4]]);
  assert.equal(summarizeModel(model).params, 142);
});

test('Dense MACs and output widths follow the kernel datasets; conv and pool shapes match torch', async () => {
  const mlp = summarizeModel(await openModel(path.join(shared, 'keras/hls4ml_mlp_streaming_hdf5_named.keras')));
  const model = await openModel(path.join(shared, 'keras/hls4ml_mlp_streaming_hdf5_named.keras'));
  for (const layer of mlp.layers.filter((item) => item.op === 'Dense')) {
    const kernel = model.graph.values.get(`${layer.name}/kernel:0`)!.type!.shape as number[];
    assert.equal(layer.macs, kernel[0] * kernel[1], `${layer.name}: one MAC per kernel element per sample`);
    assert.equal(layer.outputShapes[0]?.at(-1), kernel[1]);
  }
  const nhwc = (nchw: number[]): Dim[] => [nchw[0], ...nchw.slice(2), nchw[1]];
  const image: TensorType = { dtype: 'float32', shape: [1, 12, 12, 1] };
  const conv = shapeOf('Conv2D', { filters: 8, kernel_size: [3, 3], padding: 'valid' }, [image]);
  assert.deepEqual(conv, nhwc(figures.torchShapes.conv2d));
  assert.deepEqual(shapeOf('MaxPooling2D', { pool_size: [2, 2] }, [{ dtype: 'float32', shape: conv }]), nhwc(figures.torchShapes.max_pooling2d));
  const strided = shapeOf('Conv2D', { filters: 5, kernel_size: [3, 5], strides: 2, dilation_rate: [2, 1], padding: 'valid' }, [{ dtype: 'float32', shape: [1, 17, 16, 3] }]);
  assert.deepEqual(strided, nhwc(figures.torchShapes.strided_dilated_conv));
  assert.deepEqual(shapeOf('MaxPooling2D', { pool_size: 3, strides: 2, padding: 'same', data_format: 'channels_first' }, [{ dtype: 'float32', shape: [1, 2, 9, 9] }]), figures.torchShapes.same_pool);
  const convLayer = summarizeModel(await openModel(path.join(here, 'keras3_functional_nested.keras'))).layers.find((item) => item.op === 'Conv2D')!;
  assert.equal(convLayer.macs, 10 * 10 * (3 * 3 * 1 * 8), 'output pixels x kernel elements');
  assert.equal(shapeOf('Unknown', {}, [image]), undefined, 'a layer without a rule stays unknown');
});

/** Runs the Keras shape rule of `op` on a one-node context. */
function shapeOf(op: string, attrs: Record<string, unknown>, inputs: TensorType[]): Dim[] | undefined {
  const node: Node = { id: 'n', op, domain: 'keras', name: op, scope: [], attrs: attrs as Node['attrs'], inputs: inputs.map((_, i) => `x${i}`), outputs: ['y'] };
  const attr = (name: string) => node.attrs[name];
  const context: RuleContext = {
    node, opset: 0, input: (i) => inputs[i], shape: (i) => inputs[i]?.shape, value: () => undefined, numbers: () => undefined, output: () => undefined,
    attr, int: (name, fallback) => (typeof attr(name) === 'number' ? (attr(name) as number) : fallback), ints: () => undefined, float: (_, fallback) => fallback, str: (_, fallback) => fallback,
  };
  return kerasRuleSet.shape[`keras::${op}`]?.(context)?.[0]?.shape;
}

test('bad Keras files give FormatErrors that say what is wrong', async () => {
  const dir = tempDir();
  const lstm = fs.readFileSync(path.join(shared, 'keras/fdeep_lstm_bidirectional.h5'));
  const truncated = path.join(dir, 'truncated.h5');
  fs.writeFileSync(truncated, lstm.subarray(0, 5000));
  await assert.rejects(openModel(truncated), (error: unknown) => error instanceof FormatError && error.message === `${truncated} (at byte 0): HDF5 file could not be opened: truncated file: 5000 bytes where the HDF5 superblock says 116272`);

  const random = path.join(dir, 'random.h5');
  fs.writeFileSync(random, Buffer.from(Array.from({ length: 2048 }, (_, i) => (i * 31 + 7) & 0xff)));
  await assert.rejects(openModel(random), (error: unknown) => error instanceof FormatError && /not a Keras file/.test(error.message));

  const zip = (members: Record<string, string>) => zipSync(Object.fromEntries(Object.entries(members).map(([name, text]) => [name, [Buffer.from(text), { level: 0 }]])) as never);
  const noConfig = path.join(dir, 'no_config.keras');
  fs.writeFileSync(noConfig, zip({ 'metadata.json': '{"keras_version": "3.0.0"}', 'model.weights.h5': '' }));
  await assert.rejects(readKeras(noConfig), (error: unknown) => error instanceof FormatError && error.where?.entry === 'config.json');
  const badConfig = path.join(dir, 'bad_config.keras');
  fs.writeFileSync(badConfig, zip({ 'metadata.json': '{}', 'config.json': '{"class_name": "Sequential", "config": ' }));
  await assert.rejects(readKeras(badConfig), /config\.json: .*JSON/);
  const notModel = path.join(dir, 'not_model.keras');
  fs.writeFileSync(notModel, zip({ 'metadata.json': '{}', 'config.json': '{"class_name": "Dense", "config": {}}' }));
  await assert.rejects(readKeras(notModel), /expected a Sequential, Model or Functional config, found class_name "Dense"/);
  let nested: unknown = { class_name: 'Sequential', config: { name: 'inner', layers: [] } };
  for (let level = 0; level < 1000; level++) nested = { class_name: 'Sequential', config: { name: `s${level}`, layers: [nested] } };
  const deep = path.join(dir, 'deep.keras');
  fs.writeFileSync(deep, zip({ 'metadata.json': '{}', 'config.json': JSON.stringify(nested) }));
  await assert.rejects(readKeras(deep), (error: unknown) => error instanceof FormatError && /nest more than 64 levels/.test(error.message));
  const noWeights = path.join(dir, 'no_weights.keras');
  fs.writeFileSync(noWeights, zip({ 'metadata.json': '{}', 'config.json': '{"class_name": "Sequential", "config": {"name": "s", "layers": [{"class_name": "Dense", "config": {"name": "d", "units": 2, "batch_input_shape": [null, 3]}}]}}' }));
  const model = await readKeras(noWeights);
  assert.equal(model.graph.nodes.length, 1);
  assert.match(model.warnings.join('\n'), /no model\.weights\.h5/);

  // An HDF5 file that is no Keras model (written with h5wasm, the library the reader uses).
  const h5wasm = await import('h5wasm/node');
  await h5wasm.ready;
  const foreign = path.join(dir, 'foreign.h5');
  const writer = new h5wasm.File(foreign, 'w');
  writer.create_dataset({ name: 'data', data: new Float32Array([1, 2, 3]) });
  writer.close();
  await assert.rejects(readKeras(foreign), /not a Keras model: expected a model_config attribute/);
});

test('a Keras 3 weights file on its own shows its variable groups', async () => {
  // model.weights.h5 is stored uncompressed in the archive: copy its bytes out as a .weights.h5 file.
  const archive = fs.readFileSync(path.join(here, 'keras3_functional_nested.keras'));
  const start = archive.indexOf(Buffer.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]));
  const file = path.join(tempDir(), 'model.weights.h5');
  fs.writeFileSync(file, archive.subarray(start));
  const model = await readKeras(file);
  assert.equal(model.metadata.kind, 'weights only (Keras 3 .weights.h5)');
  assert.equal(summarizeModel(model).params, (figures.rows[0].expected as { params: number }).params);
});
