// `tensorsight train`: --json over a real run in the child (the digits, 2 epochs), a broken spec as bad input naming
// its field and line, a pinned backend that is not installed as bad input with the reason, a bad --backend as usage;
// Ctrl-C (SIGINT to the CLI) stops the child cleanly with exit code 130 and a resume command, and --resume continues.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { InputError, UsageError } from '../../src/cli/cliCommand';
import { trainCommand } from '../../src/cli/commands/train';

const digits = resolve('test/fixtures/digits');
const spec = (extra: Record<string, unknown>) => ({
  model: { inputShape: [64], layers: [{ type: 'Dense', units: 16, activation: 'relu' }, { type: 'Dense', units: 10, activation: 'softmax' }] },
  data: { format: 'idx', features: join(digits, 'digits-images-idx3-ubyte'), labels: join(digits, 'digits-labels-idx1-ubyte'), validationSplit: 0.25, normalize: { scale: 16 } },
  loss: 'sparseCategoricalCrossentropy', optimizer: { type: 'adam', learningRate: 0.02 }, metrics: ['accuracy'], epochs: 2, batchSize: 32, seed: 11, backend: 'cpu',
  ...extra,
});

async function run(args: string[], onOut: (text: string) => void = () => {}): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await trainCommand.run(args, { out: (text) => { out += text; onOut(text); }, err: (text) => (err += text) });
  return { code, out, err };
}

test('train --json: backend report, run, one entry per epoch, the saved model', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tensorsight-train-cli-'));
  try {
    const file = join(dir, 'digits.train.json');
    writeFileSync(file, JSON.stringify(spec({})));
    const { code, out } = await run([file, '--json', '--runs-dir', join(dir, 'runs')]);
    assert.equal(code, 0);
    const result = JSON.parse(out);
    assert.equal(result.backend.chosen, 'cpu');
    assert.equal(result.result.stopped, false);
    assert.equal(result.run.trainSamples + result.run.validationSamples, 1797);
    assert.deepEqual(result.epochs.map((e: { epoch: number }) => e.epoch), [1, 2]);
    assert.ok(result.result.values.val_accuracy > 0.5, `val_accuracy ${result.result.values.val_accuracy}`);
    assert.ok(result.result.samplesPerSecond > 0);
    assert.ok(existsSync(join(result.result.modelDir, 'model.json')) && existsSync(join(result.result.modelDir, 'weights.bin')));
    assert.ok(result.run.dir.startsWith(join(dir, 'runs', 'digits')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('train: bad specs, missing backends and bad flags', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tensorsight-train-cli-'));
  try {
    const bad = join(dir, 'bad.train.json');
    writeFileSync(bad, JSON.stringify(spec({ optimizer: { type: 'adamw' } }), null, 2));
    await assert.rejects(run([bad]), (error: unknown) => error instanceof InputError && /bad\.train\.json:\d+:\d+: optimizer\.type: /.test(error.message));
    const good = join(dir, 'good.train.json');
    writeFileSync(good, JSON.stringify(spec({})));
    await assert.rejects(run([good, '--backend', 'tfjs-node', '--runs-dir', join(dir, 'runs')]), (error: unknown) => error instanceof InputError && /backend tfjs-node is not available: @tensorflow\/tfjs-node is not installed/.test(error.message));
    await assert.rejects(run([good, '--backend', 'tpu']), UsageError);
    await assert.rejects(run([]), UsageError);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('train: Ctrl-C stops after the batch, saves checkpoints/stopped and exits 130; --resume continues from it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tensorsight-train-cli-'));
  try {
    const file = join(dir, 'long.train.json');
    writeFileSync(file, JSON.stringify(spec({ epochs: 10000 })));
    // SIGINT to this process, as a terminal's Ctrl-C reaches the CLI: the CLI passes it to the child and lives on.
    const stopped = await run([file, '--runs-dir', join(dir, 'runs')], (text) => {
      if (text.startsWith('epoch   1/')) process.kill(process.pid, 'SIGINT');
    });
    assert.equal(stopped.code, 130);
    assert.match(stopped.err, /stopping after the current batch/);
    const checkpoint = /^checkpoint {2}(.+)$/m.exec(stopped.out)?.[1];
    assert.ok(checkpoint && checkpoint.endsWith(join('checkpoints', 'stopped')), stopped.out);
    assert.match(stopped.out, new RegExp(`^resume {6}tensorsight train .*long\\.train\\.json --resume ${checkpoint.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'));
    const info = JSON.parse(readFileSync(join(checkpoint, 'checkpoint.json'), 'utf8')) as { epoch: number; step: number };
    assert.ok(info.epoch >= 1);

    // Resumed with a spec that trains two epochs more than the checkpoint holds.
    const shorter = join(dir, 'long-more.train.json');
    writeFileSync(shorter, JSON.stringify(spec({ epochs: info.epoch + 2 })));
    const resumed = await run([shorter, '--json', '--runs-dir', join(dir, 'runs'), '--resume', checkpoint]);
    assert.equal(resumed.code, 0);
    const result = JSON.parse(resumed.out);
    assert.deepEqual(result.epochs.map((e: { epoch: number }) => e.epoch), [info.epoch + 1, info.epoch + 2]);
    assert.ok(result.result.values.val_accuracy > 0.5);
    const record = JSON.parse(readFileSync(join(result.run.dir, 'run.json'), 'utf8'));
    assert.equal(record.hparams.resumedFrom, checkpoint);

    await assert.rejects(run([shorter, '--resume', dir]), (error: unknown) => error instanceof InputError && /--resume: .* is not a checkpoint folder/.test(error.message));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
