// The training child process: forked under tsx, it streams backend, start, batch and epoch messages, and
// aborting kills it mid-training: the process is gone and its run.json says stopped.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { effectiveStatus, processExists, readRunRecord } from '../../src/core/launch/runRecord';
import { runTrainChild } from '../../src/core/train/run/trainChild';
import type { TrainMessage } from '../../src/core/train/run/trainMessage';

const digits = resolve('test/fixtures/digits');

test('the child streams progress and is cancelled by aborting', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tensorsight-train-child-'));
  try {
    const specFile = join(dir, 'long.train.json');
    writeFileSync(specFile, JSON.stringify({
      model: { inputShape: [64], layers: [{ type: 'Dense', units: 16, activation: 'relu' }, { type: 'Dense', units: 10, activation: 'softmax' }] },
      data: { format: 'idx', features: join(digits, 'digits-images-idx3-ubyte'), labels: join(digits, 'digits-labels-idx1-ubyte'), validationSplit: 0.2 },
      loss: 'sparseCategoricalCrossentropy', optimizer: 'adam', metrics: ['accuracy'], epochs: 10000, batchSize: 64, seed: 3,
    }));
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
    // SIGKILL lands at once, but the exit is observed asynchronously.
    for (let i = 0; i < 50 && processExists(record.pid); i++) await new Promise((r) => setTimeout(r, 20));
    assert.equal(processExists(record.pid), false);
    for (let i = 0; i < 50 && readRunRecord(start.runDir)!.status === 'running'; i++) await new Promise((r) => setTimeout(r, 20));
    const stopped = readRunRecord(start.runDir)!;
    assert.equal(effectiveStatus(stopped), 'stopped');
    assert.ok(stopped.endTime);
    const epochs = messages.filter((m) => m.kind === 'epoch');
    assert.ok(epochs.length >= 2 && epochs.length < 10000);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
