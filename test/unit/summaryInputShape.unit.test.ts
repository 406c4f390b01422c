// `tensorsight summary --input-shape`: parsing the spec, and the CLI costing a TF.js graph model
// whose batch dim is -1 once the shape is given. Figures: PyTorch's, from test/fixtures/tfjs/figures.json
// (scripts/fixtures/tfjsGraphModels.py).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { main } from '../../src/cli/main';
import { InputShapeError, parseInputShapes } from '../../src/core/ir/inputShapes';

const here = path.resolve(__dirname, '../fixtures/tfjs');
const figures = JSON.parse(fs.readFileSync(path.join(here, 'figures.json'), 'utf8')) as { models: { file: string; macs: number; inputs: { name: string; shape: (number | null)[] }[] }[] };
const unknownBatch = figures.models.find((model) => model.inputs.some((input) => input.shape.includes(null)))!;

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(['summary', ...args], { out: (text) => (out += text), err: (text) => (err += text) });
  return { code, out, err };
}

test('specs: one shape, shapes by name, x or comma separators', () => {
  assert.deepEqual(parseInputShapes('1x3x224x224'), [{ shape: [1, 3, 224, 224] }]);
  assert.deepEqual(parseInputShapes('1,3,224,224'), [{ shape: [1, 3, 224, 224] }]);
  assert.deepEqual(parseInputShapes('image:0=1x3x8x8; mask=1x16'), [{ name: 'image:0', shape: [1, 3, 8, 8] }, { name: 'mask', shape: [1, 16] }]);
  for (const bad of ['', '1x3xa', '=1x2', '1x0x2', 'x=']) assert.throws(() => parseInputShapes(bad), InputShapeError, bad);
});

test('a -1 batch dim: MACs unknown without --input-shape, torch\'s figure with it', async () => {
  const file = path.join(here, unknownBatch.file);
  const before = await cli(file, '--json');
  assert.equal(before.code, 0, before.err);
  assert.equal(JSON.parse(before.out).macs, null);
  const [input] = unknownBatch.inputs;
  const shape = input.shape.map((dim) => dim ?? 1).join('x');
  for (const spec of [shape, `${input.name}=${shape}`]) {
    const after = await cli(file, '--json', '--input-shape', spec);
    assert.equal(after.code, 0, after.err);
    assert.equal(JSON.parse(after.out).macs, unknownBatch.macs, spec);
  }
});

test('a bad --input-shape is a usage error (exit code 2)', async () => {
  const { code, err } = await cli(path.join(here, unknownBatch.file), '--input-shape', '1x3xq');
  assert.equal(code, 2);
  assert.match(err, /--input-shape entry '1x3xq'/);
});
