// Bad input never crashes, hangs or reads what it should skip: truncated files, random bytes,
// other formats named .onnx, nesting bombs, recursive functions, and a 1 GiB initializer that
// must be skipped, not read. Malformed files are encoded here with protobufjs's own writer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as protobuf from 'protobufjs/minimal';
import { FormatError } from '../../src/core/formats/formatError';
import { detectFormat, openModel } from '../../src/core/formats/registry';
import { summarizeModel } from '../../src/core/ir/summary';
import { formatSummaryText } from '../../src/core/ir/summaryText';

const fixtures = path.resolve(__dirname, '../fixtures/upstream/onnx');
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'onnx-bad-'));
process.on('exit', () => fs.rmSync(scratch, { recursive: true, force: true }));

function write(name: string, bytes: Uint8Array): string {
  const file = path.join(scratch, name);
  fs.writeFileSync(file, bytes);
  return file;
}

/** Opening `file` fails with a FormatError that names the file and matches `detail`. */
async function rejects(file: string, detail: RegExp): Promise<FormatError> {
  try {
    await openModel(file);
  } catch (error) {
    assert.ok(error instanceof FormatError, `expected a FormatError, got ${String(error)}`);
    assert.ok(error.message.startsWith(file), `message names the file: ${error.message}`);
    assert.match(error.message, detail);
    return error;
  }
  assert.fail(`${file} opened without an error`);
}

// Protobuf framing helpers over protobufjs's Writer.
const field = (number: number, wire: number) => (number << 3) | wire;
const bytesField = (number: number, payload: Uint8Array) => protobuf.Writer.create().uint32(field(number, 2)).bytes(payload).finish();
const stringField = (number: number, text: string) => protobuf.Writer.create().uint32(field(number, 2)).string(text).finish();
const varintField = (number: number, value: number) => protobuf.Writer.create().uint32(field(number, 0)).uint32(value).finish();
const concat = (...parts: Uint8Array[]) => Buffer.concat(parts);

test('truncated fixtures fail with the offset where data ran out', async () => {
  for (const name of ['migraphx_mnist-8.onnx', 'silero_vad_legacy.onnx', 'onnx_light_resnet50.onnx', 'migraphx_if_then_test.onnx']) {
    const whole = fs.readFileSync(path.join(fixtures, name));
    for (const cut of [3, Math.floor(whole.length / 3), Math.floor(whole.length / 2), whole.length - 1]) {
      const error = await rejects(write(`cut-${cut}-${name}`, whole.subarray(0, cut)), /truncated|end of (data|file)|ends at byte/);
      assert.ok(error.where?.offset !== undefined && error.where.offset <= cut, `offset ${error.where?.offset} within the ${cut} bytes`);
    }
  }
});

test('random bytes are rejected or read, never thrown past a FormatError nor hung', { timeout: 20_000 }, async () => {
  let seed = 0x2545f491;
  const next = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8) & 0xff;
  let rejected = 0;
  for (let round = 0; round < 200; round++) {
    const length = 1 + ((round * 97) % 4096);
    const bytes = Uint8Array.from({ length }, next);
    if (round % 2 === 0) bytes[0] = 0x08; // half of them start like a ModelProto, to get past the first tag
    const file = write(`random-${round}.onnx`, bytes);
    try {
      const model = await openModel(file);
      summarizeModel(model);
    } catch (error) {
      assert.ok(error instanceof FormatError, `round ${round}: ${String(error)}`);
      rejected++;
    }
  }
  assert.ok(rejected >= 190, `only ${rejected} of 200 random files rejected`);
});

test('other content named .onnx gets a clear error', async () => {
  // HDF5 and zip magic send the file to those formats' readers, whose errors also name the file.
  const cases: [string, Uint8Array, RegExp][] = [
    ['text.onnx', Buffer.from('{"format": "layers-model"}'), /./],
    ['hdf5.onnx', Buffer.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]), /./],
    ['zip.onnx', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0, 8, 0]), /./],
    ['pbtxt.onnx', Buffer.from('ir_version: 8\ngraph {}'), /wire type|field/],
    ['empty.onnx', Buffer.alloc(0), /empty file/],
    ['no-graph.onnx', concat(varintField(1, 8), stringField(2, 'exporter')), /no graph found/],
  ];
  for (const [name, bytes, detail] of cases) await rejects(write(name, bytes), detail);
  await rejects(path.join(scratch, 'missing.onnx'), /cannot open file: no such file \(ENOENT\)/);
  await rejects(scratch, /a folder that holds no model: expected saved_model.pb or model.json in it/);
});

test('a file with neither a known extension nor known magic bytes is refused by the registry', () => {
  const file = write('notes.txt', Buffer.from('just some text'));
  assert.throws(() => detectFormat(file), (error: unknown) => error instanceof FormatError && /unrecognized model format/.test(error.message));
});

test('subgraphs nested beyond the limit are refused instead of exhausting the stack', async () => {
  // graph { node { op_type: "If" attribute { name: "then_branch" type: GRAPH g { ...again... } } } }
  let graph: Uint8Array = stringField(2, 'leaf');
  for (let depth = 0; depth < 200; depth++) {
    const attribute = concat(stringField(1, 'then_branch'), varintField(20, 5), bytesField(6, graph));
    graph = bytesField(1, concat(stringField(4, 'If'), bytesField(5, attribute)));
  }
  await rejects(write('nested.onnx', concat(varintField(1, 8), bytesField(7, graph))), /nested deeper than 64/);
});

test('a function that calls itself is summarized without recursing forever', { timeout: 10_000 }, async () => {
  const call = bytesField(1, concat(stringField(1, 'x'), stringField(2, 'y'), stringField(4, 'Loop'), stringField(7, 'rec')));
  const fnNode = bytesField(7, concat(stringField(1, 'x'), stringField(2, 'y'), stringField(4, 'Loop'), stringField(7, 'rec')));
  const fn = bytesField(25, concat(stringField(1, 'Loop'), stringField(10, 'rec'), stringField(4, 'x'), stringField(5, 'y'), fnNode));
  const file = write('recursive.onnx', concat(varintField(1, 8), bytesField(7, call), fn));
  const summary = summarizeModel(await openModel(file));
  assert.equal(summary.nodes, 1);
  assert.deepEqual(summary.macsUnknown?.ops.map((entry) => entry.op), ['rec::Loop']);
  assert.equal(summary.macs, null, 'nothing could be costed: unknown, not 0');
});

test('a 1 GiB initializer is skipped, not read: the summary comes back at once', { timeout: 20_000 }, async () => {
  // ModelProto { ir_version, opset_import, graph { node MatMul, input, initializer W [16384, 16384] float32 raw_data <1 GiB> } }.
  // The raw_data bytes are a hole in a sparse file: reading them would take seconds and a GiB of memory.
  const dims = [16384, 16384];
  const payload = dims[0] * dims[1] * 4;
  const tensorHead = concat(...dims.map((dim) => varintField(1, dim)), varintField(2, 1), stringField(8, 'W'));
  const rawHead = protobuf.Writer.create().uint32(field(9, 2)).uint32(payload).finish();
  const tensorLength = tensorHead.length + rawHead.length + payload;
  const node = bytesField(1, concat(stringField(1, 'x'), stringField(1, 'W'), stringField(2, 'y'), stringField(4, 'MatMul')));
  const typeProto = (dims: number[]) => bytesField(2, bytesField(1, concat(varintField(1, 1), bytesField(2, concat(...dims.map((dim) => bytesField(1, varintField(1, dim))))))));
  const input = bytesField(11, concat(stringField(1, 'x'), typeProto([1, 16384])));
  const output = bytesField(12, concat(stringField(1, 'y'), typeProto([1, 16384])));
  const initializerHead = concat(protobuf.Writer.create().uint32(field(5, 2)).uint32(tensorLength).finish(), tensorHead, rawHead);
  const graphBody = concat(node, input, output, initializerHead);
  const graphLength = graphBody.length + payload;
  const opset = bytesField(8, varintField(2, 13));
  const head = concat(varintField(1, 8), opset, protobuf.Writer.create().uint32(field(7, 2)).uint32(graphLength).finish(), graphBody);
  const file = write('huge.onnx', head);
  fs.truncateSync(file, head.length + payload);

  const started = performance.now();
  const summary = summarizeModel(await openModel(file));
  const elapsed = performance.now() - started;
  assert.equal(summary.params, dims[0] * dims[1]);
  assert.equal(summary.paramBytes, payload);
  assert.equal(summary.macs, dims[0] * dims[1], 'MatMul [1, 16384] x [16384, 16384]');
  assert.ok(elapsed < 2000, `summary took ${elapsed.toFixed(0)} ms`);
});

test('a node reading a name nothing provides: a warning names it and the summary says its figures are partial', async () => {
  // graph { node Add(x, ghost) -> y; node Relu(y) -> z inside an If body reading 'phantom'; input x; output z }.
  const typeProto = bytesField(2, bytesField(1, concat(varintField(1, 1), bytesField(2, bytesField(1, varintField(1, 4))))));
  const node = (inputs: string[], output: string, op: string) => bytesField(1, concat(...inputs.map((name) => stringField(1, name)), stringField(2, output), stringField(3, output), stringField(4, op)));
  const body = concat(node(['phantom'], 'b', 'Relu'), bytesField(12, concat(stringField(1, 'b'), typeProto)));
  const ifNode = bytesField(1, concat(stringField(1, 'y'), stringField(2, 'z'), stringField(3, 'branch'), stringField(4, 'If'),
    bytesField(5, concat(stringField(1, 'then_branch'), varintField(20, 5), bytesField(6, body))),
    bytesField(5, concat(stringField(1, 'else_branch'), varintField(20, 5), bytesField(6, body)))));
  const graph = concat(node(['x', 'ghost'], 'y', 'Add'), ifNode, bytesField(11, concat(stringField(1, 'x'), typeProto)), bytesField(12, concat(stringField(1, 'z'), typeProto)));
  const file = write('dangling.onnx', concat(varintField(1, 8), bytesField(8, varintField(2, 13)), bytesField(7, graph)));
  const summary = summarizeModel(await openModel(file));
  assert.equal(summary.partial, true);
  assert.ok(summary.warnings.some((warning) => warning.includes("'ghost'") && warning.includes("'y' (Add)")), summary.warnings.join('\n'));
  assert.ok(summary.warnings.some((warning) => warning.includes("'phantom'")), 'a body\'s dangling read is found too');
  assert.match(formatSummaryText(summary), /Figures are partial[^\n]*\n(.*\n)*Warning: node 'y' \(Add\) reads 'ghost'/);
  const whole = summarizeModel(await openModel(path.join(fixtures, 'migraphx_if_then_test.onnx')));
  assert.equal(whole.partial, false, 'a body reading its outer graph\'s values is whole');
  assert.deepEqual(whole.warnings, []);
});
