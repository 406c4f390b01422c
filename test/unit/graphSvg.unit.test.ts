// Export SVG: the view of a real scene (the PyTorch TransformerEncoderLayer export) as a well-formed SVG
// document holding exactly the items the viewport shows, with names escaped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { buildGraphPayload } from '../../src/core/graph/graphPayload';
import { buildGroupTree } from '../../src/core/graph/groupTree';
import { buildGraphLevels } from '../../src/core/graph/graphLevels';
import { HierarchicalLayout, defaultMeasure, type SceneItem } from '../../src/core/graph/hierarchicalLayout';
import { sceneToSvg, type SvgStyle } from '../../src/core/graph/sceneSvg';
import { fit, intersects, visibleWorld, type Viewport } from '../../src/core/graph/viewport';
import { openModel } from '../../src/core/formats/registry';

const attention = path.resolve(__dirname, '../fixtures/models/attention.onnx');

async function expandedScene() {
  const payload = buildGraphPayload(await openModel(attention));
  const tree = buildGroupTree(payload.nodes);
  const layout = new HierarchicalLayout(buildGraphLevels(tree, payload.nodes), defaultMeasure(tree, payload.nodes));
  return { payload, scene: layout.scene(new Set(tree.groups.keys())) };
}

function styleFor(payload: Awaited<ReturnType<typeof expandedScene>>['payload']): SvgStyle {
  return {
    label: (item: SceneItem) => (item.kind === 'node' ? { title: payload.nodes[Number(item.key.slice(2))].op, attrs: [payload.nodes[Number(item.key.slice(2))].name], weights: [] } : { title: item.key.slice(2), attrs: [], weights: [] }),
    fill: () => '#345',
    colors: { foreground: '#ccc', muted: '#999', edge: '#888', nodeBody: '#333', nodeBorder: '#555', groupFill: '#444', groupBorder: '#999', frameFill: '#252526', frameTitle: '#303030', frameBorder: '#555', background: '#1e1e1e', selected: '#007fd4' },
    font: '"Segoe UI", sans-serif',
  };
}

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => ['rect', 'circle', 'text', 'polyline'].includes(name) });

/** The item keys the SVG's shapes carry (one shape per item; a node's title row carries none). */
function keyed(group: { rect?: { 'data-key'?: string }[]; circle?: { 'data-key'?: string }[] }): string[] {
  return [...(group.rect ?? []), ...(group.circle ?? [])].map((shape) => shape['data-key']).filter((key): key is string => key !== undefined);
}

test('the whole graph fitted to the view: one shape per item, one polyline per routed edge', async () => {
  const { payload, scene } = await expandedScene();
  const view = fit(scene.bounds, 1200, 900);
  const svg = sceneToSvg(scene, view, 1200, 900, styleFor(payload));
  assert.equal(XMLValidator.validate(svg), true);
  const root = parser.parse(svg).svg;
  assert.equal(root.width, '1200');
  const group = root.g;
  assert.equal(keyed(group).length, scene.items.length);
  assert.deepEqual(keyed(group).sort(), scene.items.map((item) => item.key).sort());
  assert.equal(group.polyline.length, scene.edges.filter((edge) => edge.points.length >= 2).length);
  const names = group.text.map((text: { '#text': string } | string) => (typeof text === 'string' ? text : text['#text']));
  const matmul = payload.nodes.find((node) => node.op === 'MatMul')!;
  assert.ok(names.includes('MatMul'), 'node titles are their ops');
  assert.ok(names.some((name: string) => matmul.name.startsWith(name.replace(/…$/, ''))), 'subtitles are node names (cut to the box)');
});

test('only what the viewport shows is written, and the transform maps world to screen', async () => {
  const { payload, scene } = await expandedScene();
  const node = scene.items.find((item) => item.kind === 'node')!;
  const view: Viewport = { x: node.x - 10, y: node.y - 10, scale: 2 };
  const svg = sceneToSvg(scene, view, 300, 200, styleFor(payload), node.key);
  const group = parser.parse(svg).svg.g;
  const shown = visibleWorld(view, 300, 200);
  assert.equal(keyed(group).length, scene.items.filter((item) => intersects(item, shown)).length);
  assert.ok(keyed(group).length < scene.items.length);
  const offset = (world: number) => Math.round(-world * 2 * 100) / 100;
  assert.equal(group.transform, `matrix(2 0 0 2 ${offset(view.x)} ${offset(view.y)})`);
  assert.ok(group.rect.some((rect: { stroke: string }) => rect.stroke === '#007fd4'), 'the selected item keeps its outline');
});

test('names with markup characters are escaped', async () => {
  const { payload, scene } = await expandedScene();
  const style = { ...styleFor(payload), label: () => ({ title: 'a<b & "c"', attrs: [], weights: [] }) };
  const svg = sceneToSvg(scene, fit(scene.bounds, 800, 600), 800, 600, style);
  assert.equal(XMLValidator.validate(svg), true);
  assert.ok(svg.includes('a&lt;b &amp; &quot;c&quot;'));
});
