// Run colours: ten distinct palette colours for ten runs, readable on VS Code's default light and dark editor
// backgrounds (WCAG 2 contrast, computed here from the sRGB definition), stable per run name.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hashName, RUN_PALETTE, RunColors, runColor, withAlpha } from '../../src/core/charts/runColors';

/** WCAG 2 relative luminance of `#rrggbb`. */
function luminance(hex: string): number {
  const channel = (shift: number) => {
    const c = ((parseInt(hex.slice(1), 16) >> shift) & 255) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(16) + 0.7152 * channel(8) + 0.0722 * channel(0);
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

test('the palette: ten colours, each at least 3:1 against Light+ (#ffffff) and Dark+ (#1e1e1e) editor backgrounds', () => {
  assert.equal(new Set(RUN_PALETTE).size, 10);
  for (const color of RUN_PALETTE) {
    assert.ok(contrast(color, '#ffffff') >= 3, `${color} on white: ${contrast(color, '#ffffff').toFixed(2)}`);
    assert.ok(contrast(color, '#1e1e1e') >= 3, `${color} on #1e1e1e: ${contrast(color, '#1e1e1e').toFixed(2)}`);
  }
  // WCAG's own examples: black on white is 21:1.
  assert.equal(contrast('#000000', '#ffffff'), 21);
});

test('ten runs get ten different colours; a run keeps its colour when others come and go', () => {
  const names = Array.from({ length: 10 }, (_, i) => `sweep/run_${i + 1}`);
  const colors = new RunColors();
  const assigned = names.map((name) => colors.colorOf(name));
  assert.equal(new Set(assigned).size, 10, assigned.join(' '));
  // Several of these names hash to the same slot, so the distinctness above comes from the probing.
  assert.ok(new Set(names.map((name) => hashName(name) % 10)).size < 10);
  // Same set, same order: same colours (another panel, another machine).
  const again = new RunColors();
  assert.deepEqual(names.map((name) => again.colorOf(name)), assigned);
  // Dropping runs frees their slots without moving anyone else's colour.
  colors.retain(names.slice(0, 5));
  assert.deepEqual(names.slice(0, 5).map((name) => colors.colorOf(name)), assigned.slice(0, 5));
  // An eleventh run shares a colour (the palette has ten), taking the least used.
  const full = new RunColors();
  names.forEach((name) => full.colorOf(name));
  assert.ok(RUN_PALETTE.includes(full.colorOf('eleventh')));
});

test('the preferred colour is the name hash slot (FNV-1a of "a" is 0xe40c292c); alpha suffixes', () => {
  assert.equal(hashName('a'), 0xe40c292c); // the FNV-1a 32-bit test vector for "a"
  assert.equal(runColor('a'), RUN_PALETTE[0xe40c292c % 10]);
  assert.equal(new RunColors().colorOf('a'), runColor('a'));
  assert.equal(withAlpha('#4e79a7', 0.25), '#4e79a740');
  assert.equal(withAlpha('#4e79a7', 1), '#4e79a7ff');
  assert.equal(withAlpha('var(--x)', 0.5), 'var(--x)');
});
