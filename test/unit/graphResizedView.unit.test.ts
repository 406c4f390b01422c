// The graph view across canvas resizes and the legend's band (resizedView.ts): an automatic view is made
// again for the new size, a view the user moved keeps its centre, a hidden page (0 × 0) changes nothing, and a fit
// stops above the legend.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fit, toWorld, visibleWorld } from '../../src/core/graph/viewport';
import type { Scene, SceneItem } from '../../src/core/graph/hierarchicalLayout';
import { boxesUnder, fitHeight, resizedView } from '../../src/webview/graph/resizedView';

const close = (actual: number, expected: number, message: string) => assert.ok(Math.abs(actual - expected) < 1e-9, `${message}: ${actual} != ${expected}`);

test('a view the user moved keeps the world point at the canvas centre when the column narrows', () => {
  const view = { x: 120, y: -40, scale: 0.8 };
  const wide = { width: 1000, height: 700 };
  const narrow = { width: 330, height: 700 };
  const next = resizedView(view, wide, narrow, () => undefined)!;
  const before = toWorld(view, { x: wide.width / 2, y: wide.height / 2 });
  const after = toWorld(next, { x: narrow.width / 2, y: narrow.height / 2 });
  close(after.x, before.x, 'centre x');
  close(after.y, before.y, 'centre y');
  assert.equal(next.scale, view.scale);
});

test('a graph centred on a wide canvas stays on a narrowed one (it was drawn off the right edge: a blank canvas)', () => {
  const bounds = { x: 0, y: 0, width: 200, height: 600 };
  const wide = { width: 1000, height: 700 };
  const narrow = { width: 330, height: 700 };
  const view = fit(bounds, wide.width, wide.height);
  // Left as it was, the graph's left edge lands past the narrow canvas's right edge.
  assert.ok((bounds.x - view.x) * view.scale > narrow.width);
  const shown = visibleWorld(resizedView(view, wide, narrow, () => undefined)!, narrow.width, narrow.height);
  assert.ok(shown.x < bounds.x + bounds.width / 2 && shown.x + shown.width > bounds.x + bounds.width / 2, 'the graph\'s middle is on screen');
});

test('an automatic view is made again for the new size; the same size or a hidden page (0 × 0) changes nothing', () => {
  const view = { x: 0, y: 0, scale: 1 };
  const remade = { x: 5, y: 6, scale: 0.5 };
  let calls = 0;
  const remake = () => (calls++, remade);
  assert.deepEqual(resizedView(view, { width: 800, height: 600 }, { width: 400, height: 600 }, remake), remade);
  assert.equal(resizedView(view, { width: 400, height: 600 }, { width: 400, height: 600 }, remake), undefined);
  assert.equal(resizedView(view, { width: 400, height: 600 }, { width: 0, height: 0 }, remake), undefined);
  assert.equal(calls, 1);
  // Measured for the first time: nothing to keep but an automatic view.
  assert.equal(resizedView(view, undefined, { width: 400, height: 600 }, () => undefined), undefined);
});

test('a fit stops at the legend\'s top, unless the legend takes over half the canvas', () => {
  assert.equal(fitHeight(700, null), 700);
  assert.equal(fitHeight(700, 640), 640);
  assert.equal(fitHeight(700, 200), 350);
});

/** A scene of boxes stacked down a column, 100 wide and 40 tall, 20 apart. */
function column(count: number): Scene {
  const items: SceneItem[] = [];
  for (let i = 0; i < count; i++) items.push({ key: `n:${i}`, kind: 'node', x: 0, y: i * 60, width: 100, height: 40, depth: 0, expanded: false });
  const bounds = { x: 0, y: 0, width: 100, height: count * 60 - 20 };
  return { items, edges: [], bounds, byKey: new Map(items.map((item) => [item.key, item])), computed: 0 };
}

test('boxesUnder (the legendCovers probe) counts the boxes under the legend; a fit above the legend leaves none', () => {
  const scene = column(12);
  const width = 330;
  const height = 700;
  const legend = { x: 8, y: 640, width: 220, height: 54 };
  const plain = fit(scene.bounds, width, height);
  assert.ok(boxesUnder(scene, plain, legend) > 0, 'a fit to the whole canvas puts the bottom box under the legend');
  const above = fit(scene.bounds, width, fitHeight(height, legend.y));
  assert.equal(boxesUnder(scene, above, legend), 0);
});
