// Wires the Model view: follows the active editor's model file, or the file chosen by *Show Model Summary*, and
// feeds its Fits section the GPU monitor's GPUs and the tensorsight.llm settings.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { gpuFreeMemory } from '../../core/llm/gpuFreeMemory';
import type { FitSettings, GpuList } from '../../core/llm/llmFitReport';
import type { GpuMonitor } from '../gpu/gpuMonitor';
import { initModelFiles, isFollowedModelUri, modelFileFilters } from './modelFiles';
import { loadModelOutline } from './modelOutlineClient';
import { ModelTreeProvider, type ModelTreeNode } from './modelTreeProvider';
import { bindModelView } from './modelViewProfile';


/** The Model feature's parts, for the commands and the tests. */
export interface ModelFeature {
  tree: ModelTreeProvider;
  view: vscode.TreeView<ModelTreeNode>;
  /** Reads `uri` in a worker and shows it; resolves when the view shows the result. */
  show(uri: vscode.Uri): Promise<void>;
}

/** Whether the Model view follows `uri` in the active editor (modelFiles.ts: not a .bin or .zip, which are mostly data). */
export function isModelFile(uri: vscode.Uri): boolean {
  return isFollowedModelUri(uri);
}

function activeTabUri(): vscode.Uri | undefined {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  if (input instanceof vscode.TabInputText || input instanceof vscode.TabInputCustom) return input.uri;
  return undefined;
}

/** The GPU monitor's answer as the Fits section's GPU list: its latest sample, or why there is none. */
export function gpuListOf(monitor: Pick<GpuMonitor, 'latest' | 'state'> | undefined): GpuList {
  if (!monitor) return { kind: 'pending', reason: 'the GPU monitor does not run in this window' };
  const { state, latest } = monitor;
  if (state.kind === 'unavailable') return { kind: 'unavailable', reason: state.reason };
  if (latest) return { kind: 'gpus', gpus: gpuFreeMemory(latest) };
  if (state.kind === 'stopped') return { kind: 'pending', reason: 'GPUs are sampled while the GPUs view is open or the GPU status bar item shows (tensorsight.gpu.statusBar)' };
  return { kind: 'pending', reason: 'waiting for the first GPU sample' };
}

/** Settings tensorsight.llm.contextLength and tensorsight.llm.batchSize; 0 or unset: the defaults. */
function fitSettings(): FitSettings {
  const config = vscode.workspace.getConfiguration('tensorsight.llm');
  return { context: config.get<number>('contextLength', 0), batch: config.get<number>('batchSize', 1) };
}

export function registerModel(context: vscode.ExtensionContext, gpu?: GpuMonitor): ModelFeature {
  initModelFiles(context);
  const tree = new ModelTreeProvider();
  tree.setFitSettings(fitSettings());
  tree.setGpus(gpuListOf(gpu));
  if (gpu) {
    const update = (): void => tree.setGpus(gpuListOf(gpu));
    context.subscriptions.push(gpu.onSnapshot(update), gpu.onState(update));
  }
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('tensorsight.llm')) tree.setFitSettings(fitSettings());
    }),
  );
  const view = vscode.window.createTreeView('tensorsight.model', { treeDataProvider: tree, showCollapseAll: true });
  let current: { file: string; cancel(): void } | undefined;

  const show = async (uri: vscode.Uri): Promise<void> => {
    const file = uri.fsPath;
    current?.cancel();
    tree.showLoading(file);
    view.message = undefined;
    const request = loadModelOutline(context.extensionPath, file);
    current = { file, cancel: request.cancel };
    const result = await request.result;
    if (current?.file !== file) return;
    if (result.ok) {
      tree.showOutline(result.outline);
      view.description = path.basename(file);
    } else if (result.error !== 'cancelled') {
      tree.showError(file, result.error);
      void vscode.window.showErrorMessage(`Tensorsight could not read the model: ${result.error}`);
    }
  };

  // Only while the view shows: a hidden view would parse every model opened a second time, beside the graph editor's
  // own parse (a 40k-node file opened in the graph waited for both on two cores); it catches up when shown.
  const followActiveTab = (): void => {
    const uri = activeTabUri();
    if (view.visible && uri && isModelFile(uri) && uri.fsPath !== current?.file) void show(uri);
  };

  context.subscriptions.push(tree, view, vscode.window.tabGroups.onDidChangeTabs(followActiveTab), view.onDidChangeVisibility(followActiveTab), { dispose: () => current?.cancel() });
  followActiveTab();
  const feature = { tree, view, show };
  bindModelView(feature);
  return feature;
}

/** *Show Model Summary*: the file given (Explorer menu), the active model file, or one picked in a dialog. */
export async function showModelSummary(model: ModelFeature, uri?: vscode.Uri): Promise<vscode.Uri | undefined> {
  let target = uri ?? (activeTabUri() && isModelFile(activeTabUri()!) ? activeTabUri() : undefined);
  if (!target) {
    const picked = await vscode.window.showOpenDialog({
      canSelectMany: false,
      openLabel: 'Show Summary',
      filters: modelFileFilters(),
    });
    target = picked?.[0];
  }
  if (!target) return undefined;
  await vscode.commands.executeCommand('tensorsight.model.focus');
  await model.show(target);
  return target;
}
