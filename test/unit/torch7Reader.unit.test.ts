// The Torch7 reader against python-torchfile's own test expectations for the same files
// (bshillingford/python-torchfile tests.py, commit 963865b), and the gModule against the Lua source
// its nodes record (`c = nn.Linear(1,2)(a)`, `mod = nn.gModule({a,b}, {nn.CAddTable(){b,c}})`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FormatError } from '../../src/core/formats/formatError';
import { ModelFile } from '../../src/core/formats/containers/modelFile';
import { torch7Format } from '../../src/core/formats/torch7/format';
import { torch7RuleSet } from '../../src/core/formats/torch7/t7Rules';
import { field, list, readT7, type T7Table, type T7Value } from '../../src/core/formats/torch7/t7Values';
import { readTorch7 } from '../../src/core/formats/torch7/torch7Reader';
import { CostModel } from '../../src/core/ir/cost';
import type { Model } from '../../src/core/ir/graph';
import { ShapeInference } from '../../src/core/ir/shapeInference';
import { summarizeModel } from '../../src/core/ir/summary';
import { WeightIndex } from '../../src/core/ir/weightIndex';
import { matches } from './formatMatch';

const folder = path.resolve(__dirname, '../fixtures/upstream/torch7');
const fixture = (name: string) => path.join(folder, name);
const decode = (name: string): T7Value => {
  const file = ModelFile.open(fixture(name));
  try {
    return readT7(file);
  } finally {
    file.close();
  }
};
/** The tensor's values, read through the TensorRef the reader produced (the reader itself never reads them). */
function tensorValues(model: Model): number[] {
  const ref = [...model.graph.values.values()].find((value) => value.initializer)!.initializer!;
  const bytes = fs.readFileSync(ref.file).subarray(ref.offset!, ref.offset! + ref.byteLength!);
  const width = ref.dtype === 'float64' ? 8 : 4;
  return Array.from({ length: bytes.length / width }, (_, i) => (width === 8 ? bytes.readDoubleLE(i * width) : bytes.readFloatLE(i * width)));
}

test("python-torchfile's expectations: tables, classes, functions, tds", () => {
  const hello = decode('hello=123.t7') as T7Table;
  assert.deepEqual(hello.entries, [['hello', 123]]);
  const custom = decode('custom_class.t7');
  assert.ok(custom && typeof custom === 'object' && custom.kind === 'object' && custom.className === 'Blah');
  const fn = decode('function_upvals.t7');
  assert.ok(fn && typeof fn === 'object' && fn.kind === 'function');
  assert.deepEqual(list(decode('list_table.t7')), ['hello', 'world', 'third item', 123]);
  const recursive = decode('recursive_class.t7');
  assert.equal(field(recursive, 'a'), recursive, 'obj.a is obj');
  const kv = decode('recursive_kv_table.t7') as T7Table;
  assert.equal(kv.entries.length, 1);
  assert.equal(kv.entries[0][0], kv, 'the key is the table');
  assert.equal(kv.entries[0][1], kv, 'the value is the table');
  const hash = decode('tds_hash.t7') as T7Table;
  assert.equal(hash.entries.length, 3);
  assert.equal(hash.entries.find(([key]) => key === 1)?.[1], 2);
  assert.equal(hash.entries.find(([key]) => key === 10)?.[1], 11);
  assert.deepEqual(list(decode('tds_vec.t7')), [123, 456]);
});

test('tensors: shape and dtype from the header, values where the TensorRef points (doubletensor, floattensor)', async () => {
  const f64 = await readTorch7(fixture('doubletensor.t7'));
  assert.deepEqual(f64.graph.values.get('value')?.initializer?.shape, [2, 3]);
  assert.equal(f64.graph.values.get('value')?.initializer?.dtype, 'float64');
  assert.deepEqual(tensorValues(f64), [1, 2, 3, 4, 5, 6.9]);
  const f32 = await readTorch7(fixture('floattensor.t7'));
  assert.deepEqual(f32.graph.values.get('value')?.initializer?.shape, [2, 3, 4]);
  const sum = tensorValues(f32).reduce((a, b) => a + b, 0);
  assert.ok(Math.abs(sum - 12.97241666913) < 1e-5, `sum ${sum}`);
  assert.equal(summarizeModel(f32).params, 24);
});

test('gModule: nodes, wiring and Linear(1,2) parameters as the recorded Lua source says', async () => {
  const model = await readTorch7(fixture('gmodule_with_linear_identity.t7'));
  assert.equal(model.metadata.kind, 'nn module');
  const summary = summarizeModel(model);
  assert.equal(summary.params, 2 * 1 + 2);
  assert.deepEqual(summary.opTypes, { CAddTable: 1, Identity: 2, Linear: 1 });
  assert.deepEqual(model.graph.inputs, ['input1', 'input2']);
  const byOp = (op: string) => model.graph.nodes.filter((node) => node.op === op);
  const linear = byOp('Linear')[0];
  assert.deepEqual(linear.inputs.slice(1).map((name) => model.graph.values.get(name)?.initializer?.shape), [[2, 1], [2]]);
  assert.deepEqual([linear.attrs.inputSize, linear.attrs.outputSize], [1, 2]);
  // a = Identity(input1) feeds the Linear; the CAddTable adds b = Identity(input2) and c = Linear(a).
  const producer = (value: string) => model.graph.nodes.find((node) => node.outputs.includes(value));
  assert.deepEqual(producer(linear.inputs[0])?.inputs, ['input1']);
  const add = byOp('CAddTable')[0];
  assert.deepEqual(add.inputs.map((value) => producer(value)?.op), ['Identity', 'Linear']);
  assert.deepEqual(producer(add.inputs[0])?.inputs, ['input2']);
  assert.deepEqual(model.graph.outputs, add.outputs);
});

test('rules: a Linear and a SpatialConvolution costed from their fields once an input shape is known', () => {
  const graph: Model['graph'] = {
    name: 'g', inputs: ['x'], outputs: ['fc'],
    values: new Map([['x', { name: 'x', type: { dtype: 'float32', shape: [1, 3, 32, 32] } }], ['conv', { name: 'conv' }], ['pool', { name: 'pool' }], ['flat', { name: 'flat', type: { dtype: 'float32', shape: [1, 1536] } }], ['fc', { name: 'fc' }]]),
    nodes: [
      { id: '0', op: 'SpatialConvolution', domain: 'nn', name: 'conv', scope: [], attrs: { nInputPlane: 3, nOutputPlane: 6, kW: 5, kH: 5, dW: 1, dH: 1, padW: 0, padH: 0 }, inputs: ['x'], outputs: ['conv'] },
      { id: '1', op: 'SpatialMaxPooling', domain: 'nn', name: 'pool', scope: [], attrs: { kW: 2, kH: 2, dW: 2, dH: 2, padW: 0, padH: 0, ceil_mode: true }, inputs: ['conv'], outputs: ['pool'] },
      { id: '2', op: 'Linear', domain: 'nn', name: 'fc', scope: [], attrs: { inputSize: 1536, outputSize: 10 }, inputs: ['flat'], outputs: ['fc'] },
    ],
  };
  const inference = new ShapeInference(graph, { rules: torch7RuleSet, opset: 0, bindings: new Map(), functions: new Map() });
  assert.deepEqual(inference.type('conv')?.shape, [1, 6, 28, 28]);
  assert.deepEqual(inference.type('pool')?.shape, [1, 6, 14, 14]);
  const costs = [...new CostModel(inference, WeightIndex.of(graph)).costAll().values()].map((cost) => cost.macs);
  assert.deepEqual(costs, [6 * 28 * 28 * 3 * 25, 0, 10 * 1536]);
});

test('detection: the extension plus a plausible first type tag', () => {
  const head = (name: string) => fs.readFileSync(fixture(name)).subarray(0, 4096);
  for (const name of fs.readdirSync(folder)) assert.equal(matches(torch7Format, head(name), name), true, name);
  assert.equal(matches(torch7Format, head('floattensor.t7'), 'floattensor.pt'), false);
  assert.equal(matches(torch7Format, Buffer.from('PK\x03\x04....'), 'x.t7'), false);
});

test('bad input: truncations, flipped bytes, deep nesting and huge counts end in a FormatError', async () => {
  const temp = fs.mkdtempSync(path.join(os.tmpdir(), 't7-'));
  try {
    const target = path.join(temp, 'bad.t7');
    const expectError = async (bytes: Buffer, what: string) => {
      fs.writeFileSync(target, bytes);
      await assert.rejects(readTorch7(target), (error: unknown) => error instanceof FormatError && error.message.includes(target), what);
    };
    const gmodule = fs.readFileSync(fixture('gmodule_with_linear_identity.t7'));
    for (const cut of [0, 3, 4, 9, 100, 1000, 5000, gmodule.length - 1]) await expectError(gmodule.subarray(0, cut), `cut at ${cut}`);
    let seed = 11;
    for (let round = 0; round < 300; round++) {
      const copy = Buffer.from(gmodule);
      for (let flip = 0; flip < 3; flip++) {
        seed = (seed * 1103515245 + 12345) >>> 0;
        copy[seed % copy.length] = seed >>> 24;
      }
      fs.writeFileSync(target, copy);
      await readTorch7(target).then((model) => summarizeModel(model), (error: unknown) => assert.ok(error instanceof FormatError, String(error)));
    }
    const int = (value: number) => Buffer.from(new Int32Array([value]).buffer);
    // 5000 nested tables: table tag, index, size 1, key nil... each value another table.
    const nested = Buffer.concat(Array.from({ length: 5000 }, (_, i) => Buffer.concat([int(3), int(i + 1), int(1), int(1), Buffer.alloc(8)])));
    await expectError(nested, 'deep nesting');
    await expectError(Buffer.concat([int(3), int(1), int(0x7fffffff)]), 'a table size past the end');
    await expectError(Buffer.concat([int(2), int(-5)]), 'a negative string length');
    await expectError(Buffer.concat([int(42)]), 'an unknown type tag');
  } finally {
    fs.rmSync(temp, { recursive: true, force: true });
  }
});
