// Viewport maths of the graph canvas: screen <-> world, pan, zoom about the pointer, fit, anchoring.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_SCALE, MIN_SCALE, anchor, centerOn, firstView, fit, intersects, keepInView, pan, toScreen, toWorld, visibleWorld, zoomAt } from '../../src/core/graph/viewport';

const close = (actual: number, expected: number, message?: string) => assert.ok(Math.abs(actual - expected) < 1e-9, `${message ?? ''} ${actual} != ${expected}`);

test('screen and world are inverse mappings', () => {
  const view = { x: 100, y: -50, scale: 2.5 };
  const world = { x: 321.5, y: 12.25 };
  const screen = toScreen(view, world);
  assert.deepEqual(screen, { x: (321.5 - 100) * 2.5, y: (12.25 + 50) * 2.5 });
  const back = toWorld(view, screen);
  close(back.x, world.x);
  close(back.y, world.y);
});

test('pan moves the content with the pointer', () => {
  const view = { x: 0, y: 0, scale: 2 };
  const moved = pan(view, 40, -20);
  const before = toScreen(view, { x: 10, y: 10 });
  const after = toScreen(moved, { x: 10, y: 10 });
  close(after.x - before.x, 40);
  close(after.y - before.y, -20);
});

test('zoom keeps the world point under the pointer fixed and clamps the scale', () => {
  const view = { x: 30, y: 40, scale: 1 };
  const pointer = { x: 200, y: 150 };
  const under = toWorld(view, pointer);
  const zoomed = zoomAt(view, pointer, 1.7);
  close(zoomed.scale, 1.7);
  const still = toWorld(zoomed, pointer);
  close(still.x, under.x);
  close(still.y, under.y);
  assert.equal(zoomAt(view, pointer, 1e9).scale, MAX_SCALE);
  assert.equal(zoomAt(view, pointer, 1e-9).scale, MIN_SCALE);
});

test('fit shows the whole bounds centred, within the margin, never past the max scale', () => {
  const bounds = { x: 0, y: 0, width: 4000, height: 1000 };
  const view = fit(bounds, 800, 600, 20);
  close(view.scale, 760 / 4000);
  const topLeft = toScreen(view, { x: 0, y: 0 });
  const bottomRight = toScreen(view, { x: 4000, y: 1000 });
  close(topLeft.x, 20);
  close(bottomRight.x, 780);
  close((topLeft.y + bottomRight.y) / 2, 300, 'centred vertically');
  assert.equal(fit({ x: 0, y: 0, width: 10, height: 10 }, 800, 600, 20, 1.5).scale, 1.5);
});

test('anchor keeps a moved world point at the same pixel (no jump when a group expands)', () => {
  const view = { x: 10, y: 20, scale: 0.5 };
  const before = { x: 300, y: 400 };
  const after = { x: 520, y: 380 };
  const next = anchor(view, before, after);
  assert.deepEqual(toScreen(next, after), toScreen(view, before));
});

test('centerOn, visibleWorld and intersects agree', () => {
  const view = centerOn({ x: 0, y: 0, scale: 2 }, { x: 500, y: 500 }, 800, 600);
  const shown = visibleWorld(view, 800, 600);
  close(shown.x + shown.width / 2, 500);
  close(shown.y + shown.height / 2, 500);
  assert.equal(intersects(shown, { x: 690, y: 500, width: 5, height: 5 }), true);
  assert.equal(intersects(shown, { x: 701, y: 500, width: 5, height: 5 }), false);
});

test('the first view is 1:1 with the start item just below the top, and a narrow graph centred across', () => {
  const start = { x: 500, y: 40, width: 120, height: 30 };
  const bounds = { x: 0, y: 40, width: 900, height: 3000 };
  const view = firstView(start, bounds, 1000, 24);
  assert.equal(view.scale, 1);
  close(toScreen(view, { x: start.x, y: start.y }).y, 24);
  close(toScreen(view, { x: 450, y: 0 }).x, 500, 'the graph fits across: its middle is in the middle');
});

test('a graph a little wider than the screen is shown whole across, down to the readable floor', () => {
  const start = { x: 0, y: 0, width: 100, height: 30 };
  const view = firstView(start, { x: 0, y: 0, width: 1200, height: 500 }, 1000, 25);
  close(view.scale, 950 / 1200);
  close(toScreen(view, { x: 0, y: 0 }).x, 25);
  close(toScreen(view, { x: 1200, y: 0 }).x, 975);
  assert.equal(firstView(start, { x: 0, y: 0, width: 5000, height: 500 }, 1000, 25).scale, 0.75, 'never below 0.75');
});

test('a graph much wider than the screen is centred on the start item, without empty space beside the graph', () => {
  const bounds = { x: 0, y: 0, width: 5000, height: 500 };
  const middle = firstView({ x: 2450, y: 0, width: 100, height: 30 }, bounds, 1000, 24);
  close(toScreen(middle, { x: 2500, y: 0 }).x, 500, 'centred on the start item');
  const left = firstView({ x: 10, y: 0, width: 100, height: 30 }, bounds, 1000, 24);
  close(toScreen(left, { x: 0, y: 0 }).x, 24, 'the graph starts at the left margin');
});

test('keepInView leaves a rect already on screen where it is', () => {
  const view = { x: 0, y: 0, scale: 1 };
  assert.deepEqual(keepInView(view, { x: 100, y: 100, width: 200, height: 200 }, 800, 600), view);
});

test('keepInView brings a rect that fits wholly into view with the least move', () => {
  const view = { x: 0, y: 0, scale: 2 };
  // Spills past the bottom-right edge by a little: moved just enough (24 px margin = 12 world units at scale 2).
  const moved = keepInView(view, { x: 300, y: 250, width: 150, height: 100 }, 800, 600);
  const bottomRight = toScreen(moved, { x: 450, y: 350 });
  close(bottomRight.x, 776);
  close(bottomRight.y, 576);
  assert.equal(moved.scale, 2);
  // Above and left of the screen: its top-left comes to the margin.
  const back = keepInView({ x: 400, y: 400, scale: 1 }, { x: 100, y: 100, width: 50, height: 50 }, 800, 600);
  assert.deepEqual(toScreen(back, { x: 100, y: 100 }), { x: 24, y: 24 });
});

test('keepInView shows the top of a rect taller than the screen, centred across when wider', () => {
  const rect = { x: 0, y: 1000, width: 3000, height: 5000 };
  const moved = keepInView({ x: 0, y: 0, scale: 1 }, rect, 800, 600);
  close(toScreen(moved, { x: 0, y: 1000 }).y, 24, 'its title row is below the top margin');
  close(toScreen(moved, { x: 1500, y: 0 }).x, 400, 'its middle (where a layered layout puts the first row) is centred');
});
