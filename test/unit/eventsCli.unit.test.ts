// `tensorsight events` and `tensorsight events export` through the CLI entry point, on the shared
// fixtures; figures come from MANIFEST.tsv and the reference table (see eventsFixtures.unit.test.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { main } from '../../src/cli/main';
import { EventFileWriter } from '../../src/core/events/eventWriter';

const root = path.resolve(__dirname, '../fixtures/upstream/tfevents');
const reference: { path: string; records: number; scalars: Record<string, { count: number; first: [number, number]; last: [number, number] }> }[] =
  JSON.parse(readFileSync(path.resolve(__dirname, '../fixtures/events/fixtures.expected.json'), 'utf8'));

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { out: (text) => (out += text), err: (text) => (err += text) });
  return { code, out, err };
}

test('events --json on the fixtures logdir: one entry per run folder, with the DESIGN.md §4 fields', async () => {
  const { code, out } = await cli('events', root, '--json');
  assert.equal(code, 0);
  const { runs } = JSON.parse(out);
  assert.deepEqual(runs.map((run: { run: string }) => run.run), reference.map((row) => path.posix.dirname(row.path)).sort());
  for (const row of reference) {
    const run = runs.find((r: { run: string }) => r.run === path.posix.dirname(row.path));
    assert.deepEqual(Object.keys(run).slice(0, 8), ['run', 'files', 'records', 'corrupt', 'scalars', 'histograms', 'other', 'otherKinds']);
    assert.equal(run.files, 1);
    assert.equal(run.records, row.records);
    assert.equal(run.corrupt, 0);
    for (const [tag, s] of Object.entries(row.scalars)) {
      assert.deepEqual(run.scalars[tag], { count: s.count, first: { step: s.first[0], value: s.first[1] }, last: { step: s.last[0], value: s.last[1] } });
    }
  }
});

test('events on one file, in text: a readable table of its tags', async () => {
  const file = path.join(root, 'lightning_nni/version_4/events.out.tfevents.1641536605.PC1JMXEN.22716.0');
  const { code, out } = await cli('events', file);
  assert.equal(code, 0);
  assert.match(out, /^run \.: 1 file, 17 records, 0 corrupt$/m);
  assert.match(out, /^ {2}train_loss +4 +49 +0\.851448 +199 +0\.358686$/m);
  assert.match(out, /^ {2}_hparams_\/session_start_info +hparams +1$/m);
});

test('events export --tag writes every point as CSV, or as JSON columns', async () => {
  const csv = await cli('events', 'export', root, '--tag', 'strict/foo');
  assert.equal(csv.code, 0);
  const lines = csv.out.trim().split('\n');
  assert.equal(lines[0], 'run,step,wall_time,value');
  assert.equal(lines.length, 1 + 3 * 100);
  assert.match(lines[1], /^torch_summarywriter_tbreducer_strict\/run_1,0,1622543341\.758558\d*,1\.4962565898895264$/);
  const json = await cli('events', 'export', root, '--tag', 'lax/foo', '--run', 'torch_summarywriter_tbreducer_lax/run_3', '--json');
  const columns = JSON.parse(json.out)['torch_summarywriter_tbreducer_lax/run_3'];
  assert.equal(columns.steps.length, 130);
  assert.deepEqual([columns.steps[129], columns.values[129]], [129, 3.657553195953369]);
});

test('bad input exits 1 and bad usage exits 2, with the reason on stderr', async () => {
  const missing = await cli('events', path.join(root, 'no-such-folder'), '--json');
  assert.deepEqual([missing.code, missing.out], [1, '']);
  assert.match(missing.err, /no such file or folder: .*no-such-folder/);
  assert.equal((await cli('events')).code, 2);
  assert.equal((await cli('events', root, '--tag', 'x')).code, 2);
  assert.equal((await cli('events', 'export', root)).code, 2);
  const noTag = await cli('events', 'export', root, '--tag', 'nope');
  assert.equal(noTag.code, 1);
  assert.match(noTag.err, /no run has scalar tag 'nope'/);
});

test('events labels what a restart dropped: --json by reason, text with the reason; nothing when none', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'tensorsight-events-cli-'));
  try {
    const first = new EventFileWriter(dir, { time: 1000, host: 'test', pid: 1, index: 0 });
    for (let step = 0; step < 6; step++) first.addScalar('loss', step, step, 1000 + step);
    for (let tag = 0; tag < 12; tag++) first.addScalar(`m/${tag}`, tag, 0, 1010);
    first.close();
    // The restarted job resumes from its step-3 checkpoint in a new file.
    const second = new EventFileWriter(dir, { time: 2000, host: 'test', pid: 2, index: 0 });
    for (let step = 3; step < 5; step++) second.addScalar('loss', 10 + step, step, 2000 + step);
    second.close();
    const json = await cli('events', dir, '--json');
    const [run] = JSON.parse(json.out).runs;
    assert.deepEqual(run.dropped, { stepBack: 3, rewritten: 0, sessionStart: 0 });
    assert.deepEqual(run.scalars.loss, { count: 5, first: { step: 0, value: 0 }, last: { step: 4, value: 14 } });
    const text = await cli('events', dir);
    assert.match(text.out, /3 points dropped as orphaned by restarts \(3: a tag's step went back\)/);
    const clean = await cli('events', root);
    assert.doesNotMatch(clean.out, /dropped/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
