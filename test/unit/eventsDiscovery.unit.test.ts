// Run discovery: run names are folder paths relative to the root (the MANIFEST.tsv paths' folders for
// the shared fixtures), include globs select runs, node_modules and .git are never entered.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { discoverRuns, globToRegExp, isEventFileName } from '../../src/core/events/logdirDiscovery';
import { LogdirReader } from '../../src/core/events/logdirReader';

const shared = path.resolve(__dirname, '../fixtures/upstream');
const manifestFolders = readFileSync(path.join(shared, 'MANIFEST.tsv'), 'utf8')
  .split('\n')
  .filter((line) => line.startsWith('tfevents/'))
  .map((line) => path.posix.dirname(line.split('\t')[0].slice('tfevents/'.length)));

test('the shared fixtures: one run per folder of MANIFEST.tsv, named by its relative path', () => {
  const { runs, truncated } = discoverRuns(path.join(shared, 'tfevents'));
  assert.equal(truncated, false);
  assert.deepEqual(runs.map((run) => run.run), [...new Set(manifestFolders)].sort());
  for (const run of runs) {
    assert.equal(run.dir, path.join(shared, 'tfevents', run.run));
    assert.ok(run.files.every((file) => path.dirname(file) === run.dir && isEventFileName(path.basename(file))));
  }
});

test('include globs pick runs; the root folder itself is run "."', () => {
  const root = path.join(shared, 'tfevents');
  assert.deepEqual(discoverRuns(root, { include: ['lightning_nni/**'] }).runs.map((r) => r.run), ['lightning_nni/version_1', 'lightning_nni/version_4']);
  assert.deepEqual(discoverRuns(root, { include: ['*/run_1'] }).runs.map((r) => r.run), ['torch_summarywriter_tbreducer_lax/run_1', 'torch_summarywriter_tbreducer_strict/run_1']);
  const single = discoverRuns(path.join(root, 'keras_tf1_guild_model_proxies')).runs;
  assert.deepEqual(single.map((r) => [r.run, r.files.length]), [['.', 1]]);
});

test('node_modules, .git and excluded folders are not entered; depth and folder limits report truncation', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'tensorsight-events-discovery-'));
  try {
    for (const dir of ['a', 'node_modules/pkg/runs', '.git/x', 'b/c/d', 'skip/me', 'a/events.out.tfevents.dir']) {
      mkdirSync(path.join(root, dir), { recursive: true });
    }
    for (const dir of ['a', 'node_modules/pkg/runs', '.git/x', 'b/c/d', 'skip/me']) writeFileSync(path.join(root, dir, 'events.out.tfevents.1.h'), '');
    writeFileSync(path.join(root, 'a', 'not.tfevents.txt'), '');
    assert.deepEqual(discoverRuns(root).runs.map((r) => [r.run, r.files.length]), [['a', 1], ['b/c/d', 1], ['skip/me', 1]]);
    assert.deepEqual(discoverRuns(root, { exclude: ['skip'] }).runs.map((r) => r.run), ['a', 'b/c/d']);
    const shallow = discoverRuns(root, { maxDepth: 1 });
    assert.deepEqual([shallow.runs.map((r) => r.run), shallow.truncated], [['a'], true]);
    assert.equal(discoverRuns(root, { maxFolders: 2 }).truncated, true);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('globToRegExp: ** crosses folders (and matches none), * and ? stay within one', () => {
  const cases: [string, string, boolean][] = [
    ['**', '.', true],
    ['**', 'a/b/c', true],
    ['**/train', 'train', true],
    ['**/train', 'x/y/train', true],
    ['**/train', 'x/train2', false],
    ['runs/*', 'runs/a', true],
    ['runs/*', 'runs/a/b', false],
    ['run_?', 'run_1', true],
    ['run_?', 'run_10', false],
    ['a.b', 'aXb', false],
    ['exp(1)', 'exp(1)', true],
  ];
  for (const [glob, input, expected] of cases) assert.equal(globToRegExp(glob).test(input), expected, `${glob} ~ ${input}`);
});

test('isEventFileName follows TensorBoard (tfevents anywhere in the name), leaving out text and source files', () => {
  const cases: [string, boolean][] = [
    ['events.out.tfevents.1622543341.janoshs-mbp.lan.86862.5', true],
    ['events.out.tfevents.1641536605.host.1.profile-empty', true],
    ['run.tfevents', true],
    ['1700000000.host.tfevents.1', true],
    ['train.tfevents.bak', true],
    ['events.out', false],
    ['tfevents_reference.py', false],
    ['not.tfevents.txt', false],
    ['notes-on-tfevents.md', false],
    ['model.onnx', false],
  ];
  for (const [name, expected] of cases) assert.equal(isEventFileName(name), expected, name);
});

test('a real event file renamed without the events.out.tfevents. prefix is discovered and read (MANIFEST: 391 records, 3 tags)', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'tensorsight-events-renamed-'));
  try {
    mkdirSync(path.join(root, 'renamed'));
    copyFileSync(path.join(shared, 'tfevents/torch_summarywriter_tbreducer_lax/run_3/events.out.tfevents.1622543341.janoshs-mbp.lan.86862.5'), path.join(root, 'renamed', 'lax.tfevents'));
    assert.deepEqual(discoverRuns(root).runs.map((r) => [r.run, r.files.map((file) => path.basename(file))]), [['renamed', ['lax.tfevents']]]);
    const reader = new LogdirReader(root);
    reader.poll();
    const run = reader.runList()[0];
    assert.equal(run.totals().records, 391);
    assert.deepEqual(run.store.scalarTags().sort(), ['lax/bar_3', 'lax/bar_4', 'lax/foo']);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
