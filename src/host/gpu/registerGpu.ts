// Wires the GPU monitor: the sampler owner, the status bar, the GPUs view (with its message) and its context key.
import * as vscode from 'vscode';
import { GpuMonitor } from './gpuMonitor';
import { GpuStatusBar } from './gpuStatusBar';
import { GpuTreeProvider, type GpuTreeNode } from './gpuTreeProvider';

/** The GPU feature's parts, which the GPU commands act on. */
export interface GpuFeature {
  monitor: GpuMonitor;
  tree: GpuTreeProvider;
  statusBar: GpuStatusBar;
  view: vscode.TreeView<GpuTreeNode>;
}

export function registerGpu(context: vscode.ExtensionContext): GpuFeature {
  const monitor = new GpuMonitor();
  const tree = new GpuTreeProvider(monitor);
  const view = vscode.window.createTreeView('tensorsight.gpus', { treeDataProvider: tree, showCollapseAll: true });
  const statusBar = new GpuStatusBar(monitor, context.globalState);
  monitor.observe('view', view.visible);
  context.subscriptions.push(
    monitor,
    tree,
    view,
    statusBar,
    view.onDidChangeVisibility((event) => monitor.observe('view', event.visible)),
    monitor.onState((state) => {
      if (state.kind === 'running') void vscode.commands.executeCommand('setContext', 'tensorsight:hasGpu', state.gpuCount > 0);
      if (state.kind === 'unavailable') void vscode.commands.executeCommand('setContext', 'tensorsight:hasGpu', false);
      // Above the tree, where the user looks for the GPU list: why there is none.
      if (state.kind === 'unavailable') view.message = `No NVIDIA GPU to monitor: ${state.reason}`;
      else if (state.kind === 'running') view.message = undefined;
    }),
  );
  return { monitor, tree, statusBar, view };
}
