// `tensorsight summary` through the CLI entry point: the JSON contract of docs/cli.md, the text
// table, --depth grouping, --dims bindings and exit codes. Expected figures come from python3-onnx
// (formats.table.json, onnx-shapes.json, onnx-tensors.json) and from the transformer FLOP formula.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../src/cli/main';

const fixtures = path.resolve(__dirname, '../fixtures/upstream');
const models = path.resolve(__dirname, '../fixtures/models');
const readJson = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8'));

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(['summary', ...args], { out: (text) => (out += text), err: (text) => (err += text) });
  return { code, out, err };
}

const mnist = path.join(fixtures, 'onnx/migraphx_mnist-8.onnx');
const mnistRow = (readJson(path.join(__dirname, 'formats.table.json')) as { file: string; expected: Record<string, unknown> }[]).find((row) => row.file === 'onnx/migraphx_mnist-8.onnx')!;

test('--json follows the contract with python3-onnx\'s figures', async () => {
  const { code, out, err } = await cli(mnist, '--json');
  assert.equal(code, 0, err);
  const json = JSON.parse(out);
  assert.equal(json.format, 'onnx');
  for (const key of ['producer', 'nodes', 'params', 'paramBytes', 'opTypes', 'inputs', 'outputs']) assert.deepEqual(json[key], mnistRow.expected[key], key);
  assert.equal(typeof json.macs, 'number');
  assert.equal(json.layers.length, json.nodes);
  for (const layer of json.layers) {
    assert.deepEqual(Object.keys(layer).filter((key) => ['name', 'op', 'scope', 'outputShapes', 'params', 'macs'].includes(key)).sort(), ['macs', 'name', 'op', 'outputShapes', 'params', 'scope']);
  }
  // Convolution28: output [1, 8, 28, 28] (onnx.shape_inference), weight [8, 1, 5, 5] (the file):
  // every output element takes 1 x 5 x 5 multiply-accumulates.
  const conv = json.layers.find((layer: { name: string }) => layer.name === 'Convolution28');
  const outShape: number[] = readJson(path.join(models, 'onnx-shapes.json'))['onnx/migraphx_mnist-8.onnx'].Convolution28_Output_0;
  const weight: number[] = readJson(path.join(models, 'onnx-tensors.json'))['migraphx_mnist-8.onnx'].Parameter5.dims;
  assert.deepEqual(conv.outputShapes[0], outShape);
  assert.equal(conv.macs, outShape.reduce((a, b) => a * b, 1) * weight[1] * weight[2] * weight[3]);
});

test('text mode on a state_dict: its one int64 tensor as a buffer (formats.table.json, from torch), no inputs said as none', async () => {
  const row = (readJson(path.join(__dirname, 'formats.table.json')) as { file: string; expected: { buffers: { count: number; elements: number; bytes: number } } }[]).find((each) => each.file === 'pytorch/candle_test_torch_save.pt')!;
  const { code, out } = await cli(path.join(fixtures, row.file));
  assert.equal(code, 0);
  assert.equal(row.expected.buffers.count, 1);
  assert.match(out, new RegExp(`^Buffers \\(not params\\): 1 tensor, ${row.expected.buffers.elements} elements \\(${row.expected.buffers.bytes} B\\)$`, 'm'));
  assert.match(out, /^Inputs: none$/m);
  assert.match(out, /^Total MACs: unknown$/m);
});

test('text mode prints a layer table with a totals footer', async () => {
  const { code, out } = await cli(mnist);
  assert.equal(code, 0);
  assert.match(out, /Layer \(op\)\s+Output shape\s+Params\s+MACs/);
  assert.match(out, /Convolution28 \(Conv\)\s+\[1, 8, 28, 28\]/);
  assert.match(out, new RegExp(`Total params: ${(mnistRow.expected.params as number).toLocaleString('en-US')} `));
  assert.match(out, /Total MACs: .*\(FLOPs = 2 x MACs = /);
  assert.match(out, /Inputs: Input3: float32 \[1, 1, 28, 28\]/);
});

test('--depth groups layers by scope, in text and JSON', async () => {
  const file = path.join(models, 'features.onnx');
  const json = JSON.parse((await cli(file, '--json', '--depth', '1')).out);
  // features.onnx (makeTinyModels.py) names its nodes /backbone/conv/Conv, /backbone/act/..., /head/...
  assert.deepEqual(json.groups.map((row: { name: string; nodes: number }) => [row.name, row.nodes]), [['backbone', 2], ['head', 3]]);
  const text = (await cli(file, '--depth', '2')).out;
  assert.match(text, /^backbone \(2 ops\)/m);
  assert.match(text, /^ {2}conv \(Conv\)/m);
  assert.match(text, /^ {2}proj \(MatMul\)/m);
});

test('--dims binds symbolic dims: attention MACs follow the transformer formula', async () => {
  // One encoder layer, d = 32, feed-forward f = 64, tokens n = batch x seq: Q/K/V and output
  // projections 4 n d^2, scores and weighted sum 2 batch seq^2 d, feed-forward 2 n d f.
  const file = path.join(models, 'attention.onnx');
  const [d, f] = [32, 64];
  for (const [batch, seq] of [[1, 10], [2, 16]]) {
    const json = JSON.parse((await cli(file, '--json', '--dims', `batch=${batch},seq=${seq}`)).out);
    const n = batch * seq;
    assert.equal(json.macs, 4 * n * d * d + 2 * batch * seq * seq * d + 2 * n * d * f, `batch ${batch}, seq ${seq}`);
    assert.deepEqual(json.outputs[0].shape, [batch, seq, d]);
    assert.deepEqual(json.symbolicDims, []);
  }
});

test('exit codes: 2 for bad usage, 1 for bad input', async () => {
  assert.equal((await cli()).code, 2);
  assert.equal((await cli(mnist, '--frobnicate')).code, 2);
  assert.equal((await cli(mnist, '--depth', '0')).code, 2);
  assert.equal((await cli(mnist, '--dims', 'batch')).code, 2);
  assert.equal((await cli(mnist, mnist)).code, 2);
  const missing = path.join(os.tmpdir(), 'tensorsight-no-such-model.onnx');
  const result = await cli(missing);
  assert.equal(result.code, 1);
  assert.match(result.err, new RegExp(`${missing.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: cannot open file: no such file \\(ENOENT\\)`));
  const garbageDir = fs.mkdtempSync(path.join(os.tmpdir(), 'summary-cli-'));
  after(() => fs.rmSync(garbageDir, { recursive: true, force: true }));
  const garbage = path.join(garbageDir, 'garbage.onnx');
  fs.writeFileSync(garbage, Buffer.from([0x08, 0x07, 0x3a, 0xff, 0xff, 0xff, 0x7f, 0x01]));
  const bad = await cli(garbage);
  assert.equal(bad.code, 1);
  assert.match(bad.err, /garbage\.onnx \(at byte \d+\): .*declares \d+ bytes but the file ends/);
  assert.doesNotMatch(bad.err, /internal error/);
});

test('MACs nothing could cost are unknown, with the reason: null in JSON, "unknown" in text, never 0', async () => {
  // ortext_custom_op_string_join.onnx: one StringJoin of the custom domain ai.onnx.contrib, which has no cost rule.
  const file = path.join(fixtures, 'onnx/ortext_custom_op_string_join.onnx');
  const json = JSON.parse((await cli(file, '--json')).out);
  assert.equal(json.macs, null);
  assert.equal(json.flops, null);
  assert.equal(json.layers[0].macs, null);
  assert.deepEqual(json.macsUnknown.ops.map((entry: { op: string; reason: string }) => [entry.op, entry.reason]), [[`${json.layers[0].domain}::${json.layers[0].op}`, 'no rule for this op']]);
  assert.match(json.macsUnknown.reason, /1 of 1 layers could not be costed/);
  const text = (await cli(file)).out;
  assert.match(text, /^Total MACs: unknown$/m);
  assert.match(text, new RegExp(`^  ${json.macsUnknown.reason.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `, 'm'));
  assert.match(text, /StringJoin\)\s+.*\s+unknown$/m, 'the layer row says unknown');
});

test('a weights-only file (state_dict, weights-only .h5) says it has no graph to cost; unknown shapes say how to give them', async () => {
  for (const file of [path.join(__dirname, '../fixtures/pytorch/small_state_dict.pth'), path.join(__dirname, '../fixtures/keras/keras2_weights_only.h5')]) {
    const json = JSON.parse((await cli(file, '--json')).out);
    assert.equal(json.macs, null, file);
    assert.match(json.macsUnknown.reason, /weights only, with no graph/, file);
  }
  // small_traced.pt: a traced CNN whose TorchScript declares no input shape, so its conv and linear have none.
  const traced = await cli(path.join(__dirname, '../fixtures/pytorch/small_traced.pt'));
  assert.match(traced.out, /aten::_convolution x1 \(shapes unknown\)/);
  assert.match(traced.out, /^ {2}give the input shapes to cost them: --input-shape /m);
});

test('constants that are no weights are reported apart from params (python3-onnx\'s figures)', async () => {
  // paddleocr stores its weights as Constant nodes; hardswish's scalar 3 and 6 and one int32 scalar are constants.
  const file = 'onnx/paddleocr_ch_ppocr_mobile_v2.0_cls.onnx';
  const row = (readJson(path.join(__dirname, 'formats.table.json')) as { file: string; expected: Record<string, { count: number; elements: number; bytes: number }> }[]).find((entry) => entry.file === file)!;
  const json = JSON.parse((await cli(path.join(fixtures, file), '--json')).out);
  assert.deepEqual(json.constants, row.expected.constants);
  assert.ok(json.constants.count > 0);
  assert.equal(json.layers.length, json.nodes);
  assert.ok(json.layers.every((layer: { op: string }) => layer.op !== 'Constant'), 'Constant nodes are no layers');
  const text = (await cli(path.join(fixtures, file))).out;
  assert.match(text, new RegExp(`^Constants \\(not params\\): ${json.constants.count} ${json.constants.count === 1 ? 'tensor' : 'tensors'}, ${json.constants.elements} elements`, 'm'));
});
