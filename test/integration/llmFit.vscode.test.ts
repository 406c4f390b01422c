// The Model view's Architecture and Fits on GPU sections in the real extension host: a vocabulary-only Llama-2-7B
// GGUF read in the worker, checked against the GPU monitor fed by the nvidia-smi replay double (an idle H200 and a
// loaded RTX 4080 SUPER, recorded), against the tensorsight.llm settings, and without any GPU.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TensorsightApi } from '../../src/extension';
import type { ModelTreeNode } from '../../src/host/model/modelTreeProvider';

const repoRoot = path.resolve(__dirname, '../../..');
const replay = path.join(repoRoot, 'test/fixtures/bin/nvidia-smi-replay');
const llama = path.join(repoRoot, 'test/fixtures/upstream/gguf/ggml-vocab-llama-spm.gguf');

async function api(): Promise<TensorsightApi> {
  const extension = vscode.extensions.getExtension<TensorsightApi>('tensorsight.tensorsight');
  assert.ok(extension);
  return extension.activate();
}

/** Resolves when `predicate` holds, re-checked every 100 ms; rejects after `ms`. */
async function until(predicate: () => boolean, what: string, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Label and description of each child of the root section labelled `section`. */
function rows(tensorsight: TensorsightApi, section: string): [string, string][] {
  const { tree } = tensorsight.model;
  const root = tree.getChildren().find((node) => String(tree.getTreeItem(node).label) === section);
  assert.ok(root, `the ${section} section`);
  return tree.getChildren(root).map((node: ModelTreeNode) => {
    const item = tree.getTreeItem(node);
    return [String(item.label), String(item.description ?? '')];
  });
}

async function setting(section: string, key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration(section).update(key, value, vscode.ConfigurationTarget.Global);
}

describe('Model view: LLM architecture and GPU fit', function () {
  this.timeout(90_000);
  const replayEnv = { NVIDIA_SMI_REPLAY_GPUS: ['csv/h200_590.48.01_idle_query-gpu.csv', 'csv/rtx-4080-super_595.71.05_load_query-gpu.csv'].join(path.delimiter), NVIDIA_SMI_REPLAY_APPS: 'none' };

  before(async () => {
    // The sampler's nvidia-smi inherits the extension host's environment.
    Object.assign(process.env, replayEnv);
    const tensorsight = await api();
    await setting('tensorsight.gpu', 'statusBar', true);
    await setting('tensorsight.gpu', 'nvidiaSmiPath', replay);
    await vscode.commands.executeCommand('tensorsight.gpu.refresh');
    await until(() => tensorsight.gpu.monitor.latest?.gpus.length === 2, 'two replayed GPUs');
  });

  after(async () => {
    for (const key of Object.keys(replayEnv)) delete process.env[key];
    await setting('tensorsight.llm', 'batchSize', undefined);
    await setting('tensorsight.llm', 'contextLength', undefined);
    await setting('tensorsight.gpu', 'nvidiaSmiPath', undefined);
    await vscode.commands.executeCommand('tensorsight.gpu.refresh');
  });

  it('shows the architecture and a fit row per replayed GPU', async () => {
    const tensorsight = await api();
    await vscode.commands.executeCommand('tensorsight.model.showSummary', vscode.Uri.file(llama));
    const { tree } = tensorsight.model;
    assert.equal(tree.outline?.path, llama);
    assert.deepEqual(tree.getChildren().map((node) => String(tree.getTreeItem(node).label)), ['ggml-vocab-llama-spm.gguf', 'Architecture', 'Fits on GPU', 'Inputs', 'Outputs', 'Totals', 'Layers']);
    const architecture = Object.fromEntries(rows(tensorsight, 'Architecture'));
    assert.equal(architecture.Layers, '32');
    assert.equal(architecture['Heads / KV heads'], '32 / 32');
    assert.equal(architecture['Context length'], '4,096 tokens');
    // Llama-2-7b-hf: 6,738,415,616 parameters.
    assert.equal(architecture['Parameters (from the architecture)'], '6,738,415,616 (6.74 G)');
    // Weights 12.55 GiB (16-bit estimate) + KV 2 GiB at 4,096 tokens; the H200 has 143,771 MiB free, the 4080 SUPER 14,902.
    assert.deepEqual(rows(tensorsight, 'Fits on GPU').slice(3), [
      ['Total needed', '14.55 GiB at 4,096 tokens × batch 1'],
      ['GPU 0: NVIDIA H200', 'fits, 125.85 GiB to spare (140.40 GiB free)'],
      ['GPU 1: NVIDIA GeForce RTX 4080 SUPER', 'fits, 1.49 MiB to spare (14.55 GiB free)'],
    ]);
    const section = tree.getChildren().find((node) => node.kind === 'section' && node.id === 'fits')!;
    assert.equal(tree.getTreeItem(section).description, 'needs 14.55 GiB at 4,096 tokens × batch 1 · fits on 2 of 2 GPUs');
  });

  it('refreshes on a new batch size, not on GPU samples that change nothing', async () => {
    const tensorsight = await api();
    const { tree } = tensorsight.model;
    let fired = 0;
    let samples = 0;
    const listeners = [tree.onDidChangeTreeData(() => fired++), tensorsight.gpu.monitor.onSnapshot(() => samples++)];
    try {
      await until(() => samples >= 3, 'three more GPU samples');
      assert.equal(fired, 0, 'identical samples leave the view alone');
      await setting('tensorsight.llm', 'batchSize', 2);
      await until(() => fired > 0, 'the Fits section to refresh');
      assert.deepEqual(rows(tensorsight, 'Fits on GPU').slice(-2), [
        ['GPU 0: NVIDIA H200', 'fits, 123.85 GiB to spare (140.40 GiB free)'],
        ['GPU 1: NVIDIA GeForce RTX 4080 SUPER', 'needs 2.00 GiB more (14.55 GiB free)'],
      ]);
    } finally {
      listeners.forEach((listener) => listener.dispose());
    }
  });

  it('says no GPU was found, with nvidia-smi\'s reason, and still gives the total needed', async () => {
    const tensorsight = await api();
    await setting('tensorsight.llm', 'batchSize', undefined);
    await setting('tensorsight.gpu', 'nvidiaSmiPath', path.join(repoRoot, 'no-such-dir', 'nvidia-smi'));
    await vscode.commands.executeCommand('tensorsight.gpu.refresh');
    await until(() => rows(tensorsight, 'Fits on GPU').some(([label]) => label === 'No GPU found'), 'the no-GPU row');
    const fits = rows(tensorsight, 'Fits on GPU');
    assert.deepEqual(fits.slice(3, 4), [['Total needed', '14.55 GiB at 4,096 tokens × batch 1']]);
    assert.match(fits[4][1], /nvidia-smi/);
    assert.equal(fits.length, 5);
  });
});
