// The Runs view and the Training panel in the real extension host: the demo workspace's runs are discovered
// when the view shows, a logdir outside the workspace is added by opening charts on it, the panel's webview
// asks for and draws the snapshot, and records appended by a live writer process (the core EventFileWriter,
// run under tsx) reach the panel's host-side state, and the drawn chart, within 1 s.
import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TensorsightApi } from '../../src/extension';

const repoRoot = path.resolve(__dirname, '../../..');

async function api(): Promise<TensorsightApi> {
  const extension = vscode.extensions.getExtension<TensorsightApi>('tensorsight.tensorsight');
  assert.ok(extension);
  return extension.activate();
}

/** Resolves when `predicate` holds (checked every 20 ms); rejects after `ms`. */
async function until(predicate: () => boolean, what: string, ms = 30_000): Promise<number> {
  const start = performance.now();
  while (!predicate()) {
    if (performance.now() - start > ms) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return performance.now() - start;
}

/**
 * A writer child process: the core EventFileWriter under tsx, appending one scalar per stdin line `tag step value`
 * and flushing at once, answering `ok` after each write.
 */
function startWriter(dir: string): { child: ChildProcessWithoutNullStreams; write(tag: string, step: number, value: number): Promise<void> } {
  const script = `
    const { EventFileWriter } = require('./src/core/events/eventWriter.ts');
    const writer = new EventFileWriter(process.argv[1], { host: 'it', pid: process.pid, index: 0 });
    writer.flush();
    require('node:readline').createInterface({ input: process.stdin }).on('line', (line) => {
      const [tag, step, value] = line.split(' ');
      writer.addScalar(tag, Number(value), Number(step));
      writer.flush();
      process.stdout.write('ok\\n');
    });
    process.stdout.write('ready\\n');`;
  const child = spawn(process.execPath, ['--import', 'tsx', '-e', script, dir], { cwd: repoRoot, env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } });
  let buffered = '';
  const waiting: (() => void)[] = [];
  child.stdout.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    let newline;
    while ((newline = buffered.indexOf('\n')) >= 0) {
      buffered = buffered.slice(newline + 1);
      waiting.shift()?.();
    }
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const next = () =>
    new Promise<void>((resolve, reject) => {
      waiting.push(resolve);
      child.once('exit', (code) => reject(new Error(`writer exited with ${code}: ${stderr}`)));
    });
  const ready = next();
  return {
    child,
    async write(tag, step, value) {
      await ready;
      const done = next();
      child.stdin.write(`${tag} ${step} ${value}\n`);
      await done;
    },
  };
}

describe('Runs view and Training panel', function () {
  this.timeout(120_000);
  let logdir: string;
  let writer: ReturnType<typeof startWriter> | undefined;

  before(() => {
    logdir = mkdtempSync(path.join(tmpdir(), 'ts-runs-it-'));
  });

  after(async () => {
    writer?.child.kill();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    rmSync(logdir, { recursive: true, force: true });
  });

  it('discovers the demo workspace runs when the Runs view shows, with tag counts and last steps', async () => {
    const tensorsight = await api();
    await vscode.commands.executeCommand('tensorsight.runs.focus');
    const expected = ['runs/keras-iris/train', 'runs/keras-iris/validation', 'runs/torch-strict/run_1', 'runs/torch-strict/run_2'];
    await until(() => expected.every((id) => tensorsight.runs.model.run(id)), 'the demo runs');
    const items = tensorsight.runs.tree.getChildren().map((node) => tensorsight.runs.tree.getTreeItem(node));
    const strict = items.find((item) => item.id === 'runs/torch-strict/run_1');
    assert.ok(strict);
    // MANIFEST.tsv (the same file as test/fixtures/upstream/tfevents/torch_summarywriter_tbreducer_strict/run_1): 1 tag, steps 5..495.
    assert.match(String(strict.description), /^1 tags · step 495 · updated \d+ (s|min|h|d) ago$/);
    assert.equal(strict.checkboxState, vscode.TreeItemCheckboxState.Checked);
    const validation = items.find((item) => item.id === 'runs/keras-iris/validation');
    assert.match(String(validation?.description), /^2 tags · step 19 /); // MANIFEST: tags=2 steps=1..19
  });

  it('opens charts on a logdir outside the workspace; the webview draws the snapshot; appends reach it within 1 s', async () => {
    const tensorsight = await api();
    writer = startWriter(path.join(logdir, 'live'));
    await writer.write('train/loss', 1, 0.9);
    await vscode.commands.executeCommand('tensorsight.runs.openCharts', vscode.Uri.file(logdir));
    const training = tensorsight.runs.training.current;
    assert.ok(training);
    const runId = `${path.basename(logdir)}/live`;
    await until(() => training.ready && training.feed.sentLength(runId, 'train/loss') === 1, 'the webview ready and the snapshot with the live run');
    await until(() => training.renderedSeq >= training.feed.seq, 'the webview drawing the snapshot');
    assert.ok(training.feed.sentLength('runs/torch-strict/run_1', 'strict/foo') === 100, 'demo runs are in the snapshot too (MANIFEST: 100 values)');

    const latencies: number[] = [];
    const drawn: number[] = [];
    for (let step = 2; step <= 6; step++) {
      const start = performance.now();
      await writer.write('train/loss', step, 1 / step);
      await until(() => training.feed.sentLength(runId, 'train/loss') === step, `step ${step} in the panel's feed`, 5_000);
      latencies.push(performance.now() - start);
      const seq = training.feed.seq;
      await until(() => training.renderedSeq >= seq, `step ${step} drawn`, 5_000);
      drawn.push(performance.now() - start);
    }
    console.log(`[runs] append -> host feed ms: ${latencies.map((ms) => ms.toFixed(0)).join(', ')}; -> drawn in the webview ms: ${drawn.map((ms) => ms.toFixed(0)).join(', ')}`);
    assert.ok(Math.max(...latencies) < 1000, `every append reached the panel within 1 s (${latencies})`);
    assert.ok(Math.max(...drawn) < 1000, `every append was drawn within 1 s (${drawn})`);
  });

  it('unticking a run in the view removes it from the charts (a new snapshot without it)', async () => {
    const tensorsight = await api();
    const training = tensorsight.runs.training.current;
    assert.ok(training);
    tensorsight.runs.model.setShown(['runs/torch-strict/run_2'], false);
    await until(() => training.feed.sentLength('runs/torch-strict/run_2', 'strict/foo') === 0, 'run_2 left out of the snapshot');
    assert.equal(training.feed.sentLength('runs/torch-strict/run_1', 'strict/foo'), 100);
    assert.equal(tensorsight.runs.tree.getTreeItem({ id: 'runs/torch-strict/run_2' }).checkboxState, vscode.TreeItemCheckboxState.Unchecked);
    tensorsight.runs.model.setShown(['runs/torch-strict/run_2'], true);
    await until(() => training.feed.sentLength('runs/torch-strict/run_2', 'strict/foo') === 100, 'run_2 back');
  });

  it('follows tensorsight.runs.include: only matching runs are listed, and all come back when it is reset', async () => {
    const tensorsight = await api();
    const config = vscode.workspace.getConfiguration('tensorsight.runs');
    const ids = () => tensorsight.runs.model.runs().map((run) => run.name).filter((id) => id.startsWith('runs/')).sort();
    try {
      await config.update('include', ['runs/torch-strict/**'], vscode.ConfigurationTarget.Global);
      await until(() => ids().join() === 'runs/torch-strict/run_1,runs/torch-strict/run_2', 'only the torch-strict runs');
    } finally {
      await config.update('include', undefined, vscode.ConfigurationTarget.Global);
    }
    await until(() => ids().length === 4, 'the four demo runs again');
  });
});
