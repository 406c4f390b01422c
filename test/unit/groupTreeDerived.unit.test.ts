// Groups derived for flat levels: Keras layer-name prefixes (a TF.js layers MobileNetV2 written by tfjs-layers),
// blocks labelled by their weights' names in a Caffe2 ResNet-50 whose ops are unnamed, repeated residual blocks in an
// unscoped graph, and blocks of blocks for a long chain. Expected groups come from the files' own names (model.json
// text, python3-onnx) or from how a synthetic graph is built, never from our output; no label is an index.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findPython } from '../../scripts/fixtures/generatedModels';
import { ensureTfjsMobileNet } from '../../scripts/fixtures/tfjsMobileNetFixture';
import { openModel } from '../../src/core/formats/registry';
import { buildGraphPayload } from '../../src/core/graph/graphPayload';
import { ancestorsOf, buildGroupTree, MAX_LEVEL, type GroupTree } from '../../src/core/graph/groupTree';
import { namePrefixGroups } from '../../src/core/graph/namePrefixGroups';
import type { PayloadNode } from '../../src/core/protocol/graph';

const fixtures = path.resolve(__dirname, '../fixtures/upstream');
const { python, reason } = findPython(['onnx']);

/** Every level's size: the top level and each group's direct children. */
function levelSizes(tree: GroupTree): number[] {
  return [tree.root.length, ...[...tree.groups.values()].map((group) => group.children.length)];
}

/** Labels that only number things: the old `nodes [1–100]` chunks, or a bare count. */
function indexLabels(tree: GroupTree): string[] {
  return [...tree.groups.values()].map((group) => group.label).filter((label) => /\[\d+\s*[–-]\s*\d+\]/.test(label) || /^#?\d+$/.test(label));
}

/** The labels of the groups holding node `index`, outermost first. */
function labelsAbove(tree: GroupTree, index: number): string[] {
  return ancestorsOf(tree, index).map((id) => tree.groups.get(id)!.label);
}

test('TF.js layers MobileNetV2: a group per Keras block (block_1 … block_16, expanded_conv) holding exactly the layers its name prefix names', async () => {
  const file = ensureTfjsMobileNet();
  const json = JSON.parse(fs.readFileSync(file, 'utf8')) as { modelTopology: { config: { layers: { name: string; class_name: string }[] } } };
  const layers = json.modelTopology.config.layers.filter((layer) => layer.class_name !== 'InputLayer');
  const payload = buildGraphPayload(await openModel(file), 0, [], 'declared');
  assert.equal(payload.nodes.length, layers.length, 'one node per layer that is not an InputLayer');
  const tree = buildGroupTree(payload.nodes);
  // Blocks as keras.applications names them: `block_<id>_<part>`, and block 0's `expanded_conv_<part>`.
  const expected = new Map<string, string[]>();
  for (const { name } of layers) {
    const block = /^(block_\d+)_/.exec(name)?.[1] ?? (name.startsWith('expanded_conv_') ? 'expanded_conv' : undefined);
    if (block) expected.set(block, [...(expected.get(block) ?? []), name]);
  }
  assert.equal(expected.size, 17, 'the model.json names expanded_conv and block_1 … block_16');
  for (const [block, names] of expected) {
    const group = tree.groups.get(block);
    assert.ok(group, `${block} is a group`);
    assert.equal(group.kind, 'prefix');
    const inside = payload.nodes.map((node, index) => (tree.parentOf[index] === block ? node.name : null)).filter((name) => name !== null);
    assert.deepEqual(inside, names, `${block} holds its layers, in order`);
  }
  // The stem and head layers (Conv1, bn_Conv1, …, predictions) share no block prefix and stay at the top.
  const top = tree.root.filter((item) => typeof item === 'number').map((index) => payload.nodes[index as number].name);
  assert.deepEqual(top, layers.map((layer) => layer.name).filter((name) => !/^(block_\d+|expanded_conv)_/.test(name) && !/^Conv_1(_|$)/.test(name)));
  assert.deepEqual(indexLabels(tree), []);
});

test('Caffe2 ResNet-50 with unnamed ops: each bottleneck is a block labelled by the prefix of its weights\' names', { skip: python ? false : reason }, async () => {
  const file = path.join(fixtures, 'onnx/onnx_light_resnet50.onnx');
  // python3-onnx: for each op that reads a res<stage>_<block> weight, that prefix (`gpu_0/res2_0`).
  const run = spawnSync(python!, ['-c', [
    'import json, re, sys, onnx',
    'm = onnx.load(sys.argv[1])',
    'made = {o: n.op_type for n in m.graph.node for o in n.output}',
    'out = []',
    'for n in m.graph.node:',
    '    if n.op_type == "ConstantOfShape": continue',
    '    found = {re.match(r"(gpu_0/res\\d_\\d+)_", i).group(1) for i in n.input if made.get(i) == "ConstantOfShape" and re.match(r"gpu_0/res\\d_\\d+_", i)}',
    '    out.append([n.output[0], sorted(found)])',
    'print(json.dumps(out))',
  ].join('\n'), file], { encoding: 'utf8', timeout: 120_000 });
  assert.equal(run.status, 0, run.stderr);
  const blocks = JSON.parse(run.stdout) as [string, string[]][];
  const payload = buildGraphPayload(await openModel(file), 0, [], 'declared');
  const tree = buildGroupTree(payload.nodes);
  const byOutput = new Map(payload.nodes.map((node, index) => [node.outputs[0]?.name, index]));
  let checked = 0;
  for (const [output, prefixes] of blocks) {
    if (prefixes.length !== 1) continue;
    const labels = labelsAbove(tree, byOutput.get(output)!);
    assert.ok(labels.includes(prefixes[0]), `${output} reads ${prefixes[0]} weights and sits in that block (in ${labels.join(' > ') || 'the top level'})`);
    checked++;
  }
  // 16 bottlenecks, each with at least three Conv and three BatchNormalization ops reading its weights.
  assert.ok(checked >= 16 * 6, `${checked} ops read one block's weights`);
  assert.ok(Math.max(...levelSizes(tree)) <= 40, 'the 415-node flat graph reads in levels of at most 40');
  assert.deepEqual(indexLabels(tree), []);
});

/** An unscoped chain as old ONNX exporters write it: op + counter names, `count` residual blocks. */
function residualChain(count: number): { nodes: PayloadNode[]; blocks: number[][] } {
  const nodes: PayloadNode[] = [];
  const blocks: number[][] = [];
  const add = (op: string, from: number[]): number => {
    const index = nodes.length;
    // The first op reads the graph input (from -1), as a real model's does.
    const inputs = from.length > 0 ? from.map((producer) => ({ name: `t${producer}`, dtype: null, shape: null, from: producer })) : [{ name: 'input', dtype: null, shape: null, from: -1 }];
    nodes.push({ id: String(index), op, name: `${op}_${index}`, scope: [], attrs: {}, inputs, outputs: [{ name: `t${index}`, dtype: null, shape: null }], params: 1, macs: 1, outputBytes: null });
    return index;
  };
  let x = add('Conv', []);
  for (let block = 0; block < count; block++) {
    const start = nodes.length;
    const a = add('Relu', [add('Conv', [x])]);
    const b = add('Conv', [a]);
    x = add('Relu', [add('Add', [b, x])]);
    blocks.push(Array.from({ length: nodes.length - start }, (_unused, offset) => start + offset));
  }
  return { nodes, blocks };
}

test('unscoped residual chain: each Conv-Relu-Conv-Add-Relu repetition is one block named by its first and last ops, nested until levels fit', () => {
  const { nodes, blocks } = residualChain(600);
  const tree = buildGroupTree(nodes);
  for (const block of blocks) {
    const holder = tree.parentOf[block[0]];
    assert.ok(holder, `${nodes[block[0]].name} is in a block`);
    const group = tree.groups.get(holder)!;
    assert.deepEqual(group.children, block, 'the block holds exactly its five ops');
    assert.equal(group.kind, 'block');
    assert.equal(group.label, `${nodes[block[0]].name} … ${nodes[block[block.length - 1]].name}`);
  }
  // 600 blocks do not fit one level: blocks of blocks, each named by the names at its ends.
  assert.ok(Math.max(...levelSizes(tree)) <= MAX_LEVEL, `levels of at most ${MAX_LEVEL}`);
  assert.ok(tree.root.length <= 40, `top level of ${tree.root.length}`);
  const outer = tree.groups.get(tree.root.find((item) => typeof item === 'string') as string)!;
  assert.match(outer.label, /^Conv_\d+ … Relu_\d+$/);
  assert.equal([...tree.groups.values()].filter((group) => group.parent === null).reduce((sum, group) => sum + group.nodeCount, 0) + tree.root.filter((item) => typeof item === 'number').length, nodes.length);
  assert.deepEqual(indexLabels(tree), []);
});

test('op + counter names (Conv_12, Relu_13, TorchScript add__9) form no name groups; a short flat graph stays flat', () => {
  const { nodes } = residualChain(20);
  const names = nodes.map((node) => node.name);
  assert.deepEqual(namePrefixGroups(names, nodes.map((node) => node.op), 40), names.map((_name, index) => index));
  assert.deepEqual(namePrefixGroups(['_convolution_4', 'batch_norm_5', 'relu__6', 'add__9'], ['_convolution', 'batch_norm', 'relu_', 'add_'], 2), [0, 1, 2, 3]);
  assert.ok([...buildGroupTree(nodes).groups.values()].every((group) => group.kind === 'block'));
  const short = residualChain(7).nodes;
  assert.ok(short.length <= 40);
  const tree = buildGroupTree(short);
  assert.equal(tree.groups.size, 0);
  assert.equal(tree.root.length, short.length);
});

test('a 5,000-node chain with nothing repeated but its op: levels of at most MAX_LEVEL, every node reachable once, totals kept', () => {
  const nodes: PayloadNode[] = Array.from({ length: 5000 }, (_unused, i) => ({
    id: String(i), op: i % 3 ? 'Relu' : 'MatMul', name: `layer${i % 7}_${i}`, scope: [], attrs: {}, inputs: i ? [{ name: `v${i - 1}`, dtype: null, shape: null, from: i - 1 }] : [], outputs: [{ name: `v${i}`, dtype: null, shape: null }], params: i, macs: i % 2 ? null : 1, outputBytes: null,
  }));
  const tree = buildGroupTree(nodes);
  assert.ok(Math.max(...levelSizes(tree)) <= MAX_LEVEL, `largest level ${Math.max(...levelSizes(tree))}`);
  const top = tree.root.map((item) => (typeof item === 'number' ? { nodeCount: 1, params: nodes[item].params, unknownMacs: nodes[item].macs === null ? 1 : 0 } : tree.groups.get(item)!));
  assert.equal(top.reduce((sum, group) => sum + group.nodeCount, 0), 5000);
  assert.equal(top.reduce((sum, group) => sum + group.params, 0), (4999 * 5000) / 2);
  assert.equal(top.reduce((sum, group) => sum + group.unknownMacs, 0), 2500);
  nodes.forEach((_node, index) => {
    const parent = tree.parentOf[index];
    assert.ok(parent === null ? tree.root.includes(index) : tree.groups.get(parent)!.children.includes(index));
  });
  assert.deepEqual(indexLabels(tree), []);
});

test('370 chained copies of a real encoder layer: the top level nests the layers ten at a time, named by their first and last', async () => {
  // As scripts/fixtures/chainOnnx.py chains attention.onnx (the 39k-node benchmark graph): copy i under layers.<i>.
  const layer = buildGraphPayload(await openModel(path.resolve(__dirname, '../fixtures/models/attention.onnx')), 0, [], 'declared').nodes;
  const copies = 370;
  const nodes = Array.from({ length: copies }, (_unused, copy) => layer.map((node): PayloadNode => ({
    ...node,
    id: `${copy}:${node.id}`,
    scope: [`layers.${copy}`, ...node.scope],
    inputs: node.inputs.map((input) => (input.from !== undefined && input.from >= 0 ? { ...input, from: input.from + copy * layer.length } : input)),
  }))).flat();
  const tree = buildGroupTree(nodes);
  assert.ok(tree.root.length <= 40, `top level of ${tree.root.length}`);
  let next = 0;
  for (const id of tree.root) {
    const group = tree.groups.get(id as string)!;
    const layers = group.children.map((child) => tree.groups.get(child as string)!.label);
    assert.deepEqual(layers, layers.map((_label, offset) => `layers.${next + offset}`), 'consecutive layers, each the scope the file names');
    assert.equal(group.label, `${layers[0]} … ${layers[layers.length - 1]}`);
    next += layers.length;
  }
  assert.equal(next, copies);
  assert.ok(Math.max(...levelSizes(tree)) <= MAX_LEVEL);
});
