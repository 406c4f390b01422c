// Checkpoints and resume on cpu, with a Dropout layer and Adam (whose moments must be restored): 4 epochs straight
// versus 2 epochs + resume for 2 from checkpoints/epoch-2, and versus a run stopped mid-epoch 2 (checkpoints/stopped)
// and resumed. The resumed runs see the same permutations and dropout masks from the same optimizer state, so
// their epochs 3 and 4 equal the straight run's, to float32 rounding. Two seeded runs repeat each other exactly.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { readRunRecord } from '../../src/core/launch/runRecord';
import { readCheckpointInfo } from '../../src/core/train/run/checkpoint';
import type { TrainMessage, TrainRequest } from '../../src/core/train/run/trainMessage';
import { trainFromSpec } from '../../src/core/train/run/trainRun';

const digits = resolve('test/fixtures/digits');
type Epoch = Extract<TrainMessage, { kind: 'epoch' }>;

const spec = {
  model: { inputShape: [64], layers: [{ type: 'Dense', units: 32, activation: 'relu' }, { type: 'Dropout', rate: 0.3 }, { type: 'Dense', units: 10, activation: 'softmax' }] },
  data: { format: 'idx', features: join(digits, 'digits-images-idx3-ubyte'), labels: join(digits, 'digits-labels-idx1-ubyte'), validationSplit: 0.2, normalize: { scale: 16 } },
  loss: 'categoricalCrossentropy', optimizer: { type: 'adam', learningRate: 0.01 }, metrics: ['accuracy'],
  epochs: 4, batchSize: 32, seed: 21, checkpoint: { everyEpochs: 2 }, backend: 'cpu',
};

async function train(request: TrainRequest, stopAt?: (message: TrainMessage) => boolean): Promise<{ done: Extract<TrainMessage, { kind: 'done' }>; epochs: Epoch[] }> {
  const messages: TrainMessage[] = [];
  const stop = new AbortController();
  const done = await trainFromSpec(request, (message) => {
    messages.push(message);
    if (stopAt?.(message)) stop.abort();
  }, { stop: stop.signal, gpu: { nvidiaSmi: null } });
  assert.equal(done.kind, 'done');
  return { done: done as Extract<TrainMessage, { kind: 'done' }>, epochs: messages.filter((m): m is Epoch => m.kind === 'epoch') };
}

function assertSameEpoch(actual: Epoch, expected: Epoch): void {
  assert.equal(actual.epoch, expected.epoch);
  assert.equal(actual.step, expected.step);
  for (const [name, value] of Object.entries(expected.values)) {
    assert.ok(Math.abs(actual.values[name] - value) <= 1e-6, `epoch ${expected.epoch} ${name}: resumed ${actual.values[name]}, straight ${value}`);
  }
}

test('resuming from an epoch checkpoint or a mid-epoch stop continues as the uninterrupted run', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tensorsight-resume-'));
  try {
    const specFile = join(dir, 'digits.train.json');
    writeFileSync(specFile, JSON.stringify(spec));
    const runsRoot = join(dir, 'runs');
    const straight = await train({ specFile, runsRoot, searchDirs: [dir] });
    assert.deepEqual(straight.epochs.map((e) => e.epoch), [1, 2, 3, 4]);
    assert.ok(straight.epochs[3].values.loss < straight.epochs[0].values.loss);

    // The epoch-2 checkpoint: model + Adam's state, and where training stood.
    const checkpoint = join(straight.done.runDir, 'checkpoints', 'epoch-2');
    const info = readCheckpointInfo(checkpoint);
    assert.deepEqual({ epoch: info.epoch, step: info.step, batch: info.batch, seed: info.seed, specFile: info.specFile, runDir: info.runDir, backend: info.backend },
      { epoch: 2, step: straight.epochs[1].step, batch: 0, seed: 21, specFile, runDir: straight.done.runDir, backend: 'cpu' });
    const manifest = JSON.parse(readFileSync(join(checkpoint, 'model.json'), 'utf8')) as { weightsManifest: { weights: { name: string }[] }[]; trainingConfig: { optimizer_config: { class_name: string } } };
    assert.equal(manifest.trainingConfig.optimizer_config.class_name, 'Adam');
    assert.ok(manifest.weightsManifest[0].weights.some((w) => w.name === 'iter'), 'the optimizer iteration count is saved');

    const resumed = await train({ specFile, runsRoot, searchDirs: [dir], resumeFrom: checkpoint });
    assert.notEqual(resumed.done.runDir, straight.done.runDir);
    assert.deepEqual(resumed.epochs.map((e) => e.epoch), [3, 4]);
    resumed.epochs.forEach((epoch, i) => assertSameEpoch(epoch, straight.epochs[i + 2]));
    const record = readRunRecord(resumed.done.runDir)!;
    assert.equal(record.hparams.resumedFrom, checkpoint);
    assert.equal(record.hparams.seed, 21);
    assert.equal(record.trainer, 'tfjs');
    assert.equal(record.status, 'finished');

    // Stopped after the first batch of epoch 2: checkpoints/stopped says epoch 1 done, 1 batch of epoch 2 trained.
    const stopped = await train({ specFile, runsRoot, searchDirs: [dir] }, (m) => m.kind === 'batch' && m.epoch === 2);
    assert.equal(stopped.done.stopped, true);
    assert.equal(stopped.done.epochs, 1);
    assert.equal(stopped.done.modelDir, join(stopped.done.runDir, 'checkpoints', 'stopped'));
    assert.equal(existsSync(join(stopped.done.runDir, 'model')), false);
    const stoppedRecord = readRunRecord(stopped.done.runDir)!;
    assert.equal(stoppedRecord.status, 'stopped');
    assert.equal(stoppedRecord.signal, 'SIGINT');
    assert.ok(stoppedRecord.endTime);
    const stoppedInfo = readCheckpointInfo(stopped.done.modelDir);
    assert.deepEqual([stoppedInfo.epoch, stoppedInfo.batch, stoppedInfo.step], [1, 1, straight.epochs[0].step + 1]);

    const continued = await train({ specFile, runsRoot, searchDirs: [dir], resumeFrom: stopped.done.modelDir });
    assert.deepEqual(continued.epochs.map((e) => e.epoch), [2, 3, 4]);
    assert.equal(continued.epochs[0].step, straight.epochs[1].step);
    // Epoch 2's training averages cover only the batches after the stop; its validation and later epochs match.
    assert.ok(Math.abs(continued.epochs[0].values.val_loss - straight.epochs[1].values.val_loss) <= 1e-6);
    continued.epochs.slice(1).forEach((epoch, i) => assertSameEpoch(epoch, straight.epochs[i + 2]));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('two runs with one seed repeat each other, dropout included; a checkpoint past the spec\'s epochs is refused', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tensorsight-resume-'));
  try {
    const specFile = join(dir, 'digits.train.json');
    writeFileSync(specFile, JSON.stringify({ ...spec, epochs: 2, checkpoint: { everyEpochs: 1 } }));
    const first = await train({ specFile, runsRoot: join(dir, 'runs'), searchDirs: [dir] });
    const second = await train({ specFile, runsRoot: join(dir, 'runs'), searchDirs: [dir] });
    first.epochs.forEach((epoch, i) => assert.deepEqual(second.epochs[i].values, epoch.values));

    writeFileSync(specFile, JSON.stringify({ ...spec, epochs: 1 }));
    const checkpoint = join(first.done.runDir, 'checkpoints', 'epoch-1');
    await assert.rejects(trainFromSpec({ specFile, runsRoot: join(dir, 'runs'), searchDirs: [dir], resumeFrom: checkpoint }, () => {}),
      /resumeFrom: the checkpoint .*epoch-1 is at epoch 1 and the spec trains 1 epochs; raise epochs/);
    await assert.rejects(trainFromSpec({ specFile, runsRoot: join(dir, 'runs'), searchDirs: [dir], resumeFrom: dir }, () => {}),
      /resumeFrom: .* is not a checkpoint folder \(it has no model\.json\)/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
