// Grouping of real models for the graph view: ONNX `/layer1/layer1.0/conv1/Conv` names, TorchScript
// module paths, control-flow bodies (Silero VAD's If) and flat Keras models (big flat levels: groupTreeDerived).
// Expected figures come from python3-onnx and from torch's own module figures.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { ensureGenerated, findPython } from '../../scripts/fixtures/generatedModels';
import { buildGraphPayload } from '../../src/core/graph/graphPayload';
import { buildGroupTree } from '../../src/core/graph/groupTree';
import { openModel } from '../../src/core/formats/registry';
import { summarizeModel } from '../../src/core/ir/summary';
import { nodeGroup } from '../../src/core/protocol/graph';

const fixtures = path.resolve(__dirname, '../fixtures/upstream');
const { python, reason } = findPython(['torch', 'torchvision', 'onnx']);

async function payloadOf(file: string) {
  const model = await openModel(file);
  return buildGraphPayload(model);
}

/** Runs python3-onnx on `file` and returns what the snippet prints as JSON. */
function onnxPython(file: string, snippet: string): unknown {
  const run = spawnSync(python!, ['-c', `import json, sys, onnx\nm = onnx.load(sys.argv[1])\n${snippet}`, file], { encoding: 'utf8', timeout: 120_000 });
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(run.stdout);
}

test('Silero VAD: the If node and its two bodies become collapsible groups with every body node inside', { skip: python ? false : reason }, async () => {
  const file = path.join(fixtures, 'onnx/silero_vad_legacy.onnx');
  const payload = await payloadOf(file);
  const counts = onnxPython(file, [
    'def count(g): return sum(1 + sum(count(a.g) for a in n.attribute if a.type == onnx.AttributeProto.GRAPH) for n in g.node)',
    'owners = {n.name: {a.name: count(a.g) for a in n.attribute if a.type == onnx.AttributeProto.GRAPH} for n in m.graph.node}',
    'print(json.dumps({"total": count(m.graph), "owners": {k: v for k, v in owners.items() if v}, "top": [n.name for n in m.graph.node]}))',
  ].join('\n')) as { total: number; owners: Record<string, Record<string, number>>; top: string[] };
  assert.equal(payload.nodes.length, counts.total, 'every node of the graph and its bodies is in the payload');
  const tree = buildGroupTree(payload.nodes);
  for (const [owner, bodies] of Object.entries(counts.owners)) {
    const group = tree.groups.get(owner);
    assert.ok(group, `${owner} is a group`);
    assert.equal(group.kind, 'control');
    const bodyTotal = Object.values(bodies).reduce((sum, n) => sum + n, 0);
    assert.equal(group.nodeCount, bodyTotal + 1, 'the owner node plus its bodies');
    for (const [body, count] of Object.entries(bodies)) {
      assert.equal(tree.groups.get(`${owner}/${body}`)?.nodeCount, count, body);
      assert.equal(tree.groups.get(`${owner}/${body}`)?.kind, 'body');
    }
    // The owner's figures are the summary's row for it (bodies included once, not added again).
    const row = summarizeModel(await openModel(file)).layers.find((layer) => layer.name === owner)!;
    assert.equal(group.params, row.params);
    assert.equal(group.macs, row.macs ?? 0);
  }
  // Body nodes get shapes from inference over the body: Concat_38 in the then branch, as onnx.shape_inference infers it.
  const inferred = onnxPython(file, [
    'm = onnx.shape_inference.infer_shapes(m)',
    'body = [a.g for a in m.graph.node[1].attribute if a.name == "then_branch"][0]',
    'node = [n for n in body.node if n.name == "Concat_38"][0]',
    'info = {v.name: v for v in body.value_info}[node.output[0]].type.tensor_type',
    'print(json.dumps({"shape": [d.dim_value for d in info.shape.dim], "dtype": onnx.mapping.TENSOR_TYPE_TO_NP_TYPE[info.elem_type].name}))',
  ].join('\n')) as { shape: number[]; dtype: string };
  const concat = payload.nodes.find((node) => node.name === 'Concat_38' && nodeGroup(node).join('/') === 'If_25/then_branch')!;
  assert.deepEqual({ shape: concat.outputs[0].shape, dtype: concat.outputs[0].dtype }, inferred);
  // Top level: Equal_23 as a node, If_25 as a collapsed group.
  assert.equal(tree.root.length, counts.top.length);
  assert.deepEqual(tree.root.map((item) => (typeof item === 'number' ? payload.nodes[item].name : item)), counts.top);
  // A body node that reads an outer value is wired to its producer.
  const equal = payload.nodes.findIndex((node) => node.name === 'Equal_23');
  assert.ok(payload.nodes[payload.nodes.findIndex((node) => node.name === 'If_25')].inputs.some((input) => input.from === equal));
});

test('ONNX from PyTorch (resnet18): /layer1/layer1.0/conv1/Conv names group by module with torch\'s params and MACs', { skip: python ? false : reason, timeout: 900_000 }, async () => {
  const generated = ensureGenerated('resnet18');
  if ('skip' in generated) return assert.fail(generated.skip);
  const payload = await payloadOf(generated.onnx);
  const tree = buildGroupTree(payload.nodes);
  const byPrefix = onnxPython(generated.onnx, [
    'tops = {}',
    'for n in m.graph.node:',
    '    parts = [p for p in n.name.split("/") if p]',
    '    if len(parts) > 1: tops[parts[0]] = tops.get(parts[0], 0) + 1',
    'print(json.dumps(tops))',
  ].join('\n')) as Record<string, number>;
  for (const layer of ['layer1', 'layer2', 'layer3', 'layer4']) {
    const group = tree.groups.get(layer);
    assert.ok(group, `${layer} is a group`);
    assert.equal(group.nodeCount, byPrefix[layer], `${layer}: nodes named /${layer}/...`);
    const torch: { params: number; batchNormChannels: number; macs: number; batchNormLayers?: number } = generated.figures.children[layer];
    // The exporter folds BatchNorm (2C params) into the Conv's bias (C elements).
    assert.equal(group.params, torch.params - torch.batchNormChannels, `${layer} params`);
    assert.equal(group.macs, torch.macs, `${layer} MACs as torch's forward hooks measured`);
    assert.deepEqual(group.children.filter((child) => typeof child === 'string'), [`${layer}/${layer}.0`, `${layer}/${layer}.1`]);
  }
  // Single-op modules (conv1, fc) stand for themselves instead of a one-node group.
  assert.equal(tree.groups.has('fc'), false);
  assert.ok(tree.root.some((item) => typeof item === 'number' && payload.nodes[item].name === '/fc/Gemm'));
});

test('TorchScript resnet18: module paths group by module; params are module.parameters(), BatchNorm buffers apart', { skip: python ? false : reason, timeout: 900_000 }, async () => {
  const generated = ensureGenerated('resnet18');
  if ('skip' in generated) return assert.fail(generated.skip);
  const payload = await payloadOf(generated.torchscript);
  const tree = buildGroupTree(payload.nodes);
  for (const layer of ['layer1', 'layer2', 'layer3', 'layer4']) {
    const group = tree.groups.get(layer);
    assert.ok(group, `${layer} is a group`);
    const torch: { params: number; batchNormChannels: number; macs: number; batchNormLayers?: number } = generated.figures.children[layer];
    // running_mean, running_var and num_batches_tracked are buffers (module.buffers()), not parameters.
    assert.equal(group.params, torch.params, layer);
    assert.deepEqual(group.children.filter((child) => typeof child === 'string'), [`${layer}/0`, `${layer}/1`]);
  }
});

test('Keras .h5 without nesting: every layer is a top-level node, no groups', async () => {
  const file = path.join(fixtures, 'keras/hls4ml_mlp_streaming_hdf5_named.keras');
  const payload = await payloadOf(file);
  const tree = buildGroupTree(payload.nodes);
  // MANIFEST.tsv: Sequential with 5 layers (Activation, Dense, InputLayer); the InputLayer is not an op.
  assert.deepEqual(payload.nodes.map((node) => node.op), ['Dense', 'Activation', 'Dense', 'Activation']);
  assert.equal(tree.groups.size, 0);
  assert.equal(tree.root.length, 4);
  assert.equal(payload.nodes[2].inputs[0].from, 1, 'fc2 reads relu1');
});
