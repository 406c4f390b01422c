// Label fitting on the graph canvas: each label is measured once whatever the frame count, a label that fits is
// drawn whole, one that does not is cut with an ellipsis to what fits, and the cut string is reused between frames.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TextFitter } from '../../src/webview/graph/textFitter';

/** A monospace measure: 7 px per character, counting its calls. */
function monospace() {
  const calls: string[] = [];
  return { calls, measure: (text: string) => (calls.push(text), text.length * 7) };
}

test('each label is measured once, however many frames draw it', () => {
  const { calls, measure } = monospace();
  const fitter = new TextFitter(measure);
  for (let frame = 0; frame < 100; frame++) {
    fitter.fit('Conv', 200);
    fitter.fit('BatchNormalization', 50);
  }
  assert.deepEqual(calls, ['Conv', 'BatchNormalization']);
  assert.equal(fitter.size, 2);
});

test('a label that fits is drawn whole; one that does not is cut to what fits, with an ellipsis', () => {
  const fitter = new TextFitter(monospace().measure);
  assert.equal(fitter.fit('Conv', 28), 'Conv');
  // 18 characters, 126 px: 70 px keep floor(70 / 126 * 18) - 1 = 9 characters and the ellipsis.
  assert.equal(fitter.fit('BatchNormalization', 70), 'BatchNorm…');
  assert.equal(fitter.fit('BatchNormalization', 70), fitter.fit('BatchNormalization', 70), 'the same string object between frames');
  assert.equal(fitter.fit('BatchNormalization', 5), '', 'nothing when not one character fits');
});

test('widths scale with the font size drawn', () => {
  const fitter = new TextFitter(monospace().measure);
  assert.equal(fitter.width('Relu'), 28);
  assert.equal(fitter.fit('Relu', 28, 1.5), 'R…');
  assert.equal(fitter.fit('Relu', 42, 1.5), 'Relu');
  assert.equal(fitter.fit('Relu', 41, 1.5), 'Re…');
});
