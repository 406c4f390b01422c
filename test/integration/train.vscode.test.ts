// Train Model in the real extension host: a small Dense model on the 8x8 digits (test/fixtures/digits, copied
// with its spec into a temporary folder) trains in the training child once on webgpu (Dawn on this machine's
// Vulkan) and once on cpu, picked by tensorsight.train.backend: run.json says the backend and finished, the event
// file read back with core's reader shows the loss falling and validation accuracy far above chance, the log
// names the backend, the Runs view lists the run under its spec. Stop from the Runs view ends a run with a
// `stopped` checkpoint, Resume continues it as a new run, Re-run trains the spec again, and a broken spec gets
// diagnostics at the broken field's line.
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TensorsightApi } from '../../src/extension';
import type { RunRecord } from '../../src/core/launch/runRecord';
import type { TrainStarted } from '../../src/host/train/trainModelCommand';

const repoRoot = path.resolve(__dirname, '../../..');
const digits = path.join(repoRoot, 'test/fixtures/digits');

async function api(): Promise<TensorsightApi> {
  const extension = vscode.extensions.getExtension<TensorsightApi>('tensorsight.tensorsight');
  assert.ok(extension);
  return extension.activate();
}

/** Resolves when `predicate` holds (checked every 50 ms); rejects after `ms`. */
async function until(predicate: () => boolean, what: string, ms = 60_000): Promise<void> {
  const start = performance.now();
  while (!predicate()) {
    if (performance.now() - start > ms) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A Dense model on the digits (each pixel standardized), seeded. */
function spec(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    model: { inputShape: [64], layers: [{ type: 'Dense', units: 32, activation: 'relu' }, { type: 'Dense', units: 10, activation: 'softmax' }] },
    data: { format: 'idx', features: 'digits/digits-images-idx3-ubyte', labels: 'digits/digits-labels-idx1-ubyte', validationSplit: 0.2, normalize: 'standardize' },
    loss: 'sparseCategoricalCrossentropy',
    optimizer: { type: 'adam', learningRate: 0.01 },
    metrics: ['accuracy'],
    epochs: 3,
    batchSize: 32,
    seed: 7,
    ...overrides,
  };
}

/** One scalar tag of the run's event file as the Runs view's model (core's event reader) reads it, once it has `count` points. */
async function scalar(tensorsight: TensorsightApi, id: string, tag: string, count: number): Promise<{ steps: number[]; values: number[] }> {
  const series = () => tensorsight.runs.model.run(id)?.store.scalar(tag);
  await until(() => {
    tensorsight.runs.model.poll(true);
    return (series()?.length ?? 0) >= count;
  }, `${count} points of ${tag} in run ${id}`, 10_000);
  const columns = series()!.columns();
  return { steps: [...columns.steps], values: [...columns.values] };
}

function readRunRecord(dir: string): RunRecord | undefined {
  try {
    return JSON.parse(readFileSync(path.join(dir, 'run.json'), 'utf8')) as RunRecord;
  } catch {
    return undefined;
  }
}

function record(dir: string): RunRecord {
  const read = readRunRecord(dir);
  assert.ok(read, `run.json in ${dir}`);
  return read;
}

describe('Train Model (TF.js trainer)', function () {
  this.timeout(240_000);
  let folder: string;
  let runsDir: string;
  let specFile: string;
  let stopped: TrainStarted | undefined;

  before(async () => {
    folder = mkdtempSync(path.join(tmpdir(), 'ts-train-it-'));
    runsDir = path.join(folder, 'runs');
    mkdirSync(path.join(folder, 'digits'));
    for (const file of ['digits-images-idx3-ubyte', 'digits-labels-idx1-ubyte']) copyFileSync(path.join(digits, file), path.join(folder, 'digits', file));
    specFile = path.join(folder, 'digits_mlp.train.json');
    writeFileSync(specFile, `${JSON.stringify(spec(), null, 2)}\n`);
    await vscode.workspace.getConfiguration('tensorsight.runs').update('folder', runsDir, vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    const tensorsight = await api();
    for (const run of tensorsight.runs.records.active()) if (run.dir.startsWith(folder)) await vscode.commands.executeCommand('tensorsight.runs.stop', { id: run.id });
    await vscode.workspace.getConfiguration('tensorsight.runs').update('folder', undefined, vscode.ConfigurationTarget.Global);
    await vscode.workspace.getConfiguration('tensorsight.train').update('backend', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    rmSync(folder, { recursive: true, force: true });
  });

  for (const backend of ['webgpu', 'cpu']) {
    it(`trains the digits on ${backend}: run.json finished with the backend, loss falling and val_accuracy far above chance in the event file`, async () => {
      const tensorsight = await api();
      await vscode.workspace.getConfiguration('tensorsight.train').update('backend', backend, vscode.ConfigurationTarget.Global);
      const logFrom = tensorsight.runs.trainings.recentLines.length;
      const run = await vscode.commands.executeCommand<TrainStarted | undefined>('tensorsight.train.model', vscode.Uri.file(specFile));
      assert.ok(run, `the command resolved to the run (log: ${tensorsight.runs.trainings.recentLines.slice(logFrom).join(' | ')})`);
      assert.equal(path.dirname(path.dirname(run.dir)), runsDir);
      assert.ok(tensorsight.runs.training.current, 'the Training panel opened');
      assert.ok(tensorsight.runs.model.isShown(run.id), 'the run is ticked');
      const end = await run.ended;
      assert.equal(end.status, 'finished', end.message);

      const written = record(run.dir);
      assert.equal(written.status, 'finished');
      assert.equal(written.trainer, 'tfjs');
      assert.equal(written.script, specFile);
      assert.equal(written.frameworks.backend, backend);
      assert.equal(written.hparams.backend, backend);

      const loss = await scalar(tensorsight, run.id, 'loss', 3);
      assert.deepEqual(loss.steps, [1, 2, 3]);
      assert.ok(loss.values[2] < loss.values[0], `loss ${loss.values.join(' -> ')}`);
      const accuracy = await scalar(tensorsight, run.id, 'val_accuracy', 3);
      assert.ok(accuracy.values[2] > 0.5, `val_accuracy ${accuracy.values.join(' -> ')} (chance is 0.1)`);

      // The log says which backend trained, one line per rung.
      const log = tensorsight.runs.trainings.recentLines.slice(logFrom);
      assert.ok(log.some((line) => line.includes(`backend: ${backend}`)), log.join('\n'));
      assert.ok(log.some((line) => new RegExp(`✓ ${backend}\\s+in use`).test(line)), log.join('\n'));

      // The Runs view: the run under its spec, which offers Train Model, not Run Training Script.
      await until(() => tensorsight.runs.records.byId(run.id)?.status === 'finished', 'the Runs view to see it finished', 10_000);
      const group = tensorsight.runs.tree.getChildren().find((node) => node.kind === 'script' && node.script === specFile);
      assert.ok(group, 'a spec group in the Runs view');
      assert.equal(tensorsight.runs.tree.getTreeItem(group).contextValue, 'runScript.train');
      const child = tensorsight.runs.tree.getChildren(group).find((node) => node.id === run.id);
      assert.ok(child, 'the run under its spec');
      assert.equal(tensorsight.runs.tree.getTreeItem(child).contextValue, 'run.launched.ended.tfjs');
    });
  }

  it('Re-run on a trainer run trains the spec again into the same runs folder', async () => {
    const tensorsight = await api();
    await vscode.workspace.getConfiguration('tensorsight.train').update('backend', 'cpu', vscode.ConfigurationTarget.Global);
    const previous = tensorsight.runs.records.all().find((run) => run.record.script === specFile);
    assert.ok(previous, 'a trainer run to re-run');
    const run = await vscode.commands.executeCommand<TrainStarted | undefined>('tensorsight.runs.rerun', { id: previous.id });
    assert.ok(run && 'ended' in run, 'Re-run started a training');
    assert.notEqual(run.dir, previous.dir);
    assert.equal(path.dirname(run.dir), path.dirname(previous.dir));
    assert.equal((await run.ended).status, 'finished');
    assert.equal(record(run.dir).script, specFile);
  });

  it('Stop from the Runs view ends a training cleanly: status stopped, a stopped checkpoint, no error', async () => {
    const tensorsight = await api();
    await vscode.workspace.getConfiguration('tensorsight.train').update('backend', 'cpu', vscode.ConfigurationTarget.Global);
    const longSpec = path.join(folder, 'digits_long.train.json');
    writeFileSync(longSpec, `${JSON.stringify(spec({ epochs: 30, batchSize: 8 }), null, 2)}\n`);
    const run = await vscode.commands.executeCommand<TrainStarted | undefined>('tensorsight.train.model', vscode.Uri.file(longSpec));
    assert.ok(run);
    stopped = run;
    await until(() => (readRunRecord(run.dir)?.progress?.epoch ?? 0) >= 1, 'the first epoch');
    await until(() => tensorsight.runs.records.byId(run.id)?.status === 'running', 'the Runs view to see it running', 10_000);
    assert.match(tensorsight.runs.tree.getTreeItem({ id: run.id }).contextValue ?? '', /^run\.launched\.running\.tfjs$/);

    const outcome = await vscode.commands.executeCommand<{ status: string }>('tensorsight.runs.stop', { id: run.id });
    assert.equal(outcome.status, 'stopped');
    const end = await run.ended;
    assert.equal(end.status, 'stopped', end.message);
    assert.ok(end.final?.kind === 'done' && end.final.stopped, 'the child said it stopped');
    const written = record(run.dir);
    assert.equal(written.status, 'stopped');
    const checkpoint = path.join(run.dir, 'checkpoints', 'stopped');
    assert.ok(existsSync(path.join(checkpoint, 'model.json')), 'checkpoints/stopped/model.json');
    const info = JSON.parse(readFileSync(path.join(checkpoint, 'checkpoint.json'), 'utf8')) as { epoch: number; step: number };
    assert.ok(info.epoch >= 1 && info.epoch < 30, `stopped at epoch ${info.epoch}`);
    await until(() => tensorsight.runs.records.byId(run.id)?.status === 'stopped', 'the Runs view to see it stopped', 10_000);
    assert.equal(tensorsight.runs.tree.getTreeItem({ id: run.id }).contextValue, 'run.launched.ended.tfjs.resumable');
  });

  it('Resume continues the stopped run from its checkpoint as a new run naming it', async function () {
    if (!stopped) this.skip();
    const tensorsight = await api();
    const checkpoint = path.join(stopped!.dir, 'checkpoints', 'stopped');
    const info = JSON.parse(readFileSync(path.join(checkpoint, 'checkpoint.json'), 'utf8')) as { epoch: number; step: number };
    // Only one checkpoint: no question asked.
    const run = await vscode.commands.executeCommand<TrainStarted | undefined>('tensorsight.train.resume', { id: stopped!.id });
    assert.ok(run, 'Resume started a training');
    assert.notEqual(run.dir, stopped!.dir);
    assert.equal(path.dirname(run.dir), path.dirname(stopped!.dir));
    assert.equal(record(run.dir).hparams.resumedFrom, checkpoint);
    const end = await run.ended;
    assert.equal(end.status, 'finished', end.message);
    const loss = await scalar(tensorsight, run.id, 'loss', 30 - info.epoch);
    assert.equal(loss.steps[0], info.epoch + 1, 'epochs continue after the checkpoint');
    assert.equal(loss.steps.at(-1), 30);
    assert.ok(tensorsight.runs.model.isShown(run.id));
  });

  it('trains the demo workspace\'s digits CNN with the backend the ladder picks', async function () {
    const demoSpec = path.join(repoRoot, 'demo/train/digits_cnn.train.json');
    if (!existsSync(demoSpec)) this.skip();
    const tensorsight = await api();
    await vscode.workspace.getConfiguration('tensorsight.train').update('backend', undefined, vscode.ConfigurationTarget.Global);
    const logFrom = tensorsight.runs.trainings.recentLines.length;
    const run = await vscode.commands.executeCommand<TrainStarted | undefined>('tensorsight.train.model', vscode.Uri.file(demoSpec));
    assert.ok(run, 'the command resolved to the run');
    assert.equal(path.dirname(path.dirname(run.dir)), runsDir, 'the runs go to the runs folder setting, not into demo/');
    const end = await run.ended;
    assert.equal(end.status, 'finished', end.message);
    const written = record(run.dir);
    const log = tensorsight.runs.trainings.recentLines.slice(logFrom);
    assert.ok(log.some((line) => line.includes(`backend: ${String(written.frameworks.backend)}`)), log.join('\n'));
    assert.ok(end.final?.kind === 'done' && end.final.values.val_accuracy > 0.5, end.message);
  });

  it('a broken spec gets a diagnostic at the broken field and no run', async () => {
    const tensorsight = await api();
    const badSpec = path.join(folder, 'broken.train.json');
    const text = `${JSON.stringify(spec({ batchSize: 0 }), null, 2)}\n`;
    writeFileSync(badSpec, text);
    const uri = vscode.Uri.file(badSpec);
    const run = await vscode.commands.executeCommand<TrainStarted | undefined>('tensorsight.train.model', uri);
    assert.equal(run, undefined);
    const diagnostics = vscode.languages.getDiagnostics(uri);
    assert.ok(diagnostics.length > 0, 'diagnostics on the spec');
    const line = text.split('\n').findIndex((row) => row.includes('"batchSize"'));
    const batchSize = diagnostics.find((diagnostic) => /batchSize/.test(diagnostic.message));
    assert.ok(batchSize, diagnostics.map((diagnostic) => diagnostic.message).join('; '));
    assert.equal(batchSize.range.start.line, line);
    assert.ok(!tensorsight.runs.records.all().some((launched) => launched.record.script === badSpec), 'no run folder');

    // Data that does not fit the model fails before a run exists, saying both shapes.
    const logFrom = tensorsight.runs.trainings.recentLines.length;
    writeFileSync(badSpec, `${JSON.stringify(spec({ model: { inputShape: [65], layers: [{ type: 'Dense', units: 10, activation: 'softmax' }] } }), null, 2)}\n`);
    assert.equal(await vscode.commands.executeCommand('tensorsight.train.model', uri), undefined);
    const log = tensorsight.runs.trainings.recentLines.slice(logFrom);
    assert.ok(log.some((line) => /error: .*features are \[1797, 8, 8\].*\[65\]/.test(line)), log.join('\n'));

    // Fixing the spec and training again clears them.
    writeFileSync(badSpec, `${JSON.stringify(spec({ epochs: 1 }), null, 2)}\n`);
    const fixed = await vscode.commands.executeCommand<TrainStarted | undefined>('tensorsight.train.model', uri);
    assert.ok(fixed);
    assert.equal(vscode.languages.getDiagnostics(uri).length, 0);
    assert.equal((await fixed.ended).status, 'finished');
  });
});
