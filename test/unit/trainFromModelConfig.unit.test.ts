// kerasConfigForTfjs: the Keras 3 config of test/fixtures/keras/keras3_functional_nested.keras rewritten into
// the Keras 2 shape tfjs-layers reads, and the rewrites fine-tuning relies on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { ModelFile } from '../../src/core/formats/containers/modelFile';
import { ZipArchive } from '../../src/core/formats/containers/zipArchive';
import { kerasConfigForTfjs, UnsupportedLayerError } from '../../src/core/train/run/baseModel/kerasConfigForTfjs';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const keras3Config = async (): Promise<unknown> => ModelFile.with(path.resolve(__dirname, '../fixtures/keras/keras3_functional_nested.keras'), async (file) => {
  const zip = await ZipArchive.open(file);
  return JSON.parse(await zip.readText(zip.entry('config.json')!)) as unknown;
});

test('a Keras 3 functional config becomes Keras 2 shaped: calls, input shapes, dtypes, nested model nodes', async () => {
  const config = kerasConfigForTfjs(await keras3Config()) as Json;
  assert.equal(config.class_name, 'Model');
  const layers = config.config.layers as Json[];
  const byName = (name: string): Json => layers.find((layer) => layer.config.name === name)!;
  assert.deepEqual(byName('image').config.batch_input_shape, [null, 12, 12, 1]);
  assert.equal(byName('image').config.batch_shape, undefined);
  assert.equal(byName('conv2d').config.dtype, 'float32');
  assert.deepEqual(byName('conv2d').inbound_nodes, [[['image', 0, 0, {}]]]);
  // 'head' is a nested Sequential: TF.js gives it a node of its own first, so the parent's reference moves to 1.
  assert.deepEqual(byName('logits').inbound_nodes, [[['head', 1, 0, {}]]]);
  // Its leading InputLayer is folded into the first inner layer.
  const head = byName('head').config.layers as Json[];
  assert.deepEqual(head.map((layer) => layer.class_name), ['Dense', 'BatchNormalization']);
  assert.deepEqual(head[0].config.batch_input_shape, [null, 200]);
  assert.deepEqual(config.config.input_layers, [['image', 0, 0]]);
  assert.deepEqual(config.config.output_layers, [['logits', 0, 0]]);
  assert.ok(!JSON.stringify(config).includes('"module"'));
});

test('initializers become Zeros and mixed-precision policies float32', () => {
  const config = kerasConfigForTfjs({
    class_name: 'Sequential',
    config: { name: 's', layers: [{ class_name: 'LSTM', config: { name: 'lstm', units: 2, batch_input_shape: [null, 3, 4], dtype: { module: 'keras', class_name: 'DTypePolicy', config: { name: 'mixed_float16' } }, recurrent_initializer: { class_name: 'Orthogonal', config: { gain: 1 } }, bias_regularizer: null } }] },
  }) as Json;
  const lstm = config.config.layers[0].config as Json;
  assert.equal(lstm.dtype, 'float32');
  assert.deepEqual(lstm.recurrent_initializer, { class_name: 'Zeros', config: {} });
  assert.equal(lstm.bias_regularizer, null);
});

test('grouped convolutions, channels_first and unknown classes are refused naming the layer', () => {
  const model = (layer: Json): Json => ({ class_name: 'Sequential', config: { name: 's', layers: [layer] } });
  assert.throws(() => kerasConfigForTfjs(model({ class_name: 'Conv2D', config: { name: 'c', groups: 2 } })), (error: Error) => error instanceof UnsupportedLayerError && /layer "c" \(Conv2D\): groups=2/.test(error.message));
  assert.throws(() => kerasConfigForTfjs(model({ class_name: 'Conv2D', config: { name: 'c', data_format: 'channels_first' } })), /layer "c" \(Conv2D\): data_format channels_first/);
  assert.throws(() => kerasConfigForTfjs(model({ class_name: 'TFOpLambda', config: { name: 'tf.math.add' } })), /layer "tf.math.add" \(TFOpLambda\): TF\.js has no layer of this class/);
  assert.throws(() => kerasConfigForTfjs({ class_name: 'Dense', config: {} }), /expected a Sequential or functional model config, found class_name "Dense"/);
});
