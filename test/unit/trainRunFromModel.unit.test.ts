// model.from in the trainer: a model the trainer saved (TF.js layers folder) is fine-tuned on the digits with its
// first layer frozen: the data is shaped to the loaded model's input, the frozen layer's weights stay as loaded,
// the others change, and run.json names the base model.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import * as tfl from '@tensorflow/tfjs-layers';
import { readRunRecord } from '../../src/core/launch/runRecord';
import { folderLoadHandler } from '../../src/core/train/run/layersFolderIO';
import { trainFromSpec } from '../../src/core/train/run/trainRun';

const digits = resolve('test/fixtures/digits');
const data = { format: 'idx', features: join(digits, 'digits-images-idx3-ubyte'), labels: join(digits, 'digits-labels-idx1-ubyte'), validationSplit: 0.2, normalize: { scale: 16 } };

/** The saved model's weights by name (`dense_Dense1/kernel`). */
async function weights(modelDir: string): Promise<Map<string, number[]>> {
  const model = await tfl.loadLayersModel(folderLoadHandler(modelDir));
  const values = new Map(model.weights.map((w) => [w.originalName, Array.from(w.read().dataSync())]));
  model.dispose();
  return values;
}

test('fine-tunes a saved model with model.from and freeze', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tensorsight-train-from-'));
  try {
    const baseSpec = join(dir, 'base.train.json');
    writeFileSync(baseSpec, JSON.stringify({
      model: { inputShape: [64], layers: [{ type: 'Dense', units: 16, activation: 'relu' }, { type: 'Dense', units: 10, activation: 'softmax' }] },
      data, loss: 'categoricalCrossentropy', optimizer: { type: 'adam', learningRate: 0.01 }, metrics: ['accuracy'], epochs: 3, batchSize: 32, seed: 4, backend: 'cpu',
    }));
    const base = await trainFromSpec({ specFile: baseSpec, runsRoot: join(dir, 'runs'), searchDirs: [dir] }, () => {}, { gpu: { nvidiaSmi: null } });
    assert.equal(base.kind, 'done');
    if (base.kind !== 'done') return;

    const tuneSpec = join(dir, 'tune.train.json');
    writeFileSync(tuneSpec, JSON.stringify({
      model: { from: join(base.modelDir, 'model.json'), freeze: 1 },
      data, loss: 'categoricalCrossentropy', optimizer: { type: 'adam', learningRate: 0.01 }, metrics: ['accuracy'], epochs: 2, batchSize: 32, seed: 4, backend: 'cpu',
    }));
    const tuned = await trainFromSpec({ specFile: tuneSpec, runsRoot: join(dir, 'runs'), searchDirs: [dir] }, () => {}, { gpu: { nvidiaSmi: null } });
    assert.equal(tuned.kind, 'done');
    if (tuned.kind !== 'done') return;
    assert.ok(tuned.values.val_accuracy > 0.8, `val_accuracy ${tuned.values.val_accuracy}`);
    const [before, after] = [await weights(base.modelDir), await weights(tuned.modelDir)];
    const [frozen, trained] = [...before.keys()].filter((name) => name.endsWith('/kernel'));
    assert.ok(frozen && trained, [...before.keys()].join(', '));
    assert.deepEqual(after.get(frozen), before.get(frozen), `the frozen ${frozen} is unchanged`);
    assert.deepEqual(after.get(frozen.replace('kernel', 'bias')), before.get(frozen.replace('kernel', 'bias')));
    assert.notDeepEqual(after.get(trained), before.get(trained), `the trainable ${trained} changed`);
    assert.equal(readRunRecord(tuned.runDir)?.hparams.from, join(base.modelDir, 'model.json'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
