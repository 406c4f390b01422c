// The trainer end to end on cpu: a small Dense model on the IDX digits (1797 samples of 8x8, 10 classes) trains
// for 3 seeded epochs; loss falls, validation accuracy ends far above chance (0.1), the run folder holds run.json,
// an event file our reader reads back, checkpoints and a model.json that tf.loadLayersModel loads and that
// predicts as the trainer's last validation accuracy says. A broken spec fails naming its field.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { LogdirReader } from '../../src/core/events/logdirReader';
import { readRunRecord } from '../../src/core/launch/runRecord';
import { readIdxFile } from '../../src/core/train/data/idxReader';
import { TrainSpecError } from '../../src/core/train/spec/readTrainSpec';
import { readCheckpointInfo } from '../../src/core/train/run/checkpoint';
import { PROGRESS_WRITE_MS, TrainRunRecord } from '../../src/core/train/run/runRecordWriter';
import { folderLoadHandler } from '../../src/core/train/run/layersFolderIO';
import type { TrainMessage } from '../../src/core/train/run/trainMessage';
import { trainFromSpec } from '../../src/core/train/run/trainRun';

const digits = resolve('test/fixtures/digits');

function spec(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    model: { inputShape: [64], layers: [{ type: 'Dense', units: 32, activation: 'relu' }, { type: 'Dense', units: 10, activation: 'softmax' }] },
    data: { format: 'idx', features: join(digits, 'digits-images-idx3-ubyte'), labels: join(digits, 'digits-labels-idx1-ubyte'), validationSplit: 0.2, normalize: { scale: 16 } },
    loss: 'categoricalCrossentropy', optimizer: { type: 'adam', learningRate: 0.01 }, metrics: ['accuracy'],
    epochs: 3, batchSize: 32, seed: 7, checkpoint: { everyEpochs: 2 }, backend: 'cpu',
    ...overrides,
  };
}

test('trains a Dense model on the IDX digits on cpu: metrics, run folder, events, checkpoint and a loadable model', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tensorsight-train-'));
  try {
    const specFile = join(dir, 'digits.train.json');
    writeFileSync(specFile, JSON.stringify(spec()));
    const messages: TrainMessage[] = [];
    const done = await trainFromSpec({ specFile, runsRoot: join(dir, 'tensorsight-runs'), searchDirs: [dir] }, (message) => messages.push(message));
    assert.equal(done.kind, 'done');
    if (done.kind !== 'done') return;

    const backend = messages.find((m) => m.kind === 'backend');
    assert.ok(backend?.kind === 'backend');
    assert.equal(backend.report.chosen, 'cpu');

    const epochs = messages.filter((m): m is Extract<TrainMessage, { kind: 'epoch' }> => m.kind === 'epoch');
    assert.equal(epochs.length, 3);
    assert.ok(epochs[2].values.loss < epochs[0].values.loss * 0.5, `loss ${epochs.map((e) => e.values.loss.toFixed(3)).join(' -> ')}`);
    assert.ok(epochs[2].values.val_accuracy > 0.8, `val_accuracy ${epochs[2].values.val_accuracy}`);
    assert.ok(messages.some((m) => m.kind === 'batch'));
    const start = messages.find((m) => m.kind === 'start');
    assert.ok(start?.kind === 'start');
    assert.equal(start.trainSamples + start.validationSamples, 1797);
    assert.equal(start.parameters, 64 * 32 + 32 + 32 * 10 + 10);

    const record = readRunRecord(done.runDir);
    assert.equal(record?.status, 'finished');
    assert.equal(record?.trainer, 'tfjs');
    assert.equal(record?.pid, process.pid);
    assert.equal(record?.progress?.epoch, 3);
    assert.equal(record?.progress?.step, epochs[2].step);
    assert.ok(existsSync(join(done.runDir, 'checkpoints', 'epoch-2', 'model.json')));
    assert.equal(readCheckpointInfo(join(done.runDir, 'checkpoints', 'epoch-2')).epoch, 2);
    // The last epoch saves the model, not a checkpoint.
    assert.equal(existsSync(join(done.runDir, 'checkpoints', 'epoch-3')), false);

    // The event file, read back with our own reader: one point per epoch, the values the trainer posted.
    const logdir = new LogdirReader(join(dir, 'tensorsight-runs'));
    logdir.poll();
    const run = [...logdir.runs.values()][0];
    for (const tag of ['loss', 'accuracy', 'val_loss', 'val_accuracy']) {
      const series = run.store.scalar(tag)?.columns();
      assert.ok(series, `tag ${tag}`);
      assert.deepEqual([...series.steps], [1, 2, 3]);
      series.values.forEach((value, i) => assert.ok(Math.abs(value - epochs[i].values[tag]) < 1e-6, `${tag} at epoch ${i + 1}`));
    }
    assert.ok((run.store.scalar('batch/loss')?.columns().steps.length ?? 0) >= 3);

    // The saved model loads with TF.js and classifies the digits (pixels scaled as in training) far above chance.
    const model = await tfl.loadLayersModel(folderLoadHandler(done.modelDir));
    const images = readIdxFile(join(digits, 'digits-images-idx3-ubyte'));
    const labels = readIdxFile(join(digits, 'digits-labels-idx1-ubyte'));
    const x = tf.tensor(Float32Array.from(images.data as Uint8Array, (v) => v / 16), [1797, 64]);
    const predicted = Array.from(tf.argMax(model.predict(x) as tf.Tensor, 1).dataSync());
    const correct = predicted.reduce((n: number, p: number, i: number) => n + (p === (labels.data as Uint8Array)[i] ? 1 : 0), 0);
    assert.ok(correct / 1797 > 0.85, `accuracy of the saved model ${correct / 1797}`);
    const json = JSON.parse(readFileSync(join(done.modelDir, 'model.json'), 'utf8')) as { format: string };
    assert.equal(json.format, 'layers-model');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a broken spec fails before training, naming the field', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tensorsight-train-'));
  try {
    const specFile = join(dir, 'bad.train.json');
    writeFileSync(specFile, JSON.stringify(spec({ batchSize: 0 })));
    await assert.rejects(trainFromSpec({ specFile, runsRoot: join(dir, 'runs'), searchDirs: [dir] }, () => {}), (error: unknown) => error instanceof TrainSpecError && /batchSize/.test(error.message));
    assert.equal(existsSync(join(dir, 'runs')), false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('pinning a backend that is not installed fails with the reason', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tensorsight-train-'));
  try {
    const specFile = join(dir, 'pinned.train.json');
    writeFileSync(specFile, JSON.stringify(spec({ backend: 'tfjs-node' })));
    await assert.rejects(trainFromSpec({ specFile, runsRoot: join(dir, 'runs'), searchDirs: [dir] }, () => {}), /backend tfjs-node is not available: @tensorflow\/tfjs-node is not installed/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('run.json progress inside an epoch is written at most every PROGRESS_WRITE_MS, at once at an epoch\'s end', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tensorsight-train-record-'));
  try {
    const record = new TrainRunRecord(dir, { id: 'r', dir, specFile: join(dir, 'x.train.json'), backend: 'cpu', started: new Date(), hparams: { seed: 1 } });
    assert.deepEqual([readRunRecord(dir)?.status, readRunRecord(dir)?.trainer, readRunRecord(dir)?.progress], ['running', 'tfjs', null]);
    const progress = (step: number) => ({ step, epoch: 1, epochs: 2, totalSteps: 10, stepsPerSecond: 5, etaSeconds: 1, lastMetrics: { loss: 1 } });
    record.progress(progress(1), false);
    assert.equal(readRunRecord(dir)?.progress, null, 'written within PROGRESS_WRITE_MS of the last write: held back');
    record.progress(progress(5), true);
    assert.equal(readRunRecord(dir)?.progress?.step, 5);
    assert.ok(PROGRESS_WRITE_MS <= 5000);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
