// The GPUs view: a GPU per root item, its metrics and processes as children. Each sample refreshes only the
// items whose text changed; the tree is rebuilt only when GPUs or processes come or go.
import * as vscode from 'vscode';
import { formatMib } from '../../core/display/quantities';
import { gpuBrief, gpuMetricRows, migFacts, processesOf, sparkline } from '../../core/gpu/gpuDisplay';
import { GpuHistory } from '../../core/gpu/gpuHistory';
import { type GpuSamplerState } from '../../core/gpu/gpuSampler';
import { type GpuDevice, type GpuProcess, type GpuSnapshot } from '../../core/gpu/gpuSnapshot';
import { type GpuMonitor } from './gpuMonitor';

/** An element of the GPUs view; the same object stands for the same item across samples. */
export type GpuTreeNode =
  | { kind: 'message'; id: string }
  | { kind: 'gpu'; id: string; gpuKey: string }
  | { kind: 'metric'; id: string; gpuKey: string; rowId: string }
  | { kind: 'processes'; id: string; gpuKey: string }
  | { kind: 'mig'; id: string; gpuKey: string; migIndex: number }
  | { kind: 'process'; id: string; gpuKey: string; pid: number };

export class GpuTreeProvider implements vscode.TreeDataProvider<GpuTreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<GpuTreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly nodes = new Map<string, GpuTreeNode>();
  /** What each item showed last time, to refresh only the ones that changed. */
  private readonly rendered = new Map<string, string>();
  private structure = '';
  private snapshot: GpuSnapshot | undefined;
  private state: GpuSamplerState;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly monitor: GpuMonitor) {
    this.state = monitor.state;
    this.snapshot = monitor.latest;
    this.disposables.push(
      monitor.onSnapshot((snapshot) => this.update(snapshot)),
      monitor.onState((state) => {
        this.state = state;
        if (state.kind === 'unavailable' || !this.snapshot) this.changed.fire(undefined);
      }),
    );
  }

  /** The GPU and process behind an item, for the item commands. */
  lookup(node: GpuTreeNode): { gpu?: GpuDevice; process?: GpuProcess; snapshot?: GpuSnapshot } {
    const snapshot = this.snapshot;
    if (!snapshot || node.kind === 'message') return {};
    const gpu = snapshot.gpus.find((candidate) => GpuHistory.keyOf(candidate) === node.gpuKey);
    const process = node.kind === 'process' && gpu ? processesOf(gpu, snapshot.processes).find((p) => p.pid === node.pid) : undefined;
    return { gpu, process, snapshot };
  }

  getChildren(parent?: GpuTreeNode): GpuTreeNode[] {
    const snapshot = this.snapshot;
    if (!parent) {
      if (this.state.kind === 'unavailable') return [this.node({ kind: 'message', id: 'message:unavailable' })];
      if (!snapshot) return [];
      return snapshot.gpus.map((gpu) => this.node({ kind: 'gpu', id: `gpu:${GpuHistory.keyOf(gpu)}`, gpuKey: GpuHistory.keyOf(gpu) }));
    }
    const { gpu } = this.lookup(parent);
    if (!gpu || !snapshot) return [];
    if (parent.kind === 'gpu') {
      const metrics = gpuMetricRows(gpu).map((row) => this.node({ kind: 'metric', id: `${parent.id}/${row.id}`, gpuKey: parent.gpuKey, rowId: row.id }));
      const mig = gpu.migDevices.map((device) => this.node({ kind: 'mig', id: `${parent.id}/mig/${device.index}`, gpuKey: parent.gpuKey, migIndex: device.index }));
      return [...metrics, ...mig, this.node({ kind: 'processes', id: `${parent.id}/processes`, gpuKey: parent.gpuKey })];
    }
    if (parent.kind === 'processes') {
      return processesOf(gpu, snapshot.processes).map((process) =>
        this.node({ kind: 'process', id: `${parent.id}/${process.pid}`, gpuKey: parent.gpuKey, pid: process.pid }),
      );
    }
    return [];
  }

  getTreeItem(node: GpuTreeNode): vscode.TreeItem {
    const item = new vscode.TreeItem('', vscode.TreeItemCollapsibleState.None);
    item.id = node.id;
    const view = this.describe(node);
    item.label = view.label;
    item.description = view.description;
    item.tooltip = view.tooltip;
    item.iconPath = new vscode.ThemeIcon(view.icon, view.attention ? new vscode.ThemeColor('problemsWarningIcon.foreground') : undefined);
    item.contextValue = node.kind === 'gpu' ? 'gpu' : node.kind === 'process' ? 'gpuProcess' : node.kind;
    if (node.kind === 'gpu') item.collapsibleState = vscode.TreeItemCollapsibleState.Expanded;
    if (node.kind === 'processes') item.collapsibleState = vscode.TreeItemCollapsibleState.Collapsed;
    if (node.kind === 'message') item.command = { command: 'tensorsight.gpu.refresh', title: 'Refresh GPUs' };
    return item;
  }

  dispose(): void {
    this.changed.dispose();
    for (const disposable of this.disposables) disposable.dispose();
  }

  private node<T extends GpuTreeNode>(fresh: T): T {
    const existing = this.nodes.get(fresh.id);
    if (existing) return existing as T;
    this.nodes.set(fresh.id, fresh);
    return fresh;
  }

  private describe(node: GpuTreeNode): { label: string; description?: string; tooltip?: string; icon: string; attention?: boolean } {
    if (node.kind === 'message') {
      const reason = this.state.kind === 'unavailable' ? this.state.reason : 'No GPU reported yet';
      return { label: 'No GPU to monitor', description: reason, tooltip: `${reason}\nClick to check again.`, icon: 'info' };
    }
    const { gpu, process, snapshot } = this.lookup(node);
    if (!gpu || !snapshot) return { label: 'GPU gone', icon: 'circle-slash' };
    switch (node.kind) {
      case 'gpu':
        return { label: `GPU ${gpu.index} · ${gpu.name ?? 'unknown'}`, description: gpuBrief(gpu), tooltip: this.historyTooltip(gpu), icon: 'circuit-board' };
      case 'metric': {
        const row = gpuMetricRows(gpu).find((candidate) => candidate.id === node.rowId);
        return { label: row?.label ?? node.rowId, description: row?.value, icon: row?.icon ?? 'dash', attention: row?.attention };
      }
      case 'mig': {
        const device = gpu.migDevices.find((candidate) => candidate.index === node.migIndex);
        return {
          label: `MIG ${node.migIndex}`,
          description: device ? migFacts(device).join(' · ') : undefined,
          tooltip: device?.uuid ?? undefined,
          icon: 'split-horizontal',
        };
      }
      case 'processes':
        return { label: 'Processes', description: String(processesOf(gpu, snapshot.processes).length), icon: 'server-process' };
      case 'process':
        return {
          label: `${process?.pid ?? node.pid}  ${process?.name ?? ''}`,
          description: formatMib(process?.memoryMiB ?? null),
          tooltip: process ? `pid ${process.pid}\n${process.name}\n${formatMib(process.memoryMiB)} on GPU ${gpu.index}${process.type ? `\ntype ${process.type}` : ''}` : undefined,
          icon: 'terminal',
        };
    }
  }

  private historyTooltip(gpu: GpuDevice): string {
    const utilization = this.monitor.history.series(GpuHistory.keyOf(gpu), 'utilization')?.values;
    return `${gpu.name ?? 'GPU'} (${gpu.uuid ?? `index ${gpu.index}`})${utilization && utilization.length > 1 ? `\nUtilization ${sparkline(utilization)}` : ''}`;
  }

  private update(snapshot: GpuSnapshot): void {
    this.snapshot = snapshot;
    const structure = snapshot.gpus
      .map((gpu) => `${GpuHistory.keyOf(gpu)}:${gpu.migDevices.map((device) => device.index).join(',')}:${processesOf(gpu, snapshot.processes).map((p) => p.pid).join(',')}`)
      .join('|');
    if (structure !== this.structure) {
      this.structure = structure;
      this.rendered.clear();
      this.nodes.clear();
      this.changed.fire(undefined);
      return;
    }
    for (const node of this.nodes.values()) {
      const view = this.describe(node);
      const text = `${view.label}\u0000${view.description ?? ''}\u0000${view.attention ?? ''}`;
      if (this.rendered.get(node.id) !== text) {
        this.rendered.set(node.id, text);
        this.changed.fire(node);
      }
    }
  }
}
