// The payload the graph webview receives: reader errors come back as messages (never a crash),
// attributes are short text, search ranks exact op matches first.
import { nodeGroup, type GraphPayload } from '../../src/core/protocol/graph';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { formatAttr as attrText } from '../../src/core/display/irText';
import { loadGraphPayload } from '../../src/core/graph/graphPayloadWorker';
import { searchNodes } from '../../src/core/graph/searchNodes';

const fixtures = path.resolve(__dirname, '../fixtures/upstream');

test('a file that is not a model gives the reader\'s error with the file name, not a crash', async () => {
  const file = path.join(fixtures, 'MANIFEST.tsv');
  const result = await loadGraphPayload(file);
  assert.equal(result.ok, false);
  if (result.ok) return;
  assert.equal(result.formatError, true);
  assert.match(result.error, /MANIFEST\.tsv/);
  assert.match(result.error, /unrecognized model format/);
});

test('a truncated ONNX file gives a format error naming the file', async () => {
  const whole = fs.readFileSync(path.join(fixtures, 'onnx/silero_vad_legacy.onnx'));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'graph-payload-'));
  const file = path.join(dir, 'truncated.onnx');
  try {
    fs.writeFileSync(file, whole.subarray(0, 4000));
    const result = await loadGraphPayload(file);
    assert.equal(result.ok, false);
    if (!result.ok) assert.match(result.error, /truncated\.onnx/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a large graph is posted as declared first: same nodes, groups, edges and params as the inferred payload, MACs pending', async () => {
  const file = path.join(fixtures, 'onnx/silero_vad_legacy.onnx');
  const declared: GraphPayload[] = [];
  const result = await loadGraphPayload(file, (payload) => declared.push(payload), 1);
  assert.ok(result.ok);
  assert.equal(declared.length, 1, 'one declared payload before the inferred one');
  const [first] = declared;
  const final = result.payload;
  assert.equal(first.inferred, false);
  assert.equal(final.inferred, true);
  assert.deepEqual(first.nodes.map((node) => [node.id, node.op, nodeGroup(node).join('/'), node.inputs.map((input) => input.from)]), final.nodes.map((node) => [node.id, node.op, nodeGroup(node).join('/'), node.inputs.map((input) => input.from)]));
  assert.equal(first.params, final.params, 'parameters need no inference');
  assert.ok(first.nodes.every((node) => node.macs === null && node.outputBytes === null), 'MACs wait for inference');
  assert.ok(final.nodes.some((node) => node.outputBytes !== null));
  // Shapes the file leaves to inference are unknown at first and known after.
  const shapes = (payload: GraphPayload) => payload.nodes.flatMap((node) => node.outputs).filter((output) => output.shape !== null).length;
  assert.ok(shapes(first) < shapes(final), `${shapes(first)} declared output shapes, ${shapes(final)} inferred`);
});

test('the declared payload of a transformer block leaves MACs to the inferred one, which has them', async () => {
  const declared: GraphPayload[] = [];
  const result = await loadGraphPayload(path.resolve(__dirname, '../fixtures/models/attention.onnx'), (payload) => declared.push(payload), 1);
  assert.ok(result.ok);
  assert.equal(declared[0].macs, null, 'declared: no MACs yet (unknown, not 0)');
  assert.ok((result.payload.macs ?? 0) > 0);
  assert.equal(declared[0].params, result.payload.params);
});

test('a small graph is posted once, inferred', async () => {
  const declared: GraphPayload[] = [];
  const result = await loadGraphPayload(path.join(fixtures, 'onnx/silero_vad_legacy.onnx'), (payload) => declared.push(payload));
  assert.ok(result.ok && result.payload.inferred);
  assert.equal(declared.length, 0);
});

test('attributes become one short line: tensors and graphs described, long lists cut', () => {
  assert.equal(attrText(3), '3');
  assert.equal(attrText([1, 2, 3]), '[1,2,3]');
  assert.equal(attrText({ dtype: 'float32', shape: [64, 3, 7, 7], file: '/x.onnx', offset: 10 }), 'tensor float32[64, 3, 7, 7]');
  const long = attrText(Array.from({ length: 100 }, (_unused, i) => i));
  assert.equal(long.length, 80);
  assert.ok(long.endsWith('…'));
});

test('search finds by op or name, exact op matches first', async () => {
  const result = await loadGraphPayload(path.join(fixtures, 'onnx/silero_vad_legacy.onnx'));
  assert.ok(result.ok);
  if (!result.ok) return;
  const nodes = result.payload.nodes;
  const convs = searchNodes(nodes, 'conv', 1000);
  assert.ok(convs.length >= nodes.filter((node) => node.op === 'Conv').length);
  assert.ok(convs.slice(0, nodes.filter((node) => node.op === 'Conv').length).every((index) => nodes[index].op === 'Conv'));
  const byName = searchNodes(nodes, 'concat_38', 10);
  assert.ok(byName.length >= 1 && byName.every((index) => nodes[index].name.toLowerCase().includes('concat_38')));
  assert.ok(byName.some((index) => nodeGroup(nodes[index]).join('/') === 'If_25/then_branch'), 'found inside the If body');
  assert.deepEqual(searchNodes(nodes, '  ', 10), []);
});
