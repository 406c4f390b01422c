// The Caffe reader against figures computed apart from it (scripts/fixtures/caffe/caffeExpected.py:
// python3-protobuf decoding of the caffemodels, shapes and MACs from the nets rebuilt in torch).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { caffeFormat } from '../../src/core/formats/caffe/format';
import { readCaffe } from '../../src/core/formats/caffe/caffeReader';
import { caffeRuleSet } from '../../src/core/formats/caffe/caffeRules';
import { parseProtoText } from '../../src/core/formats/caffe/protoText';
import { FormatError } from '../../src/core/formats/formatError';
import { CostModel } from '../../src/core/ir/cost';
import type { Model } from '../../src/core/ir/graph';
import { ShapeInference } from '../../src/core/ir/shapeInference';
import { summarizeModel } from '../../src/core/ir/summary';
import { WeightIndex } from '../../src/core/ir/weightIndex';
import { matches } from './formatMatch';

const fixtures = path.resolve(__dirname, '../fixtures');
interface ExpectedLayer { name: string; shape: number[]; macs: number }
interface Expected { params: number; macs: number; input: { name: string; shape: number[] }; layers: ExpectedLayer[]; blobs?: Record<string, number[][]>; allBlobParams?: number; netName?: string }
const expected: { files: Record<string, Expected> } = JSON.parse(fs.readFileSync(path.join(fixtures, 'upstream/caffe/caffe.expected.json'), 'utf8'));

/** Per layer name: output shape and MACs with the Caffe rules (the summary uses them once the registry maps caffe to them). */
function costed(model: Model) {
  const inference = new ShapeInference(model.graph, { rules: caffeRuleSet, opset: 0, bindings: new Map(), functions: new Map() });
  const costs = new CostModel(inference, WeightIndex.of(model.graph)).costAll();
  const byName = new Map<string, { shape: unknown; macs: number | null; params: number }>();
  for (const [node, cost] of costs) byName.set(node.name, { shape: cost.outputTypes[0]?.shape, macs: cost.macs, params: cost.params });
  return byName;
}

for (const [file, figures] of Object.entries(expected.files)) {
  test(`${file}: params, input, every layer's output shape and MACs`, async () => {
    const model = await readCaffe(path.join(fixtures, file));
    assert.equal(model.format, 'caffe');
    const summary = summarizeModel(model);
    assert.equal(summary.params, figures.params, 'params');
    assert.deepEqual(summary.inputs.map((input) => [input.name, input.shape]), [[figures.input.name, figures.input.shape]]);
    const layers = costed(model);
    for (const layer of figures.layers) {
      const actual = layers.get(layer.name);
      assert.ok(actual, `layer ${layer.name}`);
      assert.deepEqual(actual.shape, layer.shape, `${layer.name} output shape`);
      assert.equal(actual.macs, layer.macs, `${layer.name} MACs`);
    }
    assert.equal([...layers.values()].reduce((sum, layer) => sum + (layer.macs ?? 0), 0), figures.macs, 'total MACs');
    assert.equal(layers.size, figures.layers.length, 'layer count');
  });
}

test('MTCNN: blob shapes from the caffemodel, TensorRefs point at the packed floats', async () => {
  const figures = expected.files['upstream/caffe/mtcnn/det2.prototxt'];
  const model = await readCaffe(path.join(fixtures, 'upstream/caffe/mtcnn/det2.prototxt'));
  const weightFile = path.join(fixtures, 'upstream/caffe/mtcnn/det2.caffemodel');
  assert.equal(model.metadata.caffemodel, weightFile);
  for (const [layer, shapes] of Object.entries(figures.blobs!)) {
    if (layer === 'conv5-3') continue; // in the training net only
    const stored = [...model.graph.values.values()].filter((value) => value.initializer && value.name.startsWith(`${layer}/`));
    assert.deepEqual(stored.map((value) => value.initializer!.shape), shapes, layer);
    for (const value of stored) {
      const ref = value.initializer!;
      assert.equal(ref.file, weightFile);
      assert.equal(ref.byteLength, 4 * shapes[stored.indexOf(value)].reduce((a, b) => a * b, 1));
      assert.ok(ref.offset !== undefined && ref.offset + ref.byteLength! <= fs.statSync(weightFile).size);
    }
  }
  assert.match(model.warnings.join('\n'), /conv5-3/, 'the training-only layer with weights is reported');
});

test('a caffemodel alone opens: the training net from the binary, shapes from its blobs', async () => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'caffe-'));
  try {
    const alone = path.join(folder, 'det2.caffemodel');
    fs.copyFileSync(path.join(fixtures, 'upstream/caffe/mtcnn/det2.caffemodel'), alone);
    const figures = expected.files['upstream/caffe/mtcnn/det2.prototxt'];
    const model = await readCaffe(alone);
    assert.equal(model.metadata.name, figures.netName);
    assert.equal(model.metadata.prototxt, undefined);
    assert.equal(summarizeModel(model).params, figures.allBlobParams);
    assert.deepEqual(model.graph.nodes.filter((node) => node.op !== 'HDF5Data').map((node) => node.name).slice(0, 3), ['slicer_label', 'label1_slicer_label_0_split', 'conv1']);
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
});

test('V1 caffemodel: enum layer types upgraded, legacy 4-D blob shapes, input_dim in the binary', async () => {
  const model = await readCaffe(path.join(fixtures, 'caffe/lenet_v1.caffemodel'));
  assert.equal(model.metadata.layerFormat, 'V1');
  assert.deepEqual(model.graph.nodes.map((node) => node.op), ['Convolution', 'Pooling', 'InnerProduct', 'ReLU', 'InnerProduct', 'Softmax']);
  assert.deepEqual(model.graph.values.get('ip1/weight')?.initializer?.shape, expected.files['caffe/lenet_v1.caffemodel'].blobs!.ip1[0]);
});

test('in-place layers get one value per write, and the prototxt without a caffemodel still opens', async () => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'caffe-'));
  try {
    const alone = path.join(folder, 'ops.prototxt');
    fs.copyFileSync(path.join(fixtures, 'caffe/ops.prototxt'), alone);
    const model = await readCaffe(alone);
    assert.match(model.warnings.join('\n'), /no \.caffemodel/);
    assert.equal(summarizeModel(model).params, 0);
    const writes = model.graph.nodes.filter((node) => ['bn1', 'scale1', 'relu1'].includes(node.name)).map((node) => node.outputs[0]);
    assert.deepEqual(writes, ['conv1:1', 'conv1:2', 'conv1:3']);
    assert.equal(costed(model).get('fc')?.macs, expected.files['caffe/ops.prototxt'].layers.find((layer) => layer.name === 'fc')?.macs);
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
});

test('detection: names plus content', () => {
  const head = (file: string) => fs.readFileSync(path.join(fixtures, file)).subarray(0, 4096);
  assert.equal(matches(caffeFormat, head('upstream/caffe/mtcnn/det1.caffemodel'), 'det1.caffemodel'), true);
  assert.equal(matches(caffeFormat, head('caffe/lenet_v1.caffemodel'), 'x.caffemodel'), true);
  assert.equal(matches(caffeFormat, head('upstream/caffe/mtcnn/det1.prototxt'), 'det1.prototxt'), true);
  assert.equal(matches(caffeFormat, head('caffe/ops.prototxt'), 'ops.prototxt'), true);
  assert.equal(matches(caffeFormat, head('pbtxt/caffe/SqueezeNet_solver.prototxt'), 'solver.prototxt'), false, 'a solver is no net');
  assert.equal(matches(caffeFormat, head('upstream/caffe/mtcnn/det1.caffemodel'), 'det1.onnx'), false);
  assert.equal(matches(caffeFormat, new Uint8Array([0x7b, 0x22]), 'x.caffemodel'), false);
});

test('real prototxts parse: SqueezeNet deploy, with shapes through Concat and ceil pooling', async () => {
  const model = await readCaffe(path.join(fixtures, 'pbtxt/caffe/SqueezeNet_deploy.prototxt'));
  const layers = costed(model);
  // conv1 7x7/2 on 416: floor((416-7)/2)+1 = 205; pool1 3x3/2 ceil: ceil((205-3)/2)+1 = 102.
  assert.deepEqual(layers.get('conv1')?.shape, [1, 96, 205, 205]);
  assert.deepEqual(layers.get('pool1')?.shape, [1, 96, 102, 102]);
  assert.ok([...layers.values()].every((layer) => layer.shape !== undefined), 'every layer has a shape');
});

test('text format: comments, strings, nested messages, lists and errors with a line', () => {
  const parsed = parseProtoText('# c\nname: "a" \'b\'\nlayer { top: "x" dim: [1, 2] p < k: -1.5e-3 f: true > }\n');
  assert.deepEqual(parsed.name, ['ab']);
  const layer = parsed.layer[0] as Record<string, unknown[]>;
  assert.deepEqual(layer.dim, [1, 2]);
  assert.deepEqual((layer.p[0] as Record<string, unknown[]>).k, [-1.5e-3]);
  assert.throws(() => parseProtoText('layer {\n name: "x"\n'), /line 3/);
  assert.throws(() => parseProtoText('{'.repeat(100)), /field name|nested/);
  assert.throws(() => parseProtoText(`${'a {'.repeat(100)}${'}'.repeat(100)}`), /nested deeper/);
});

test('bad input: FormatError naming the file and offset, never another error', async () => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'caffe-'));
  try {
    const bytes = fs.readFileSync(path.join(fixtures, 'upstream/caffe/mtcnn/det1.caffemodel'));
    const target = path.join(folder, 'bad.caffemodel');
    let formatErrors = 0;
    const cuts = [1, 2, 3, 10, 50, 100, 500, 1000, 5000, 20000, bytes.length - 1];
    for (const cut of cuts) {
      fs.writeFileSync(target, bytes.subarray(0, cut));
      try {
        await readCaffe(target);
      } catch (error) {
        assert.ok(error instanceof FormatError, `cut at ${cut}: ${String(error)}`);
        assert.ok(error.message.includes(target));
        formatErrors++;
      }
    }
    assert.ok(formatErrors >= cuts.length - 2, 'truncations are reported');
    let seed = 7;
    for (let round = 0; round < 200; round++) {
      const copy = Buffer.from(bytes);
      for (let flip = 0; flip < 4; flip++) {
        seed = (seed * 1103515245 + 12345) >>> 0;
        copy[seed % copy.length] = seed >>> 24;
      }
      fs.writeFileSync(target, copy);
      await readCaffe(target).then((model) => summarizeModel(model), (error: unknown) => assert.ok(error instanceof FormatError, String(error)));
    }
    const text = path.join(folder, 'bad.prototxt');
    fs.writeFileSync(text, 'layer {\n  name: "x"\n  type: @\n}\n');
    await assert.rejects(readCaffe(text), (error: unknown) => error instanceof FormatError && /line 3/.test(error.message) && error.where?.offset !== undefined);
    fs.copyFileSync(path.join(fixtures, 'pbtxt/caffe/SqueezeNet_solver.prototxt'), text);
    await assert.rejects(readCaffe(text), /solver/);
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
});
