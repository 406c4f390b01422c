// Training runs launched from VS Code, in the real extension host with Debian's python3-torch: Run Training
// Script starts the launcher in a terminal, run.json goes from running to finished, the helper's metrics reach
// the RunsModel; Stop ends a DataLoader run with no process of its group left; Re-run with Changed Arguments
// makes a new run folder with the new arguments; Compare charts exactly two runs; a crash names its frame.
// The runs go to a temporary folder (tensorsight.runs.folder), so the demo workspace stays clean.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TensorsightApi } from '../../src/extension';
import type { RunStatus } from '../../src/core/launch/runRecord';
import type { RunStarted } from '../../src/host/launch/runScriptCommand';

const repoRoot = path.resolve(__dirname, '../../..');
const scripts = path.join(repoRoot, 'test/fixtures/scripts');
const python = '/usr/bin/python3';

/** Why these tests cannot run here, or '' when Debian's python3 imports torch. */
function skipReason(): string {
  const probe = spawnSync(python, ['-c', 'import torch'], { encoding: 'utf8', timeout: 60_000 });
  return probe.status === 0 ? '' : `${python} with torch is not on this machine`;
}

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

describe('Training runs launched from VS Code', function () {
  this.timeout(180_000);
  let runsDir: string;
  let reason = '';
  const started: RunStarted[] = [];

  before(async function () {
    reason = skipReason();
    if (reason) {
      console.log(`[launch] skipped: ${reason}`);
      this.skip();
    }
    runsDir = mkdtempSync(path.join(tmpdir(), 'ts-launch-it-'));
    await vscode.workspace.getConfiguration('tensorsight.runs').update('folder', runsDir, vscode.ConfigurationTarget.Global);
    await vscode.workspace.getConfiguration('tensorsight.runs').update('stopGraceSeconds', 3, vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    if (reason) return;
    const tensorsight = await api();
    for (const run of tensorsight.runs.records.active()) await vscode.commands.executeCommand('tensorsight.runs.stop', { id: run.id });
    // Leave every run ticked, as the Runs view suite expects.
    tensorsight.runs.model.setShown(tensorsight.runs.model.runs().map((run) => run.name), true);
    tensorsight.runs.training.current?.setCompare([]);
    await vscode.workspace.getConfiguration('tensorsight.runs').update('folder', undefined, vscode.ConfigurationTarget.Global);
    await vscode.workspace.getConfiguration('tensorsight.runs').update('stopGraceSeconds', undefined, vscode.ConfigurationTarget.Global);
    for (const terminal of vscode.window.terminals) if (terminal.name.startsWith('Train: ')) terminal.dispose();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    rmSync(runsDir, { recursive: true, force: true });
  });

  it('runs a script from the command: running then finished in run.json, the helper metrics in the RunsModel, the panel on the run', async () => {
    const tensorsight = await api();
    const seen: RunStatus[] = [];
    const listener = tensorsight.runs.records.onDidChange(({ changed }) => {
      for (const run of changed) if (run.dir.startsWith(runsDir) && seen.at(-1) !== run.status) seen.push(run.status);
    });
    // mlp_synthetic.py logs train_loss once per step and test_accuracy once per epoch.
    const epochs = 2;
    const batches = 5_000;
    const args = ['--epochs', String(epochs), '--batches', String(batches), '--log-interval', '5000'];
    const run = await vscode.commands.executeCommand<RunStarted>('tensorsight.runs.runScript', vscode.Uri.file(path.join(scripts, 'mlp_synthetic.py')), { args, python });
    assert.ok(run, 'the command resolved to the run');
    started.push(run);
    assert.equal(path.dirname(path.dirname(run.dir)), runsDir);
    assert.match(path.basename(run.dir), /^\d{8}-\d{6}-mlp_synthetic(-\d+)?$/);
    assert.ok(tensorsight.runs.training.current, 'the Training panel opened');
    assert.ok(tensorsight.runs.model.isShown(run.id), 'the run is ticked');
    await until(() => tensorsight.runs.records.byId(run.id)?.status === 'finished', 'the run to finish');
    listener.dispose();
    assert.deepEqual(seen, ['running', 'finished']);
    const record = tensorsight.runs.records.byId(run.id)!.record;
    assert.deepEqual(record.args, args);
    assert.equal(record.interpreter.path, python);
    assert.equal(record.exitCode, 0);

    await until(() => tensorsight.runs.model.run(run.id)?.store.scalar('test_accuracy')?.length === epochs, 'the run and its helper metrics in the RunsModel');
    await until(() => tensorsight.runs.model.run(run.id)?.store.scalar('train_loss')?.length === epochs * batches, 'every train_loss point');

    const group = tensorsight.runs.tree.getChildren().find((node) => node.kind === 'script' && node.script === record.script);
    assert.ok(group, 'a script group in the Runs view');
    const child = tensorsight.runs.tree.getChildren(group).find((node) => node.id === run.id);
    assert.ok(child, 'the run under its script');
    const item = tensorsight.runs.tree.getTreeItem(child);
    assert.match(String(item.description), /^finished · [\d.]+[smh] · /);
    assert.equal(item.contextValue, 'run.launched.ended');
  });

  it('stops a DataLoader run: status stopped, and no process of its group is left', async () => {
    const tensorsight = await api();
    const run = await vscode.commands.executeCommand<RunStarted>('tensorsight.runs.runScript', vscode.Uri.file(path.join(scripts, 'dataloader_workers.py')), { args: [], python });
    assert.ok(run);
    started.push(run);
    const output = path.join(run.dir, 'output.log');
    let workers: number[] = [];
    await until(() => {
      const match = /workers (\d+) (\d+)/.exec(safeRead(output));
      workers = match ? [Number(match[1]), Number(match[2])] : [];
      return workers.length === 2;
    }, 'both DataLoader workers to report');
    const pid = tensorsight.runs.records.byId(run.id)?.record.pid;
    assert.ok(pid, 'run.json names the script pid');
    assert.ok(workers.every((worker) => procStat(worker)?.pgrp === pid), 'the workers are in the script process group');
    await until(() => tensorsight.runs.statusBar.item.text === '$(debug-stop) 1 run', 'the status bar item');

    const outcome = await vscode.commands.executeCommand<{ status: RunStatus; groupLeft: boolean }>('tensorsight.runs.stop', { id: run.id });
    assert.equal(outcome.status, 'stopped');
    assert.equal(outcome.groupLeft, false);
    assert.deepEqual(groupMembers(pid), [], 'no process of the group is left');
    await until(() => tensorsight.runs.records.byId(run.id)?.status === 'stopped', 'the view to show stopped', 10_000);
    assert.match(safeRead(output), /interrupted: saving a checkpoint/, 'the script got SIGINT first');

    // Show Output: the run's terminal while it is open, else output.log in an editor.
    const terminal = tensorsight.runs.launches.terminalOf(run.dir);
    const shown = await vscode.commands.executeCommand<string>('tensorsight.runs.showOutput', { id: run.id });
    if (terminal) assert.equal(shown, 'terminal');
    else {
      assert.equal(shown, 'log');
      assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, output);
    }
  });

  it('re-runs with changed arguments: a new run folder recording them', async () => {
    const tensorsight = await api();
    const first = started[0];
    const args = ['--epochs', '1', '--batches', '50', '--lr', '0.05'];
    const run = await vscode.commands.executeCommand<RunStarted>('tensorsight.runs.rerunWithArguments', { id: first.id }, { args });
    assert.ok(run);
    started.push(run);
    assert.notEqual(run.dir, first.dir);
    await until(() => tensorsight.runs.records.byId(run.id)?.status === 'finished', 'the re-run to finish');
    const record = tensorsight.runs.records.byId(run.id)!.record;
    assert.deepEqual(record.args, args);
    assert.equal(record.script, tensorsight.runs.records.byId(first.id)!.record.script);
    assert.deepEqual(record.hparams, { lr: 0.05, batch_size: 16, optimizer: 'SGD' }); // mlp_synthetic.py: hparams({lr, batch_size, optimizer})
  });

  it('compares two runs: exactly those ticked and both in the panel', async () => {
    const tensorsight = await api();
    const [a, , b] = started;
    await until(() => tensorsight.runs.model.run(b.id)?.store.scalar('train_loss')?.length === 50, 'the re-run charted');
    const ids = await vscode.commands.executeCommand<string[]>('tensorsight.runs.compare', { id: a.id }, [{ id: a.id }, { id: b.id }]);
    assert.deepEqual(ids, [a.id, b.id]);
    const shown = tensorsight.runs.model.shownRuns().map((run) => run.name);
    assert.deepEqual(shown.sort(), [a.id, b.id].sort());
    const training = tensorsight.runs.training.current;
    assert.ok(training);
    await until(() => training.ready && training.feed.sentLength(a.id, 'train_loss') > 0 && training.feed.sentLength(b.id, 'train_loss') > 0, 'both runs in the panel');
  });

  it('runs a sweep one run after another; the queue shows in the Runs view and a queued run can be cancelled', async () => {
    const tensorsight = await api();
    const script = path.join(scripts, 'mlp_synthetic.py');
    const grid = ['--epochs', '1', '--batches', '30,40,50', '--log-interval', '10'];
    const count = await vscode.commands.executeCommand<number>('tensorsight.runs.runSweep', vscode.Uri.file(script), { grid, python, mode: 'sequential' });
    assert.equal(count, 3);
    const queue = tensorsight.runs.queue;
    assert.equal(queue.items().length, 2, 'the first run starts, two wait');
    const group = tensorsight.runs.tree.getChildren().find((node) => node.kind === 'script' && node.script === script);
    assert.ok(group);
    const queuedRows = tensorsight.runs.tree.getChildren(group).filter((node) => node.kind === 'queued');
    assert.deepEqual(queuedRows.map((node) => tensorsight.runs.tree.getTreeItem(node).description), ['--epochs 1 --batches 40 --log-interval 10', '--epochs 1 --batches 50 --log-interval 10']);
    assert.equal(await vscode.commands.executeCommand('tensorsight.runs.cancelQueued', queuedRows[1]), 1);
    const sweepId = queue.items()[0].sweep.id;
    const sweepRuns = () => tensorsight.runs.records.all().filter((run) => run.record.sweep?.id === sweepId);
    await until(() => queue.items().length === 0 && sweepRuns().length === 2 && sweepRuns().every((run) => run.status === 'finished'), 'both sweep runs to finish');
    const [first, second] = sweepRuns().sort((a, b) => a.record.sweep!.index - b.record.sweep!.index);
    assert.deepEqual(first.record.args, ['--epochs', '1', '--batches', '30', '--log-interval', '10']);
    assert.deepEqual(second.record.args, ['--epochs', '1', '--batches', '40', '--log-interval', '10']);
    assert.deepEqual([first.record.sweep, second.record.sweep], [{ id: sweepId, index: 0, count: 3 }, { id: sweepId, index: 1, count: 3 }]);
    assert.ok(Date.parse(second.record.startTime) >= Date.parse(first.record.endTime!), 'the second started after the first ended');
  });

  it('runs a sweep in parallel, one run per free GPU of the nvidia-smi replay, CUDA_VISIBLE_DEVICES pinned', async () => {
    const tensorsight = await api();
    const gpuConfig = () => vscode.workspace.getConfiguration('tensorsight.gpu');
    // The replay's two recorded boards, with no processes on them: both are free.
    process.env.NVIDIA_SMI_REPLAY_APPS = 'none';
    try {
      await gpuConfig().update('nvidiaSmiPath', path.join(repoRoot, 'test/fixtures/bin/nvidia-smi-replay'), vscode.ConfigurationTarget.Global);
      const latest = () => tensorsight.gpu.monitor.latest;
      await until(() => (latest()?.gpus.length ?? 0) >= 2 && latest()?.processes.length === 0, 'a replayed snapshot with two free GPUs');
      const script = path.join(scripts, 'mlp_synthetic.py');
      const grid = ['--epochs', '1', '--batches', '8000', '--lr', '0.1,0.2'];
      assert.equal(await vscode.commands.executeCommand<number>('tensorsight.runs.runSweep', vscode.Uri.file(script), { grid, python, mode: 'parallel' }), 2);
      assert.equal(tensorsight.runs.queue.items().length, 0, 'both started at once');
      const sweepRuns = () => tensorsight.runs.records.all().filter((run) => run.record.sweep?.count === 2 && run.record.args.includes('8000'));
      await until(() => sweepRuns().length === 2 && sweepRuns().every((run) => run.status === 'finished'), 'both parallel runs to finish');
      const runs = sweepRuns().sort((a, b) => a.record.sweep!.index - b.record.sweep!.index);
      assert.deepEqual(runs.map((run) => run.record.env.CUDA_VISIBLE_DEVICES).sort(), ['0', '1']);
      assert.ok(Math.max(...runs.map((run) => Date.parse(run.record.startTime))) < Math.min(...runs.map((run) => Date.parse(run.record.endTime!))), 'the two ran at the same time');
    } finally {
      delete process.env.NVIDIA_SMI_REPLAY_APPS;
      await gpuConfig().update('nvidiaSmiPath', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('shows the event files a script wrote itself as children of its run, ticked with it', async () => {
    const tensorsight = await api();
    // A script (written here) that writes an event file of its own under its working folder, as SummaryWriter would:
    // a copy of a real SummaryWriter file (MANIFEST.tsv: tag strict/foo, 100 values).
    const project = mkdtempSync(path.join(tmpdir(), 'ts-launch-linked-'));
    const script = path.join(project, 'write_events.py');
    writeFileSync(script, 'import os, shutil, sys\nos.makedirs("tb/run1", exist_ok=True)\nshutil.copyfile(sys.argv[1], os.path.join("tb/run1", os.path.basename(sys.argv[1])))\n');
    const events = path.join(repoRoot, 'test/fixtures/upstream/tfevents/torch_summarywriter_tbreducer_strict/run_1/events.out.tfevents.1622543341.janoshs-mbp.lan.86862.0');
    try {
      // The project folder is opened as a logdir, as a workspace folder would be.
      await vscode.commands.executeCommand('tensorsight.runs.openCharts', vscode.Uri.file(project));
      const run = await vscode.commands.executeCommand<RunStarted>('tensorsight.runs.runScript', vscode.Uri.file(script), { args: [events], python });
      assert.ok(run);
      await until(() => tensorsight.runs.records.byId(run.id)?.status === 'finished', 'the run to finish');
      assert.deepEqual(tensorsight.runs.records.byId(run.id)!.record.linkedEventDirs, [path.join(project, 'tb', 'run1')]);
      const linkedId = `${path.basename(project)}/tb/run1`;
      await until(() => tensorsight.runs.model.run(linkedId)?.store.scalar('strict/foo')?.length === 100, 'the linked folder read');
      assert.deepEqual(tensorsight.runs.tree.getChildren({ id: run.id }), [{ kind: 'linked', id: linkedId, parent: run.id }]);
      assert.ok(!tensorsight.runs.tree.getChildren().some((node) => node.id === linkedId), 'not listed again at the top level');
      assert.deepEqual(tensorsight.runs.tree.tickIds({ id: run.id }), [run.id, linkedId]);
      await vscode.commands.executeCommand('tensorsight.runs.openCharts', { id: run.id });
      assert.ok(tensorsight.runs.model.isShown(run.id) && tensorsight.runs.model.isShown(linkedId), 'Open Charts ticks the run and its folder');
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });

  it('a crash ends failed, naming the innermost frame of the script', async () => {
    const tensorsight = await api();
    const script = path.join(scripts, 'crash_shape.py');
    const run = await vscode.commands.executeCommand<RunStarted>('tensorsight.runs.runScript', vscode.Uri.file(script), { args: [], python });
    assert.ok(run);
    await until(() => tensorsight.runs.records.byId(run.id)?.status === 'failed', 'the run to fail');
    const record = tensorsight.runs.records.byId(run.id)!.record;
    const frame = record.failure?.frames.filter((entry) => entry.inScript).at(-1);
    // The line that calls the layer with the wrong width, read from the script itself.
    const line = readFileSync(script, 'utf8').split('\n').indexOf('    return model(x).sum()') + 1;
    assert.deepEqual(frame && { file: path.resolve(record.cwd, frame.file), line: frame.line }, { file: script, line });
  });
});

/** Live (not zombie) processes whose process group is `pgid`, from /proc (these suites compile alone, without src/). */
function groupMembers(pgid: number): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((name) => {
      const stat = procStat(Number(name));
      return stat !== undefined && stat.pgrp === pgid && stat.state !== 'Z';
    })
    .map(Number);
}

function procStat(pid: number): { state: string; pgrp: number } | undefined {
  const text = safeRead(`/proc/${pid}/stat`);
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return text ? { state: fields[0], pgrp: Number(fields[2]) } : undefined;
}

function safeRead(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
