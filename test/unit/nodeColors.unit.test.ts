// Graph node colours: ops fall in Netron's categories (Conv blue, Relu red, pooling green, normalization teal,
// shape ops neutral), categories are clearly apart, and white text reads on every fill in light and dark themes
// (WCAG 2 contrast, computed here from the sRGB definition). Theme colours: collapsed groups stand off the canvas.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildOverlay, FILL_TEXT, opCategory, opColor, valueOverlay } from '../../src/webview/graph/nodeColors';
import { graphTheme, mix, parseColor } from '../../src/webview/graph/graphTheme';
import type { PayloadNode } from '../../src/core/protocol/graph';
import { rgb, contrast } from './wcagContrast';

/** Hue in degrees of `#rrggbb`. */
function hueOf(hex: string): number {
  const [r, g, b] = rgb(hex).map((c) => c / 255);
  const max = Math.max(r, g, b);
  const d = max - Math.min(r, g, b);
  if (d === 0) return 0;
  const h = max === r ? ((g - b) / d) % 6 : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
  return (h * 60 + 360) % 360;
}

test('ops fall in their Netron categories, whatever the framework spells them', () => {
  const expected: [string, string][] = [
    ['Conv', 'layer'], ['Conv2D', 'layer'], ['aten::_convolution', 'layer'], ['Gemm', 'layer'], ['MatMul', 'layer'], ['Dense', 'layer'], ['LSTM', 'layer'],
    ['Relu', 'activation'], ['ReLU', 'activation'], ['aten::relu_', 'activation'], ['Sigmoid', 'activation'], ['Softmax', 'activation'],
    ['MaxPool', 'pooling'], ['GlobalAveragePool', 'pooling'], ['AveragePooling2D', 'pooling'],
    ['BatchNormalization', 'normalization'], ['LayerNormalization', 'normalization'],
    ['Reshape', 'shape'], ['Transpose', 'shape'], ['Concat', 'shape'], ['Split', 'shape'], ['Gather', 'shape'], ['Slice', 'shape'],
    ['Add', 'arithmetic'], ['Mul', 'arithmetic'], ['ReduceMean', 'arithmetic'],
    ['NonMaxSuppression', 'other'],
  ];
  for (const [op, category] of expected) assert.equal(opCategory(op), category, op);
});

test('Conv and Relu are clearly apart, and each category has its own hue', () => {
  for (const dark of [false, true]) {
    const conv = hueOf(opColor('Conv', dark));
    const relu = hueOf(opColor('Relu', dark));
    const apart = Math.min(Math.abs(conv - relu), 360 - Math.abs(conv - relu));
    assert.ok(apart > 120, `Conv ${conv}° vs Relu ${relu}°`);
    assert.ok(conv > 190 && conv < 240, `Conv is blue (${conv}°)`);
    assert.ok(relu < 20 || relu > 340, `Relu is red (${relu}°)`);
    assert.ok(hueOf(opColor('MaxPool', dark)) > 90 && hueOf(opColor('MaxPool', dark)) < 150, 'pooling is green');
    const fills = new Set(['Conv', 'Relu', 'MaxPool', 'BatchNormalization', 'Reshape', 'Add'].map((op) => opColor(op, dark)));
    assert.equal(fills.size, 6);
  }
  assert.equal(opColor('NonMaxSuppression', true), opColor('NonMaxSuppression', true), 'an unknown op keeps its hue');
});

test('white text reads on every fill (contrast 4.5 or more) in both themes', () => {
  const ops = ['Conv', 'Relu', 'MaxPool', 'BatchNormalization', 'Reshape', 'Add', ...Array.from({ length: 200 }, (_, i) => `CustomOp${i}`)];
  for (const dark of [false, true]) {
    for (const op of ops) assert.ok(contrast(opColor(op, dark), FILL_TEXT) >= 4.5, `${op} ${dark ? 'dark' : 'light'}: ${opColor(op, dark)} ${contrast(opColor(op, dark), FILL_TEXT).toFixed(2)}`);
    const ramp = valueOverlay([0, 10, 1000, 1e6, 1e9, null], 'MACs', dark);
    for (let i = 0; i < 6; i++) assert.ok(contrast(ramp.fill(i), FILL_TEXT) >= 4.5, `ramp ${i}: ${ramp.fill(i)}`);
  }
});

test('the op overlay colours each node by its op and lists the most frequent ops', () => {
  const node = (op: string) => ({ op }) as PayloadNode;
  const overlay = buildOverlay([node('Conv'), node('Relu'), node('Conv')], 'op', false);
  assert.equal(overlay.fill(0), overlay.fill(2));
  assert.notEqual(overlay.fill(0), overlay.fill(1));
  assert.deepEqual(overlay.legend.map((entry) => entry.label), ['Conv (2)', 'Relu (1)']);
});

// VS Code's Dark Modern and Light Modern editor colours.
const darkVars: Record<string, string> = { '--vscode-editor-background': '#1f1f1f', '--vscode-editor-foreground': '#cccccc', '--vscode-focusBorder': '#0078d4' };
const lightVars: Record<string, string> = { '--vscode-editor-background': '#ffffff', '--vscode-editor-foreground': '#3b3b3b', '--vscode-focusBorder': '#005fb8' };

test('collapsed groups stand off the canvas and carry readable text in dark and light themes', () => {
  for (const [kind, vars] of [['vscode-dark', darkVars], ['vscode-light', lightVars]] as const) {
    const theme = graphTheme(kind, (name) => vars[name] ?? '');
    assert.ok(contrast(theme.groupFill, theme.background) >= 1.25, `${kind}: group fill ${theme.groupFill} on ${theme.background}`);
    assert.ok(contrast(theme.groupBorder, theme.background) >= 3, `${kind}: group border ${theme.groupBorder}`);
    assert.ok(contrast(theme.foreground, theme.groupFill) >= 4.5, `${kind}: group text on its fill`);
    assert.ok(contrast(theme.foreground, theme.nodeBody) >= 4.5, `${kind}: node lines on the node body`);
    assert.ok(contrast(theme.muted, theme.groupFill) >= 3, `${kind}: group figures on the group fill`);
    assert.ok(contrast(theme.edge, theme.background) >= 3, `${kind}: edges`);
    assert.equal(theme.selected, vars['--vscode-focusBorder']);
  }
});

test('high-contrast themes draw borders in contrastBorder and selection in contrastActiveBorder', () => {
  const vars: Record<string, string> = { '--vscode-editor-background': '#000000', '--vscode-editor-foreground': '#ffffff', '--vscode-contrastBorder': '#6fc3df', '--vscode-contrastActiveBorder': '#f38518' };
  const theme = graphTheme('vscode-high-contrast', (name) => vars[name] ?? '');
  assert.equal(theme.highContrast, true);
  assert.deepEqual([theme.groupBorder, theme.nodeBorder, theme.frameBorder], ['#6fc3df', '#6fc3df', '#6fc3df']);
  assert.equal(theme.selected, '#f38518');
});

test('colours parse from the forms theme variables take, and mix linearly', () => {
  assert.deepEqual(parseColor('#1e1e1e'), [30, 30, 30]);
  assert.deepEqual(parseColor('#fff'), [255, 255, 255]);
  assert.deepEqual(parseColor('#0078d4cc'), [0, 120, 212]);
  assert.deepEqual(parseColor('rgba(10, 20, 30, 0.5)'), [10, 20, 30]);
  assert.equal(parseColor('var(--x)'), undefined);
  assert.equal(mix('#ffffff', '#000000', 0.5), '#808080');
});
