// Every captured training log in test/fixtures/upstream/train-logs (sources in MANIFEST.tsv), fed through the
// terminal splitter and the log parsers as the launcher feeds them, in small chunks so that lines and escape
// sequences are cut between reads. The expected points were written by hand from the log text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { TerminalLineSplitter } from '../../src/core/launch/logMetrics/terminalLines';
import { createLogMetricParser } from '../../src/core/launch/logMetrics/logMetricParser';
import type { LogMetric } from '../../src/core/launch/logMetrics/logMetric';

const root = path.resolve(__dirname, '../fixtures/upstream/train-logs');

/** Every point of a log, in order, and every line's progress. */
function parseLog(file: string, chunk = 997): { points: LogMetric[] } {
  const text = readFileSync(path.join(root, file), 'utf8');
  const splitter = new TerminalLineSplitter();
  const parser = createLogMetricParser();
  const points: LogMetric[] = [];
  const feed = (lines: string[]): void => {
    for (const line of lines) points.push(...parser.push(line).metrics);
  };
  for (let i = 0; i < text.length; i += chunk) feed(splitter.push(text.slice(i, i + chunk)));
  feed(splitter.end());
  points.push(...parser.end().metrics);
  return { points };
}

interface Row {
  file: string;
  /** How many points the whole log gives. */
  count: number;
  /** Points checked exactly, by their index in the log's order (negative: from the end). */
  points: [number, LogMetric][];
}

const keras2 = (epoch: number, loss: number, accuracy: number, val_loss: number, val_accuracy: number): LogMetric => ({
  step: epoch * 1719, epoch, values: { loss, accuracy, val_loss, val_accuracy }, source: 'keras2',
});
const keras3 = (epoch: number, accuracy: number, loss: number, val_accuracy: number, val_loss: number): LogMetric => ({
  step: epoch * 125, epoch, values: { accuracy, loss, val_accuracy, val_loss }, source: 'keras3',
});

const rows: Row[] = [
  {
    // 30 epochs of 1719 steps, one final line each (`1ms/step` and `921us/step` alike).
    file: 'keras_v1/handsonml2_fashion_mnist_mlp_30ep.txt',
    count: 30,
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
    points: [
      [0, keras3(1, 0.7338, 1.5405, 0.7138, 1.0745)],
      [14, keras3(15, 0.8603, 0.4749, 0.8428, 0.5451)],
      [49, keras3(50, 0.9188, 0.2706, 0.8738, 0.4473)],
      [-1, keras3(100, 0.9592, 0.1351, 0.8738, 0.5482)],
    ],
  },
];

for (const row of rows) {
  test(`train log ${row.file}: ${row.count} points`, () => {
    const { points } = parseLog(row.file);
    assert.equal(points.length, row.count);
    for (const [index, expected] of row.points) {
      assert.deepEqual(points.at(index), expected, `point ${index}`);
    }
  });
}

test('the points do not depend on how the output was cut into chunks', () => {
  for (const row of rows) {
    assert.deepEqual(parseLog(row.file, 1).points, parseLog(row.file, 65536).points, row.file);
  }
});
