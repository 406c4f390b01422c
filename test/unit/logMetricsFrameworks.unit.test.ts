// Framework output as it reaches the launcher live (redraws, escape codes), which the captured notebook logs
// show only in their final state: Keras progress redraws, Keras 3's last-batch redraw before the final line,
// Trainer dicts with numpy wrappers, tqdm bars that restart per epoch, Lightning train metrics, XGBoost rows
// and LightGBM's repeated best round. Byte layouts follow the frameworks' progress-bar code; lines marked
// "real" are copied from printed outputs in public repositories.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TerminalLineSplitter } from '../../src/core/launch/logMetrics/terminalLines';
import { createLogMetricParser } from '../../src/core/launch/logMetrics/logMetricParser';
import type { LogMetric, LogProgress } from '../../src/core/launch/logMetrics/logMetric';

/** Raw output (one string, as a terminal gets it) through the splitter and a fresh parser. */
function feed(output: string): { points: LogMetric[]; progress: LogProgress[] } {
  const splitter = new TerminalLineSplitter();
  const parser = createLogMetricParser();
  const points: LogMetric[] = [];
  const progress: LogProgress[] = [];
  for (const line of [...splitter.push(output), ...splitter.end()]) {
    const result = parser.push(line);
    points.push(...result.metrics);
    if (result.progress) progress.push(result.progress);
  }
  points.push(...parser.end().metrics);
  return { points, progress };
}

const back = (n: number): string => '\b'.repeat(n) + '\r';

test('Keras 2: redraws with ETA are progress only; the final line is the epoch point; evaluate after fit is none', () => {
  const out =
    'Epoch 1/2\n' +
    '   1/1719 [..............................] - ETA: 0s - loss: 2.4510 - accuracy: 0.0938' + back(90) +
    ' 860/1719 [==============>...............] - ETA: 1s - loss: 0.7302 - accuracy: 0.7514' + back(90) +
    '1719/1719 [==============================] - ETA: 0s - loss: 0.6001 - accuracy: 0.7950' + back(90) +
    '1719/1719 [==============================] - 2s 1ms/step - loss: 0.6001 - accuracy: 0.7950 - val_loss: 0.4300 - val_accuracy: 0.8500\n' +
    'Epoch 2/2\n' +
    '1719/1719 [==============================] - 2s 921us/step - loss: 0.4100 - accuracy: 0.8561 - val_loss: 3.5000e-05 - val_accuracy: 0.8700\n' +
    ' 313/313 [==============================] - 0s 1ms/step - loss: 0.3310 - accuracy: 0.8820\n';
  const { points, progress } = feed(out);
  assert.deepEqual(points, [
    { step: 1719, epoch: 1, values: { loss: 0.6001, accuracy: 0.795, val_loss: 0.43, val_accuracy: 0.85 }, source: 'keras2' },
    { step: 3438, epoch: 2, values: { loss: 0.41, accuracy: 0.8561, val_loss: 3.5e-5, val_accuracy: 0.87 }, source: 'keras2' },
  ]);
  assert.deepEqual(progress[0], { epoch: 1, epochs: 2 });
  assert.deepEqual(progress[2], { position: 860, total: 1719, epoch: 1, epochs: 2 });
});

test('Keras verbose=2 (real): 2.2 prints the epoch line without a count (epoch only); TF 2.7+ with a count and a time tail', () => {
  const old = feed('Epoch 1/10\n - 4s - loss: 0.2821 - acc: 0.9202 - val_loss: 0.1378 - val_acc: 0.9606\nEpoch 2/10\n - 3s - loss: 0.1106 - acc: 0.9679 - val_loss: 0.0939 - val_acc: 0.9709\n');
  assert.deepEqual(old.points, [
    { step: null, epoch: 1, values: { loss: 0.2821, acc: 0.9202, val_loss: 0.1378, val_acc: 0.9606 }, source: 'keras2' },
    { step: null, epoch: 2, values: { loss: 0.1106, acc: 0.9679, val_loss: 0.0939, val_acc: 0.9709 }, source: 'keras2' },
  ]);
  const tf27 = feed('Epoch 1/10\n56/56 - 7s - loss: 1.6063 - accuracy: 0.2921 - val_loss: 1.4250 - val_accuracy: 0.4112 - 7s/epoch - 120ms/step\n313/313 - 4s - loss: 0.2639 - sparse_categorical_accuracy: 0.9153 - 4s/epoch - 12ms/step\n');
  assert.deepEqual(tf27.points, [
    { step: 56, epoch: 1, values: { loss: 1.6063, accuracy: 0.2921, val_loss: 1.425, val_accuracy: 0.4112 }, source: 'keras2' },
  ]);
});

test('Keras 3: the last-batch redraw (ETA 0s) is replaced by the final line; a sub-second final line waits for the next', () => {
  const bar = (n: number, time: string, metrics: string): string =>
    `\x1b[1m${String(n).padStart(3)}/125\x1b[0m \x1b[32m${'━'.repeat(Math.floor((20 * n) / 125))}\x1b[0m\x1b[37m${'━'.repeat(20 - Math.floor((20 * n) / 125))}\x1b[0m \x1b[1m${time}\x1b[0m 10ms/step - ${metrics}`;
  const slow =
    'Epoch 1/2\n' + bar(60, '1s', 'accuracy: 0.7000 - loss: 1.6000') + back(80) +
    bar(125, '0s', 'accuracy: 0.7300 - loss: 1.5500') + back(80) +
    bar(125, '5s', 'accuracy: 0.7338 - loss: 1.5405 - val_accuracy: 0.7138 - val_loss: 1.0745') + '\n';
  assert.deepEqual(feed(slow).points, [
    { step: 125, epoch: 1, values: { accuracy: 0.7338, loss: 1.5405, val_accuracy: 0.7138, val_loss: 1.0745 }, source: 'keras3' },
  ]);
  // Without validation and under half a second an epoch's final line also reads `0s`: the last such line of the
  // epoch is the point, given when the next line (or the end of output) shows nothing replaces it.
  const fast =
    'Epoch 1/2\n' + bar(125, '0s', 'loss: 0.9000') + back(40) + bar(125, '0s', 'loss: 0.8800') + '\n' +
    'Epoch 2/2\n' + bar(125, '0s', 'loss: 0.7000') + '\n';
  assert.deepEqual(feed(fast).points.map((p) => [p.step, p.epoch, p.values]), [
    [125, 1, { loss: 0.88 }],
    [250, 2, { loss: 0.7 }],
  ]);
});

test('Trainer dicts: numpy scalar wrappers, eval dicts, a step key; non-metric entries and placeless dicts left out', () => {
  const { points } = feed(
    "{'loss': np.float64(0.6931), 'grad_norm': np.float64(1.2345), 'learning_rate': 5e-05, 'epoch': 0.5}\n" +
    "{'eval_loss': 0.5123, 'eval_runtime': 1.234, 'eval_samples_per_second': 81.05, 'epoch': 1.0}\n" +
    "{'loss': 0.41, 'learning_rate': None, 'epoch': 2.0, 'note': 'x'}\n" +
    "{'step': 300, 'loss': 0.25}\n" +
    // No epoch and no step: an evaluate() before training, or a config.
    "{'eval_loss': 0.7, 'eval_runtime': 1.0}\n{'lr': 0.001, 'batch_size': 32}\n",
  );
  assert.deepEqual(points, [
    { step: null, epoch: 0.5, values: { loss: 0.6931, grad_norm: 1.2345, learning_rate: 5e-5 }, source: 'hf-trainer' },
    { step: null, epoch: 1, values: { eval_loss: 0.5123, eval_runtime: 1.234, eval_samples_per_second: 81.05 }, source: 'hf-trainer' },
    { step: null, epoch: 2, values: { loss: 0.41 }, source: 'hf-trainer' },
    { step: 300, epoch: null, values: { loss: 0.25 }, source: 'hf-trainer' },
  ]);
});

test('tqdm: one bar for the run gives its count as step; redraws at the same count are no point; a restarted bar gives none', () => {
  const line = (desc: string, n: number, total: number, postfix: string): string =>
    `\r${desc}: ${String(Math.floor((100 * n) / total)).padStart(3)}%|#         | ${n}/${total} [00:01<00:09, 10.00it/s, ${postfix}]`;
  const single = feed(line('Training', 10, 100, 'loss=0.9') + line('Training', 10, 100, 'loss=0.9') + line('Training', 20, 100, 'loss=0.8, lr=1e-4') + '\n');
  assert.deepEqual(single.points, [
    { step: 10, epoch: null, values: { loss: 0.9 }, source: 'tqdm' },
    { step: 20, epoch: null, values: { loss: 0.8, lr: 1e-4 }, source: 'tqdm' },
  ]);
  assert.deepEqual(single.progress.at(-1), { position: 20, total: 100 });
  const perEpoch = feed(line('train', 50, 50, 'loss=0.5') + '\n' + line('train', 25, 50, 'loss=0.4') + '\n');
  assert.deepEqual(perEpoch.points.map((p) => p.step), [50, null]);
  // Downloads and dataset maps are not training progress.
  assert.deepEqual(feed(line('Map', 500, 1000, 'x=1') + '\n').progress, []);
});

test('Lightning: train metrics per count with (epoch) × batches + count; val metrics once per validation run', () => {
  const bar = (epoch: number, n: number, postfix: string): string =>
    `\rEpoch ${epoch}:  ${String(Math.floor((100 * n) / 938)).padStart(3)}%|█████     | ${n}/938 [00:05<00:05, 88.00it/s, ${postfix}]`;
  const { points } = feed(
    bar(0, 469, 'v_num=0, train_loss=0.523') + bar(0, 938, 'v_num=0, train_loss=0.401') +
    '\n\x1b[A\rValidation DataLoader 0: 100%|██████████| 157/157 [00:01<00:00, 150.00it/s]\x1b[A' +
    bar(0, 938, 'v_num=0, train_loss=0.401, val_acc=0.900') +
    bar(1, 469, 'v_num=0, train_loss=0.300, val_acc=0.900') + '\n',
  );
  assert.deepEqual(points.map((p) => [p.step, p.epoch, p.values, p.source]), [
    [469, 0, { train_loss: 0.523 }, 'lightning'],
    [938, 0, { train_loss: 0.401 }, 'lightning'],
    [938, 0, { val_acc: 0.9 }, 'lightning'],
    [1407, 1, { train_loss: 0.3 }, 'lightning'],
  ]);
  // self.log(..., on_step=True, on_epoch=True): `_step` values move with the count, the `_epoch` aggregate is
  // one point when it appears, not one per later redraw.
  const steps = feed(
    bar(0, 938, 'v_num=1, train_loss_step=0.410') + bar(0, 938, 'v_num=1, train_loss_step=0.410, train_loss_epoch=0.620') +
    bar(1, 1, 'v_num=1, train_loss_step=0.400, train_loss_epoch=0.620') + bar(1, 2, 'v_num=1, train_loss_step=0.390, train_loss_epoch=0.620') + '\n',
  ).points;
  assert.deepEqual(steps.map((p) => [p.step, p.values]), [
    [938, { train_loss_step: 0.41 }],
    [938, { train_loss_epoch: 0.62 }],
    [939, { train_loss_step: 0.4 }],
    [940, { train_loss_step: 0.39 }],
  ]);
});

test('XGBoost rows (real) and LightGBM\'s repeated best round after early stopping', () => {
  const xgb = feed('[0]\teval-rmse:1.23858\ttrain-rmse:1.18015\n[1]\teval-rmse:1.09295\ttrain-rmse:0.988379\n## [1]\teval-rmse:11.183367\ttrain-rmse:11.185970 \n');
  assert.deepEqual(xgb.points, [
    { step: 0, epoch: null, values: { 'eval/rmse': 1.23858, 'train/rmse': 1.18015 }, source: 'gbdt' },
    { step: 1, epoch: null, values: { 'eval/rmse': 1.09295, 'train/rmse': 0.988379 }, source: 'gbdt' },
  ]);
  const lgb = feed(
    "[40]\ttraining's l2: 0.192856\tvalid_1's l2: 0.187258\n" +
    'Early stopping, best iteration is:\n' +
    "[35]\ttraining's l2: 0.19\tvalid_1's l2: 0.185\n",
  );
  assert.deepEqual(lgb.points.map((p) => p.step), [40]);
});
