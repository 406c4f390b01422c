// `tensorsight diff`: the JSON contract (docs/cli.md), the text table and change lists, and its errors, run through
// the worker thread and the watchdog as the installed CLI runs them (from source under tsx here).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { InputError, UsageError } from '../../src/cli/cliCommand';
import { diffCommand } from '../../src/cli/commands/diff';
import type { ModelDiff } from '../../src/core/diff/diffTypes';

const small = (name: string) => path.resolve(__dirname, '../fixtures/diff', `${name}.onnx`);

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await diffCommand.run(args, { out: (text) => (out += text), err: (text) => (err += text) });
  return { code, out, err };
}

test('--json: both summaries, the counts and the change lists', async () => {
  const { code, out, err } = await run(small('small_cnn'), small('small_cnn_changed'), '--json');
  assert.equal(code, 0);
  assert.equal(err, '');
  const diff = JSON.parse(out) as ModelDiff;
  assert.deepEqual(Object.keys(diff), ['a', 'b', 'crossFormat', 'notes', 'counts', 'nodes', 'tensors']);
  assert.deepEqual(Object.keys(diff.a), ['path', 'format', 'producer', 'fileBytes', 'nodes', 'params', 'paramBytes', 'macs']);
  assert.deepEqual([diff.a.path, diff.b.path], [small('small_cnn'), small('small_cnn_changed')]);
  assert.deepEqual([diff.a.nodes, diff.a.params, diff.b.nodes, diff.b.params], [7, 3962, 8, 5826]);
  assert.deepEqual(diff.counts.nodes, { matched: 7, byName: 6, byStructure: 1, added: 1, removed: 0, changed: 5 });
  assert.deepEqual(diff.nodes.added.map((node) => [node.name, node.op]), [['/out/Tanh', 'Tanh']]);
  assert.match(diff.nodes.added[0].id, /\S/);
  assert.deepEqual(diff.tensors.changed.map((change) => change.a.name), ['conv2.weight', 'conv2.bias', 'fc.weight']);
});

test('text: the summary table, the counts, then added and changed nodes and weights', async () => {
  const { code, out } = await run(small('small_cnn'), small('small_cnn_changed'));
  assert.equal(code, 0);
  const lines = out.split('\n');
  assert.match(lines[0], /^ +A +B$/);
  assert.match(out, /^nodes +7 +8$/m);
  assert.match(out, /^params +3,962 +5,826$/m);
  assert.match(out, /^nodes: 7 matched \(6 by name, 1 by structure\), 1 added, 0 removed, 5 changed$/m);
  assert.match(out, /^Added nodes \(only in B\):\n {2}\+ \/out\/Tanh \(Tanh\)$/m);
  assert.match(out, /^ {2}~ \/act2\/Relu \(Relu\) -> \/act2\/Sigmoid \(Sigmoid\)\n {6}op: Relu -> Sigmoid$/m);
  assert.match(out, /^ {2}~ conv2\.weight\n {6}shape: \[16, 8, 3, 3\] -> \[24, 8, 3, 3\]$/m);
  assert.doesNotMatch(out, /No differences/);
});

test('identical files: no differences, said in words', async () => {
  const { code, out } = await run(small('small_cnn'), small('small_cnn'), '--stats');
  assert.equal(code, 0);
  assert.match(out, /^nodes: 7 matched \(7 by name, 0 by structure\), 0 added, 0 removed, 0 changed$/m);
  assert.match(out, /\nNo differences found\.\n$/);
});

test('bad usage: one file, an unknown flag, a bad timeout', async () => {
  await assert.rejects(run(small('small_cnn')), (error: unknown) => error instanceof UsageError && /expected two model files/.test(error.message));
  await assert.rejects(run(small('small_cnn'), small('small_cnn'), '--frobnicate'), UsageError);
  await assert.rejects(run(small('small_cnn'), small('small_cnn'), '--timeout', '0'), UsageError);
});

test('a file that is no model is bad input naming the file', async () => {
  const notModel = path.resolve(__dirname, '../fixtures/diff/MANIFEST.tsv');
  await assert.rejects(run(small('small_cnn'), notModel), (error: unknown) => error instanceof InputError && error.message.includes('MANIFEST.tsv'));
});
