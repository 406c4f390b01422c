// The handlers of the GPU commands; src/host/commands.ts maps the ids to these.
import * as vscode from 'vscode';
import { gpuDetailsText } from '../../core/gpu/gpuDisplay';
import { gpuMemoryText, processColumns } from '../../core/gpu/gpuProcessDisplay';
import { type GpuFeature } from './registerGpu';
import { type GpuTreeNode } from './gpuTreeProvider';
import { killFailure, killRefusal } from '../../core/gpu/killRefusal';
import { nvidiaSmiSetting } from './nvidiaSmiSetting';

export async function refreshGpus(gpu: GpuFeature): Promise<string> {
  const state = await gpu.monitor.refresh();
  if (state.kind === 'unavailable') void vscode.window.showWarningMessage(`Tensorsight: no GPU to monitor. ${state.reason}`);
  return state.kind;
}

export async function copyGpuDetails(gpu: GpuFeature, node?: GpuTreeNode): Promise<string | undefined> {
  const target = node ?? gpu.view.selection[0];
  const snapshot = gpu.monitor.latest;
  if (!snapshot) {
    void vscode.window.showInformationMessage('Tensorsight: no GPU sample yet.');
    return undefined;
  }
  const found = target ? gpu.tree.lookup(target) : {};
  const columns = found.process ? processColumns(found.process, Date.now()) : undefined;
  const text = columns
    ? `${[columns.pid, columns.program, columns.user, columns.memory, columns.cpu, columns.elapsed, columns.run, columns.command].join('\t')}\n`
    : (found.gpu ? [found.gpu] : snapshot.gpus).map((device) => gpuDetailsText(device, snapshot.processes, snapshot)).join('\n');
  await vscode.env.clipboard.writeText(text);
  return text;
}

export async function killGpuProcess(gpu: GpuFeature, node?: GpuTreeNode): Promise<boolean> {
  const process = node ? gpu.tree.lookup(node).process : undefined;
  if (!process) {
    void vscode.window.showInformationMessage('Tensorsight: select a process in the GPUs view to stop it.');
    return false;
  }
  const refusal = await killRefusal(process.pid);
  if (refusal) {
    void vscode.window.showErrorMessage(`Tensorsight: will not stop ${process.name}: ${refusal}.`);
    return false;
  }
  const answer = await vscode.window.showWarningMessage(
    `Stop process ${process.pid} (${process.name}), which holds ${gpuMemoryText(process.memoryMiB)} on GPU ${process.gpu}?`,
    { modal: true, detail: 'It receives SIGTERM and may lose unsaved work.' },
    'Stop process',
  );
  if (answer !== 'Stop process') return false;
  try {
    globalThis.process.kill(process.pid, 'SIGTERM');
    return true;
  } catch (error) {
    void vscode.window.showErrorMessage(`Tensorsight: could not stop ${process.pid}: ${killFailure(error)}.`);
    return false;
  }
}

export function openNvidiaSmiTerminal(): vscode.Terminal {
  const binary = nvidiaSmiSetting() ?? 'nvidia-smi';
  const terminal = vscode.window.createTerminal({ name: 'nvidia-smi' });
  terminal.show();
  terminal.sendText(binary.includes(' ') ? `"${binary}"` : binary);
  return terminal;
}
