// PyTorch files against PyTorch's own figures: small files written by scripts/fixtures/pytorchFigures.py
// --make (test/fixtures/pytorch, figures.json from torch.load / torch.jit.load), the torchvision
// models of test/fixtures/generated (makeModels.py, pytorchFigures.py --state-dicts), and bad input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { zipSync } from 'fflate';
import { FormatError } from '../../src/core/formats/formatError';
import { openModel } from '../../src/core/formats/registry';
import { readPyTorch } from '../../src/core/formats/pytorch/pytorchReader';
import type { Model, TensorRef } from '../../src/core/ir/graph';
import { summarizeModel } from '../../src/core/ir/summary';
import { tempDirsFor } from './tempDirs';
import { ensureStateDict, generatedDir } from '../../scripts/fixtures/generatedModels';

const here = path.resolve(__dirname, '../fixtures/pytorch');
const shared = path.resolve(__dirname, '../fixtures/upstream');
const figures = JSON.parse(fs.readFileSync(path.join(here, 'figures.json'), 'utf8')) as {
  rows: { file: string; expected: Record<string, unknown> }[];
  views: Record<string, { offset: number; contiguous: boolean; values: number[] }>;
};

const initializers = (model: Model) => [...model.graph.values.values()].filter((value) => value.initializer);
const ref = (model: Model, name: string): TensorRef => {
  const value = model.graph.values.get(name);
  assert.ok(value?.initializer, `no tensor ${name}`);
  return value.initializer;
};
const bytesAt = (tensor: TensorRef): Buffer => {
  assert.ok(tensor.offset !== undefined && tensor.byteLength !== undefined, 'tensor has an offset and length');
  const fd = fs.openSync(tensor.file, 'r');
  try {
    const buffer = Buffer.alloc(tensor.byteLength);
    fs.readSync(fd, buffer, 0, tensor.byteLength, tensor.offset);
    return buffer;
  } finally {
    fs.closeSync(fd);
  }
};
const tempDir = tempDirsFor('tensorsight-pytorch-');
/** A zip as torch.save writes it: every member stored, under one root folder. */
const writeZip = (members: Record<string, Uint8Array | string>): string => {
  const file = path.join(tempDir(), 'model.pt');
  const entries = Object.fromEntries(Object.entries(members).map(([name, data]) => [name, [typeof data === 'string' ? Buffer.from(data, 'latin1') : data, { level: 0 }] as const]));
  fs.writeFileSync(file, zipSync(entries as never));
  return file;
};

for (const row of figures.rows) {
  test(`${row.file}: figures torch reports`, async () => {
    const model = await openModel(path.join(here, row.file));
    const summary = summarizeModel(model);
    const { tensors, constants, ops, ...rest } = row.expected as Record<string, unknown> & { tensors: number; constants?: number; ops?: Record<string, number> };
    assert.equal(initializers(model).length, tensors + (constants ?? 0), 'stored tensors');
    for (const [key, expected] of Object.entries(rest)) assert.deepEqual((summary as unknown as Record<string, unknown>)[key], expected, key);
    if (ops) assert.deepEqual(opHistogram(model), ops, 'ops recovered from code/ = aten ops of torch.jit.load(...).inlined_graph');
  });
}

function opHistogram(model: Model): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const node of model.graph.nodes) if (node.domain === 'aten') counts[node.op] = (counts[node.op] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => (a < b ? -1 : 1)));
}

test('tensor references point at the bytes torch wrote: views, offsets, dtypes', async () => {
  const model = await readPyTorch(path.join(here, 'tensor_views.pt'));
  const rows = ref(model, 'rows');
  assert.deepEqual([...new Float32Array(new Uint8Array(bytesAt(rows)).buffer)], figures.views.rows.values);
  assert.equal(figures.views.transposed.contiguous, false);
  assert.equal(ref(model, 'transposed').offset, undefined, 'a non-contiguous view has no single byte range');
  assert.deepEqual([...new BigInt64Array(new Uint8Array(bytesAt(ref(model, 'steps'))).buffer)].map(Number), figures.views.steps.values);
  const half = ref(model, 'half');
  assert.equal(half.dtype, 'float16');
  const halfBytes = bytesAt(half);
  assert.deepEqual(Array.from({ length: 5 }, (_, i) => float16(halfBytes.readUInt16LE(2 * i))), figures.views.half.values);
});

test('the legacy format locates the same bytes as the zip format', async () => {
  const legacy = await readPyTorch(path.join(here, 'small_state_dict_legacy.pth'));
  const zipped = await readPyTorch(path.join(here, 'small_state_dict.pth'));
  for (const value of initializers(zipped)) assert.deepEqual(bytesAt(ref(legacy, value.name)), bytesAt(value.initializer!), value.name);
});

test('state_dict tensors group by module path into one node per module', async () => {
  const model = await readPyTorch(path.join(here, 'small_state_dict.pth'));
  assert.deepEqual(model.graph.nodes.map((node) => [node.name, node.op, node.scope]), [
    ['conv', 'Conv2d', ['conv']],
    ['bn', 'BatchNorm', ['bn']],
    ['head.1', 'Linear', ['head', '1']],
  ]);
  assert.equal(model.graph.values.get('bn.running_mean')?.trainable, false);
  assert.equal(model.graph.values.get('conv.weight')?.trainable, true);
});

test('a full module keeps its class names and parameter/buffer split', async () => {
  const model = await readPyTorch(path.join(here, 'small_full_module.pth'));
  assert.deepEqual(model.graph.nodes.map((node) => `${node.name}:${node.op}`), ['conv:Conv2d', 'bn:BatchNorm2d', 'head.0:Flatten', 'head.1:Linear']);
  assert.equal(model.graph.values.get('bn.num_batches_tracked')?.trainable, false);
});

const torchvision = [
  { name: 'resnet18', params: 11_689_512 },
  { name: 'mobilenet_v2', params: 3_504_872 },
];
for (const { name, params } of torchvision) {
  test(`${name}: ${params.toLocaleString('en')} parameters from the TorchScript and state_dict files`, async (t) => {
    const made = ensureStateDict(name);
    if ('skip' in made) {
      t.skip(made.skip);
      return;
    }
    const { torchscript: script, stateDict, figuresFile } = made;
    const torch = JSON.parse(fs.readFileSync(figuresFile, 'utf8')) as { params: number; buffers: number; torchscriptOps: Record<string, number> };
    assert.equal(torch.params, params, 'torchvision publishes this count');
    for (const file of [script, stateDict]) {
      const summary = summarizeModel(await readPyTorch(file));
      assert.equal(summary.params, params, `${path.basename(file)} parameters`);
      assert.equal(summary.trainableParams, params, `${path.basename(file)} trainable`);
      assert.equal(summary.buffers?.elements, torch.buffers, `${path.basename(file)} buffers`);
    }
    assert.deepEqual(opHistogram(await readPyTorch(script)), torch.torchscriptOps);
    // makeModels.py's forward hooks on a 1x3x224x224 input: Conv2d and Linear MACs as torch ran them.
    const { macs } = JSON.parse(fs.readFileSync(path.join(generatedDir, `${name}.torch.json`), 'utf8')) as { macs: number };
    assert.equal(summarizeModel(await readPyTorch(script), { inputShapes: [{ shape: [1, 3, 224, 224] }] }).macs, macs, 'TorchScript MACs given the input shape');
  });
}

test('a zip without data.pkl is a FormatError naming the missing entry', async () => {
  const file = writeZip({ 'model/version': '3', 'model/data/0': new Uint8Array(16) });
  await assert.rejects(openModel(file), (error: unknown) => error instanceof FormatError && error.where?.entry === '<root>/data.pkl' && /no data\.pkl/.test(error.message));
});

test('a storage missing from the archive is a warning; the tensor keeps its shape', async () => {
  // A state_dict {'w': float32 tensor of shape (2, 3)} whose storage data/0 is absent.
  const pickle = "\x80\x02}q\x00X\x01\x00\x00\x00wctorch._utils\n_rebuild_tensor_v2\n((X\x07\x00\x00\x00storagectorch\nFloatStorage\nX\x01\x00\x00\x000X\x03\x00\x00\x00cpuK\x06tQK\x00K\x02K\x03\x86K\x03K\x01\x86\x89ccollections\nOrderedDict\n)RtRs.";
  const file = writeZip({ 'model/data.pkl': pickle, 'model/version': '3' });
  const model = await openModel(file);
  assert.deepEqual(model.graph.values.get('w')?.type, { dtype: 'float32', shape: [2, 3] });
  assert.equal(ref(model, 'w').offset, undefined);
  assert.match(model.warnings.join('\n'), /missing from the archive: model\/data\/0/);
});

test('a data.pkl that calls os.system is refused with a FormatError; nothing runs', async () => {
  const marker = path.join(tempDir(), 'executed');
  const file = writeZip({ 'evil/data.pkl': `\x80\x02cposix\nsystem\nX${le32(`touch ${marker}`.length)}touch ${marker}\x85R.`, 'evil/version': '3' });
  await assert.rejects(openModel(file), (error: unknown) => error instanceof FormatError && /posix\.system/.test(error.message) && error.where?.entry === 'evil/data.pkl');
  assert.equal(fs.existsSync(marker), false);
});

test('a call nested in a checkpoint becomes a warning naming the global; the tensors still show', async () => {
  const pickle = "\x80\x02}(X\x01\x00\x00\x00wctorch._utils\n_rebuild_tensor_v2\n((X\x07\x00\x00\x00storagectorch\nFloatStorage\nX\x01\x00\x00\x000X\x03\x00\x00\x00cpuK\x02tQK\x00K\x02\x85K\x01\x85\x89ccollections\nOrderedDict\n)RtRX\x04\x00\x00\x00hookcbuiltins\neval\nX\x03\x00\x00\x001+1\x85Ru.";
  const file = writeZip({ 'ckpt/data.pkl': pickle, 'ckpt/data/0': new Uint8Array(8), 'ckpt/version': '3' });
  const model = await openModel(file);
  assert.equal(initializers(model).length, 1);
  assert.match(model.warnings.join('\n'), /calls builtins\.eval, which is not a known tensor or container constructor; it was not run/);
});

test('truncated, random and foreign files give FormatErrors', async () => {
  const dir = tempDir();
  const zipped = fs.readFileSync(path.join(here, 'small_state_dict.pth'));
  const halfZip = path.join(dir, 'half.pt');
  fs.writeFileSync(halfZip, zipped.subarray(0, zipped.length >> 1));
  await assert.rejects(readPyTorch(halfZip), /no end-of-central-directory record/);

  const legacy = fs.readFileSync(path.join(here, 'small_state_dict_legacy.pth'));
  const cutInPickles = path.join(dir, 'cut.pth');
  fs.writeFileSync(cutInPickles, legacy.subarray(0, 300));
  await assert.rejects(readPyTorch(cutInPickles), (error: unknown) => error instanceof FormatError && /truncated/.test(error.message));
  const cutInStorages = path.join(dir, 'storages.pth');
  fs.writeFileSync(cutInStorages, legacy.subarray(0, legacy.length - 20));
  const partial = await readPyTorch(cutInStorages);
  assert.equal(initializers(partial).length, 9, 'every tensor keeps its shape');
  assert.match(partial.warnings.join('\n'), /truncated/);

  const random = path.join(dir, 'random.pt');
  fs.writeFileSync(random, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) & 0xff)));
  await assert.rejects(openModel(random), (error: unknown) => error instanceof FormatError && /not a PyTorch file/.test(error.message));
  await assert.rejects(openModel(path.join(shared, 'tfjs/abalone_layers_tfjs_node/weights.bin')), FormatError);
});

/** IEEE half precision to a number. */
function float16(bits: number): number {
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  const sign = bits & 0x8000 ? -1 : 1;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}

function le32(value: number): string {
  return String.fromCharCode(value & 0xff, (value >> 8) & 0xff, (value >> 16) & 0xff, value >>> 24);
}
