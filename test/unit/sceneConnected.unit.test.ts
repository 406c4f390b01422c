// One piece: the scenes of real models (a Keras .h5 with LSTM branches, ResNet-18 from torchvision's ONNX export, the
// PyTorch attention block with every group open) join every drawn item to a graph input; a scene without its inputs'
// edges does not.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { buildGraphPayload } from '../../src/core/graph/graphPayload';
import { buildGroupTree } from '../../src/core/graph/groupTree';
import { createGraphLayout } from '../../src/core/graph/hierarchicalLayout';
import { openModel } from '../../src/core/formats/registry';
import { unconnectedItems } from '../../src/webview/graph/sceneConnected';

const fixtures = path.resolve(__dirname, '../fixtures');

async function scenes(file: string) {
  const payload = buildGraphPayload(await openModel(file));
  const tree = buildGroupTree(payload.nodes);
  const layout = createGraphLayout(payload, tree);
  return { collapsed: layout.scene(new Set()), expanded: layout.scene(new Set(tree.groups.keys())) };
}

for (const file of ['upstream/keras/fdeep_lstm_bidirectional.h5', 'models/attention.onnx', 'generated/resnet18.onnx']) {
  const full = path.join(fixtures, file);
  test(`${file}: every item is joined to a graph input, collapsed and expanded`, { skip: existsSync(full) ? false : `${file} is not generated here` }, async () => {
    const { collapsed, expanded } = await scenes(full);
    assert.ok(collapsed.items.some((item) => item.kind === 'input'));
    assert.deepEqual(unconnectedItems(collapsed), []);
    assert.deepEqual(unconnectedItems(expanded), []);
  });
}

test('items whose only edges are dropped are reported', async () => {
  const { expanded } = await scenes(path.join(fixtures, 'models/attention.onnx'));
  const inputs = new Set(expanded.items.filter((item) => item.kind === 'input').map((item) => item.key));
  const cut = { ...expanded, edges: expanded.edges.filter((edge) => !inputs.has(edge.from)) };
  const loose = unconnectedItems(cut);
  assert.ok(loose.length > 0);
  assert.ok(!loose.some((key) => inputs.has(key)), 'the inputs themselves are reached');
});
