// Graph inputs and outputs as items of the top level, and ports on groups: every piece of a drawn graph is
// connected. Real files: Keras .h5 models with several inputs and outputs, the Silero VAD ONNX (four inputs,
// control flow), and the PyTorch TransformerEncoderLayer export (test/fixtures/models/attention.onnx).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildGraphPayload } from '../../src/core/graph/graphPayload';
import { buildGroupTree, type GroupTree } from '../../src/core/graph/groupTree';
import { buildGraphLevels, groupKey, inputKey, nodeKey, outputKey, parsePortKey, portKey, type GraphLevel } from '../../src/core/graph/graphLevels';
import { openModel } from '../../src/core/formats/registry';
import type { GraphPayload } from '../../src/core/protocol/graph';

const fixtures = path.resolve(__dirname, '../fixtures/upstream');
const models = path.resolve(__dirname, '../fixtures/models');

async function levelsOf(file: string) {
  const payload = buildGraphPayload(await openModel(file));
  const tree = buildGroupTree(payload.nodes);
  return { payload, tree, levels: buildGraphLevels(tree, payload.nodes, payload) };
}

/** Items of `level` reached from `starts` along its edges in either direction. */
function reached(level: GraphLevel, starts: string[]): Set<string> {
  const neighbours = new Map<string, string[]>();
  for (const edge of level.edges) {
    neighbours.set(edge.from, [...(neighbours.get(edge.from) ?? []), edge.to]);
    neighbours.set(edge.to, [...(neighbours.get(edge.to) ?? []), edge.from]);
  }
  const seen = new Set(starts);
  const queue = [...starts];
  while (queue.length) {
    for (const next of neighbours.get(queue.pop()!) ?? []) {
      if (seen.has(next)) continue;
      seen.add(next);
      queue.push(next);
    }
  }
  return seen;
}

/** Top-level items that nothing connects to a graph input. */
function unreached(payload: GraphPayload, levels: ReadonlyMap<string, GraphLevel>): string[] {
  const top = levels.get('')!;
  const seen = reached(top, payload.inputs.map((_input, k) => inputKey(k)));
  return top.items.filter((key) => !seen.has(key));
}

const kerasModels = fs.readdirSync(path.join(fixtures, 'keras')).filter((name) => name.endsWith('.h5'));

for (const name of kerasModels) {
  test(`Keras ${name}: one connected graph from its inputs to its outputs`, async () => {
    const { payload, levels } = await levelsOf(path.join(fixtures, 'keras', name));
    const top = levels.get('')!;
    assert.ok(payload.inputs.length > 0 && payload.outputs.length > 0);
    assert.deepEqual(top.items.filter((key) => key.startsWith('i:')), payload.inputs.map((_input, k) => inputKey(k)));
    assert.deepEqual(top.items.filter((key) => key.startsWith('o:')), payload.outputs.map((_output, k) => outputKey(k)));
    assert.deepEqual(unreached(payload, levels), []);
  });
}

test('Keras fdeep_lstm_bidirectional.h5: each input feeds the layers that read it, each output comes from its layer', async () => {
  const { payload, tree, levels } = await levelsOf(path.join(fixtures, 'keras/fdeep_lstm_bidirectional.h5'));
  assert.ok(payload.inputs.length >= 2, 'several inputs');
  const top = levels.get('')!;
  const holder = (index: number) => (tree.parentOf[index] === null ? nodeKey(index) : groupKey(topGroup(tree, index)));
  payload.inputs.forEach((input, k) => {
    const readers = new Set(payload.nodes.flatMap((node, index) => (node.inputs.some((read) => read.name === input.name && !read.weight && (read.from ?? -1) < 0) ? [holder(index)] : [])));
    assert.deepEqual(new Set(top.edges.filter((edge) => edge.from === inputKey(k)).map((edge) => edge.to)), readers, input.name);
  });
  payload.outputs.forEach((output, k) => {
    assert.deepEqual(top.edges.filter((edge) => edge.to === outputKey(k)).map((edge) => edge.from), [holder(output.from!)], output.name);
  });
});

test('ONNX with four inputs and control flow (Silero VAD): every top-level item is reached from an input', async () => {
  const { payload, levels } = await levelsOf(path.join(fixtures, 'onnx/silero_vad_legacy.onnx'));
  assert.equal(payload.inputs.length, 4);
  assert.deepEqual(unreached(payload, levels), []);
});

function topGroup(tree: GroupTree, index: number): string {
  let id = tree.parentOf[index]!;
  while (tree.groups.get(id)!.parent !== null) id = tree.groups.get(id)!.parent!;
  return id;
}

test('ports: edges that enter or leave a group are drawn inside it from its input port and to its output port', async () => {
  const { payload, tree, levels } = await levelsOf(path.join(models, 'attention.onnx'));
  const inside = new Set<number>();
  const collect = (id: string) => tree.groups.get(id)!.children.forEach((child) => (typeof child === 'number' ? inside.add(child) : collect(child)));
  collect('self_attn');
  // From the payload: data edges and graph-input reads that cross the frame, and the values that leave.
  let entering = 0;
  const leaving = new Set<string>();
  payload.nodes.forEach((node, to) => {
    for (const input of node.inputs) {
      const from = input.from ?? -1;
      const fromGraphInput = from < 0 && !input.weight && payload.inputs.some((graphInput) => graphInput.name === input.name);
      if (inside.has(to) && ((from >= 0 && !inside.has(from)) || fromGraphInput)) entering++;
      if (!inside.has(to) && from >= 0 && inside.has(from)) leaving.add(input.name);
    }
  });
  for (const output of payload.outputs) if (inside.has(output.from ?? -1)) leaving.add(output.name);
  assert.ok(entering > 0 && leaving.size > 0);
  const level = levels.get('self_attn')!;
  const [portIn, portOut] = [portKey('self_attn', 'in'), portKey('self_attn', 'out')];
  assert.equal(level.items[0], portIn, 'the input port leads');
  assert.equal(level.items[level.items.length - 1], portOut, 'the output port closes');
  assert.deepEqual(parsePortKey(portOut), { group: 'self_attn', side: 'out' });
  assert.equal(level.edges.filter((edge) => edge.from === portIn).reduce((sum, edge) => sum + edge.count, 0), entering);
  assert.deepEqual(new Set(level.ports.get(portOut)!.values.map((value) => value.name)), leaving);
  assert.equal(level.edges.filter((edge) => edge.to === portOut).reduce((sum, edge) => sum + edge.count, 0), leaving.size);
  // Nothing inside floats: every item is connected to a port.
  const seen = reached(level, [portIn, portOut]);
  assert.deepEqual(level.items.filter((key) => !seen.has(key)), []);
  // Outside, the same edges end at the group's box.
  const top = levels.get('')!;
  assert.ok(top.edges.some((edge) => edge.to === groupKey('self_attn')) && top.edges.some((edge) => edge.from === groupKey('self_attn')));
});

test('ports: every group level of a model is connected through its ports (a Scan or Loop body through its owner)', async () => {
  const files = [path.join(models, 'attention.onnx'), ...['silero_vad_legacy', 'migraphx_scan_test1', 'migraphx_loop_test'].map((name) => path.join(fixtures, `onnx/${name}.onnx`))];
  for (const file of files) {
    const { levels } = await levelsOf(file);
    for (const [id, level] of levels) {
      if (id === '') continue;
      const ports = [...level.ports.keys()];
      const seen = reached(level, ports);
      // An item with no data edge at all (a Constant read by nobody) has nothing to connect.
      const linked = new Set(level.edges.flatMap((edge) => [edge.from, edge.to]));
      assert.deepEqual(level.items.filter((key) => linked.has(key) && !seen.has(key)), [], `${path.basename(file)} ${id}`);
      for (const key of ports) assert.equal(parsePortKey(key)?.group, id);
    }
  }
});
