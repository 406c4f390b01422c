// TF.js model.json files: weight references into the shards (checked against the manifest and
// the shard sizes on disk), missing shards as warnings, quantized weights, and bad input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FormatError } from '../../src/core/formats/formatError';
import { detectFormat, openModel } from '../../src/core/formats/registry';
import { readTfjs } from '../../src/core/formats/tfjs/tfjsReader';
import type { Model } from '../../src/core/ir/graph';
import { summarizeModel } from '../../src/core/ir/summary';
import { tempDirsFor } from './tempDirs';

const shared = path.resolve(__dirname, '../fixtures/upstream/tfjs');
const tempDir = tempDirsFor('tensorsight-tfjs-');
const WIDTH: Record<string, number> = { float32: 4, int32: 4, uint8: 1, uint16: 2, float16: 2 };

interface ManifestGroup {
  paths: string[];
  weights: { name: string; shape: number[]; dtype: string }[];
}

test('weights are consecutive byte ranges of the shard, ending where the shard ends', async () => {
  for (const folder of ['abalone_layers_tfjs_node', 'angular_prefetch_graph', 'integration_layers_model']) {
    const file = path.join(shared, folder, 'model.json');
    const manifest = JSON.parse(fs.readFileSync(file, 'utf8')).weightsManifest as ManifestGroup[];
    const model = await readTfjs(file);
    const byName = new Map([...model.graph.values.values()].filter((value) => value.initializer).map((value) => [value.initializer!, value]));
    assert.equal(byName.size, manifest[0].weights.length);
    const refs = [...byName.keys()];
    let offset = 0;
    for (const [index, weight] of manifest[0].weights.entries()) {
      const ref = refs[index];
      assert.equal(ref.file, path.join(shared, folder, manifest[0].paths[0]));
      assert.equal(ref.offset, offset, `${weight.name} offset`);
      assert.equal(ref.byteLength, weight.shape.reduce((a, b) => a * b, 1) * WIDTH[weight.dtype]);
      offset += ref.byteLength!;
    }
    assert.equal(offset, fs.statSync(path.join(shared, folder, manifest[0].paths[0])).size, `${folder}: the manifest covers the shard`);
  }
});

test('a missing shard is a warning naming it; the topology is still shown', async () => {
  const dir = tempDir();
  fs.copyFileSync(path.join(shared, 'abalone_layers_tfjs_node/model.json'), path.join(dir, 'model.json'));
  const complete = summarizeModel(await readTfjs(path.join(shared, 'abalone_layers_tfjs_node/model.json')));
  const model = await openModel(path.join(dir, 'model.json'));
  assert.match(model.warnings.join('\n'), /weights shard weights\.bin \(manifest group 0\) is missing/);
  const summary = summarizeModel(model);
  assert.deepEqual(summary.opTypes, complete.opTypes);
  assert.equal(summary.params, complete.params, 'shapes come from the manifest, not the shard');
  assert.ok([...model.graph.values.values()].every((value) => value.initializer?.offset === undefined));
});

test('weights map to shards by cumulative offset; a weight across a shard boundary has no single range', async () => {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'group1-shard1of2.bin'), Buffer.alloc(10));
  fs.writeFileSync(path.join(dir, 'group1-shard2of2.bin'), Buffer.alloc(18));
  const model = writeModel(dir, {
    format: 'graph-model',
    modelTopology: { node: [{ name: 'x', op: 'Placeholder', attr: { dtype: { type: 'DT_FLOAT' }, shape: { shape: { dim: [{ size: '-1' }, { size: '2' }] } } } }, { name: 'y', op: 'MatMul', input: ['x', 'b'] }] },
    weightsManifest: [{
      paths: ['group1-shard1of2.bin', 'group1-shard2of2.bin'],
      weights: [
        { name: 'a', shape: [2], dtype: 'float32' },
        { name: 'b', shape: [2, 2], dtype: 'uint8', quantization: { dtype: 'uint8', scale: 0.5, min: -1, original_dtype: 'float32' } },
        { name: 'c', shape: [3], dtype: 'float32' },
        { name: 'd', shape: [1], dtype: 'float32' },
      ],
    }],
  });
  const loaded = await readTfjs(model);
  const ref = (name: string) => loaded.graph.values.get(name)!.initializer!;
  assert.deepEqual([ref('a').offset, ref('a').byteLength], [0, 8]);
  assert.equal(ref('b').dtype, 'float32');
  assert.equal(ref('b').encoding, 'uint8 affine (scale 0.5, min -1)');
  assert.equal(ref('b').byteLength, 4, 'stored as one byte per element');
  assert.equal(ref('b').offset, undefined, 'bytes 8..11 span both shards');
  assert.equal(path.basename(ref('c').file), 'group1-shard2of2.bin');
  assert.equal(ref('c').offset, 2);
  assert.equal(ref('d').offset, 14);
  assert.deepEqual(loaded.warnings, []);
  // One byte short: the last weight no longer fits, and the reader says so.
  fs.truncateSync(path.join(dir, 'group1-shard2of2.bin'), 17);
  const short = await readTfjs(model);
  assert.equal(short.graph.values.get('d')!.initializer!.offset, undefined);
  assert.match(short.warnings.join('\n'), /manifest group 0 needs 28 bytes of weights but its shards hold 27/);
  assert.deepEqual(loaded.graph.inputs, ['x']);
  assert.deepEqual(loaded.graph.values.get('x')?.type, { dtype: 'float32', shape: [null, 2] });
});

test('graph models: Placeholders are inputs, manifest Consts are weights, the rest are ops with scopes', async () => {
  const model: Model = await openModel(path.join(shared, 'rn59_graph_model/model.json'));
  assert.deepEqual(model.graph.inputs, ['dense_dense2_input']);
  assert.deepEqual(model.graph.outputs, ['Identity']);
  assert.deepEqual(model.graph.nodes.map((node) => [node.op, node.scope]), [
    ['MatMul', ['StatefulPartitionedCall', 'sequential', 'dense_Dense2']],
    ['BiasAdd', ['StatefulPartitionedCall', 'sequential', 'dense_Dense2']],
    ['Identity', []],
  ]);
  assert.equal(model.graph.nodes[1].attrs.data_format, 'NHWC', 'base64 string attributes are decoded');
});

test('bad model.json files give FormatErrors', async () => {
  const dir = tempDir();
  const broken = path.join(dir, 'model.json');
  fs.writeFileSync(broken, '{"modelTopology": {"class_name": ');
  assert.equal(detectFormat(broken).id, 'tfjs');
  await assert.rejects(openModel(broken), (error: unknown) => error instanceof FormatError && /not valid JSON/.test(error.message));
  const other = path.join(dir, 'package.json');
  fs.writeFileSync(other, '{"name": "x"}');
  await assert.rejects(readTfjs(other), /not a TF\.js model: expected a modelTopology/);
  const wrongLayers = writeModel(tempDir(), { format: 'layers-model', modelTopology: { class_name: 'Conv2D', config: {} } });
  await assert.rejects(readTfjs(wrongLayers), /modelTopology: expected a Sequential, Model or Functional config/);
});

function writeModel(dir: string, json: unknown): string {
  const file = path.join(dir, 'model.json');
  fs.writeFileSync(file, JSON.stringify(json));
  return file;
}
