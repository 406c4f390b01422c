// Recurrent layers train: the 8x8 digits read as sequences of 8 rows of 8 pixels through an LSTM and a GRU (their
// recurrent kernels start from the Orthogonal initializer, which needs tensor methods tfjs-core's Node entry lacks).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import type { TrainMessage } from '../../src/core/train/run/trainMessage';
import { trainFromSpec } from '../../src/core/train/run/trainRun';

const digits = resolve('test/fixtures/digits');

for (const type of ['LSTM', 'GRU']) {
  test(`a ${type} over the digits' rows learns on cpu`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tensorsight-rnn-'));
    try {
      const specFile = join(dir, `rows-${type}.train.json`);
      writeFileSync(specFile, JSON.stringify({
        model: { inputShape: [8, 8], layers: [{ type, units: 24 }, { type: 'Dense', units: 10, activation: 'softmax' }] },
        data: { format: 'idx', features: join(digits, 'digits-images-idx3-ubyte'), labels: join(digits, 'digits-labels-idx1-ubyte'), validationSplit: 0.2, normalize: { scale: 16 } },
        loss: 'categoricalCrossentropy', optimizer: { type: 'adam', learningRate: 0.02 }, metrics: ['accuracy'],
        epochs: 3, batchSize: 32, seed: 3, backend: 'cpu',
      }));
      const messages: TrainMessage[] = [];
      const done = await trainFromSpec({ specFile, runsRoot: join(dir, 'runs'), searchDirs: [dir] }, (message) => messages.push(message));
      assert.equal(done.kind, 'done');
      const epochs = messages.filter((m): m is Extract<TrainMessage, { kind: 'epoch' }> => m.kind === 'epoch');
      assert.equal(epochs.length, 3);
      assert.ok(epochs[2].values.loss < epochs[0].values.loss, `loss ${epochs.map((e) => e.values.loss.toFixed(3)).join(' -> ')}`);
      assert.ok(epochs[2].values.val_accuracy > 0.5, `val_accuracy ${epochs[2].values.val_accuracy}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
