// Colouring the graph by profiled time (timeColors.ts): a sequential ramp that carries white text and stands off
// light, dark and high-contrast canvases, ordered by lightness and hue; a log scale over shares of the run; the legend
// in time per run. Contrast and luminance are computed here from the WCAG 2 sRGB definition, hue from RGB.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { noTimeColor, oklch, perRunUs, timeColor, timeOverlay, timeScale, TIME_DECADES } from '../../src/webview/graph/timeColors';
import type { GraphTimes } from '../../src/webview/graph/profileTimes';
import type { ProfileOverlay } from '../../src/core/protocol/graph';
import { rgb, luminance, contrast } from './wcagContrast';

/** Hue in degrees and chroma (max − min channel, 0..255) of `#rrggbb`. */
function hueChroma(hex: string): [number, number] {
  const [r, g, b] = rgb(hex);
  const max = Math.max(r, g, b);
  const d = max - Math.min(r, g, b);
  if (d === 0) return [0, 0];
  const h = max === r ? ((g - b) / d) % 6 : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
  return [(h * 60 + 360) % 360, d];
}

const ramp = Array.from({ length: 101 }, (_, i) => timeColor(i / 100));

test('white text reads on every ramp colour, and every colour stands off light, dark and high-contrast canvases', () => {
  for (const [i, color] of ramp.entries()) {
    assert.ok(contrast(color, '#ffffff') >= 4.5, `t=${i / 100} ${color}: ${contrast(color, '#ffffff').toFixed(2)} with white text`);
    // VS Code's Dark+ editor (#1e1e1e) and High Contrast (#000000): the fills are no holes in the canvas.
    assert.ok(contrast(color, '#1e1e1e') >= 2, `t=${i / 100} ${color} on the dark canvas`);
    assert.ok(contrast(color, '#000000') >= 2.5, `t=${i / 100} ${color} on the high-contrast canvas`);
  }
  for (const dark of [false, true]) assert.ok(contrast(noTimeColor(dark), '#ffffff') >= 4.5);
});

test('the ramp is sequential: lighter and warmer as time grows, from blue to orange-red', () => {
  // Rounding each channel to 8 bits wiggles luminance by up to one step's worth (about 0.002 here), never more.
  for (let i = 1; i < ramp.length; i++) assert.ok(luminance(ramp[i]) >= luminance(ramp[i - 1]) - 2e-3, `luminance falls at t=${i / 100}`);
  for (let i = 10; i < ramp.length; i++) assert.ok(luminance(ramp[i]) > luminance(ramp[i - 10]), `luminance falls from t=${(i - 10) / 100} to ${i / 100}`);
  assert.ok(luminance(ramp[100]) >= 1.8 * luminance(ramp[0]), 'the two ends differ in lightness, not only in hue');
  const [coolHue] = hueChroma(ramp[0]);
  const [hotHue] = hueChroma(ramp[100]);
  assert.ok(coolHue > 195 && coolHue < 235, `cool end is blue (${coolHue.toFixed(0)}°)`);
  assert.ok(hotHue >= 5 && hotHue < 30, `hot end is orange-red (${hotHue.toFixed(0)}°)`);
  // Hue turns one way: blue, violet, magenta, red (the hue of each step, unwrapped past 360°, never goes back).
  let last = coolHue;
  for (const color of ramp) {
    let [hue] = hueChroma(color);
    if (hue < 120) hue += 360;
    assert.ok(hue >= last - 2, `hue goes back at ${color}`);
    last = hue;
  }
});

test('nodes without time are grey, far from every ramp colour', () => {
  for (const dark of [false, true]) {
    const [, chroma] = hueChroma(noTimeColor(dark));
    assert.equal(chroma, 0, 'neutral grey');
  }
  for (const color of ramp) assert.ok(hueChroma(color)[1] >= 60, `${color} is clearly coloured`);
});

test('OKLCH conversion matches reference values (lightness 0 is black, 1 is white, and a CSS Color 4 sample)', () => {
  assert.equal(oklch(0, 0, 0), '#000000');
  assert.equal(oklch(1, 0, 0), '#ffffff');
  // CSS Color 4: oklch(62.8% 0.2577 29.23) is sRGB red.
  assert.deepEqual(rgb(oklch(0.628, 0.2577, 29.23)).map((c) => Math.round(c / 4)), [64, 0, 0]);
});

test('the scale is logarithmic over the share of the run, down TIME_DECADES decades from the largest', () => {
  const scale = timeScale([40, 4, 0.4, 0.0004, 0]);
  assert.equal(scale.max, 40);
  assert.equal(scale.floor, 40 / 10 ** TIME_DECADES, 'shares below the floor take the first colour');
  assert.equal(scale.t(40), 1);
  assert.ok(Math.abs(scale.t(4) - 2 / 3) < 1e-12);
  assert.ok(Math.abs(scale.t(0.4) - 1 / 3) < 1e-12);
  assert.equal(scale.t(0.0004), 0);
  assert.equal(scale.t(0), 0);
  assert.ok(Math.abs(scale.at(0.5) - Math.sqrt(40 * 0.04)) < 1e-12);
  const narrow = timeScale([10, 5]);
  assert.equal(narrow.floor, 5, 'the smallest share when it is within the decades');
  assert.equal(narrow.t(5), 0);
  assert.equal(timeScale([7]).t(7), 1, 'one value is the hottest');
  assert.equal(timeScale([]).t(0), 0);
});

test('the legend reads time per run at five points of the ramp, then what the colours leave out', () => {
  const overlay: ProfileOverlay = { id: 'a', ep: 'cpu', label: 'cpu · 10 runs', runs: 10, totalUs: 50_000, unplacedUs: 2_000, nodes: {} };
  // 10 runs of 50 ms of node time: 100 % is 5 ms per run, 1 % is 50 µs.
  assert.equal(perRunUs(overlay, 100), 5000);
  const times: GraphTimes = {
    nodes: [{ totalUs: 20_000, meanUs: 2000, pct: 40, provider: 'CPUExecutionProvider', fellBack: false, calls: 10 }, null, { totalUs: 20, meanUs: 2, pct: 0.04, provider: 'CPUExecutionProvider', fellBack: false, calls: 10 }],
    groups: new Map(),
    profiled: 2,
    unmatched: ['gone'],
  };
  const colored = timeOverlay(times, overlay, timeScale([40, 0.04]), true);
  assert.equal(colored.fill(0), timeColor(1));
  assert.equal(colored.fill(1), noTimeColor(true));
  assert.equal(colored.fill(2), timeColor(0));
  assert.deepEqual(colored.legend.map((entry) => entry.label), [
    'cpu · 10 runs: time per run',
    '≤ 2.00 µs', '11.2 µs', '63.2 µs', '355.7 µs', '2.00 ms',
    'no time',
    '200.0 µs in nodes ORT added',
    '1 profiled node not in this graph',
  ]);
  assert.deepEqual(colored.legend.map((entry) => entry.color === ''), [true, false, false, false, false, false, false, true, true]);
});
