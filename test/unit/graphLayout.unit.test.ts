// Levels, edge aggregation, the hierarchical layout and its cache, on the ONNX export of a PyTorch
// TransformerEncoderLayer (test/fixtures/models/attention.onnx) and the Silero VAD fixture.
import { nodeGroup } from '../../src/core/protocol/graph';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { buildGraphPayload } from '../../src/core/graph/graphPayload';
import { buildGroupTree } from '../../src/core/graph/groupTree';
import { buildGraphLevels, groupKey, nodeKey } from '../../src/core/graph/graphLevels';
import { HierarchicalLayout, defaultMeasure, type Scene } from '../../src/core/graph/hierarchicalLayout';
import { LayoutCache } from '../../src/core/graph/layoutCache';
import { isChain } from '../../src/core/graph/layeredLayout';
import { nodeLabel } from '../../src/core/graph/nodeLabel';
import { LABEL_METRICS } from '../../src/core/graph/sceneLabels';
import { openModel } from '../../src/core/formats/registry';

const fixtures = path.resolve(__dirname, '../fixtures/upstream');
const models = path.resolve(__dirname, '../fixtures/models');

async function setup(file: string) {
  const model = await openModel(file);
  const payload = buildGraphPayload(model);
  const tree = buildGroupTree(payload.nodes);
  const levels = buildGraphLevels(tree, payload.nodes);
  return { model, payload, tree, levels, layout: new HierarchicalLayout(levels, defaultMeasure(tree, payload.nodes)) };
}

function overlaps(scene: Scene, key: string): string[] {
  const item = scene.byKey.get(key)!;
  return scene.items.filter((other) => other !== item && other.depth === item.depth && other.x < item.x + item.width && item.x < other.x + other.width && other.y < item.y + item.height && item.y < other.y + other.height).map((other) => other.key);
}

test('every data edge of the IR is drawn exactly once, at the level where its ends part', async () => {
  const { model, payload, levels } = await setup(path.join(models, 'attention.onnx'));
  // Data edges in the IR: node inputs produced by another node.
  const producers = new Map<string, number>();
  model.graph.nodes.forEach((node, index) => node.outputs.forEach((name) => producers.set(name, index)));
  const irEdges = model.graph.nodes.reduce((sum, node, index) => sum + node.inputs.filter((name) => producers.has(name) && producers.get(name) !== index).length, 0);
  let drawn = 0;
  for (const level of levels.values()) {
    for (const edge of level.edges) {
      // Port edges repeat, inside a group, an edge drawn outside it to the group's frame.
      if (edge.from.startsWith('p:') || edge.to.startsWith('p:')) continue;
      drawn += edge.count;
      assert.ok(level.items.includes(edge.from) && level.items.includes(edge.to), 'edges join children of their own level');
      assert.notEqual(edge.from, edge.to);
    }
  }
  assert.equal(drawn, irEdges);
  assert.equal(payload.nodes.length, model.graph.nodes.length);
});

test('collapsed groups aggregate the edges that cross them; expanding shows the inner ones', async () => {
  const { tree, levels, layout } = await setup(path.join(models, 'attention.onnx'));
  const attention = tree.groups.get('self_attn')!;
  assert.ok(attention.nodeCount > 10);
  const top = levels.get('')!;
  assert.ok(top.items.includes(groupKey('self_attn')));
  const into = top.edges.filter((edge) => edge.to === groupKey('self_attn'));
  assert.ok(into.length > 0, 'edges into the collapsed group are drawn to its box');
  const collapsed = layout.scene(new Set());
  assert.equal(collapsed.items.length, top.items.length, 'collapsed: only the top level is drawn');
  const opened = layout.scene(new Set(['self_attn']));
  assert.equal(opened.items.length, top.items.length + levels.get('self_attn')!.items.length);
  assert.equal(opened.edges.length, top.edges.length + levels.get('self_attn')!.edges.length);
  // Children sit inside the expanded frame and do not overlap each other.
  const frame = opened.byKey.get(groupKey('self_attn'))!;
  assert.equal(frame.expanded, true);
  for (const key of levels.get('self_attn')!.items) {
    const item = opened.byKey.get(key)!;
    assert.ok(item.x >= frame.x && item.y >= frame.y && item.x + item.width <= frame.x + frame.width + 0.01 && item.y + item.height <= frame.y + frame.height + 0.01, `${key} inside its group`);
    assert.deepEqual(overlaps(opened, key), [], `${key} overlaps nothing`);
  }
  // Edges go downwards (layered layout, top to bottom) from their source box to their target box.
  for (const edge of opened.edges) {
    if (edge.points.length === 0) continue;
    const from = opened.byKey.get(edge.from)!;
    assert.ok(edge.points[0].y >= from.y, 'edge starts at or below its source top');
  }
});

test('layout cache: a group is laid out once; collapsing and expanding again reuses every level', async () => {
  const { layout, tree, levels, payload } = await setup(path.join(fixtures, 'onnx/silero_vad_legacy.onnx'));
  const measure = defaultMeasure(tree, payload.nodes);
  /** Levels laid out again when a child opens: all but chains, which are stretched (as big levels are). */
  const relaid = (id: string) => (isChain(levels.get(id)!.items.map((key) => ({ key, ...measure(key) })), levels.get(id)!.edges) ? 0 : 1);
  const cache = layout.cache;
  assert.ok(cache instanceof LayoutCache);
  layout.scene(new Set());
  const first = cache.misses;
  assert.equal(first, 1, 'only the top level at open');
  const open = layout.scene(new Set(['If_25']));
  assert.equal(open.computed, 1 + relaid(''), 'the expanded group, and its parent level unless that is a chain');
  layout.scene(new Set());
  const again = layout.scene(new Set(['If_25']));
  assert.equal(again.computed, 0, 'everything from the cache');
  assert.ok(cache.hits >= 3);
  const deep = layout.scene(new Set(['If_25', 'If_25/then_branch']));
  assert.equal(deep.computed, 1 + relaid('If_25') + relaid(''), 'the body, then its owner and the top level with the new sizes');
  assert.ok(tree.groups.get('If_25/then_branch')!.nodeCount > 50);
  const frame = deep.byKey.get(groupKey('If_25'))!;
  const body = deep.byKey.get(groupKey('If_25/then_branch'))!;
  assert.ok(frame.width >= body.width && frame.height > body.height, 'the owner grows to hold its open body');
});

test('layout cache: blocks of the same shape share one layout, as the repeated layers of a deep model do', async () => {
  // Two chained copies of the PyTorch TransformerEncoderLayer export, under layers.0 and layers.1.
  const block = buildGraphPayload(await openModel(path.join(models, 'attention.onnx'))).nodes;
  const nodes = [0, 1].flatMap((copy) => block.map((node) => ({
    ...node,
    id: `${copy}:${node.id}`,
    group: [`layers.${copy}`, ...nodeGroup(node)],
    inputs: node.inputs.map((input) => (input.from !== undefined && input.from >= 0 ? { ...input, from: input.from + copy * block.length } : input)),
  })));
  const tree = buildGroupTree(nodes);
  const layout = new HierarchicalLayout(buildGraphLevels(tree, nodes), defaultMeasure(tree, nodes));
  layout.scene(new Set());
  const first = layout.scene(new Set(['layers.0', 'layers.0/self_attn']));
  assert.equal(first.computed, 3, 'self_attn, its layer and the top level');
  const second = layout.scene(new Set(['layers.0', 'layers.0/self_attn', 'layers.1', 'layers.1/self_attn']));
  assert.equal(second.computed, 1, 'only the top level: layers.1 and its self_attn have the shapes laid out already');
  // The same arrangement inside both copies, shifted as a whole.
  const frame = (copy: number) => second.byKey.get(groupKey(`layers.${copy}/self_attn`))!;
  for (let index = 0; index < block.length; index++) {
    const [a, b] = [second.byKey.get(nodeKey(index)), second.byKey.get(nodeKey(index + block.length))];
    if (!a || !b) continue;
    assert.deepEqual([b.x - frame(1).x, b.y - frame(1).y], [a.x - frame(0).x, a.y - frame(0).y]);
  }
});

test('node items are keyed by payload index and sized from their label', async () => {
  const { payload, tree } = await setup(path.join(models, 'features.onnx'));
  const measure = defaultMeasure(tree, payload.nodes);
  const sizes = payload.nodes.map((_node, index) => measure(nodeKey(index)));
  for (const [index, size] of sizes.entries()) {
    const node = payload.nodes[index];
    const lines = nodeLabel(node).attrs.length + nodeLabel(node).weights.length;
    assert.equal(size.height, lines === 0 ? LABEL_METRICS.minHeight : LABEL_METRICS.titleRow + lines * LABEL_METRICS.lineRow + LABEL_METRICS.padBottom, node.op);
    assert.ok(size.width >= node.op.length * LABEL_METRICS.titleChar, 'the title fits');
  }
});
