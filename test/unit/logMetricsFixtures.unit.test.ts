// Every captured training log in test/fixtures/upstream/train-logs (sources in MANIFEST.tsv), fed through the
// terminal splitter and the log parsers as the launcher feeds them, in small chunks so that lines and escape
// sequences are cut between reads. The expected points were written by hand from the log text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { TerminalLineSplitter } from '../../src/core/launch/logMetrics/terminalLines';
import { createLogMetricParser } from '../../src/core/launch/logMetrics/logMetricParser';
import type { LogMetric, LogProgress } from '../../src/core/launch/logMetrics/logMetric';

const root = path.resolve(__dirname, '../fixtures/upstream/train-logs');

/** Every point of a log, in order, and the last progress a line gave. */
function parseLog(file: string, chunk = 997): { points: LogMetric[]; lastProgress: LogProgress | null } {
  const text = readFileSync(path.join(root, file), 'utf8');
  const splitter = new TerminalLineSplitter();
  const parser = createLogMetricParser();
  const points: LogMetric[] = [];
  let lastProgress: LogProgress | null = null;
  const feed = (lines: string[]): void => {
    for (const line of lines) {
      const result = parser.push(line);
      points.push(...result.metrics);
      lastProgress = result.progress ?? lastProgress;
    }
  };
  for (let i = 0; i < text.length; i += chunk) feed(splitter.push(text.slice(i, i + chunk)));
  feed(splitter.end());
  points.push(...parser.end().metrics);
  return { points, lastProgress };
}

interface Row {
  file: string;
  /** How many points the whole log gives. */
  count: number;
  /** Points checked exactly, by their index in the log's order (negative: from the end). */
  points: [number, LogMetric][];
  /** The progress the log's last progress line says. */
  lastProgress: LogProgress | null;
}

const keras2 = (epoch: number, loss: number, accuracy: number, val_loss: number, val_accuracy: number): LogMetric => ({
  step: epoch * 1719, epoch, values: { loss, accuracy, val_loss, val_accuracy }, source: 'keras2',
});
const keras3 = (epoch: number, accuracy: number, loss: number, val_accuracy: number, val_loss: number): LogMetric => ({
  step: epoch * 125, epoch, values: { accuracy, loss, val_accuracy, val_loss }, source: 'keras3',
});

const hf = (epoch: number, values: Record<string, number>): LogMetric => ({ step: null, epoch, values, source: 'hf-trainer' });
const tqdm = (step: number, values: Record<string, number>): LogMetric => ({ step, epoch: null, values, source: 'tqdm' });
const lightning = (epoch: number, val_acc: number): LogMetric => ({
  step: (epoch + 1) * 938, epoch, values: { val_acc }, source: 'lightning',
});
const gbdt = (round: number, trainL1: number, trainL2: number, validL1: number, validL2: number): LogMetric => ({
  step: round, epoch: null, values: { 'training/l1': trainL1, 'training/l2': trainL2, 'valid_1/l1': validL1, 'valid_1/l2': validL2 }, source: 'gbdt',
});

const rows: Row[] = [
  {
    // 30 epochs of 1719 steps, one final line each (`1ms/step` and `921us/step` alike).
    file: 'keras_v1/handsonml2_fashion_mnist_mlp_30ep.txt',
    count: 30,
    lastProgress: { epoch: 30, epochs: 30, position: 1719, total: 1719 },
    points: [
      [0, keras2(1, 1.0187, 0.6807, 0.5207, 0.8234)],
      [14, keras2(15, 0.2936, 0.8939, 0.3218, 0.8848)],
      [-1, keras2(30, 0.2252, 0.9211, 0.3004, 0.892)],
    ],
  },
  {
    // `Epoch N/100`, stopped early after epoch 28; losses in e-04/e-05 notation at the end.
    file: 'keras_v1/handsonml2_mnist_earlystop_28ep.txt',
    count: 28,
    lastProgress: { epoch: 28, epochs: 100, position: 1719, total: 1719 },
    points: [
      [0, keras2(1, 0.4195, 0.8677, 0.0995, 0.9724)],
      [14, keras2(15, 0.0075, 0.9973, 0.0828, 0.984)],
      [22, keras2(23, 6.1009e-4, 0.9999, 0.0899, 0.9848)],
      [-1, keras2(28, 4.2216e-5, 1, 0.0911, 0.9862)],
    ],
  },
  {
    // Keras 3: ` 125/125 ━━━ 1s 10ms/step - accuracy - loss - val_accuracy - val_loss`, 100 epochs.
    file: 'keras3/kerasio_lstm_seq2seq_100ep.txt',
    count: 100,
    lastProgress: { epoch: 100, epochs: 100, position: 125, total: 125 },
    points: [
      [0, keras3(1, 0.7338, 1.5405, 0.7138, 1.0745)],
      [14, keras3(15, 0.8603, 0.4749, 0.8428, 0.5451)],
      [49, keras3(50, 0.9188, 0.2706, 0.8738, 0.4473)],
      [-1, keras3(100, 0.9592, 0.1351, 0.8738, 0.5482)],
    ],
  },
  {
    // 16 logging steps shown as Trainer dicts (of 100), then the final train summary dict, then the train and
    // eval metrics blocks: a point per numeric block line (runtime `0:07:05.42` and `4454709GF` are not numbers;
    // the block's `epoch = 1.0` is the points' epoch). The tqdm bar has no postfix: progress only.
    file: 'hf_trainer/ezpz_llama32_1b_fsdp_trainer_run.txt',
    count: 16 + 1 + 6 + 7,
    lastProgress: { position: 100, total: 100 },
    points: [
      [0, hf(0.01, { loss: 2.5586, grad_norm: 6.847109794616699, learning_rate: 5e-5, num_input_tokens_seen: 196608, train_runtime: 27.3002, train_tokens_per_second: 7201.711 })],
      [10, hf(0.11, { loss: 2.5054, grad_norm: 1.7331500053405762, learning_rate: 4.5e-5, num_input_tokens_seen: 2162688, train_runtime: 63.8948, train_tokens_per_second: 33847.662 })],
      [11, hf(0.96, { loss: 2.4254, grad_norm: 0.8518961071968079, learning_rate: 2.5e-6, num_input_tokens_seen: 18874368, train_runtime: 375.093, train_tokens_per_second: 50319.166 })],
      [15, hf(1, { loss: 2.3369, grad_norm: 0.8283581137657166, learning_rate: 5.000000000000001e-7, num_input_tokens_seen: 19660800, train_runtime: 389.2267, train_tokens_per_second: 50512.468 })],
      [16, hf(1, { train_runtime: 425.4295, train_samples_per_second: 5.641, train_steps_per_second: 0.235, train_tokens_per_second: 1925.584, train_loss: 2.489668021202087, num_input_tokens_seen: 19660800 })],
      // ***** train metrics *****: num_input_tokens_seen, train_loss, train_samples, ..._per_second ×3
      [17, hf(1, { num_input_tokens_seen: 19660800 })],
      [18, hf(1, { train_loss: 2.4897 })],
      [19, hf(1, { train_samples: 726000 })],
      // ***** eval metrics *****: eval_accuracy, eval_loss, eval_samples, two rates, tokens seen, perplexity
      [23, hf(1, { eval_accuracy: 0.5153 })],
      [24, hf(1, { eval_loss: 2.1941 })],
      [25, hf(1, { eval_samples: 100 })],
      [-1, hf(1, { perplexity: 8.9716 })],
    ],
  },
  {
    // accelerate/diffusers loop: the `Steps:` bar's postfix (loss, lr) at each count it was drawn with (the
    // last count, 1000, is drawn twice: one point); `Loading pipeline components` and the inference and
    // upload bars are other work; `{'feature_extractor', ...} was not found` sets are not Trainer dicts.
    file: 'hf_trainer/hf_diffusers_sdxl_dreambooth_lora_accelerate.txt',
    count: 5,
    lastProgress: { position: 1000, total: 1000 },
    points: [
      [0, tqdm(8, { loss: 0.094, lr: 1 })],
      [1, tqdm(408, { loss: 0.0873, lr: 1 })],
      [2, tqdm(496, { loss: 0.0483, lr: 1 })],
      [3, tqdm(808, { loss: 0.0012, lr: 1 })],
      [4, tqdm(1000, { loss: 0.0651, lr: 1 })],
    ],
  },
  {
    // Lightning 2.x: `Epoch N` bars of 938 training batches, epochs from 0; val_acc appears on the training bar
    // after each validation run (nested `Validation DataLoader 0` bars) and rides along unchanged afterwards:
    // one point per validation, at the end of its epoch. Sanity-check and test bars are not training.
    file: 'lightning/uvadlc_gdl_cnn_mnist_10ep.txt',
    count: 10,
    lastProgress: { epoch: 9, position: 938, total: 938 },
    points: [
      [0, lightning(0, 0.411)],
      [1, lightning(1, 0.448)],
      [4, lightning(4, 0.454)],
      [-1, lightning(9, 0.476)],
    ],
  },
  {
    // LightGBM log_evaluation(10): rounds 10..100, l1 and l2 on the training and valid_1 sets.
    file: 'gbdt/lightgbm_interactive_plot_example_100rounds.txt',
    count: 10,
    lastProgress: null,
    points: [
      [0, gbdt(10, 0.457448, 0.217995, 0.456464, 0.21641)],
      [4, gbdt(50, 0.403695, 0.189593, 0.398997, 0.183688)],
      [7, gbdt(80, 0.391147, 0.1828, 0.386476, 0.176799)],
      [-1, gbdt(100, 0.385174, 0.179171, 0.382929, 0.175321)],
    ],
  },
];

for (const row of rows) {
  test(`train log ${row.file}: ${row.count} points`, () => {
    const { points, lastProgress } = parseLog(row.file);
    assert.equal(points.length, row.count);
    for (const [index, expected] of row.points) {
      assert.deepEqual(points.at(index), expected, `point ${index}`);
    }
    assert.deepEqual(lastProgress, row.lastProgress);
  });
}

test('the points do not depend on how the output was cut into chunks', () => {
  for (const row of rows) {
    assert.deepEqual(parseLog(row.file, 1).points, parseLog(row.file, 65536).points, row.file);
  }
});

test('every captured log has a row', () => {
  const files = readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .sort();
  assert.deepEqual(files, rows.map((row) => row.file).sort());
});

test('every captured log has its MANIFEST.tsv row (kind train-log) with the file\'s size', () => {
  const [header, ...lines] = readFileSync(path.resolve(root, '../MANIFEST.tsv'), 'utf8').trim().split('\n');
  const columns = header.split('\t');
  const manifest = lines
    .map((line) => line.split('\t'))
    .filter((cells) => cells[columns.indexOf('kind')] === 'train-log')
    .map((cells) => [cells[columns.indexOf('path')].slice('train-logs/'.length), Number(cells[columns.indexOf('size_bytes')])] as const);
  assert.deepEqual(manifest.map(([file]) => file).sort(), rows.map((row) => row.file).sort());
  for (const [file, size] of manifest) assert.equal(statSync(path.join(root, file)).size, size, file);
});
