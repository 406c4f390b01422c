// The graph editor as the default editor, in the real extension host: vscode.open of a Keras .h5, a TorchScript .pt
// and a state_dict .pth lands in the tensorsight.graph editor; an HDF5 dataset (h5py), a .pt holding a tensor and
// one holding a list of 3000 tensors (torch.save), written here, land in VS Code's default editor with no graph tab
// left; a TF.js model.json shown as text gets the "Open as model graph" prompt once, and other JSON never does.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TensorsightApi } from '../../src/extension';

const repoRoot = path.resolve(__dirname, '../../..');
const python = '/usr/bin/python3';
const graphViewType = 'tensorsight.graph';
/** How long a file must stay in the graph editor to count as staying there (a redirect takes milliseconds). */
const SETTLE_MS = 1500;

async function api(): Promise<TensorsightApi> {
  const extension = vscode.extensions.getExtension<TensorsightApi>('tensorsight.tensorsight');
  assert.ok(extension);
  return extension.activate();
}

/** Resolves when `predicate` holds (checked every 50 ms); rejects after `ms`. */
async function until(predicate: () => boolean, what: string, ms = 20_000): Promise<void> {
  const start = performance.now();
  while (!predicate()) {
    if (performance.now() - start > ms) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const sameUri = (a: vscode.Uri, b: vscode.Uri) => a.toString() === b.toString();
const activeInput = () => vscode.window.tabGroups.activeTabGroup.activeTab?.input;
const isGraphTab = (input: unknown, uri: vscode.Uri) => input instanceof vscode.TabInputCustom && input.viewType === graphViewType && sameUri(input.uri, uri);
const isTextTab = (input: unknown, uri: vscode.Uri) => input instanceof vscode.TabInputText && sameUri(input.uri, uri);
const graphTabsOf = (uri: vscode.Uri) => vscode.window.tabGroups.all.flatMap((group) => group.tabs).filter((tab) => isGraphTab(tab.input, uri));

/** Writes files with Debian's Python; '' when it worked, else why not (the tests that need them skip). */
function writeWithPython(modules: string, script: string, cwd: string): string {
  const result = spawnSync(python, ['-c', `import ${modules}\n${script}`], { cwd, encoding: 'utf8', timeout: 120_000 });
  return result.status === 0 ? '' : `${python} could not import ${modules} or write the files: ${(result.stderr || result.error?.message || '').trim().split('\n').pop()}`;
}

describe('Graph editor as the default editor', function () {
  this.timeout(120_000);
  let dir: string;

  before(async () => {
    await api();
    dir = mkdtempSync(path.join(tmpdir(), 'ts-default-editor-it-'));
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('opens a Keras .h5, a TorchScript .pt and a state_dict .pth in the graph editor', async () => {
    for (const file of ['demo/models/lstm_bidirectional.h5', 'demo/models/foo_torchscript.pt', 'test/fixtures/pytorch/small_state_dict.pth']) {
      const uri = vscode.Uri.file(path.join(repoRoot, file));
      await vscode.commands.executeCommand('vscode.open', uri);
      await until(() => isGraphTab(activeInput(), uri), `${file} in the ${graphViewType} editor`);
      await sleep(SETTLE_MS);
      assert.ok(isGraphTab(activeInput(), uri), `${file} stays in the graph editor`);
      assert.equal(graphTabsOf(uri).length, 1, `${file}: one graph tab`);
    }
  });

  it('reopens an HDF5 dataset and a .pt holding a tensor in the default editor, leaving no graph tab', async function () {
    const skip = [
      writeWithPython('h5py, numpy as np', "with h5py.File('images.h5', 'w') as f:\n    f['images'] = np.zeros((4, 8, 8), 'uint8'); f['labels'] = np.arange(4)", dir),
      // many_tensors.pt: a pickle over the host thread's budget, so the worker decides.
      writeWithPython('torch', "torch.save(torch.arange(6.0), 'tensor.pt'); torch.save([torch.zeros(2) for _ in range(3000)], 'many_tensors.pt')", dir),
    ].filter(Boolean);
    if (skip.length > 0) {
      console.log(`[graphDefaultEditor] skipped: ${skip.join('; ')}`);
      this.skip();
    }
    for (const name of ['images.h5', 'tensor.pt', 'many_tensors.pt']) {
      const uri = vscode.Uri.file(path.join(dir, name));
      await vscode.commands.executeCommand('vscode.open', uri);
      await until(() => isTextTab(activeInput(), uri), `${name} in the default editor`);
      await until(() => graphTabsOf(uri).length === 0, `${name}'s graph tab to close`);
      await sleep(SETTLE_MS);
      assert.ok(isTextTab(activeInput(), uri), `${name} stays in the default editor`);
      assert.equal(graphTabsOf(uri).length, 0, `${name}: no graph tab`);
    }
  });

  it('asks once to open a TF.js model.json as a graph, and never for other JSON', async () => {
    const { graphOpenPrompt } = await api();
    const model = vscode.Uri.file(path.join(dir, 'model.json'));
    copyFileSync(path.join(repoRoot, 'demo/models/tfjs-prefetch-graph/model.json'), model.fsPath);
    const other = vscode.Uri.file(path.join(dir, 'settings.json'));
    writeFileSync(other.fsPath, JSON.stringify({ format: 'not a model', weights: [1, 2, 3], modelName: 'x' }, null, 2));
    const askedFor = (uri: vscode.Uri) => graphOpenPrompt.asked.filter((key) => key === uri.toString()).length;

    await vscode.window.showTextDocument(model);
    await until(() => askedFor(model) === 1, 'the prompt for model.json');
    assert.ok(isTextTab(activeInput(), model), 'model.json opens as text');
    await vscode.window.showTextDocument(other);
    await vscode.window.showTextDocument(model);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.window.showTextDocument(model);
    await sleep(SETTLE_MS);
    assert.equal(askedFor(model), 1, 'asked once for model.json');
    assert.equal(askedFor(other), 0, 'never asked for JSON that is not a model');
    // The unanswered prompt would stay on screen for the suites that follow.
    await vscode.commands.executeCommand('notifications.clearAll');
  });
});
