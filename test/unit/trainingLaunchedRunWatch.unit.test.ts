// The Training panel's run.json watch: launched runs found among the charted runs, re-read when the file's
// mtime changes, `lost` once the launcher is gone, dropped with their run.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { writeRunRecord, type RunRecord } from '../../src/core/launch/runRecord';
import { LaunchedRunWatch } from '../../src/host/training/launchedRunWatch';
import { runRecordFixture } from './runRecordFixture';

function record(overrides: Partial<RunRecord>): RunRecord {
  return runRecordFixture({
    args: ['--epochs', '3'],
    frameworks: { torch: '1.13.0' },
    progress: { step: 40, epoch: 1, epochs: 3, totalSteps: 120, stepsPerSecond: 8, etaSeconds: 10, lastMetrics: { loss: 0.5 }, updatedAt: 1764756000000 },
    hparams: { lr: 0.001 },
    ...overrides,
  });
}

/** Rewrites run.json with a later mtime, as the launcher's next update would. */
function rewrite(dir: string, value: RunRecord, secondsLater: number): void {
  writeRunRecord(dir, value);
  const when = new Date(Date.now() + secondsLater * 1000);
  utimesSync(path.join(dir, 'run.json'), when, when);
}

test('launched runs are read from run.json, re-read on change, lost when the launcher is gone, dropped with their run', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'tensorsight-launched-'));
  try {
    const launchedDir = path.join(root, 'train', '20261203-100000-train');
    const plainDir = path.join(root, 'plain');
    mkdirSync(launchedDir, { recursive: true });
    mkdirSync(plainDir);
    const watch = new LaunchedRunWatch();
    const runs = [{ name: 'train/20261203-100000-train', dir: launchedDir }, { name: 'plain', dir: plainDir }];
    assert.equal(watch.refresh(runs), false, 'no run.json yet');
    rewrite(launchedDir, record({}), 1);
    assert.equal(watch.refresh(runs), true);
    const [info] = watch.launched();
    assert.deepEqual([info.run, info.status, info.progress?.step, info.progress?.totalSteps, info.progress?.etaSeconds, info.hparams], ['train/20261203-100000-train', 'running', 40, 120, 10, { lr: 0.001 }]);
    assert.equal(watch.anyRunning(), true);
    assert.equal(watch.refresh(runs), false, 'same mtime, same info');

    rewrite(launchedDir, record({ status: 'failed', endTime: '2026-12-03T10:01:00.000Z', exitCode: 1, failure: { message: 'RuntimeError: CUDA out of memory.', frames: [], hint: null } }), 2);
    assert.equal(watch.refresh(runs), true);
    assert.deepEqual([watch.launched()[0].status, watch.launched()[0].failure, watch.launched()[0].exitCode], ['failed', 'RuntimeError: CUDA out of memory.', 1]);

    // A launcher that exited without writing the end: a process that has finished by now.
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    rewrite(launchedDir, record({ launcherPid: Number(gone.stdout) }), 3);
    assert.equal(watch.refresh(runs), true);
    assert.equal(watch.launched()[0].status, 'lost');
    assert.equal(watch.anyRunning(), false);

    assert.equal(watch.refresh(runs.slice(1)), true, 'the launched run left the panel');
    assert.deepEqual(watch.launched(), []);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
