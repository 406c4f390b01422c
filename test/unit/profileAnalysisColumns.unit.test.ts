// The analyses' columns: what they hand over reads back exactly what was pushed (narrow types only where exact, across
// growth and widening), and orderBy gives the order a plain stable sort gives.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Float64Column, IndexColumn, NumberColumn, orderBy } from '../../src/core/profile/analysis/columns';
import { seededRandom } from '../../src/core/random/seededRandom';

function pushAll<T extends { push(value: number): void; take(): ArrayLike<number> }>(column: T, values: number[]): ArrayLike<number> {
  for (const value of values) column.push(value);
  return column.take();
}

test('a number column stays float32 while every value is one, and widens to float64 exactly', () => {
  const whole = Array.from({ length: 10_000 }, (_, i) => (i % 7 === 0 ? Number.NaN : i * 3));
  const narrow = pushAll(new NumberColumn(), whole);
  assert.ok(narrow instanceof Float32Array);
  assert.deepEqual(Array.from(narrow), whole);
  // Kineto's fractional-ns durations and epoch-µs timestamps are not float32s: the whole column turns float64.
  const mixed = [...whole, 12.345, 1_695_835_542_481_129, ...whole];
  const wide = pushAll(new NumberColumn(), mixed);
  assert.ok(wide instanceof Float64Array);
  assert.deepEqual(Array.from(wide), mixed);
});

test('an index column takes the narrowest signed type that holds every value', () => {
  const cases: [number[], string][] = [
    [[-1, 0, 5, 127, -128], 'Int8Array'],
    [[-1, 3, 200, 7], 'Int16Array'],
    [[-1, 3, -300, 32_767], 'Int16Array'],
    [[-1, 3, 200, 40_000, 2], 'Int32Array'],
    [[0, -40_000], 'Int32Array'],
  ];
  for (const [values, type] of cases) {
    const filler = Array.from({ length: 5000 }, (_, i) => i % 100);
    const all = [...filler, ...values, ...filler];
    const out = pushAll(new IndexColumn(), all);
    assert.equal(out.constructor.name, type, values.join());
    assert.deepEqual(Array.from(out), all);
  }
});

test('a float64 column hands over exactly what was pushed, past several growth steps, and is empty again after', () => {
  const random = seededRandom(7);
  const values = Array.from({ length: 100_003 }, () => random() * 1e15);
  const column = new Float64Column();
  const out = pushAll(column, values);
  assert.equal(out.length, values.length);
  assert.deepEqual(Array.from(out), values);
  assert.deepEqual(Array.from(pushAll(column, [1, 2])), [1, 2]);
});

test('orderBy gives the order of a stable sort (ties by index), on nearly sorted and on shuffled keys', () => {
  const random = seededRandom(13);
  for (let round = 0; round < 200; round++) {
    const n = Math.floor(random() * 3000);
    const spread = 1 + (round % 9);
    const nearly = round % 2 === 0;
    const keys = Array.from({ length: n }, (_, i) => (nearly ? i + Math.floor(random() * spread * 3) : Math.floor(random() * spread)));
    const compare = (a: number, b: number) => keys[a] - keys[b];
    const expected = Array.from({ length: n }, (_, i) => i).sort((a, b) => compare(a, b) || a - b);
    assert.deepEqual(Array.from(orderBy(n, compare)), expected, `round ${round}`);
  }
});
