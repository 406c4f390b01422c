// The scene of createGraphLayout on a real export (the PyTorch TransformerEncoderLayer, attention.onnx): graph inputs
// and outputs as boxes, ports on open groups at the top and bottom of their frames, boxes sized by their labels; and
// stretchLayout, which grows boxes of a laid-out level without laying it out again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { buildGraphPayload } from '../../src/core/graph/graphPayload';
import { buildGroupTree } from '../../src/core/graph/groupTree';
import { buildGraphLevels, groupKey, inputKey, outputKey, portKey } from '../../src/core/graph/graphLevels';
import { GROUP_TITLE, createGraphLayout, type SceneItem } from '../../src/core/graph/hierarchicalLayout';
import { LAYOUT_SPACING, layeredLayout } from '../../src/core/graph/layeredLayout';
import { SceneLabels, measureLabel } from '../../src/core/graph/sceneLabels';
import { stretchLayout } from '../../src/core/graph/stretchLayout';
import { openModel } from '../../src/core/formats/registry';

const attention = path.resolve(__dirname, '../fixtures/models/attention.onnx');

async function payloadOf() {
  const payload = buildGraphPayload(await openModel(attention));
  return { payload, tree: buildGroupTree(payload.nodes) };
}

const bottom = (item: SceneItem) => item.y + item.height;
const overlapping = (a: { x: number; y: number; width: number; height: number }, b: typeof a) => a.x < b.x + b.width - 0.01 && b.x < a.x + a.width - 0.01 && a.y < b.y + b.height - 0.01 && b.y < a.y + a.height - 0.01;

test('inputs and outputs are boxes of the top level, labelled with name, dtype and shape', async () => {
  const { payload, tree } = await payloadOf();
  const scene = createGraphLayout(payload, tree).scene(new Set());
  const input = scene.byKey.get(inputKey(0))!;
  const output = scene.byKey.get(outputKey(0))!;
  assert.equal(input.kind, 'input');
  assert.equal(output.kind, 'output');
  assert.equal(input.label!.title, payload.inputs[0].name);
  assert.deepEqual({ width: input.width, height: input.height }, measureLabel(input.label!));
  assert.ok(scene.edges.some((edge) => edge.from === inputKey(0) && edge.points.length >= 2), 'the input has a routed edge');
  assert.ok(scene.edges.some((edge) => edge.to === outputKey(0) && edge.points.length >= 2), 'the output has a routed edge');
  assert.equal(input.y + input.height / 2, Math.min(...scene.items.map((item) => item.y + item.height / 2)), 'the input is in the first rank');
});

test('an open group draws its ports at the top and bottom of its frame, and every box inside fits its label', async () => {
  const { payload, tree } = await payloadOf();
  const scene = createGraphLayout(payload, tree).scene(new Set(['self_attn']));
  const frame = scene.byKey.get(groupKey('self_attn'))!;
  const portIn = scene.byKey.get(portKey('self_attn', 'in'))!;
  const portOut = scene.byKey.get(portKey('self_attn', 'out'))!;
  assert.equal(portIn.kind, 'port');
  assert.equal(portIn.depth, frame.depth + 1);
  const inside = scene.items.filter((item) => item.depth === frame.depth + 1 && item.x >= frame.x && item.x + item.width <= frame.x + frame.width + 0.01 && item.y >= frame.y && bottom(item) <= bottom(frame) + 0.01);
  assert.ok(inside.includes(portIn) && inside.includes(portOut), 'the ports are inside the frame');
  assert.ok(portIn.y >= frame.y + GROUP_TITLE, 'below the title');
  const middle = (item: SceneItem) => item.y + item.height / 2;
  for (const item of inside) {
    // The ports are in the first and last rank (other sources may share the first, as dagre places them).
    assert.ok(middle(item) >= middle(portIn) - 0.01, `${item.key} is not above the input port`);
    if (item !== portOut) assert.ok(bottom(item) <= portOut.y, `${item.key} is above the output port`);
    if (item.kind === 'node') assert.deepEqual({ width: item.width, height: item.height }, measureLabel(item.label!), `${item.key} is sized by its label`);
    for (const other of inside) if (other !== item) assert.ok(!overlapping(item, other), `${item.key} and ${other.key} overlap`);
  }
  // Inside, edges leave the input port and reach the output port; outside, edges end at the frame.
  assert.ok(scene.edges.some((edge) => edge.from === portIn.key && edge.points.length >= 2));
  assert.ok(scene.edges.some((edge) => edge.to === portOut.key && edge.points.length >= 2));
  const into = scene.edges.find((edge) => edge.to === frame.key)!;
  assert.ok(Math.abs(into.points[into.points.length - 1].y - frame.y) < 1, 'the outer edge ends on the frame');
});

test('stretchLayout: growing a box of a laid-out level keeps the order in each rank and overlaps nothing', async () => {
  const { payload, tree } = await payloadOf();
  const levels = buildGraphLevels(tree, payload.nodes, payload);
  const labels = new SceneLabels(tree, payload.nodes, payload, levels);
  const level = levels.get('self_attn')!;
  assert.ok(level.items.length > 50, 'a level big enough to be stretched');
  const boxes = level.items.map((key) => ({ key, ...labels.measure(key) }));
  const base = layeredLayout(boxes, level.edges);
  const grown = boxes[Math.floor(boxes.length / 2)];
  const baseSizes = new Map(boxes.map((box) => [box.key, box]));
  const sizes = new Map(boxes.map((box) => [box.key, box.key === grown.key ? { ...box, width: 600, height: 400 } : box]));
  const stretched = stretchLayout(base, baseSizes, sizes, level.edges);
  const rect = (key: string) => ({ x: stretched.centers.get(key)!.x - sizes.get(key)!.width / 2, y: stretched.centers.get(key)!.y - sizes.get(key)!.height / 2, ...sizes.get(key)! });
  for (const a of boxes) {
    assert.ok(rect(a.key).x >= -0.01 && rect(a.key).y >= -0.01 && rect(a.key).x + a.width <= stretched.width + 600 && rect(a.key).y <= stretched.height);
    for (const b of boxes) if (a !== b) assert.ok(!overlapping(rect(a.key), rect(b.key)), `${a.key} and ${b.key} overlap`);
  }
  const growth = 400 - grown.height;
  const grownBase = base.centers.get(grown.key)!;
  for (const box of boxes) {
    const [before, after] = [base.centers.get(box.key)!, stretched.centers.get(box.key)!];
    // Ranks below the grown box move down by its growth (the shift to 0,0 aside, which is vertical only when nothing moved left).
    if (before.y - box.height / 2 > grownBase.y + grown.height / 2) assert.ok(Math.abs(after.y - before.y - growth - (stretched.centers.get(boxes[0].key)!.y - base.centers.get(boxes[0].key)!.y)) < 0.01, box.key);
    // Boxes of one rank keep their left-to-right order.
    for (const other of boxes) if (base.centers.get(other.key)!.y === before.y && base.centers.get(other.key)!.x < before.x) assert.ok(stretched.centers.get(other.key)!.x < after.x);
  }
  // Every edge still starts on its source box and ends on its target box.
  level.edges.forEach((edge, index) => {
    const route = stretched.routes[index];
    if (route.length === 0) return;
    for (const [point, key] of [[route[0], edge.from], [route[route.length - 1], edge.to]] as const) {
      const box = rect(key);
      assert.ok(point.x >= box.x - 0.01 && point.x <= box.x + box.width + 0.01 && point.y >= box.y - 0.01 && point.y <= box.y + box.height + 0.01, `${edge.from}->${edge.to} ends on ${key}`);
    }
  });
  assert.ok(stretched.height >= base.height + growth - 0.01);
});

test('a level that is one chain is stacked in a column, ranks apart', () => {
  const boxes = [0, 1, 2, 3].map((index) => ({ key: `n:${index}`, width: 60 + index * 10, height: 30 }));
  const edges = [{ from: 'n:2', to: 'n:3' }, { from: 'n:0', to: 'n:1' }, { from: 'n:1', to: 'n:2' }];
  const layout = layeredLayout(boxes, edges);
  const ys = boxes.map((box) => layout.centers.get(box.key)!.y);
  assert.deepEqual(ys, [15, 15 + 30 + LAYOUT_SPACING.ranksep, 15 + 2 * (30 + LAYOUT_SPACING.ranksep), 15 + 3 * (30 + LAYOUT_SPACING.ranksep)]);
  assert.ok(boxes.every((box) => layout.centers.get(box.key)!.x === 45), 'centred on the widest');
  assert.deepEqual(layout.routes[0], [{ x: 45, y: ys[2] + 15 }, { x: 45, y: ys[3] - 15 }]);
});

test('the second layer of a kind comes from the cache, ports and all', async () => {
  // Two chained copies of the TransformerEncoderLayer export under layers.0 and layers.1 (the second reads the first's
  // output where the first reads the graph input), with the graph's input and output.
  const { payload } = await payloadOf();
  const block = payload.nodes;
  const [input] = payload.inputs;
  const shifted = (copy: number, from: number | undefined, name: string) => (from !== undefined && from >= 0 ? from + copy * block.length : copy === 1 && name === input.name ? payload.outputs[0].from : from);
  const nodes = [0, 1].flatMap((copy) => block.map((node) => ({
    ...node,
    id: `${copy}:${node.id}`,
    name: `/layers.${copy}${node.name}`,
    group: [`layers.${copy}`, ...(node.group ?? node.scope)],
    inputs: node.inputs.map((read) => ({ ...read, from: shifted(copy, read.from, read.name) })),
  })));
  const outputs = payload.outputs.map((output) => ({ ...output, from: output.from! + block.length }));
  const tree = buildGroupTree(nodes);
  const layout = createGraphLayout({ ...payload, nodes, outputs }, tree);
  layout.scene(new Set());
  const first = layout.scene(new Set(['layers.0', 'layers.0/self_attn']));
  const second = layout.scene(new Set(['layers.0', 'layers.0/self_attn', 'layers.1', 'layers.1/self_attn']));
  assert.equal(second.computed, first.computed - 2, 'layers.1 and its self_attn, ports included, reuse the layouts of layers.0');
  for (const copy of [0, 1]) assert.equal(second.byKey.get(portKey(`layers.${copy}/self_attn`, 'in'))?.kind, 'port');
});
