// The compare table: arguments split per flag, hparams from run.json and from event files, commit, status,
// duration, final and best of the common metrics, and which configuration columns differ.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareTable, finalAndBest, metricDirection, splitArgs, type CompareInput } from '../../src/core/charts/runCompare';
import type { LaunchedRun } from '../../src/core/protocol/training';

function launched(run: string, args: string[], overrides: Partial<LaunchedRun> = {}): LaunchedRun {
  return {
    run,
    status: 'finished',
    script: '/work/project/train.py',
    args,
    startTime: '2026-12-03T10:00:00.000Z',
    endTime: '2026-12-03T10:02:30.000Z',
    exitCode: 0,
    signal: null,
    progress: null,
    failure: null,
    git: { commit: '0123456789abcdef0123', branch: 'main', dirty: false },
    hparams: {},
    ...overrides,
  };
}

test('splitArgs: --flag value, --flag=value, bare flags, negative numbers and positionals', () => {
  assert.deepEqual(splitArgs(['--lr', '1e-3', '--batch=64', '--amp', '--shift', '-0.5', 'data/train', '-v']), [
    ['--lr', '1e-3'],
    ['--batch', '64'],
    ['--amp', 'true'],
    ['--shift', '-0.5'],
    ['arg 1', 'data/train'],
    ['-v', 'true'],
  ]);
  assert.deepEqual(splitArgs([]), []);
});

test('metric direction and final/best skip non-finite values', () => {
  assert.equal(metricDirection('val_loss'), 'min');
  assert.equal(metricDirection('train/error_rate'), 'min');
  assert.equal(metricDirection('epoch_sparse_categorical_accuracy'), 'max');
  assert.equal(metricDirection('val_f1'), 'max');
  assert.deepEqual(finalAndBest([0.9, 0.4, 0.5, Number.NaN], 'min'), { final: 0.5, best: 0.4 });
  assert.deepEqual(finalAndBest([0.5, 0.8, 0.7], 'max'), { final: 0.7, best: 0.8 });
  assert.deepEqual(finalAndBest([], 'min'), { final: null, best: null });
});

test('two launched runs: differing flags and commit are marked, common metrics get final and best', () => {
  const a: CompareInput = {
    run: 'runs/train/a',
    launched: launched('runs/train/a', ['--lr', '1e-3', '--batch', '32'], { hparams: { dropout: 0.1 } }),
    metrics: new Map<string, number[]>([['loss', [2.3, 0.9, 0.7, 0.8]], ['accuracy', [0.1, 0.6, 0.75]], ['gpu/0/utilization', [90, 95]]]),
  };
  const b: CompareInput = {
    run: 'runs/train/b',
    launched: launched('runs/train/b', ['--lr', '1e-4', '--batch', '32', '--amp'], {
      status: 'running',
      endTime: null,
      git: { commit: '0123456789abcdef0123', branch: 'main', dirty: true },
      hparams: { dropout: 0.1 },
    }),
    metrics: new Map<string, number[]>([['loss', [2.2, 1.1]], ['accuracy', [0.2, 0.5]], ['val_loss', [1.5]]]),
  };
  const now = Date.parse('2026-12-03T10:05:00.000Z');
  const table = compareTable([a, b], now);
  const labels = table.columns.map((column) => column.label);
  assert.deepEqual(labels, ['run', 'status', 'duration', 'script', '--lr', '--batch', '--amp', 'dropout', 'commit', 'accuracy final', 'accuracy best (max)', 'loss final', 'loss best (min)']);
  const differing = table.columns.filter((column) => column.differs).map((column) => column.label);
  assert.deepEqual(differing, ['status', '--lr', '--amp', 'commit']);
  const cell = (row: number, label: string) => table.rows[row].cells[labels.indexOf(label)];
  assert.equal(cell(0, 'duration'), 150);
  assert.equal(cell(1, 'duration'), 300, 'a running run lasts until now');
  assert.equal(cell(0, '--amp'), null);
  assert.equal(cell(1, '--amp'), 'true');
  assert.equal(cell(0, 'commit'), '01234567');
  assert.equal(cell(1, 'commit'), '01234567 (dirty)');
  assert.equal(cell(0, 'script'), 'train.py');
  assert.deepEqual([cell(0, 'loss final'), cell(0, 'loss best (min)'), cell(1, 'loss final'), cell(1, 'loss best (min)')], [0.8, 0.7, 1.1, 1.1]);
  assert.deepEqual([cell(0, 'accuracy final'), cell(0, 'accuracy best (max)')], [0.75, 0.75]);
});

test('runs without run.json: event-file hparams and wall span; no status, script or commit columns', () => {
  const table = compareTable(
    [
      { run: 'lightning/version_1', hparams: { lr: 0.01, optimizer: 'adam' }, metrics: new Map([['loss', [0.5, 0.25]]]), wallSpan: [1700000001, 1700000061] },
      { run: 'lightning/version_4', hparams: { lr: 0.01, optimizer: 'sgd' }, metrics: new Map([['loss', [0.4]]]), wallSpan: [1700000100, 1700000100.5] },
    ],
    0,
  );
  assert.deepEqual(table.columns.map((column) => [column.label, column.differs]), [
    ['run', false],
    ['duration', false],
    ['lr', false],
    ['optimizer', true],
    ['loss final', false],
    ['loss best (min)', false],
  ]);
  assert.deepEqual(table.rows.map((row) => row.cells), [
    ['lightning/version_1', 60, 0.01, 'adam', 0.25, 0.25],
    ['lightning/version_4', 0.5, 0.01, 'sgd', 0.4, 0.4],
  ]);
});
