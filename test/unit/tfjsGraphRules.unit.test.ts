// TF op rules of TF.js graph models against PyTorch: scripts/fixtures/tfjsGraphModels.py wrote the
// graph models in test/fixtures/tfjs and figures.json with each op's output shape and MACs as torch
// computes them (NHWC and NCHW, strides, dilations, SAME/VALID/EXPLICIT padding, groups, transposes).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openModel } from '../../src/core/formats/registry';
import { tfjsDtype } from '../../src/core/formats/tfjs/tfjsDtype';
import { summarizeModel, type ModelSummary } from '../../src/core/ir/summary';

const here = path.resolve(__dirname, '../fixtures/tfjs');
const figures = JSON.parse(fs.readFileSync(path.join(here, 'figures.json'), 'utf8')) as {
  models: { file: string; inputs: { name: string; dtype: string; shape: (number | null)[] }[]; layers: Record<string, { op: string; shape: number[]; macs: number }>; macs: number }[];
};

function assertLayers(summary: ModelSummary, layers: Record<string, { op: string; shape: number[]; macs: number }>): void {
  for (const [name, expected] of Object.entries(layers)) {
    const row = summary.layers.find((layer) => layer.name === name);
    assert.ok(row, `no row for ${name}`);
    assert.equal(row.op, expected.op, `${name} op`);
    assert.deepEqual(row.outputShapes[0], expected.shape, `${name} output shape`);
    assert.equal(row.macs, expected.macs, `${name} MACs`);
  }
}

for (const model of figures.models) {
  const batchUnknown = model.inputs.some((input) => input.shape.includes(null));
  test(`${model.file}: shapes and MACs torch computes${batchUnknown ? ' once the input shape is given' : ''}`, async () => {
    const opened = await openModel(path.join(here, model.file));
    assert.deepEqual(summarizeModel(opened).inputs, model.inputs, 'inputs as the file declares them');
    const inputShapes = model.inputs.map((input) => ({ name: input.name, shape: input.shape.map((dim) => dim ?? 1) }));
    const summary = summarizeModel(opened, batchUnknown ? { inputShapes } : {});
    assertLayers(summary, model.layers);
    assert.equal(summary.macs, model.macs, 'total MACs');
    assert.equal(summary.macsUnknown, undefined, 'every op costed');
  });
}

test('a -1 batch dim leaves conv MACs unknown, never 0', async () => {
  const model = figures.models.find((entry) => entry.inputs.some((input) => input.shape.includes(null)));
  assert.ok(model, 'figures hold a model with an unknown batch dim');
  const summary = summarizeModel(await openModel(path.join(here, model.file)));
  for (const name of Object.keys(model.layers)) {
    const row = summary.layers.find((layer) => layer.name === name)!;
    assert.equal(row.macs, null, `${name} MACs`);
    assert.deepEqual(row.outputShapes[0]?.slice(1), model.layers[name].shape.slice(1), `${name} keeps the known dims`);
  }
  assert.equal(summary.macs, null, 'no layer costed: the total is unknown, not 0');
  assert.deepEqual(summary.macsUnknown?.ops.map((entry) => entry.reason), ['shapes unknown']);
});

test('an input shape that contradicts the file is ignored with a warning', async () => {
  const model = figures.models[0];
  const opened = await openModel(path.join(here, model.file));
  const summary = summarizeModel(opened, { inputShapes: [{ shape: [1, 2, 3] }, { name: 'nope', shape: [1] }] });
  assert.deepEqual(summary.inputs, model.inputs);
  assert.equal(summary.warnings.filter((warning) => warning.startsWith('--input-shape')).length, 2);
  assert.deepEqual(summarizeModel(opened).warnings, [], 'the opened model is left unchanged');
});

// tensorflow/core/framework/types.proto: DT_INT64 = 9, DT_BOOL = 10, DT_HALF = 19, DT_UINT64 = 23; _REF types add 100.
test('DataType enum numbers and names map to dtypes', () => {
  assert.equal(tfjsDtype(9), 'int64');
  assert.equal(tfjsDtype('9'), 'int64');
  assert.equal(tfjsDtype('DT_INT64'), 'int64');
  assert.equal(tfjsDtype(110), 'bool');
  assert.equal(tfjsDtype('DT_HALF_REF'), 'float16');
  assert.equal(tfjsDtype(23), 'uint64');
  assert.equal(tfjsDtype('float32'), 'float32');
});
