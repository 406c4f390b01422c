// What the Training panel shows of a run of the TF.js trainer: the run.json watch reads its spec, backend,
// samples/s and the checkpoint it resumed from (whose checkpoint.json says where training stood); the header's
// texts say them; epoch and batch scalars sort with each validation metric beside its training twin; the hparams
// table shortens the long checkpoint path the trainer logs as resumedFrom.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { writeRunRecord, type RunRecord } from '../../src/core/launch/runRecord';
import type { LaunchedRun } from '../../src/core/protocol/training';
import { launchedRun, LaunchedRunWatch } from '../../src/host/training/launchedRunWatch';
import { shortPath } from '../../src/webview/training/pathText';
import { compareChartTags } from '../../src/webview/training/tagOrder';
import { backendText, resumedText, resumedTitle, trainerEpochText } from '../../src/webview/training/trainerFacts';
import { runRecordFixture } from './runRecordFixture';

/** A trainer run's run.json as runRecordWriter.ts writes it: the spec as script, the backend in frameworks and hparams. */
function trainerRecord(overrides: Partial<RunRecord>): RunRecord {
  return runRecordFixture({
    id: '20261204-060000-digits_cnn',
    script: '/work/project/digits_cnn.train.json',
    interpreter: { path: process.execPath, version: process.version },
    frameworks: { '@tensorflow/tfjs-core': '4.22.0', backend: 'webgpu' },
    hparams: { optimizer: 'adam', learningRate: 0.005, batchSize: 32, epochs: 8, seed: 1, backend: 'webgpu', loss: 'categoricalCrossentropy' },
    trainer: 'tfjs',
    ...overrides,
  });
}

function progress(epoch: number, stepsPerSecond: number, lastMetrics: Record<string, number> = { loss: 0.3 }): RunRecord['progress'] {
  return { step: epoch * 45, epoch, epochs: 8, totalSteps: 360, stepsPerSecond, etaSeconds: 12, lastMetrics, updatedAt: 1764828000000 };
}

test('a trainer run resumed from a Stop checkpoint: spec, backend, samples/s and where its checkpoint stood', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'tensorsight-trainer-run-'));
  try {
    const stopped = path.join(root, 'digits_cnn', '20261204-055500-digits_cnn', 'checkpoints', 'stopped');
    mkdirSync(stopped, { recursive: true });
    writeFileSync(path.join(stopped, 'checkpoint.json'), JSON.stringify({ epoch: 4, step: 200, batch: 20, runDir: path.dirname(path.dirname(stopped)), seed: 1 }));
    const runDir = path.join(root, 'digits_cnn', '20261204-060000-digits_cnn');
    mkdirSync(runDir);
    const base = trainerRecord({});
    writeRunRecord(runDir, { ...base, hparams: { ...base.hparams, resumedFrom: stopped }, progress: progress(5, 17) });

    const watch = new LaunchedRunWatch();
    assert.equal(watch.refresh([{ name: 'digits_cnn/20261204-060000-digits_cnn', dir: runDir }]), true);
    const [run] = watch.launched();
    assert.deepEqual(run.trainer, { framework: 'tfjs', spec: 'digits_cnn', backend: 'webgpu', samplesPerSecond: 17 * 32, resumedFrom: { dir: stopped, epoch: 4, batch: 20 } });
    assert.equal(backendText(run.trainer!), 'TF.js · webgpu');
    assert.equal(resumedText(run.trainer!), 'resumed from Stop at epoch 5, batch 20');
    assert.equal(resumedTitle(run.trainer!), `Continued from the checkpoint ${stopped} of run 20261204-055500-digits_cnn`);
    assert.equal(trainerEpochText(run), 'epoch 5/8');

    // The checkpoint folder deleted since: the header still names it, without the place.
    rmSync(stopped, { recursive: true });
    const gone = launchedRun('r', { ...base, hparams: { ...base.hparams, resumedFrom: stopped } });
    assert.deepEqual(gone.trainer?.resumedFrom, { dir: stopped, epoch: null, batch: null });
    assert.equal(resumedText(gone.trainer!), 'resumed from Stop');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('the backend falls back to hparams.backend; samples/s prefers the trainer\'s own figure; Python runs have no trainer', () => {
  const base = trainerRecord({});
  const fromHparams = launchedRun('r', { ...base, frameworks: { '@tensorflow/tfjs-core': '4.22.0' }, progress: progress(2, 10, { loss: 0.3, samples_per_second: 301.5 }) });
  assert.equal(fromHparams.trainer?.backend, 'webgpu');
  assert.equal(fromHparams.trainer?.samplesPerSecond, 301.5);
  const unknown = launchedRun('r', { ...base, frameworks: {}, hparams: {} });
  assert.deepEqual(unknown.trainer, { framework: 'tfjs', spec: 'digits_cnn', backend: null, samplesPerSecond: null, resumedFrom: null });
  assert.equal(backendText(unknown.trainer!), 'TF.js');
  assert.equal(resumedText(unknown.trainer!), null);
  assert.equal('trainer' in launchedRun('r', runRecordFixture({ frameworks: { torch: '1.13.0' } })), false);
});

test('the epoch shown: the progress epoch, else the one a running run starts with; the count from progress or hparams', () => {
  const base = launchedRun('r', trainerRecord({}));
  const at = (run: Partial<LaunchedRun>): string | null => trainerEpochText({ ...base, ...run });
  assert.equal(at({}), 'epoch 1/8', 'running, before the first progress');
  assert.equal(at({ trainer: { ...base.trainer!, resumedFrom: { dir: '/r/checkpoints/epoch-4', epoch: 4, batch: 0 } } }), 'epoch 5/8', 'resumed after epoch 4');
  assert.equal(at({ progress: { ...launchedRun('r', trainerRecord({ progress: progress(3, 9) })).progress! } }), 'epoch 3/8');
  assert.equal(at({ status: 'failed' }), null, 'ended before any progress: nothing to say');
  const at5 = progress(5, 9)!;
  assert.equal(at({ status: 'finished', progress: at5 }), 'epoch 5/8 (early stopping)', 'finished short of its epochs');
  assert.equal(at({ status: 'stopped', progress: at5 }), 'epoch 5/8');
  assert.equal(at({ status: 'finished', progress: progress(8, 9)! }), 'epoch 8/8');
  assert.equal(at({ hparams: {} }), 'epoch 1');
});

test('resumed texts: an epoch checkpoint by its folder, a Stop checkpoint by where it was taken', () => {
  const trainer = launchedRun('r', trainerRecord({})).trainer!;
  const from = (dir: string, epoch: number | null, batch: number | null) => resumedText({ ...trainer, resumedFrom: { dir, epoch, batch } });
  assert.equal(from('/p/tensorsight-runs/digits_cnn/20261204-055500-digits_cnn/checkpoints/epoch-4', 4, 0), 'resumed from epoch-4');
  assert.equal(from('C:\\runs\\x\\checkpoints\\epoch-12\\', 12, 0), 'resumed from epoch-12');
  assert.equal(from('/p/run/checkpoints/stopped', 3, 0), 'resumed from Stop after epoch 3');
  assert.equal(from('/p/run/checkpoints/stopped', 3, 7), 'resumed from Stop at epoch 4, batch 7');
  assert.equal(from('/p/elsewhere/my-checkpoint', 2, 0), 'resumed from my-checkpoint after epoch 2');
});

test('charts of a group sort by name with each val_ metric right after its training twin', () => {
  const epochTags = ['val_loss', 'samples_per_second', 'loss', 'val_accuracy', 'accuracy', 'loss_scale', 'val_'];
  assert.deepEqual([...epochTags].sort(compareChartTags), ['accuracy', 'val_accuracy', 'loss', 'val_loss', 'loss_scale', 'samples_per_second', 'val_']);
  assert.deepEqual(['batch/val_loss', 'batch/loss', 'batch/accuracy'].sort(compareChartTags), ['batch/accuracy', 'batch/loss', 'batch/val_loss']);
  // Only the last part of a tag counts: a val_ folder is a group of its own, sorted as written.
  assert.deepEqual(['val_x/loss', 'train/loss'].sort(compareChartTags), ['train/loss', 'val_x/loss']);
});

test('the hparams table shortens long absolute paths to their last three parts and leaves other values alone', () => {
  assert.equal(shortPath('/tmp/ts-c9Texi/ws/tensorsight-runs/digits_cnn/20261204-054221-digits_cnn/checkpoints/stopped'), '…/20261204-054221-digits_cnn/checkpoints/stopped');
  assert.equal(shortPath('C:\\Users\\me\\project\\tensorsight-runs\\digits_cnn\\run-1\\checkpoints\\epoch-4'), '…/run-1/checkpoints/epoch-4');
  assert.equal(shortPath('/short/path'), '/short/path');
  assert.equal(shortPath('sparseCategoricalCrossentropy with a long name but not a path'), 'sparseCategoricalCrossentropy with a long name but not a path');
  assert.equal(shortPath('tensorsight-runs/digits_cnn/20261204-054221-digits_cnn/checkpoints'), 'tensorsight-runs/digits_cnn/20261204-054221-digits_cnn/checkpoints', 'relative: a run name');
});
