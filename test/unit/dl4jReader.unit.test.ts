// The DL4J reader against figures computed apart from it (scripts/fixtures/dl4j/dl4jExpected.py:
// Python's zipfile/json for the per-layer parameter counts, struct for the coefficients' ND4J header).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { dl4jFormat } from '../../src/core/formats/dl4j/format';
import { readDl4j } from '../../src/core/formats/dl4j/dl4jReader';
import { dl4jRuleSet } from '../../src/core/formats/dl4j/dl4jRules';
import { FormatError } from '../../src/core/formats/formatError';
import { CostModel } from '../../src/core/ir/cost';
import { ShapeInference } from '../../src/core/ir/shapeInference';
import { summarizeModel } from '../../src/core/ir/summary';
import { WeightIndex } from '../../src/core/ir/weightIndex';
import { matches } from './formatMatch';

const fixtures = path.resolve(__dirname, '../fixtures');
interface Expected { params: number; coefficients: number; headerBytes: number; entries: string[]; layers: { name: string; type: string; params: number }[] }
const expected: { files: Record<string, Expected> } = JSON.parse(fs.readFileSync(path.join(fixtures, 'upstream/dl4j/dl4j.expected.json'), 'utf8'));

for (const [file, figures] of Object.entries(expected.files)) {
  test(`${file}: per-layer parameters from the configuration match the coefficients' length`, async () => {
    const model = await readDl4j(path.join(fixtures, file));
    const summary = summarizeModel(model);
    assert.equal(summary.params, figures.params, 'params');
    assert.equal(model.metadata.coefficients, `${figures.coefficients} FLOAT values`);
    assert.equal(model.metadata.configParams, String(figures.coefficients));
    assert.deepEqual(summary.layers.map((layer) => [layer.name, layer.op, layer.params]), figures.layers.map((layer) => [layer.name, layer.type, layer.params]));
    assert.deepEqual(model.warnings, []);
    assert.equal(matches(dl4jFormat, fs.readFileSync(path.join(fixtures, file)).subarray(0, 4096), file), true, 'detected');
  });
}

test('the iris MLP: dense MACs from nIn x nOut, the old updater entry noted', async () => {
  const model = await readDl4j(path.join(fixtures, 'upstream/dl4j/trained_iris_model.zip'));
  assert.equal(model.metadata.kind, 'MultiLayerNetwork');
  const inference = new ShapeInference(model.graph, { rules: dl4jRuleSet, opset: 0, bindings: new Map(), functions: new Map() });
  const macs = [...new CostModel(inference, WeightIndex.of(model.graph)).costAll().values()].map((cost) => cost.macs);
  assert.deepEqual(macs, [4 * 3, 3 * 3, 3 * 3]);
  assert.deepEqual(inference.type('layer2')?.shape, ['batch', 3]);
  const gender = await readDl4j(path.join(fixtures, 'upstream/dl4j/PredictGender.net.zip'));
  assert.match(gender.metadata.updaterState, /^updater\.bin \(111910 bytes/);
});

test('a stored coefficients.bin: each parameter points at its slice of the flattened vector', async () => {
  const file = path.join(fixtures, 'dl4j/graph_lstm_conv.zip');
  const figures = expected.files['dl4j/graph_lstm_conv.zip'];
  const model = await readDl4j(file);
  assert.equal(model.metadata.kind, 'ComputationGraph');
  const refs = [...model.graph.values.values()].filter((value) => value.initializer).map((value) => value.initializer!);
  const bytes = fs.readFileSync(file);
  const data = bytes.indexOf(Buffer.from('FLOAT')) + 5;
  assert.equal(refs[0].offset, data, 'the first parameter starts after the header');
  for (let i = 1; i < refs.length; i++) assert.equal(refs[i].offset, refs[i - 1].offset! + refs[i - 1].byteLength!);
  const last = refs[refs.length - 1];
  assert.equal(last.offset! + last.byteLength! - data, 4 * figures.coefficients);
  assert.deepEqual(model.graph.values.get('graves/RW')?.initializer?.shape, [6, 4 * 6 + 3], 'GravesLSTM peepholes');
});

test('a configuration that disagrees with coefficients.bin opens with a warning', async () => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'dl4j-'));
  try {
    const entries = unzipSync(fs.readFileSync(path.join(fixtures, 'upstream/dl4j/trained_iris_model.zip')));
    const config = JSON.parse(new TextDecoder().decode(entries['configuration.json']));
    config.confs[0].layer.dense.nout = 5;
    const target = path.join(folder, 'changed.zip');
    fs.writeFileSync(target, zipSync({ 'configuration.json': strToU8(JSON.stringify(config)), 'coefficients.bin': entries['coefficients.bin'] }));
    const model = await readDl4j(target);
    assert.match(model.warnings.join('\n'), /implies 49 parameters but coefficients\.bin holds 39/);
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
});

test('bad input: FormatError naming the entry, never another error', async () => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'dl4j-'));
  try {
    const target = path.join(folder, 'bad.zip');
    const write = (files: Record<string, Uint8Array>) => fs.writeFileSync(target, zipSync(files));
    write({ 'configuration.json': strToU8('{"confs": [') });
    await assert.rejects(readDl4j(target), (error: unknown) => error instanceof FormatError && error.where?.entry === 'configuration.json');
    write({ 'configuration.json': strToU8('{}') });
    await assert.rejects(readDl4j(target), /expected confs/);
    write({ 'configuration.json': strToU8('{"confs": []}'), 'coefficients.bin': new Uint8Array([0, 7, 74, 65, 86]) });
    await assert.rejects(readDl4j(target), (error: unknown) => error instanceof FormatError && error.where?.entry === 'coefficients.bin');
    write({ 'other.txt': strToU8('x') });
    await assert.rejects(readDl4j(target), /no configuration\.json/);
    const bytes = fs.readFileSync(path.join(fixtures, 'upstream/dl4j/trained_iris_model.zip'));
    let seed = 3;
    for (let round = 0; round < 200; round++) {
      const copy = Buffer.from(bytes);
      for (let flip = 0; flip < 3; flip++) {
        seed = (seed * 1103515245 + 12345) >>> 0;
        copy[seed % copy.length] = seed >>> 24;
      }
      fs.writeFileSync(target, copy);
      await readDl4j(target).then((model) => summarizeModel(model), (error: unknown) => assert.ok(error instanceof FormatError, String(error)));
    }
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
});
