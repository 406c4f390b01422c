// Replays test/unit/formats.table.json: one row per model file in test/fixtures/upstream, with the
// figures a real tool reported (python3-onnx for ONNX, ...). Every row is opened through the
// registry and summarized; every expected key must match.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { detectFormat, openModel } from '../../src/core/formats/registry';
import { summarizeModel, type ModelSummary } from '../../src/core/ir/summary';
import type { Model } from '../../src/core/ir/graph';

const fixtures = path.resolve(__dirname, '../fixtures/upstream');

/** A table row: the file (relative to the fixtures folder), its format and the tool's figures. */
interface Row {
  file: string;
  format: string;
  source?: string;
  expected: Record<string, unknown>;
}

const rows: Row[] = JSON.parse(fs.readFileSync(path.join(__dirname, 'formats.table.json'), 'utf8'));

type Check = (actual: unknown, expected: unknown, key: string) => void;

const equal: Check = (actual, expected, key) => assert.deepEqual(actual, expected, `${key} differs`);

// Keys every format can state, compared with the summary (CLI contract fields).
const summaryKeys: Record<string, Check> = {
  producer: equal,
  versions: equal,
  nodes: equal,
  totalNodes: equal,
  params: equal,
  paramBytes: equal,
  buffers: equal,
  constants: equal,
  weightAliases: equal,
  opTypes: equal,
  inputs: equal,
  outputs: equal,
};

// Format-specific keys read from the model itself; a format adds its own checks here.
const storedTensors = ({ model }: { model: Model }) => [...model.graph.values.values()].filter((value) => value.initializer).length;
const formatKeys: Record<string, Record<string, (context: { model: Model; summary: ModelSummary }) => unknown>> = {
  onnx: {},
  // Keras / TF.js: layers in the config (InputLayers included) and stored weight tensors (HDF5 datasets, manifest entries).
  keras: { layers: ({ model }) => Number(model.metadata.layers), weights: storedTensors, nonTrainableParams: ({ summary }) => summary.nonTrainableParams },
  tfjs: { layers: ({ model }) => Number(model.metadata.layers), weights: storedTensors },
  // PyTorch: stored tensors, and the parameter/buffer split torch reports (module.parameters() / buffers()).
  pytorch: { tensors: storedTensors, trainableParams: ({ summary }) => summary.trainableParams, nonTrainableParams: ({ summary }) => summary.nonTrainableParams },
};

test('the table has a row for every ONNX fixture', () => {
  const onFile = fs.readdirSync(path.join(fixtures, 'onnx'), { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.onnx')).map((name) => `onnx/${name}`).sort();
  const inTable = rows.filter((row) => row.format === 'onnx').map((row) => row.file).sort();
  assert.deepEqual(inTable, onFile);
});

test('the table has a row for every Keras, PyTorch and TF.js model fixture', () => {
  const models = (folder: string, keep: (name: string) => boolean) =>
    fs.readdirSync(path.join(fixtures, folder), { recursive: true, encoding: 'utf8' }).filter(keep).map((name) => `${folder}/${name}`);
  const onFile = [
    ...models('keras', (name) => /\.(h5|hdf5|keras)$/.test(name)),
    ...models('pytorch', (name) => /\.(pt|pth|ckpt|bin)$/.test(name)),
    // TF.js shards (*.bin) are weights of a model.json, not models: the model.json rows cover them.
    ...models('tfjs', (name) => name.endsWith('.json')),
  ].sort();
  const inTable = rows.filter((row) => ['keras', 'pytorch', 'tfjs'].includes(row.format)).map((row) => row.file).sort();
  assert.deepEqual(inTable, onFile);
});

for (const row of rows) {
  test(`${row.file} (${row.format})`, async () => {
    const file = path.join(fixtures, row.file);
    assert.equal(detectFormat(file).id, row.format, 'detected format');
    const model = await openModel(file);
    assert.equal(model.format, row.format);
    const summary = summarizeModel(model);
    const context = { model, summary };
    assert.ok(Object.keys(row.expected).length > 0, 'row states no figures');
    for (const [key, expected] of Object.entries(row.expected)) {
      const fromSummary = summaryKeys[key] as Check | undefined;
      const fromModel = formatKeys[row.format]?.[key] as ((context: { model: Model; summary: ModelSummary }) => unknown) | undefined;
      assert.ok(fromSummary || fromModel, `no check for '${key}' in ${row.format} rows: add one to formats.unit.test.ts`);
      const actual = fromSummary ? (summary as unknown as Record<string, unknown>)[key] : fromModel!(context);
      (fromSummary ?? equal)(actual, expected, key);
    }
  });
}
