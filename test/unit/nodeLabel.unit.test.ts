// Node labels as Netron writes them (op, key attributes, weights inline), on real nodes of each format. Expected
// figures come from the files: python3-onnx for ONNX exports of torchvision models, h5py for a Keras .h5, and the
// model.json of a TF.js layers model.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ensureExported } from '../../scripts/fixtures/exporterModels';
import { ensureGenerated, findPython } from '../../scripts/fixtures/generatedModels';
import { buildGraphPayload } from '../../src/core/graph/graphPayload';
import { ioLabel, nodeLabel } from '../../src/core/graph/nodeLabel';
import { openModel } from '../../src/core/formats/registry';

const fixtures = path.resolve(__dirname, '../fixtures/upstream');
const onnxPython = findPython(['onnx']);
const h5Python = findPython(['h5py']);

/** Runs `code` with Debian's Python and parses the JSON it prints. */
function python(interpreter: string, code: string, ...args: string[]): unknown {
  const run = spawnSync(interpreter, ['-c', code, ...args], { encoding: 'utf8', timeout: 300_000, maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`python failed: ${run.error?.message ?? run.stderr.slice(-2000)}`);
  return JSON.parse(run.stdout);
}

/** The first Conv (with group > 1 when `grouped`), as python3-onnx reads it: attributes and its initializers' dims by input position. */
const FIRST_CONV = `
import json, sys, onnx
model = onnx.load(sys.argv[1], load_external_data=False)
graph = model.graph
inits = {t.name: list(t.dims) for t in graph.initializer}
grouped = sys.argv[2] == '1'
for node in graph.node:
    attrs = {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}
    if node.op_type != 'Conv' or (grouped and attrs.get('group', 1) == 1):
        continue
    first = graph.input[0]
    dims = [d.dim_value if d.HasField('dim_value') else d.dim_param for d in first.type.tensor_type.shape.dim]
    print(json.dumps({'name': node.name, 'attrs': {k: v for k, v in attrs.items() if isinstance(v, (int, list))},
                      'weights': [inits.get(name) for name in node.input],
                      'input': {'name': first.name, 'dtype': onnx.TensorProto.DataType.Name(first.type.tensor_type.elem_type), 'dims': dims}}))
    break
`;

interface ConvFacts {
  name: string;
  attrs: { kernel_shape: number[]; strides: number[]; group?: number };
  weights: (number[] | null)[];
  input: { name: string; dtype: string; dims: (number | string)[] };
}

test('ONNX resnet50 (torchvision export): the first Conv reads `7×7 /2` with W and B inline; the input shows dtype and shape', { skip: onnxPython.reason ?? false, timeout: 900_000 }, async (context) => {
  const exported = ensureExported('resnet50');
  if ('skip' in exported) return context.skip(exported.skip);
  const facts = python(onnxPython.python!, FIRST_CONV, exported.onnx, '0') as ConvFacts;
  const payload = buildGraphPayload(await openModel(exported.onnx), 0, [], 'declared');
  const conv = payload.nodes.find((node) => node.name === facts.name)!;
  const label = nodeLabel(conv);
  assert.equal(label.title, 'Conv');
  const [kernel, stride] = [facts.attrs.kernel_shape, facts.attrs.strides];
  assert.deepEqual([kernel, stride], [[7, 7], [2, 2]], 'the stem conv of a ResNet');
  assert.deepEqual(label.attrs, [`${kernel.join('×')} /${stride[0]}`]);
  const [, w, b] = facts.weights;
  assert.deepEqual(label.weights, [`W ⟨${w!.join('×')}⟩`, `B ⟨${b!.join('×')}⟩`]);
  const input = ioLabel(payload.inputs[0]);
  assert.equal(input.title, facts.input.name);
  assert.deepEqual(input.attrs, [`${facts.input.dtype === 'FLOAT' ? 'float32' : facts.input.dtype} [${facts.input.dims.join(', ')}]`]);
});

test('ONNX mobilenet_v2 (torchvision export): a depthwise Conv reads `groups N`', { skip: onnxPython.reason ?? false, timeout: 900_000 }, async (context) => {
  const exported = ensureExported('mobilenet_v2');
  if ('skip' in exported) return context.skip(exported.skip);
  const facts = python(onnxPython.python!, FIRST_CONV, exported.onnx, '1') as ConvFacts;
  const payload = buildGraphPayload(await openModel(exported.onnx), 0, [], 'declared');
  const label = nodeLabel(payload.nodes.find((node) => node.name === facts.name)!);
  const stride = facts.attrs.strides.every((value) => value === 1) ? '' : ` /${facts.attrs.strides[0]}`;
  assert.deepEqual(label.attrs, [`${facts.attrs.kernel_shape.join('×')}${stride}`, `groups ${facts.attrs.group}`]);
  assert.equal(label.weights[0], `W ⟨${facts.weights[1]!.join('×')}⟩`);
});

test('Keras .h5 (kotlindl mnist): a Dense layer reads its units and activation, kernel and bias inline', { skip: h5Python.reason ?? false }, async () => {
  const file = path.join(fixtures, 'keras/kotlindl_mnist1_mnist.h5');
  const facts = python(h5Python.python!, `
import json, sys, h5py
f = h5py.File(sys.argv[1], 'r')
config = json.loads(f.attrs['model_config'])
layer = next(l for l in config['config']['layers'] if l['class_name'] == 'Dense')
name = layer['config']['name']
group = f['model_weights'][name]
shapes = {}
group.visititems(lambda key, item: shapes.__setitem__(key.split('/')[-1], list(item.shape)) if isinstance(item, h5py.Dataset) else None)
print(json.dumps({'name': name, 'units': layer['config']['units'], 'activation': layer['config']['activation'], 'shapes': shapes}))
`, file) as { name: string; units: number; activation: string; shapes: Record<string, number[]> };
  const payload = buildGraphPayload(await openModel(file));
  const label = nodeLabel(payload.nodes.find((node) => node.name === facts.name)!);
  assert.equal(label.title, 'Dense');
  assert.deepEqual(label.attrs, [`units ${facts.units}`, facts.activation]);
  assert.deepEqual(label.weights, [`W ⟨${facts.shapes['kernel:0'].join('×')}⟩`, `B ⟨${facts.shapes['bias:0'].join('×')}⟩`]);
});

test('TF.js layers model (abalone): Dense layers as the model.json declares them', async () => {
  const dir = path.join(fixtures, 'tfjs/abalone_layers_tfjs_node');
  const json = JSON.parse(fs.readFileSync(path.join(dir, 'model.json'), 'utf8')) as {
    modelTopology: { config: { layers: { class_name: string; config: { name: string; units: number; activation: string } }[] } };
    weightsManifest: { weights: { name: string; shape: number[] }[] }[];
  };
  const shapes = new Map(json.weightsManifest.flatMap((group) => group.weights).map((weight) => [weight.name, weight.shape]));
  const payload = buildGraphPayload(await openModel(path.join(dir, 'model.json')));
  const layers = json.modelTopology.config.layers.filter((layer) => layer.class_name === 'Dense');
  assert.ok(layers.length >= 2);
  for (const layer of layers) {
    const label = nodeLabel(payload.nodes.find((node) => node.name === layer.config.name)!);
    const activation = layer.config.activation === 'linear' ? [] : [layer.config.activation];
    assert.deepEqual(label.attrs, [`units ${layer.config.units}`, ...activation], layer.config.name);
    assert.deepEqual(label.weights, [`W ⟨${shapes.get(`${layer.config.name}/kernel`)!.join('×')}⟩`, `B ⟨${shapes.get(`${layer.config.name}/bias`)!.join('×')}⟩`]);
  }
});

test('BatchNormalization (ONNX, Caffe2 export of ResNet-50): scale, B, mean, var by input role; epsilon is left out', async () => {
  const payload = buildGraphPayload(await openModel(path.join(fixtures, 'onnx/onnx_light_resnet50.onnx')), 0, [], 'declared');
  const norm = payload.nodes.find((node) => node.op === 'BatchNormalization')!;
  assert.ok('epsilon' in norm.attrs);
  const label = nodeLabel(norm);
  assert.deepEqual(label.attrs, []);
  const channels = norm.inputs[1].shape!.join('×');
  assert.deepEqual(label.weights, ['scale', 'B', 'mean', 'var'].map((name) => `${name} ⟨${channels}⟩`));
});

test('Keras .h5 Bidirectional: the wrapped layer, and forward and backward weights told apart (then `+N more`)', { skip: h5Python.reason ?? false }, async () => {
  const file = path.join(fixtures, 'keras/fdeep_lstm_bidirectional.h5');
  const facts = python(h5Python.python!, `
import json, sys, h5py
f = h5py.File(sys.argv[1], 'r')
config = json.loads(f.attrs['model_config'])
layer = next(l for l in config['config']['layers'] if l['class_name'] == 'Bidirectional')
name = layer['config']['name']
group = f['model_weights'][name]
names = [n.decode() if isinstance(n, bytes) else n for n in group.attrs['weight_names']]
print(json.dumps({'name': name, 'inner': layer['config']['layer']['class_name'], 'weights': [[n, list(group[n].shape)] for n in names]}))
`, file) as { name: string; inner: string; weights: [string, number[]][] };
  const payload = buildGraphPayload(await openModel(file));
  const label = nodeLabel(payload.nodes.find((node) => node.name === facts.name)!);
  assert.equal(label.title, 'Bidirectional');
  assert.deepEqual(label.attrs, [facts.inner]);
  const short: Record<string, string> = { 'kernel:0': 'W', 'recurrent_kernel:0': 'R', 'bias:0': 'B' };
  const lines = facts.weights.map(([name, shape]) => `${name.includes('/forward_') ? 'fwd' : 'bwd'} ${short[name.split('/').pop()!]} ⟨${shape.join('×')}⟩`);
  assert.equal(lines.length, 6);
  assert.deepEqual(label.weights, [...lines.slice(0, 4), '+2 more']);
});

const torchPython = findPython(['torch', 'torchvision']);

test('TorchScript resnet18: aten calls read their arguments by position (conv stride, pooling window), module weights inline', { skip: torchPython.reason ?? false, timeout: 900_000 }, async (context) => {
  const generated = ensureGenerated('resnet18');
  if ('skip' in generated) return context.skip(generated.skip);
  // The module the file was scripted from (torchvision's resnet18), as torch builds it.
  const facts = python(torchPython.python!, `
import json, torchvision
m = torchvision.models.resnet18()
pair = lambda v: list(v) if isinstance(v, (tuple, list)) else [v, v]
print(json.dumps({'conv': {'weight': list(m.conv1.weight.shape), 'kernel': pair(m.conv1.kernel_size), 'stride': pair(m.conv1.stride)},
                  'bn': [[name, list(t.shape)] for name, t in list(m.bn1.named_parameters()) + list(m.bn1.named_buffers())],
                  'pool': {'kernel': pair(m.maxpool.kernel_size), 'stride': pair(m.maxpool.stride)}}))
`) as { conv: { weight: number[]; kernel: number[]; stride: number[] }; bn: [string, number[]][]; pool: { kernel: number[]; stride: number[] } };
  const payload = buildGraphPayload(await openModel(generated.torchscript), 0, [], 'declared');
  const labelOf = (scope: string) => nodeLabel(payload.nodes.find((node) => node.scope.join('.') === scope)!);
  const conv = labelOf('conv1');
  assert.equal(conv.title, '_convolution');
  assert.deepEqual(conv.attrs, [`${facts.conv.kernel.join('×')} /${facts.conv.stride[0]}`]);
  assert.deepEqual(conv.weights, [`W ⟨${facts.conv.weight.join('×')}⟩`]);
  const short: Record<string, string> = { weight: 'W', bias: 'B', running_mean: 'mean', running_var: 'var', num_batches_tracked: 'batches' };
  assert.deepEqual(labelOf('bn1').weights, facts.bn.map(([name, shape]) => `${short[name]} ⟨${shape.join('×')}⟩`));
  assert.deepEqual(labelOf('maxpool').attrs, [`${facts.pool.kernel.join('×')} /${facts.pool.stride[0]}`]);
});

test('TFLite person_detect: builtins titled as TensorFlow names them, kernel and stride from the options and the filter, fused activation, W and B by role', async () => {
  const payload = buildGraphPayload(await openModel(path.join(fixtures, 'tflite/tflm_person_detect.tflite')));
  const first = payload.nodes.find((node) => node.op === 'DEPTHWISE_CONV_2D')!;
  const label = nodeLabel(first);
  assert.equal(label.title, 'DepthwiseConv2D');
  // MobileNet v1's stem: a 3×3 stride-2 convolution, same padding, ReLU6 fused; the file stores it depthwise ×8.
  assert.deepEqual(label.attrs.slice(0, 3), ['3×3 /2', 'same', '×8']);
  assert.deepEqual(label.weights.map((line) => line.split(' ')[0]), ['W', 'B']);
  const pool = payload.nodes.find((node) => node.op === 'AVERAGE_POOL_2D')!;
  assert.equal(nodeLabel(pool).title, 'AveragePool2D');
  assert.equal(nodeLabel(pool).attrs[0], '3×3 /2');
});

test('Caffe MTCNN RNet: convolutions read kernel and outputs, pooling its kind; DL4J and Torch7 layers read units and sizes', async () => {
  const caffe = buildGraphPayload(await openModel(path.join(fixtures, 'caffe/mtcnn/det2.prototxt')));
  // det2.prototxt: conv1 is 28 outputs of 3×3 stride 1; pool1 is MAX 3×3 stride 2.
  assert.deepEqual(nodeLabel(caffe.nodes.find((node) => node.name === 'conv1')!).attrs, ['3×3', 'out 28']);
  assert.deepEqual(nodeLabel(caffe.nodes.find((node) => node.name === 'pool1')!).attrs, ['3×3 /2', 'max']);
  const dl4j = buildGraphPayload(await openModel(path.join(fixtures, 'dl4j/PredictGender.net.zip')));
  assert.deepEqual(nodeLabel(dl4j.nodes[0]).attrs, ['units 85', 'relu']);
  const torch7 = buildGraphPayload(await openModel(path.join(fixtures, 'torch7/gmodule_with_linear_identity.t7')));
  assert.deepEqual(nodeLabel(torch7.nodes.find((node) => node.op === 'Linear')!).attrs, ['1→2']);
});
