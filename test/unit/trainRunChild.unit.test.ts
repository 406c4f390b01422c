// The training child process: forked under tsx, it streams backend, start, batch and epoch messages; aborting
// kills it mid-training (the process is gone and its run.json says stopped), and SIGINT (the Runs view's Stop)
// stops it cleanly: checkpoints/stopped/, run.json stopped by SIGINT, a done message, exit 0.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { effectiveStatus, processExists, readRunRecord } from '../../src/core/launch/runRecord';
import { stopRun, type StopOutcome } from '../../src/host/launch/stopRun';
import { readCheckpointInfo } from '../../src/core/train/run/checkpoint';
import { runTrainChild } from '../../src/core/train/run/trainChild';
import type { TrainMessage } from '../../src/core/train/run/trainMessage';

const digits = resolve('test/fixtures/digits');

/** A spec that trains far longer than any test waits (10,000 epochs of a small Dense model on cpu). */
function writeLongSpec(dir: string): string {
  const specFile = join(dir, 'long.train.json');
  writeFileSync(specFile, JSON.stringify({
    model: { inputShape: [64], layers: [{ type: 'Dense', units: 16, activation: 'relu' }, { type: 'Dense', units: 10, activation: 'softmax' }] },
    data: { format: 'idx', features: join(digits, 'digits-images-idx3-ubyte'), labels: join(digits, 'digits-labels-idx1-ubyte'), validationSplit: 0.2 },
    loss: 'sparseCategoricalCrossentropy', optimizer: 'adam', metrics: ['accuracy'], epochs: 10000, batchSize: 64, seed: 3, backend: 'cpu',
  }));
  return specFile;
}

test('the child streams progress and is cancelled by aborting', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tensorsight-train-child-'));
  try {
    const specFile = writeLongSpec(dir);
    const messages: TrainMessage[] = [];
    const controller = new AbortController();
    const training = runTrainChild({ specFile, runsRoot: join(dir, 'runs'), searchDirs: [dir] }, (message) => {
      messages.push(message);
      if (message.kind === 'epoch' && message.epoch === 2) controller.abort();
    }, controller.signal);
    await assert.rejects(training, { name: 'AbortError' });
    assert.deepEqual([...new Set(messages.map((m) => m.kind))], ['backend', 'start', 'batch', 'epoch']);
    const start = messages.find((m) => m.kind === 'start');
    assert.ok(start?.kind === 'start');
    const record = readRunRecord(start.runDir);
    assert.ok(record?.pid);
    // SIGKILL lands at once, but the exit (and the run.json written on it) is observed asynchronously: up to 10 s on a loaded machine.
    for (let i = 0; i < 500 && processExists(record.pid); i++) await new Promise((r) => setTimeout(r, 20));
    assert.equal(processExists(record.pid), false);
    for (let i = 0; i < 500 && readRunRecord(start.runDir)!.status === 'running'; i++) await new Promise((r) => setTimeout(r, 20));
    const stopped = readRunRecord(start.runDir)!;
    assert.equal(effectiveStatus(stopped), 'stopped');
    assert.ok(stopped.endTime);
    const epochs = messages.filter((m) => m.kind === 'epoch');
    assert.ok(epochs.length >= 2 && epochs.length < 10000);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("Stop from the Runs view (stopRun: SIGINT to run.json's launcherPid) ends a trainer run as stopped by the launcher, with a checkpoint", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tensorsight-train-child-'));
  try {
    const specFile = writeLongSpec(dir);
    let stopping: Promise<StopOutcome> | undefined;
    const messages: TrainMessage[] = [];
    const final = await runTrainChild({ specFile, runsRoot: join(dir, 'runs'), searchDirs: [dir] }, (message) => {
      messages.push(message);
      if (message.kind === 'epoch' && message.epoch === 1) stopping = stopRun((messages.find((m) => m.kind === 'start') as { runDir: string }).runDir, 5);
    });
    assert.ok(stopping);
    assert.deepEqual(await stopping, { status: 'stopped', groupLeft: false, by: 'launcher' });
    assert.equal(final.kind, 'done');
    if (final.kind !== 'done') return;
    assert.equal(final.stopped, true);
    const record = readRunRecord(final.runDir)!;
    assert.equal(record.pid, record.launcherPid);
    assert.equal(processExists(record.pid!), false);
    assert.deepEqual([record.status, record.signal, record.trainer], ['stopped', 'SIGINT', 'tfjs']);
    assert.ok(record.endTime && record.progress && (record.progress.epoch ?? 0) >= 1);
    const info = readCheckpointInfo(join(final.runDir, 'checkpoints', 'stopped'));
    assert.ok(info.epoch >= 1 && info.step === record.progress.step, `checkpoint at step ${info.step}, run.json at ${record.progress.step}`);
    assert.ok(messages.filter((m) => m.kind === 'epoch').length < 50);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a Ctrl-C that reaches the child twice at once (from the terminal and passed on by the CLI) is one clean stop', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tensorsight-train-child-'));
  try {
    const specFile = writeLongSpec(dir);
    let runDir = '';
    const final = await runTrainChild({ specFile, runsRoot: join(dir, 'runs'), searchDirs: [dir] }, (message) => {
      if (message.kind === 'start') runDir = message.runDir;
      if (message.kind === 'epoch' && message.epoch === 1) {
        const pid = readRunRecord(runDir)!.pid!;
        process.kill(pid, 'SIGINT');
        process.kill(pid, 'SIGINT');
      }
    });
    assert.ok(final.kind === 'done' && final.stopped === true, JSON.stringify(final));
    assert.equal(readRunRecord(runDir)?.status, 'stopped');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
