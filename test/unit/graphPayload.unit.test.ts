// The payload the graph webview receives: reader errors come back as messages (never a crash),
// attributes are short text, search ranks exact op matches first.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { attrText } from '../../src/core/graph/graphPayload';
import { loadGraphPayload } from '../../src/core/graph/graphPayloadWorker';
import { searchNodes } from '../../src/core/graph/searchNodes';

const fixtures = path.resolve(__dirname, '../../../shared/fixtures');

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
  assert.ok(byName.some((index) => nodes[index].group.join('/') === 'If_25/then_branch'), 'found inside the If body');
  assert.deepEqual(searchNodes(nodes, '  ', 10), []);
});
