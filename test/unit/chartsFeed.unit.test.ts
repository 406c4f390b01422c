// The chart feed over real runs: a snapshot carries every point of every tag (figures from MANIFEST.tsv),
// appends carry only what a writer added since, and a restart that purges points resends the series whole.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ChartFeed } from '../../src/core/charts/chartFeed';
import { RUN_PALETTE } from '../../src/core/charts/runColors';
import { TrainingState } from '../../src/core/charts/trainingState';
import { EventFileWriter } from '../../src/core/events/eventWriter';
import { LogdirReader } from '../../src/core/events/logdirReader';

const shared = path.resolve(__dirname, '../fixtures/upstream');

test('snapshot of the Keras iris runs: tags, counts and steps of MANIFEST.tsv', () => {
  const reader = new LogdirReader(path.join(shared, 'tfevents/keras_callback_tfx_iris'));
  reader.poll();
  const feed = new ChartFeed();
  const runs = feed.snapshot(reader.runList());
  assert.deepEqual(runs.map((run) => run.run), ['train', 'validation']);
  const validation = runs[1];
  // MANIFEST: validation has 2 tags, 40 simple values, steps up to 19.
  assert.deepEqual(validation.scalars.map((s) => s.tag).sort(), ['epoch_loss', 'epoch_sparse_categorical_accuracy']);
  assert.equal(validation.scalars.reduce((sum, s) => sum + s.values.length, 0), 40);
  assert.ok(validation.scalars.every((s) => s.from === 0 && s.steps[s.steps.length - 1] === 19));
  // Two runs, two palette colours (runColors.ts).
  assert.notEqual(runs[0].color, validation.color);
  assert.ok(RUN_PALETTE.includes(validation.color));
  assert.equal(feed.sentLength('validation', 'epoch_loss'), 20);
  assert.deepEqual(feed.append(reader.runList()), [], 'nothing new, nothing sent');
});

test('hparams of a Lightning run reach the feed', () => {
  const reader = new LogdirReader(path.join(shared, 'tfevents/lightning_nni'));
  reader.poll();
  const runs = new ChartFeed().snapshot(reader.runList());
  assert.ok(runs.every((run) => run.hparams && Object.keys(run.hparams).length > 0), 'session start hparams');
});

test('appends carry only new points; a restart resends the purged series from 0', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ts-feed-'));
  try {
    const source = path.join(shared, 'tfevents/torch_summarywriter_tbreducer_strict/run_1');
    mkdirSync(path.join(dir, 'run_1'));
    for (const name of readdirSync(source)) copyFileSync(path.join(source, name), path.join(dir, 'run_1', name));
    const reader = new LogdirReader(dir);
    reader.poll();
    const feed = new ChartFeed();
    const [run] = feed.snapshot(reader.runList());
    assert.equal(run.scalars[0].values.length, 100); // MANIFEST: steps 5..495, 100 values
    assert.equal(run.scalars[0].steps[99], 495);

    const writer = new EventFileWriter(path.join(dir, 'run_1'), { time: 1_900_000_000, host: 'test', pid: 2, index: 0 });
    writer.addScalar('strict/foo', 1.5, 500, 1_900_000_001);
    writer.addScalar('strict/foo', 2.5, 505, 1_900_000_002);
    writer.addText('notes', 'hello', 505, 1_900_000_002);
    writer.flush();
    reader.poll();
    const [appended] = feed.append(reader.runList());
    assert.equal(appended.scalars.length, 1);
    assert.deepEqual({ from: appended.scalars[0].from, steps: [...appended.scalars[0].steps], values: [...appended.scalars[0].values] }, { from: 100, steps: [500, 505], values: [1.5, 2.5] });
    assert.deepEqual(appended.media, [{ tag: 'notes', kind: 'text', count: 1, lastStep: 505 }]);

    // A restart from step 300: TensorBoard drops the points at 300 and above, so the view gets the series again.
    writer.addScalar('strict/foo', 9, 300, 1_900_000_003);
    writer.close();
    reader.poll();
    const [restarted] = feed.append(reader.runList());
    const series = restarted.scalars[0];
    assert.equal(series.from, 0);
    assert.equal(series.steps.length, reader.runs.get('run_1')!.store.scalar('strict/foo')!.length);
    assert.equal(series.steps[series.steps.length - 1], 300);
    assert.equal(series.values[series.values.length - 1], 9);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the webview state rebuilt from snapshot + appends equals the store, across growth, a restart and a gap', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ts-state-'));
  try {
    const writer = new EventFileWriter(path.join(dir, 'a'), { time: 1_900_000_000, host: 'test', pid: 3, index: 0 });
    for (let step = 0; step < 100; step++) writer.addScalar('loss', 1 / (step + 1), step, 1_900_000_000 + step);
    writer.addHistogram('weights', [1, 2, 2, 3], 0, { bins: 3, wallTime: 1_900_000_000 });
    writer.flush();
    const reader = new LogdirReader(dir);
    reader.poll();
    const feed = new ChartFeed();
    const state = new TrainingState();
    state.applySnapshot({ seq: ++feed.seq, runs: feed.snapshot(reader.runList()), hiddenRuns: [], root: '' });
    const check = () => {
      const expected = reader.runs.get('a')!.store.scalar('loss')!.columns();
      const view = state.runs.get('a')!.scalars.get('loss')!.view();
      assert.deepEqual([...view.steps], [...expected.steps]);
      assert.deepEqual([...view.values], [...expected.values]);
      assert.deepEqual([...view.wallTimes], [...expected.wallTimes]);
    };
    check();
    for (let round = 0; round < 3; round++) {
      for (let step = 100 + round * 1000; step < 1100 + round * 1000; step++) writer.addScalar('loss', step, step, 1_900_001_000 + step);
      writer.flush();
      reader.poll();
      assert.equal(state.applyAppend({ seq: ++feed.seq, runs: feed.append(reader.runList()) }), true);
      check();
    }
    writer.addScalar('loss', -1, 50, 1_900_009_000); // restart: steps >= 50 are dropped
    writer.addHistogram('weights', [5], 1, { wallTime: 1_900_009_000 });
    writer.close();
    reader.poll();
    assert.equal(state.applyAppend({ seq: ++feed.seq, runs: feed.append(reader.runList()) }), true);
    check();
    assert.equal(state.runs.get('a')!.scalars.get('loss')!.length, 51);
    assert.deepEqual(state.runs.get('a')!.histograms.get('weights')!.steps, [0, 1]);
    assert.deepEqual(state.scalarTags(), ['loss']);
    assert.deepEqual(state.histogramTags(), ['weights']);
    // A skipped seq is refused, so the webview asks for a snapshot instead of drawing a hole.
    assert.equal(state.applyAppend({ seq: feed.seq + 2, runs: [] }), false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('run info: launched runs by id, the host clock offset, and a comparison charting only the compared runs', () => {
  const state = new TrainingState();
  const run = (name: string) => ({ run: name, color: '#4e79a7', scalars: [], histograms: [], media: [] });
  state.applySnapshot({ seq: 1, runs: [run('a'), run('b'), run('c')], hiddenRuns: [], root: '' });
  assert.deepEqual(state.chartedRuns().map((r) => r.run), ['a', 'b', 'c']);
  const launched = { run: 'b', status: 'running' as const, script: '/p/train.py', args: [], startTime: '2026-12-03T10:00:00Z', endTime: null, exitCode: null, signal: null, progress: null, failure: null, git: null, hparams: {} };
  state.applyRunInfo({ launched: [launched], compare: ['c', 'a'], now: 10_500 }, 10_000);
  assert.equal(state.launched.get('b')?.status, 'running');
  assert.equal(state.clockOffset, 500);
  assert.deepEqual(state.chartedRuns().map((r) => r.run), ['a', 'c']);
  // Compared runs that are gone leave the charts to every run rather than to none.
  state.applyRunInfo({ launched: [], compare: ['gone'], now: 0 }, 0);
  assert.deepEqual(state.chartedRuns().map((r) => r.run), ['a', 'b', 'c']);
});
