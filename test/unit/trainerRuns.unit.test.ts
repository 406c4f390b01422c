// Which runs are the TF.js trainer's, and their checkpoints as Resume Training lists them: folders holding a
// model.json, latest epoch first (checkpoint.json's epoch over the folder name), `stopped` ahead of `epoch-N` of
// the same epoch.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { checkpointLabel, hasCheckpoint, isTrainerRun, listCheckpoints } from '../../src/host/train/trainerRuns';

function checkpoint(runDir: string, name: string, info?: { epoch: number; step: number }): void {
  const dir = join(runDir, 'checkpoints', name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'model.json'), '{}');
  if (info) writeFileSync(join(dir, 'checkpoint.json'), JSON.stringify(info));
}

test('runs of the trainer: the trainer field, or a *.train.json spec as the script', () => {
  assert.equal(isTrainerRun({ trainer: 'tfjs', script: '/w/anything' }), true);
  assert.equal(isTrainerRun({ script: '/w/digits.train.json' }), true);
  assert.equal(isTrainerRun({ script: '/w/train.py' }), false);
});

test('checkpoints: latest epoch first, stopped before epoch-N of the same epoch, folders without model.json left out', () => {
  const runDir = mkdtempSync(join(tmpdir(), 'tensorsight-checkpoints-'));
  try {
    assert.deepEqual(listCheckpoints(runDir), []);
    assert.equal(hasCheckpoint(runDir), false);
    checkpoint(runDir, 'epoch-2', { epoch: 2, step: 90 });
    checkpoint(runDir, 'epoch-10');
    checkpoint(runDir, 'epoch-4', { epoch: 4, step: 180 });
    checkpoint(runDir, 'stopped', { epoch: 4, step: 200 });
    mkdirSync(join(runDir, 'checkpoints', 'epoch-6'));
    assert.equal(hasCheckpoint(runDir), true);
    const listed = listCheckpoints(runDir);
    assert.deepEqual(listed.map((entry) => entry.name), ['epoch-10', 'stopped', 'epoch-4', 'epoch-2']);
    assert.deepEqual(listed.map((entry) => [entry.epoch, entry.step]), [[10, null], [4, 200], [4, 180], [2, 90]]);
    assert.deepEqual(listed.map(checkpointLabel), ['epoch 10', 'stopped at epoch 4', 'epoch 4', 'epoch 2']);
  } finally {
    rmSync(runDir, { recursive: true, force: true });
  }
});
