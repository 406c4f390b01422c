// The model diff over real files: a torch-exported CNN against the same network with one layer widened, an
// activation swapped and a layer added; the same file renamed as another exporter would name it; the same weights
// scaled; the file against itself; and ResNet-18 exported to ONNX (batch norm folded) against its TorchScript.
// Fixtures: test/fixtures/diff/MANIFEST.tsv (scripts/fixtures/diffModels.py), test/fixtures/generated.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { openModel } from '../../src/core/formats/registry';
import type { ModelDiff } from '../../src/core/diff/diffTypes';
import { diffModels } from '../../src/core/diff/modelDiff';
import { opFamily } from '../../src/core/diff/opFamily';

const fixtures = path.resolve(__dirname, '../fixtures');
const small = (name: string) => path.join(fixtures, 'diff', `${name}.onnx`);

async function diff(a: string, b: string, weightStats = false): Promise<ModelDiff> {
  return diffModels(await openModel(a), await openModel(b), { weightStats });
}

const names = (nodes: { name: string }[]) => nodes.map((node) => node.name).sort();

test('one layer widened, an activation swapped and a layer added: the exact sets of added, removed and changed', async () => {
  const result = await diff(small('small_cnn'), small('small_cnn_changed'));
  assert.equal(result.crossFormat, false);
  assert.deepEqual(names(result.nodes.added), ['/out/Tanh']);
  assert.deepEqual(result.nodes.removed, []);
  const changed = Object.fromEntries(result.nodes.changed.map((change) => [`${change.a.name} -> ${change.b.name}`, Object.fromEntries(change.changes.map((field) => [field.field, `${field.a} -> ${field.b}`]))]));
  assert.deepEqual(changed, {
    '/conv2/Conv -> /conv2/Conv': { 'output 0': 'float32 [1, 16, 8, 8] -> float32 [1, 24, 8, 8]', params: '1,168 -> 1,752' },
    '/act2/Relu -> /act2/Sigmoid': { op: 'Relu -> Sigmoid', 'input 0': 'float32 [1, 16, 8, 8] -> float32 [1, 24, 8, 8]', 'output 0': 'float32 [1, 16, 8, 8] -> float32 [1, 24, 8, 8]' },
    '/pool/MaxPool -> /pool/MaxPool': { 'input 0': 'float32 [1, 16, 8, 8] -> float32 [1, 24, 8, 8]', 'output 0': 'float32 [1, 16, 4, 4] -> float32 [1, 24, 4, 4]' },
    '/flatten/Flatten -> /flatten/Flatten': { 'input 0': 'float32 [1, 16, 4, 4] -> float32 [1, 24, 4, 4]', 'output 0': 'float32 [1, 256] -> float32 [1, 384]' },
    '/fc/Gemm -> /fc/Gemm': { 'input 0': 'float32 [1, 256] -> float32 [1, 384]', params: '2,570 -> 3,850' },
  });
  // The swapped activation's names differ (the exporter names nodes by op): it pairs by structure, as a changed op.
  assert.equal(result.nodes.changed.find((change) => change.a.name === '/act2/Relu')!.matchedBy, 'changed-op');
  assert.deepEqual(result.counts.nodes, { matched: 7, byName: 6, byStructure: 1, added: 1, removed: 0, changed: 5 });
  assert.deepEqual(result.tensors.changed.map((change) => [change.a.name, change.changes.map((field) => `${field.field}: ${field.a} -> ${field.b}`)]), [
    ['conv2.weight', ['shape: [16, 8, 3, 3] -> [24, 8, 3, 3]']],
    ['conv2.bias', ['shape: [16] -> [24]']],
    ['fc.weight', ['shape: [10, 256] -> [10, 384]']],
  ]);
  assert.deepEqual(result.counts.tensors, { matched: 6, added: 0, removed: 0, changed: 3 });
  // The summary table's figures: 3,962 and 5,826 params (conv1 8*27+8, conv2 16*72+16 or 24*72+24, fc 2570 or 3850).
  assert.deepEqual([result.a.nodes, result.a.params, result.b.nodes, result.b.params], [7, 3962, 8, 5826]);
});

test('weight statistics, when asked, show the retrained weights (fc.bias keeps its shape, its values differ) and leave equal ones out', async () => {
  const result = await diff(small('small_cnn'), small('small_cnn_changed'), true);
  assert.deepEqual(result.tensors.changed.map((change) => change.a.name), ['conv2.weight', 'conv2.bias', 'fc.weight', 'fc.bias']);
  const bias = result.tensors.changed.find((change) => change.a.name === 'fc.bias')!;
  assert.deepEqual(bias.changes.map((field) => field.field), ['values']);
  // conv1's weights were copied into the changed model: same statistics, so no change.
  assert.ok(!result.tensors.changed.some((change) => change.a.name.startsWith('conv1')));
});

test('scaled weights: only the values of conv1.weight differ, each statistic by exactly the factor 1.5', async () => {
  const plain = await diff(small('small_cnn'), small('small_cnn_finetuned'));
  assert.deepEqual([plain.counts.nodes.changed, plain.counts.tensors.changed, plain.nodes.added.length, plain.nodes.removed.length], [0, 0, 0, 0]);
  const result = await diff(small('small_cnn'), small('small_cnn_finetuned'), true);
  assert.deepEqual(result.counts.nodes, { matched: 7, byName: 7, byStructure: 0, added: 0, removed: 0, changed: 0 });
  assert.equal(result.tensors.changed.length, 1);
  const [change] = result.tensors.changed;
  assert.equal(change.a.name, 'conv1.weight');
  const [before, after] = [change.a.stats!, change.b.stats!];
  assert.equal(before.count, 8 * 3 * 3 * 3);
  for (const key of ['min', 'max', 'mean', 'std'] as const) assert.ok(Math.abs(after[key] - 1.5 * before[key]) <= 1e-6 * Math.abs(before[key]) + 1e-9, `${key}: ${after[key]} vs 1.5 x ${before[key]}`);
});

test('another exporter\'s names (every node, value and weight renamed): everything pairs by structure, nothing changed', async () => {
  const result = await diff(small('small_cnn'), small('small_cnn_renamed'));
  assert.deepEqual(result.counts.nodes, { matched: 7, byName: 0, byStructure: 7, added: 0, removed: 0, changed: 0 });
  assert.deepEqual(result.counts.tensors, { matched: 6, added: 0, removed: 0, changed: 0 });
  assert.deepEqual(result.nodes.renamed.map((pair) => `${pair.a.name}=${pair.b.name}`), ['/conv1/Conv=node_0', '/relu1/Relu=node_1', '/conv2/Conv=node_2', '/act2/Relu=node_3', '/pool/MaxPool=node_4', '/flatten/Flatten=node_5', '/fc/Gemm=node_6']);
});

test('a file against itself: every node and weight pairs by name, no changes, even with weight statistics', async () => {
  const result = await diff(small('small_cnn_changed'), small('small_cnn_changed'), true);
  assert.deepEqual(result.counts, { nodes: { matched: 8, byName: 8, byStructure: 0, added: 0, removed: 0, changed: 0 }, tensors: { matched: 6, added: 0, removed: 0, changed: 0 } });
  assert.deepEqual([result.nodes.renamed, result.notes], [[], []]);
});

test('ResNet-18, ONNX (batch norm folded into the convolutions) against TorchScript: every ONNX layer pairs with its module, the 20 batch norms are added', async () => {
  const result = await diff(path.join(fixtures, 'generated/resnet18.onnx'), path.join(fixtures, 'generated/resnet18.torchscript.pt'));
  assert.equal(result.crossFormat, true);
  assert.ok(result.notes.some((note) => note.includes('op family')));
  assert.deepEqual(result.counts.nodes, { matched: 49, byName: 0, byStructure: 49, added: 20, removed: 0, changed: 20 });
  assert.deepEqual(new Set(result.nodes.added.map((node) => node.op)), new Set(['batch_norm']));
  // Each pair is the same module: TorchScript's `layer2.0.downsample.0/_convolution_23` with ONNX's scope
  // layer2/layer2.0/downsample/downsample.0 (the last scope part, less a call suffix `_1`, ends the module path).
  const pairs = [...result.nodes.changed.map((change) => [change.a, change.b] as const), ...result.nodes.renamed.map((pair) => [pair.a, pair.b] as const)];
  assert.equal(pairs.length, 49);
  for (const [onnx, torch] of pairs) {
    assert.equal(opFamily(onnx.op), opFamily(torch.op), `${onnx.name} ~ ${torch.name}`);
    const module = onnx.scope[onnx.scope.length - 1]?.replace(/_\d+$/, '');
    if (module) assert.ok(torch.name.split('/')[0].endsWith(module), `${onnx.name} paired with ${torch.name}`);
  }
  // The convolutions changed only by the folded bias: params differ by the out channels.
  for (const change of result.nodes.changed) assert.deepEqual(change.changes.map((field) => field.field), ['params'], change.a.name);
  assert.deepEqual(result.counts.tensors, { matched: 22, added: 40, removed: 20, changed: 0 });
});

test('op families: one convolution, pooling or dense layer across formats; unknown ops are their own family', () => {
  assert.deepEqual(['Conv', '_convolution', 'Conv2D', 'CONV_2D', 'Convolution'].map(opFamily), Array(5).fill('conv'));
  assert.deepEqual(['MaxPool', 'max_pool2d', 'MAX_POOL_2D', 'MaxPooling2D'].map(opFamily), Array(4).fill('maxpool'));
  assert.deepEqual(['Gemm', 'linear', 'Dense', 'FULLY_CONNECTED', 'InnerProduct'].map(opFamily), Array(5).fill('linear'));
  assert.deepEqual(['relu_', 'Relu', 'RELU'].map(opFamily), ['relu', 'relu', 'relu']);
  assert.equal(opFamily('MyCustomOp'), 'mycustomop');
});
