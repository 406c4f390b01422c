// The GPU monitor in the real extension host, fed by the nvidia-smi replay double (real recorded outputs
// played back by a real child process): status bar, GPUs view, commands, stopping when unobserved, no GPU.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TensorsightApi } from '../../src/extension';
import type { GpuSamplerState } from '../../src/core/gpu/gpuSampler';
import type { GpuTreeNode } from '../../src/host/gpu/gpuTreeProvider';

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

/** The tree item's label and description as plain strings. */
function itemText(tensorsight: TensorsightApi, node: GpuTreeNode): { label: string; description: string; collapsed?: vscode.TreeItemCollapsibleState } {
  const item = tensorsight.gpu.tree.getTreeItem(node);
  const label = typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
  return { label, description: typeof item.description === 'string' ? item.description : '', collapsed: item.collapsibleState };
}

async function setGpu(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('tensorsight.gpu').update(key, value, vscode.ConfigurationTarget.Global);
}

describe('GPU monitor', function () {
  this.timeout(90_000);

  after(async () => {
    await setGpu('nvidiaSmiPath', undefined);
    await setGpu('statusBar', undefined);
    await setGpu('statusBarWithoutGpu', undefined);
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
    const children = tensorsight.gpu.tree.getChildren(roots[0]);
    // The main metrics on top, then the processes (expanded), then the other metrics in a collapsed Details group.
    assert.deepEqual(
      children.filter((node) => node.kind === 'metric').map((node) => (node.kind === 'metric' ? node.rowId : '')),
      ['utilization', 'memory', 'temperature', 'power'],
    );
    assert.match(itemText(tensorsight, children.find((node) => node.kind === 'metric' && node.rowId === 'memory')!).description, / GiB/);
    const details = children.find((node) => node.kind === 'details');
    assert.ok(details);
    assert.equal(itemText(tensorsight, details).collapsed, vscode.TreeItemCollapsibleState.Collapsed);
    assert.ok(tensorsight.gpu.tree.getChildren(details).some((node) => node.kind === 'metric' && node.rowId === 'clocks'));
    // The replay's default processes (ffmpeg on both recorded boards) are not processes of this machine.
    const withProcesses = roots.find((root) => tensorsight.gpu.tree.getChildren(root).some((node) => node.kind === 'processes' && tensorsight.gpu.tree.getChildren(node).length > 0));
    assert.ok(withProcesses, 'a replayed GPU lists processes');
    const group = tensorsight.gpu.tree.getChildren(withProcesses).find((node) => node.kind === 'processes')!;
    assert.equal(itemText(tensorsight, group).collapsed, vscode.TreeItemCollapsibleState.Expanded);
    const first = itemText(tensorsight, tensorsight.gpu.tree.getChildren(group)[0]);
    assert.equal(first.label, 'ffmpeg');
    assert.match(first.description, /^\d+ · — · \d+ MiB · CPU — · —$/);

    const copied = (await vscode.commands.executeCommand('tensorsight.gpu.copyDetails', roots[0])) as string;
    assert.match(copied, /^GPU \d+: /);
    assert.equal(await vscode.env.clipboard.readText(), copied);
  });

  it('shows a local process of a run with its user, CPU and run folder', async () => {
    const tensorsight = await api();
    const dir = mkdtempSync(path.join(tmpdir(), 'ts-gpu-run-'));
    const runDir = path.join(dir, 'tensorsight-runs', 'train', '20260603-101500-train');
    const child = spawn('/usr/bin/sleep', ['120'], { stdio: 'ignore', env: { ...process.env, TENSORSIGHT_RUN_DIR: runDir } });
    if (child.pid === undefined) await once(child, 'spawn');
    // The recorded compute-apps file of the RTX 4080 SUPER, its first row now naming this child (same bus id).
    const recorded = readFileSync(path.join(repoRoot, 'test/fixtures/upstream/nvidia-smi/csv/rtx-4080-super_595.71.05_load_query-compute-apps.csv'), 'utf8').split('\n');
    const cells = recorded[1].split(', ');
    cells[5] = String(child.pid);
    cells[6] = '/usr/bin/sleep';
    const apps = path.join(dir, 'apps.csv');
    writeFileSync(apps, `${recorded[0]}\n${cells.join(', ')}\n`);
    process.env.NVIDIA_SMI_REPLAY_APPS = apps;
    try {
      await setGpu('statusBar', true);
      await setGpu('nvidiaSmiPath', replay);
      await vscode.commands.executeCommand('tensorsight.gpu.refresh');
      const ours = () => tensorsight.gpu.monitor.latest?.processes.find((entry) => entry.pid === child.pid && entry.local?.cpuPercent != null);
      await until(tensorsight, () => ours() !== undefined, 'the child with a CPU reading');
      assert.equal(ours()!.local!.runDir, runDir);
      const gpuNode = tensorsight.gpu.tree.getChildren().find((root) => root.kind === 'gpu' && tensorsight.gpu.tree.lookup(root).gpu?.busId === cells[2]);
      assert.ok(gpuNode, `the GPU at ${cells[2]}`);
      const group = tensorsight.gpu.tree.getChildren(gpuNode).find((node) => node.kind === 'processes')!;
      const [row] = tensorsight.gpu.tree.getChildren(group).map((node) => itemText(tensorsight, node));
      assert.equal(row.label, 'sleep');
      assert.match(row.description, new RegExp(`^${child.pid} · ${userInfo().username} · ${cells[7].replace(' MiB', '')} MiB · CPU \\d+\\.?\\d*% · \\d\\d:\\d\\d · run 20260603-101500-train · /usr/bin/sleep 120$`));
    } finally {
      delete process.env.NVIDIA_SMI_REPLAY_APPS;
      child.kill();
      rmSync(dir, { recursive: true, force: true });
      await vscode.commands.executeCommand('tensorsight.gpu.refresh');
    }
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
    // The MIG capture's compute-apps rows (pids 4101 and 4177, by GPU UUID only), moved to the replayed H200's bus.
    const capture = readFileSync(path.join(repoRoot, 'test/fixtures/gpu/mig-a100-capture.txt'), 'utf8').split('\n');
    const header = capture.find((line) => line.startsWith('timestamp, gpu_name, gpu_bus_id'))!;
    const rows = capture.filter((line) => /^\d{4}\/.*, 00000000:00:09\.0, .*, \d+, python/.test(line)).map((line) => line.replace('00000000:00:09.0', '00000000:83:00.0'));
    const dir = mkdtempSync(path.join(tmpdir(), 'ts-gpu-mig-'));
    writeFileSync(path.join(dir, 'apps.csv'), `${header}\n${rows.join('\n')}\n`);
    const replayEnv = {
      NVIDIA_SMI_REPLAY_GPUS: 'csv/h200_590.48.01_idle_query-gpu.csv',
      NVIDIA_SMI_REPLAY_SET: 'mig.mode.current=Enabled',
      NVIDIA_SMI_REPLAY_XML: path.join(repoRoot, 'test/fixtures/gpu/mig-a100-v12.xml'),
      NVIDIA_SMI_REPLAY_APPS: path.join(dir, 'apps.csv'),
    };
    // The sampler's nvidia-smi inherits the extension host's environment.
    Object.assign(process.env, replayEnv);
    try {
      await setGpu('statusBar', true);
      await setGpu('nvidiaSmiPath', replay);
      await vscode.commands.executeCommand('tensorsight.gpu.refresh');
      const withMig = () => tensorsight.gpu.monitor.latest?.gpus.find((gpu) => gpu.migDevices.length > 0);
      await until(tensorsight, () => withMig() !== undefined && tensorsight.gpu.monitor.latest!.processes.length === 2, 'a snapshot with MIG instances and processes');
      assert.deepEqual(withMig()!.migDevices.map((mig) => [mig.gpuInstanceId, mig.memoryTotalMiB]), [
        [1, 40448],
        [2, 40448],
      ]);
      // In the view: each instance a child of its GPU, memory in GiB (298 and 12011 of 40448 MiB).
      const gpuNode = tensorsight.gpu.tree.getChildren().find((root) => tensorsight.gpu.tree.lookup(root).gpu?.migDevices.length);
      assert.ok(gpuNode);
      const instances = tensorsight.gpu.tree.getChildren(gpuNode).filter((node) => node.kind === 'mig').map((node) => itemText(tensorsight, node));
      assert.deepEqual(
        instances.map((row) => [row.label, row.description.split(' · ').slice(0, 4).join(' · ')]),
        [
          ['MIG 0', 'GI 1 · CI 0 · 0.3/39.5 GiB · 42 SMs'],
          ['MIG 1', 'GI 2 · CI 0 · 11.7/39.5 GiB · 42 SMs'],
        ],
      );
      // Each process under the instance -q -x places it in (4101 in GI 1, 4177 in GI 2), none left at GPU level.
      const migNodes = tensorsight.gpu.tree.getChildren(gpuNode).filter((node) => node.kind === 'mig');
      assert.deepEqual(
        migNodes.map((node) => tensorsight.gpu.tree.getChildren(node).map((child) => (child.kind === 'process' ? child.pid : -1))),
        [[4101], [4177]],
      );
      assert.ok(!tensorsight.gpu.tree.getChildren(gpuNode).some((node) => node.kind === 'processes'));
    } finally {
      for (const key of Object.keys(replayEnv)) delete process.env[key];
      rmSync(dir, { recursive: true, force: true });
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
    // Told once (this profile may have told before): shown while telling, hidden after, kept by the setting.
    const notice = tensorsight.gpu.statusBar.noGpuNotice;
    assert.ok(notice === 'showing' || notice === 'hidden', `notice ${notice}`);
    assert.equal(tensorsight.gpu.statusBar.visible, notice === 'showing');
    await setGpu('statusBarWithoutGpu', true);
    await until(tensorsight, () => tensorsight.gpu.statusBar.noGpuNotice === 'kept', 'the setting to keep the item');
    assert.equal(tensorsight.gpu.statusBar.visible, true);
    await setGpu('statusBarWithoutGpu', undefined);
    const [message] = tensorsight.gpu.tree.getChildren();
    assert.equal(message.kind, 'message');
    assert.match(tensorsight.gpu.view.message ?? '', /^No NVIDIA GPU to monitor: .*not found/);
    assert.equal(await vscode.commands.executeCommand('tensorsight.gpu.refresh'), 'unavailable');
  });
});
