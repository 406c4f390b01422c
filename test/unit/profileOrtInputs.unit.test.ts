// The profiler's inputs: .npy, .npz and TensorProto .pb files written by numpy and onnx (Debian's python3) read
// back value for value; random tensors of every dtype; dims bound by --dims, unbound ones named in the error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readNpyFile } from '../../src/core/tensors/npyReader';
import { readNpzFile } from '../../src/core/tensors/npzReader';
import { readTensorProtoFile } from '../../src/core/profile/ort/tensorProtoReader';
import { randomTensor, RANDOM_INT_MAX } from '../../src/core/profile/ort/randomTensor';
import { seededRandom } from '../../src/core/random/seededRandom';
import { prepareInputs, type DeclaredInput } from '../../src/core/profile/ort/profileInputs';
import { tensorDtypes, type HostTensor } from '../../src/core/tensors/hostTensor';

const python = fs.existsSync('/usr/bin/python3') && spawnSync('/usr/bin/python3', ['-c', 'import numpy, onnx'], { timeout: 60_000 }).status === 0;
const noPython = python ? false : "Debian's /usr/bin/python3 with numpy and onnx is not on this machine";
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tensorsight-ort-inputs-'));
test.after(() => fs.rmSync(dir, { recursive: true, force: true }));

// Each case: a numpy expression, and its values as numpy prints them (tolist()) for the comparison.
const cases: { name: string; expr: string }[] = [
  { name: 'f32', expr: 'np.arange(24, dtype=np.float32).reshape(2, 3, 4) / 7' },
  { name: 'f64', expr: 'np.linspace(-1, 1, 5)' },
  { name: 'f16', expr: 'np.array([0.5, -2, 1024, 0.0001], dtype=np.float16)' },
  { name: 'i64', expr: 'np.array([[-3, 2**40], [7, -2**50]], dtype=np.int64)' },
  { name: 'i32', expr: 'np.array([-5, 0, 2**31 - 1], dtype=np.int32)' },
  { name: 'u8', expr: 'np.array([[0, 255], [1, 128]], dtype=np.uint8)' },
  { name: 'i8', expr: 'np.array([-128, 127, 0], dtype=np.int8)' },
  { name: 'b', expr: 'np.array([True, False, True])' },
  { name: 'scalar', expr: 'np.float32(3.5)' },
];

/** Writes every case as .npy, all of them into one .npz (compressed) and one .pb each; prints {name: {dtype, shape, values, f16bits}}. */
function writeWithPython(): Record<string, { dtype: string; shape: number[]; values: unknown[]; bits?: number[] }> {
  const script = `
import json, sys, numpy as np, onnx
from onnx import numpy_helper
d = sys.argv[1]
arrays = {${cases.map((c) => `'${c.name}': np.asarray(${c.expr})`).join(', ')}}
out = {}
for name, a in arrays.items():
    np.save(f'{d}/{name}.npy', a)
    t = numpy_helper.from_array(a, name=name)
    open(f'{d}/{name}.pb', 'wb').write(t.SerializeToString())
    entry = {'dtype': str(a.dtype), 'shape': list(a.shape), 'values': [v if not isinstance(v, float) or v == v else None for v in a.ravel().tolist()]}
    if a.dtype == np.float16: entry['bits'] = a.view(np.uint16).ravel().tolist()
    out[name] = entry
np.savez_compressed(f'{d}/all.npz', **arrays)
# int64 as int64_data (varints) rather than raw_data: the other TensorProto encoding readers meet
t = onnx.helper.make_tensor('ids', onnx.TensorProto.INT64, [3], [-1, 5, 2**45])
open(f'{d}/ids_varint.pb', 'wb').write(t.SerializeToString())
print(json.dumps(out))
`;
  const result = spawnSync('/usr/bin/python3', ['-c', script, dir], { encoding: 'utf8', timeout: 120_000 });
  assert.equal(result.status, 0, result.stderr);
  return JSON.parse(result.stdout);
}

const NUMPY_DTYPES: Record<string, string> = { float32: 'float32', float64: 'float64', float16: 'float16', int64: 'int64', int32: 'int32', uint8: 'uint8', int8: 'int8', bool: 'bool' };

function assertSame(tensor: HostTensor, expected: { dtype: string; shape: number[]; values: unknown[]; bits?: number[] }, what: string): void {
  assert.equal(tensor.dtype, NUMPY_DTYPES[expected.dtype], `${what} dtype`);
  assert.deepEqual(tensor.shape, expected.shape, `${what} shape`);
  if (expected.bits) {
    assert.deepEqual([...tensor.data], expected.bits, `${what} float16 bits`);
    return;
  }
  const values = [...tensor.data].map((value) => (typeof value === 'bigint' ? Number(value) : value));
  const wanted = expected.values.map((value) => (typeof value === 'boolean' ? Number(value) : value));
  if (tensor.dtype === 'float32') wanted.forEach((value, i) => assert.ok(Math.abs(values[i] - (value as number)) < 1e-6, `${what}[${i}]`));
  else assert.deepEqual(values, wanted, `${what} values`);
}

test('.npy, .npz and .pb files written by numpy and onnx read back with their dtype, shape and values', { skip: noPython }, async () => {
  const expected = writeWithPython();
  const npz = readNpzFile(path.join(dir, 'all.npz'));
  assert.deepEqual([...npz.keys()].sort(), cases.map((c) => c.name).sort());
  for (const { name } of cases) {
    assertSame(readNpyFile(path.join(dir, `${name}.npy`)), expected[name], `${name}.npy`);
    assertSame(npz.get(name)!, expected[name], `all.npz:${name}`);
    const pb = await readTensorProtoFile(path.join(dir, `${name}.pb`));
    assert.equal(pb.name, name);
    assertSame(pb.tensor, expected[name], `${name}.pb`);
  }
  const ids = await readTensorProtoFile(path.join(dir, 'ids_varint.pb'));
  assert.deepEqual([...ids.tensor.data], [-1n, 5n, 2n ** 45n]);
});

test('bad input files fail naming the file and the offset', async () => {
  const bad = path.join(dir, 'bad.npy');
  fs.writeFileSync(bad, Buffer.from('\x93NUMPY\x01\x00\x0f\x00{"no": "dict"}\n', 'latin1'));
  assert.throws(() => readNpyFile(bad), (error: Error) => error.message.startsWith(`${bad} (at byte 10)`) && error.message.includes("'descr'"));
  const truncated = path.join(dir, 'truncated.npy');
  const header = "{'descr': '<f4', 'fortran_order': False, 'shape': (4,), }";
  fs.writeFileSync(truncated, Buffer.concat([Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, header.length, 0]), Buffer.from(header, 'latin1'), Buffer.alloc(8)]));
  assert.throws(() => readNpyFile(truncated), /expected 16 bytes of data for shape \(4\) float32, the file holds 8/);
  const notZip = path.join(dir, 'bad.npz');
  fs.writeFileSync(notZip, 'not a zip');
  assert.throws(() => readNpzFile(notZip), (error: Error) => error.message.startsWith(`${notZip}: expected a zip archive`));
});

test('random tensors have the declared dtype, shape and value range, the same for the same seed', () => {
  for (const dtype of tensorDtypes) {
    const tensor = randomTensor(dtype, [2, 3, 5], seededRandom(7));
    assert.equal(tensor.data.length, 30, dtype);
    const values = [...tensor.data].map(Number);
    if (dtype === 'bool') assert.ok(values.every((value) => value === 0 || value === 1));
    else if (dtype === 'float16') assert.ok(values.every((bits) => (bits & 0x7c00) >> 10 < 15), 'float16 magnitudes under 1');
    else if (dtype.startsWith('float')) assert.ok(values.every((value) => value >= -1 && value < 1) && new Set(values).size > 20, dtype);
    else assert.ok(values.every((value) => Number.isInteger(value) && value >= 0 && value <= RANDOM_INT_MAX), dtype);
    assert.deepEqual(randomTensor(dtype, [2, 3, 5], seededRandom(7)).data, tensor.data, `${dtype} seeded`);
  }
  assert.throws(() => randomTensor('string', [1], seededRandom(1)), /cannot make random values of dtype string/);
});

test('symbolic dims come from --dims; unbound ones are listed with their input and axis', async () => {
  const declared: DeclaredInput[] = [
    { name: 'ids', dtype: 'int64', shape: ['batch', 'seq'] },
    { name: 'mask', dtype: 'bool', shape: ['batch', 'seq', null] },
    { name: 'image', dtype: 'float32', shape: [1, 3, 8, 8] },
  ];
  const prepared = await prepareInputs('m.onnx', declared.slice(0, 1).concat(declared[2]), { dims: { batch: 2, seq: 16 } });
  assert.deepEqual(prepared.inputs, [
    { name: 'ids', dtype: 'int64', shape: [2, 16], source: 'random' },
    { name: 'image', dtype: 'float32', shape: [1, 3, 8, 8], source: 'random' },
  ]);
  assert.ok(prepared.feeds.get('ids')!.data instanceof BigInt64Array);
  await assert.rejects(prepareInputs('m.onnx', declared, { dims: { batch: 2 } }), {
    message: "m.onnx: input dims without a value: seq (input 'ids', axis 1), seq (input 'mask', axis 1), ? (input 'mask', axis 2); bind them with --dims seq=N",
  });
});

test('given files feed the input they are named after, the rest in order; a wrong dtype or shape is refused', { skip: noPython }, async () => {
  writeWithPython();
  const declared: DeclaredInput[] = [
    { name: 'x', dtype: 'float32', shape: [2, 3, 4] },
    { name: 'u8', dtype: 'uint8', shape: ['n', 2] },
  ];
  const prepared = await prepareInputs('m.onnx', declared, { inputFiles: [path.join(dir, 'u8.npy'), path.join(dir, 'f32.pb')] });
  assert.deepEqual(prepared.inputs.map((input) => [input.name, input.source]), [['x', path.join(dir, 'f32.pb')], ['u8', path.join(dir, 'u8.npy')]]);
  await assert.rejects(prepareInputs('m.onnx', declared.slice(0, 1), { inputFiles: [path.join(dir, 'i32.npy')] }), /int32 data for input 'x' of m\.onnx, which is float32 \[2, 3, 4\]/);
  await assert.rejects(prepareInputs('m.onnx', [{ name: 'x', dtype: 'float32', shape: [2, 3, 5] }], { inputFiles: [path.join(dir, 'f32.npy')] }), /shape \[2, 3, 4\] for input 'x'/);
});
