// The display vocabulary (src/core/display): every surface prints a count, a byte size, a shape or an attribute
// through these, so each expectation below is the one text a person sees for that figure. Figures worked by hand.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MiB, formatBytes, formatBytesPair, formatCount, formatExactCount, formatMib, formatPartialCount, formatValue } from '../../src/core/display/quantities';
import { formatAttr, formatShape, formatTensorType } from '../../src/core/display/irText';
import type { Graph } from '../../src/core/ir/graph';

test('counts: two decimals and an upper-case SI letter past a thousand; unknown is "unknown", never 0', () => {
  const cases: [number | null, string][] = [
    [0, '0'],
    [999, '999'],
    [1000, '1.00 K'],
    [6000, '6.00 K'],
    [786_560, '786.56 K'],
    [11_689_512, '11.69 M'], // resnet18's parameters
    [1_814_073_344, '1.81 G'],
    [2.5e12, '2.50 T'],
    [-2500, '-2.50 K'],
    [null, 'unknown'],
  ];
  for (const [value, text] of cases) assert.equal(formatCount(value), text, String(value));
  assert.equal(formatExactCount(11_689_512), '11,689,512');
  assert.equal(formatExactCount(null), 'unknown');
});

test('partial totals: "+?" when some parts are unknown, "unknown" when no known part adds anything', () => {
  assert.equal(formatPartialCount(786_560, 0), '786.56 K');
  assert.equal(formatPartialCount(0, 0), '0');
  assert.equal(formatPartialCount(786_560, 3), '786.56 K+?');
  // Silero VAD's top level: an Equal (0 MACs) beside an If without cost rules reads unknown, not 0.
  assert.equal(formatPartialCount(0, 1), 'unknown');
  assert.equal(formatPartialCount(1_234_567, 2, formatExactCount), '1,234,567+?');
});

test('bytes: binary units with two decimals; under 1 KiB in bytes', () => {
  const cases: [number | null, string][] = [
    [0, '0 B'],
    [512, '512 B'],
    [1023, '1023 B'],
    [1024, '1.00 KiB'],
    [46_756_048, '44.59 MiB'], // 46756048 / 1048576 = 44.5901…
    [1_610_612_736, '1.50 GiB'],
    [3 * 1024 ** 4, '3.00 TiB'],
    [null, 'unknown'],
  ];
  for (const [value, text] of cases) assert.equal(formatBytes(value), text, String(value));
});

test('a used/total pair reads in the total\'s unit, compact (the GPU status bar)', () => {
  // An A10G idle: 22 of 23028 MiB (22.49 GiB); an H100: 81559 MiB (79.65 GiB); an H200: 143771 MiB (140.4 GiB).
  assert.equal(formatBytesPair(22 * MiB, 23028 * MiB), '0/22.5 GiB');
  assert.equal(formatBytesPair(31_949 * MiB, 81_559 * MiB), '31.2/79.6 GiB');
  assert.equal(formatBytesPair(1024 * MiB, 143_771 * MiB, ' / '), '1 / 140 GiB');
  assert.equal(formatBytesPair(null, 80 * 1024 * MiB), 'n/a/80 GiB');
  assert.equal(formatBytesPair(300 * MiB, 512 * MiB), '300/512 MiB');
  // A figure nvidia-smi reports in MiB stays as it reported it.
  assert.equal(formatMib(1474), '1474 MiB');
  assert.equal(formatMib(null), 'n/a');
});

test('measured values: integers as they are, six significant digits, exponent form at the extremes', () => {
  const cases: [number, string][] = [
    [0, '0'],
    [3, '3'],
    [2.5, '2.5'],
    [Math.LN2, '0.693147'],
    [-0.000123456789, '-0.000123457'],
    [0.0000123456, '1.2346e-5'],
    [30_000_000, '30000000'],
    [35_000_000.5, '3.5000e+7'],
    [Number.NaN, 'NaN'],
    [Number.NEGATIVE_INFINITY, '-Infinity'],
  ];
  for (const [value, text] of cases) assert.equal(formatValue(value), text, String(value));
});

test('shapes and tensor types: symbolic dims by name, ? for unknown dims and shapes', () => {
  assert.equal(formatShape([1, 3, 224, 224]), '[1, 3, 224, 224]');
  assert.equal(formatShape(['batch', null, 8]), '[batch, ?, 8]');
  assert.equal(formatShape([]), '[]');
  assert.equal(formatShape(null), '?');
  assert.equal(formatTensorType('float32', ['N', 1000]), 'float32 [N, 1000]');
  assert.equal(formatTensorType(null, null), '? ?');
});

test('attributes: one short line; strings as they are, tensors and graphs described, long values cut at 80', () => {
  const body: Graph = { name: 'loop_body', nodes: [{ id: 'a', op: 'Add', name: 'a', scope: [], attrs: {}, inputs: [], outputs: [] }], values: new Map(), inputs: [], outputs: [] };
  assert.equal(formatAttr(3), '3');
  assert.equal(formatAttr('constant'), 'constant');
  assert.equal(formatAttr(true), 'true');
  assert.equal(formatAttr(null), 'null');
  assert.equal(formatAttr([1, 2, 3]), '[1,2,3]');
  assert.equal(formatAttr({ dtype: 'float32', shape: [64, 3, 7, 7], file: '/x.onnx', offset: 10 }), 'tensor float32[64, 3, 7, 7]');
  assert.equal(formatAttr({ graph: body }), 'graph loop_body (1 nodes)');
  assert.equal(formatAttr({ graphs: [body, body] }), '2 graphs');
  assert.equal(formatAttr({ value: 5n }), '{"value":"5"}');
  // '[' and 0..9 take 21 characters, 10..28 take 57: the 79th is the 2 of 29, then the ellipsis.
  const long = formatAttr(Array.from({ length: 100 }, (_unused, i) => i));
  assert.equal(long.length, 80);
  assert.equal(long, `${'[0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,2'}…`);
});
