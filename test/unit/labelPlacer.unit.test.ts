// Group names far out: a label is kept only where it overlaps no label kept before (the caller offers the largest
// groups first), up to the frame's capacity; a new frame starts clear.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LabelPlacer } from '../../src/webview/graph/labelPlacer';

test('overlapping labels are skipped, clear ones kept', () => {
  const placer = new LabelPlacer(10, 2);
  assert.equal(placer.place(0, 0, 100, 16), true);
  assert.equal(placer.place(50, 8, 100, 16), false, 'overlaps the first');
  assert.equal(placer.place(101, 0, 40, 16), false, 'within the 2 px gap');
  assert.equal(placer.place(103, 0, 40, 16), true, 'clear of the gap');
  assert.equal(placer.place(0, 19, 100, 16), true, 'the row below');
  assert.equal(placer.placed, 3);
  placer.reset();
  assert.equal(placer.place(50, 8, 100, 16), true, 'a new frame starts clear');
});

test('no more labels than the capacity are kept', () => {
  const placer = new LabelPlacer(3);
  const kept = Array.from({ length: 6 }, (_, i) => placer.place(i * 100, 0, 50, 10));
  assert.deepEqual(kept, [true, true, true, false, false, false]);
});
