// How a launched run reads in the Runs view: records written by hand, the expected lines too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RunRecord } from '../../src/core/launch/runRecord';
import { exceptionName, runRecordDescription, runRecordDetails } from '../../src/core/launch/runRecordText';
import { runRecordFixture } from './runRecordFixture';

const start = Date.parse('2026-12-03T10:00:00.000Z');

function record(overrides: Partial<RunRecord>): RunRecord {
  return runRecordFixture({
    args: ['--lr', '1e-3', '--name', 'my run'],
    frameworks: { torch: '2.4.1' },
    host: 'box',
    pid: 4242,
    launcherPid: 4240,
    ...overrides,
  });
}

const progress = (lastMetrics: Record<string, number>, more: Partial<NonNullable<RunRecord['progress']>> = {}): RunRecord['progress'] => ({
  step: null,
  epoch: null,
  epochs: null,
  totalSteps: null,
  stepsPerSecond: null,
  etaSeconds: null,
  lastMetrics,
  updatedAt: start + 30_000,
  ...more,
});

test('a finished run: status, duration to its end, losses first, GPU series left out', () => {
  const finished = record({
    status: 'finished',
    endTime: '2026-12-03T10:03:30.000Z',
    exitCode: 0,
    progress: progress({ accuracy: 0.93, loss: 0.2134, 'gpu/0/utilization': 87, val_loss: 0.25 }),
  });
  assert.equal(runRecordDescription(finished, 'finished', start + 999_000), 'finished · 3.5m · loss 0.2134 · val_loss 0.25 · accuracy 0.93');
});

test('a running run: duration to now and its epoch; a run without an epoch shows its step', () => {
  const running = record({ progress: progress({ loss: 0.53 }, { epoch: 2, epochs: 10, step: 1200 }) });
  assert.equal(runRecordDescription(running, 'running', start + 42_000), 'running · 42s · epoch 2/10 · loss 0.53');
  const stepOnly = record({ progress: progress({}, { step: 1200 }) });
  assert.equal(runRecordDescription(stepOnly, 'running', start + 5_000), 'running · 5s · step 1200');
});

test('a lost run lasts until its last progress; a failed one names its exception', () => {
  assert.equal(runRecordDescription(record({ progress: progress({}) }), 'lost', start + 999_000), 'lost · 30s');
  const failed = record({
    status: 'failed',
    endTime: '2026-12-03T10:00:12.000Z',
    exitCode: 1,
    failure: { message: 'torch.cuda.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB', frames: [], hint: 'Lower the batch size.' },
  });
  assert.equal(runRecordDescription(failed, 'failed', start), 'failed · 12s · torch.cuda.OutOfMemoryError');
  assert.equal(exceptionName('KeyboardInterrupt'), 'KeyboardInterrupt');
  assert.equal(exceptionName('signal SIGKILL'), 'signal SIGKILL');
});

test('the tooltip: the command with its quoting, interpreter, commit, environment, sweep and how it ended', () => {
  const stopped = record({
    status: 'stopped',
    endTime: '2026-12-03T10:01:00.000Z',
    signal: 'SIGINT',
    git: { commit: '45b635cb0a30c1808e9774c11101e204461bc51e', branch: 'main', dirty: true },
    env: { CUDA_VISIBLE_DEVICES: '1' },
    hparams: { lr: 0.001 },
    sweep: { id: '20261203-095959', index: 1, count: 4 },
  });
  assert.deepEqual(runRecordDetails(stopped, 'stopped'), [
    "/work/project/train.py --lr 1e-3 --name 'my run'",
    'Python: /usr/bin/python3 (3.11.2)',
    'Frameworks: torch 2.4.1',
    'Commit: 45b635cb0a30 on main (uncommitted changes in git.diff)',
    'Environment: CUDA_VISIBLE_DEVICES=1',
    'Hyperparameters: lr=0.001',
    'Sweep 20261203-095959: run 2 of 4',
    'Started 2026-12-03T10:00:00.000Z, ended 2026-12-03T10:01:00.000Z on box',
    'Stopped (signal SIGINT)',
  ]);
});
