// The ONNX reader against what python3-onnx reads from the same files: tensor offsets (the bytes
// at each TensorRef decode to numpy's values), external data, subgraphs, functions, metadata,
// custom domains and scopes. Reference figures: scripts/fixtures/onnxFigures.py and makeTinyModels.py.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openModel } from '../../src/core/formats/registry';
import type { Graph, Model, TensorRef } from '../../src/core/ir/graph';

const fixtures = path.resolve(__dirname, '../fixtures/upstream');
const models = path.resolve(__dirname, '../fixtures/models');
const readJson = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8'));

interface TensorFigures {
  dtype: string;
  dims: number[];
  count: number;
  sum: number;
  first: number[];
}

/** Decodes a tensor's bytes straight from its TensorRef: raw little-endian, or packed varints. */
function decode(ref: TensorRef): number[] {
  const fd = fs.openSync(ref.file, 'r');
  const bytes = Buffer.alloc(ref.byteLength!);
  fs.readSync(fd, bytes, 0, bytes.length, ref.offset!);
  fs.closeSync(fd);
  if (ref.encoding === 'onnx.int64_data') {
    const values: number[] = [];
    let pos = 0;
    while (pos < bytes.length) {
      let value = 0n;
      let shift = 0n;
      let byte;
      do {
        byte = bytes[pos++];
        value |= BigInt(byte & 0x7f) << shift;
        shift += 7n;
      } while (byte & 0x80);
      values.push(Number(BigInt.asIntN(64, value)));
    }
    return values;
  }
  assert.equal(ref.encoding, undefined, `unexpected encoding ${ref.encoding}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (ref.dtype === 'float32') return Array.from({ length: bytes.length / 4 }, (_, i) => view.getFloat32(i * 4, true));
  if (ref.dtype === 'int64') return Array.from({ length: bytes.length / 8 }, (_, i) => Number(view.getBigInt64(i * 8, true)));
  throw new Error(`no decoder for ${ref.dtype}`);
}

function allGraphs(graph: Graph): Graph[] {
  return [graph, ...graph.nodes.flatMap((node) => Object.values(node.subgraphs ?? {}).flatMap(allGraphs))];
}

const tensorFigures: Record<string, Record<string, TensorFigures>> = readJson(path.join(models, 'onnx-tensors.json'));
const tensorFiles: Record<string, string> = {
  'migraphx_mnist-8.onnx': path.join(fixtures, 'onnx/migraphx_mnist-8.onnx'),
  'ortext_pytorch_super_resolution.onnx': path.join(fixtures, 'onnx/ortext_pytorch_super_resolution.onnx'),
  'external_data_test.onnx': path.join(fixtures, 'onnx/external_data/external_data_test.onnx'),
  'features.onnx': path.join(models, 'features.onnx'),
};

for (const [name, expected] of Object.entries(tensorFigures)) {
  test(`tensor offsets of ${name} decode to numpy's values`, async () => {
    const model = await openModel(tensorFiles[name]);
    for (const [tensorName, figures] of Object.entries(expected)) {
      const ref = model.graph.values.get(tensorName)?.initializer;
      assert.ok(ref, `initializer ${tensorName} missing`);
      assert.equal(ref.dtype, figures.dtype);
      assert.deepEqual(ref.shape, figures.dims);
      const values = decode(ref);
      assert.equal(values.length, figures.count, `${tensorName} element count`);
      assert.deepEqual(values.slice(0, 4).map((v) => Math.fround(v)), figures.first.map((v) => Math.fround(v)), `${tensorName} first values`);
      const sum = values.reduce((a, b) => a + b, 0);
      assert.ok(Math.abs(sum - figures.sum) <= 1e-4 * Math.max(1, Math.abs(figures.sum)), `${tensorName} sum ${sum} vs ${figures.sum}`);
    }
  });
}

test('external data resolves relative to the model folder, with offset and length', async () => {
  const model = await openModel(path.join(fixtures, 'onnx/external_data/external_data_test.onnx'));
  const external = [...model.graph.values.values()].filter((value) => value.initializer && path.basename(value.initializer.file) !== 'external_data_test.onnx');
  assert.equal(external.length, 1);
  const ref = external[0].initializer!;
  const dataFile = path.join(fixtures, 'onnx/external_data/conv.weight');
  assert.equal(ref.file, dataFile);
  assert.equal(ref.offset, 0);
  assert.equal(ref.byteLength, fs.statSync(dataFile).size, 'the whole data file holds this one tensor');
  assert.deepEqual(model.warnings, []);

  const tiny: Record<string, { location: string; offset: string; length: string }> = readJson(path.join(models, 'tiny.figures.json'))['features.onnx'].external;
  const features = await openModel(path.join(models, 'features.onnx'));
  for (const [name, entry] of Object.entries(tiny)) {
    const shared = features.graph.values.get(name)?.initializer;
    assert.equal(shared?.file, path.join(models, entry.location));
    assert.equal(shared?.offset, Number(entry.offset));
    assert.equal(shared?.byteLength, Number(entry.length));
  }
});

test('a missing external data file is a warning, and the model still opens', async () => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'onnx-external-'));
  fs.copyFileSync(path.join(fixtures, 'onnx/external_data/external_data_test.onnx'), path.join(folder, 'model.onnx'));
  const model = await openModel(path.join(folder, 'model.onnx'));
  assert.equal(model.warnings.length, 1);
  assert.match(model.warnings[0], /external data file 'conv\.weight'.*missing/);
  fs.rmSync(folder, { recursive: true });
});

test('subgraph node counts match the manifest written by the fixture tool', async () => {
  const rows = fs.readFileSync(path.join(fixtures, 'MANIFEST.tsv'), 'utf8').split('\n').map((line) => line.split('\t')).filter((cols) => cols[0].startsWith('onnx/') && cols[0].endsWith('.onnx'));
  assert.ok(rows.length >= 10);
  for (const [file, , , , , , , contents] of rows) {
    const total = Number(/total nodes=(\d+)/.exec(contents)?.[1]);
    const subgraphs = Number(/subgraphs=(\d+)/.exec(contents)?.[1] ?? 0);
    const model: Model = await openModel(path.join(fixtures, file));
    const graphs = allGraphs(model.graph);
    assert.equal(graphs.reduce((sum, graph) => sum + graph.nodes.length, 0), total, `${file} total nodes`);
    assert.equal(graphs.length - 1, subgraphs, `${file} subgraphs`);
  }
});

test('functions, metadata, custom domains, sparse initializers and scopes of features.onnx', async () => {
  const expected = readJson(path.join(models, 'tiny.figures.json'))['features.onnx'];
  const model = await openModel(path.join(models, 'features.onnx'));
  assert.deepEqual(model.functions?.map((fn) => ({ name: fn.name, nodes: fn.nodes.length, inputs: fn.inputs, outputs: fn.outputs })), expected.functions);
  for (const [key, value] of Object.entries(expected.metadata)) assert.equal(model.metadata[key], value);
  assert.deepEqual([...new Set(model.graph.nodes.flatMap((node) => (node.domain ? [node.domain] : [])))].sort(), expected.nodeDomains);
  const sparse = model.graph.values.get('proj.weight')?.initializer;
  assert.ok(sparse?.sparse, 'proj.weight is sparse');
  assert.deepEqual(sparse.shape, [800, 10]);
  assert.deepEqual(model.graph.nodes.map((node) => node.scope), model.graph.nodes.map((node) => node.name.split('/').filter(Boolean).slice(0, -1)));
  assert.deepEqual(model.graph.nodes[0].scope, ['backbone', 'conv']);
});
