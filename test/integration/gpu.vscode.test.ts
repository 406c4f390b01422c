// The GPU monitor in the real extension host, fed by the nvidia-smi replay double (real recorded outputs
// played back by a real child process): status bar, GPUs view, commands, stopping when unobserved, no GPU.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TensorsightApi } from '../../src/extension';
import type { GpuSamplerState } from '../../src/core/gpu/gpuSampler';

const repoRoot = path.resolve(__dirname, '../../..');
const replay = path.join(repoRoot, 'test/fixtures/bin/nvidia-smi-replay');

async function api(): Promise<TensorsightApi> {
  const extension = vscode.extensions.getExtension<TensorsightApi>('tensorsight.tensorsight');
  assert.ok(extension);
  return extension.activate();
}

/** Resolves when `predicate` holds, re-checking on each monitor event; rejects after `ms`. */
function until(tensorsight: TensorsightApi, predicate: () => boolean, what: string, ms = 30_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const subscriptions: vscode.Disposable[] = [];
    const finish = (error?: Error) => {
      clearTimeout(timer);
      clearInterval(poll);
      subscriptions.forEach((subscription) => subscription.dispose());
      if (error) reject(error);
      else resolve();
    };
    const check = () => {
      if (predicate()) finish();
    };
    const timer = setTimeout(() => finish(new Error(`timed out waiting for ${what}`)), ms);
    // Process exits raise no monitor event, so this also re-checks on a short interval.
    const poll = setInterval(check, 100);
    subscriptions.push(tensorsight.gpu.monitor.onSnapshot(check), tensorsight.gpu.monitor.onState(check));
    check();
  });
}

async function setGpu(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('tensorsight.gpu').update(key, value, vscode.ConfigurationTarget.Global);
}

describe('GPU monitor', function () {
  this.timeout(90_000);

  after(async () => {
    await setGpu('nvidiaSmiPath', undefined);
    await setGpu('statusBar', undefined);
  });

  it('samples the replayed GPUs into the status bar and the GPUs view', async () => {
    const tensorsight = await api();
    await setGpu('statusBar', true);
    await setGpu('nvidiaSmiPath', replay);
    await until(tensorsight, () => (tensorsight.gpu.monitor.latest?.gpus.length ?? 0) > 0 && tensorsight.gpu.statusBar.text !== '$(pulse) GPU…', 'a snapshot from the replay');
    const snapshot = tensorsight.gpu.monitor.latest!;
    assert.match(tensorsight.gpu.statusBar.text, /^\$\(pulse\) .*GiB/);
    assert.ok(tensorsight.gpu.monitor.samplerProcessIds.length >= 1, 'one long-lived nvidia-smi runs');

    const roots = tensorsight.gpu.tree.getChildren();
    assert.equal(roots.length, snapshot.gpus.length);
    const gpuItem = tensorsight.gpu.tree.getTreeItem(roots[0]);
    assert.ok(String(gpuItem.label).includes(snapshot.gpus[0].name ?? '?'), `label ${gpuItem.label}`);
    const metrics = tensorsight.gpu.tree.getChildren(roots[0]);
    assert.ok(metrics.some((node) => node.kind === 'metric' && node.rowId === 'memory'));
    assert.ok(metrics.some((node) => node.kind === 'processes'));

    const details = (await vscode.commands.executeCommand('tensorsight.gpu.copyDetails', roots[0])) as string;
    assert.match(details, /^GPU \d+: /);
    assert.equal(await vscode.env.clipboard.readText(), details);
  });

  it('stops nvidia-smi when nothing watches, and starts it again when watched', async () => {
    const tensorsight = await api();
    await vscode.commands.executeCommand('workbench.action.closeSidebar');
    await setGpu('statusBar', false);
    await until(tensorsight, () => !tensorsight.gpu.view.visible && tensorsight.gpu.monitor.samplerProcessIds.length === 0, 'the sampler to stop');
    await setGpu('statusBar', true);
    await until(tensorsight, () => tensorsight.gpu.monitor.samplerProcessIds.length > 0, 'the sampler to start again');
  });

  it('lists the MIG instances of a GPU in MIG mode (the XML parser loads from its own chunk)', async () => {
    const tensorsight = await api();
    const replayEnv = {
      NVIDIA_SMI_REPLAY_GPUS: 'csv/h200_590.48.01_idle_query-gpu.csv',
      NVIDIA_SMI_REPLAY_SET: 'mig.mode.current=Enabled',
      NVIDIA_SMI_REPLAY_XML: path.join(repoRoot, 'test/fixtures/gpu/mig-a100-v12.xml'),
    };
    // The sampler's nvidia-smi inherits the extension host's environment.
    Object.assign(process.env, replayEnv);
    try {
      await setGpu('statusBar', true);
      await setGpu('nvidiaSmiPath', replay);
      await vscode.commands.executeCommand('tensorsight.gpu.refresh');
      const withMig = () => tensorsight.gpu.monitor.latest?.gpus.find((gpu) => gpu.migDevices.length > 0);
      await until(tensorsight, () => withMig() !== undefined, 'a snapshot with MIG instances');
      assert.deepEqual(withMig()!.migDevices.map((mig) => [mig.gpuInstanceId, mig.memoryTotalMiB]), [
        [1, 40448],
        [2, 40448],
      ]);
    } finally {
      for (const key of Object.keys(replayEnv)) delete process.env[key];
      await vscode.commands.executeCommand('tensorsight.gpu.refresh');
    }
  });

  it('says why there is no GPU when nvidia-smi is missing', async () => {
    const tensorsight = await api();
    await setGpu('nvidiaSmiPath', path.join(repoRoot, 'no-such-dir', 'nvidia-smi'));
    await until(tensorsight, () => tensorsight.gpu.monitor.state.kind === 'unavailable', 'the unavailable state');
    const state = tensorsight.gpu.monitor.state as Extract<GpuSamplerState, { kind: 'unavailable' }>;
    assert.match(state.reason, /not found/);
    assert.equal(tensorsight.gpu.statusBar.text, '$(pulse) no GPU');
    const [message] = tensorsight.gpu.tree.getChildren();
    assert.equal(message.kind, 'message');
    assert.equal(await vscode.commands.executeCommand('tensorsight.gpu.refresh'), 'unavailable');
  });
});
