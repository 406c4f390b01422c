// Hand-written print styles, read line by line through createLogMetricParser. The lines are real printed
// outputs of pytorch/examples mnist (and copies of it), the PyTorch cifar10 tutorial and yunjey's
// pytorch-tutorial as found in public repositories, plus the styles issue 11 names; the expected points are
// read off the text. The negative cases are lines that carry numbers and metric words but no place on an axis.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLogMetricParser } from '../../src/core/launch/logMetrics/logMetricParser';
import type { LogMetric, LogProgress } from '../../src/core/launch/logMetrics/logMetric';

function run(lines: string[]): { points: LogMetric[]; progress: (LogProgress | null)[] } {
  const parser = createLogMetricParser();
  const points: LogMetric[] = [];
  const progress: (LogProgress | null)[] = [];
  for (const line of lines) {
    const result = parser.push(line);
    points.push(...result.metrics);
    progress.push(result.progress);
  }
  points.push(...parser.end().metrics);
  return { points, progress };
}

test('pytorch/examples mnist: sample index as step, the test line at the end of its epoch', () => {
  const { points, progress } = run([
    'Train Epoch: 1 [0/60000 (0%)]\tLoss: 2.338192',
    'Train Epoch: 1 [10000/60000 (17%)]\tLoss: 2.305725',
    'Train Epoch: 1 [50000/60000 (83%)]\tLoss: 2.261630',
    '',
    'Test set: Average loss: 2.2199, Accuracy: 3655/10000 (37%)',
    '',
    'Train Epoch: 2 [0/60000 (0%)]\tLoss: 2.240778',
    'Train Epoch: 2 [10000/60000 (17%)]\tLoss: 2.209014',
  ]);
  const mnist = (step: number, epoch: number, values: Record<string, number>): LogMetric => ({ step, epoch, values, source: 'pytorch-examples' });
  assert.deepEqual(points, [
    mnist(0, 1, { loss: 2.338192 }),
    mnist(10000, 1, { loss: 2.305725 }),
    mnist(50000, 1, { loss: 2.26163 }),
    mnist(60000, 1, { test_loss: 2.2199, test_accuracy: 0.3655 }),
    mnist(60000, 2, { loss: 2.240778 }),
    mnist(70000, 2, { loss: 2.209014 }),
  ]);
  assert.deepEqual(progress[1], { epoch: 1, position: 10000, total: 60000 });
});

test('mnist variants: epochs from 0, Kubeflow\'s loss=, spaces for the tab; a test line before training is no point', () => {
  const zeroBased = run([
    'Test set: Avg. loss: 2.3236, Accuracy: 913/10000 (9%)',
    'Train Epoch: 0 [57600/60000 (96%)]      Loss: 0.837039',
    'Test set: Average loss: 0.3851, Accuracy: 8961/10000 (90%)',
    'Train Epoch: 1 [0/60000 (0%)]   Loss: 0.591371',
  ]).points;
  assert.deepEqual(zeroBased.map((p) => [p.step, p.epoch, p.values]), [
    [57600, 0, { loss: 0.837039 }],
    [60000, 0, { test_loss: 0.3851, test_accuracy: 0.8961 }],
    [60000, 1, { loss: 0.591371 }],
  ]);
  const kubeflow = run(['Train Epoch: 1 [640/60000 (1%)]\tloss=2.2135']).points;
  assert.deepEqual(kubeflow, [{ step: 640, epoch: 1, values: { loss: 2.2135 }, source: 'pytorch-examples' }]);
});

test('cifar10 tutorial `[epoch, batch] loss:`: the epoch only, since batches per epoch are never printed', () => {
  const { points, progress } = run(['[1,  2000] loss: 2.182', '[1, 12000] loss: 1.473', '[2,  2000] loss: 1.414', 'Finished Training']);
  assert.deepEqual(points, [
    { step: null, epoch: 1, values: { loss: 2.182 }, source: 'cifar-tutorial' },
    { step: null, epoch: 1, values: { loss: 1.473 }, source: 'cifar-tutorial' },
    { step: null, epoch: 2, values: { loss: 1.414 }, source: 'cifar-tutorial' },
  ]);
  assert.deepEqual(progress[1], { epoch: 1, position: 12000 });
});

test('yunjey `Epoch [e/E], Step [s/S], Loss:`: (e - 1) × S + s; a GAN copy printing epochs from 0 counts from 0', () => {
  const { points, progress } = run([
    'Epoch [1/5], Step [100/600], Loss: 2.2214',
    'Epoch [1/5], Step [600/600], Loss: 1.7723',
    'Epoch [2/5], Step [100/600], Loss: 1.7138',
  ]);
  assert.deepEqual(points.map((p) => [p.step, p.epoch, p.values, p.source]), [
    [100, 1, { Loss: 2.2214 }, 'epoch-step'],
    [600, 1, { Loss: 1.7723 }, 'epoch-step'],
    [700, 2, { Loss: 1.7138 }, 'epoch-step'],
  ]);
  assert.deepEqual(progress[0], { epoch: 1, epochs: 5, position: 100, total: 600 });
  const gan = run([
    'Epoch [0/200], Step [200/600], d_loss: 0.0405, g_loss: 4.1530, D(x): 0.99, D(G(z)): 0.04',
    'Epoch [1/200], Step [200/600], d_loss: 0.1, g_loss: 3.5, D(x): 0.95, D(G(z)): 0.06',
  ]).points;
  assert.deepEqual(gan.map((p) => [p.step, p.epoch, p.values]), [
    [200, 0, { d_loss: 0.0405, g_loss: 4.153, 'D(x)': 0.99, 'D(G(z))': 0.04 }],
    [800, 1, { d_loss: 0.1, g_loss: 3.5, 'D(x)': 0.95, 'D(G(z))': 0.06 }],
  ]);
});

test('epoch/step marker lines with `key value`, `key: value` and `key=value` items', () => {
  const kv = (step: number | null, epoch: number | null, values: Record<string, number>): LogMetric => ({ step, epoch, values, source: 'key-value' });
  const cases: [string, LogMetric][] = [
    ['epoch 1 | loss 0.53 | acc 0.81', kv(null, 1, { loss: 0.53, acc: 0.81 })],
    ['Epoch: 3, Loss: 0.2215, Accuracy: 0.91', kv(null, 3, { Loss: 0.2215, Accuracy: 0.91 })],
    ['Epoch 2/10 - loss: 0.4012 - val_loss: 0.4410', kv(null, 2, { loss: 0.4012, val_loss: 0.441 })],
    ['step 1200: train loss 3.1415, val loss 3.2718', kv(1200, null, { train_loss: 3.1415, val_loss: 3.2718 })],
    ['iter 100: loss 4.2345, time 30.12ms, mfu 10.50%', kv(100, null, { loss: 4.2345, mfu: 10.5 })],
    ['====> Epoch: 1 Average loss: 164.1858', kv(null, 1, { Average_loss: 164.1858 })],
    ['step=500 loss=0.123 lr=1e-4', kv(500, null, { loss: 0.123, lr: 1e-4 })],
    ['2024-05-01 12:00:01,123 - INFO - Epoch 4 | loss 0.21', kv(null, 4, { loss: 0.21 })],
    ['INFO:root:Epoch 3 loss=0.5 acc=0.75', kv(null, 3, { loss: 0.5, acc: 0.75 })],
    ['12/04/2023 08:53:53 - INFO - __main__ - step 10: loss 0.3', kv(10, null, { loss: 0.3 })],
    ['[2024-05-01 12:00:01] iteration 42 | loss 1.25 | grad_norm 0.9', kv(42, null, { loss: 1.25, grad_norm: 0.9 })],
    // An epoch and a step count without its total: the step could be within the epoch or global.
    ['Epoch 2, Step 1100, loss 0.5', kv(null, 2, { loss: 0.5 })],
  ];
  for (const [line, expected] of cases) assert.deepEqual(run([line]).points, [expected], line);
});

test('epoch headers with phase lines (transfer-learning tutorial and copies): the header\'s epoch, phase kept in names', () => {
  const sections = (step: null, epoch: number, values: Record<string, number>): LogMetric => ({ step, epoch, values, source: 'epoch-sections' });
  const tutorial = run([
    'train Loss: 0.9 Acc: 0.5', // before any header: no epoch to give it
    'Epoch 0/14',
    '----------',
    'train Loss: 0.3888 Acc: 0.8022',
    'val Loss: 0.1128 Acc: 0.9740',
    'Epoch 1/14',
    '----------',
    'train Loss: 0.2379 Acc: 0.8976',
    'Validation loss decreased (0.1128 --> 0.1142).  Saving model ...',
  ]);
  assert.deepEqual(tutorial.points, [
    sections(null, 0, { train_Loss: 0.3888, train_Acc: 0.8022 }),
    sections(null, 0, { val_Loss: 0.1128, val_Acc: 0.974 }),
    sections(null, 1, { train_Loss: 0.2379, train_Acc: 0.8976 }),
  ]);
  assert.deepEqual(tutorial.progress[1], { epoch: 0, epochs: 14 });
  const copies = run([
    'Epoch 25/30',
    '----------------------------------------------------------------------',
    'Train Loss: 0.4719, Train Acc: 82.87%',
    'Test  Loss: 0.7652, Test Acc:  74.29%',
    'Test  F1:   0.7420, Precision: 0.7506, Recall: 0.7418',
    '>>> NEW BEST MODEL! F1: 0.7420, Acc: 74.29%',
    'Epoch 2/10',
    'Train Loss: 0.1876 | Train Acc: 92.56%',
  ]).points;
  assert.deepEqual(copies, [
    sections(null, 25, { Train_Loss: 0.4719, Train_Acc: 82.87 }),
    sections(null, 25, { Test_Loss: 0.7652, Test_Acc: 74.29 }),
    sections(null, 25, { Test_F1: 0.742, Test_Precision: 0.7506, Test_Recall: 0.7418 }),
    sections(null, 2, { Train_Loss: 0.1876, Train_Acc: 92.56 }),
  ]);
});

test('lines with numbers and metric words but no place on an axis give no point', () => {
  const lines = [
    'Learning rate: 0.001',
    'Adjusting learning rate of group 0 to 1.0000e-03.',
    'Epoch 00005: reducing learning rate of group 0 to 1.0000e-04.',
    'https://wandb.ai/team/project/runs/abc?step=100&loss=0.5',
    "/usr/lib/python3/dist-packages/torch/nn/_reduction.py:42: UserWarning: size_average and reduce args will be deprecated, please use reduction='sum' instead. loss 3",
    'TensorFlow 2.4.1, Keras 2.4.0, Python 3.7.10',
    'PyTorch version: 1.13.1+cpu',
    'Accuracy of the network on the 10000 test images: 55 %',
    'wandb: loss 0.0651',
    'Epoch 5: saving model to ./checkpoints/model_05.pt',
    'loss: 0.5, acc: 0.8',
    'Batch 100/600 loss 0.5', // a batch count alone: within an epoch nobody printed
    "accelerator_config={'split_batches': False, 'even_batches': True}",
    'learning_rate=5e-05,',
    "{'feature_extractor', 'image_encoder'} was not found in config. Values will be initialized to default values.",
    'Total params: 103,466 (404.16 KB)',
    '313/313 [==============================] - 0s 1ms/step - loss: 0.3310 - accuracy: 0.8820',
  ];
  for (const line of lines) assert.deepEqual(run([line]).points, [], line);
});
