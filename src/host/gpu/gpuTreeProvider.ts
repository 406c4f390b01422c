// The GPUs view: a GPU per root item; under it the main metrics, its MIG instances with their processes, its
// processes (expanded, program first, as nvitop lists them) and a collapsed Details group with the other metrics.
// Each sample refreshes only the items whose text changed; the tree is rebuilt only when GPUs or processes come or go.
import * as vscode from 'vscode';
import { gpuBrief, gpuMetricRows, sparkline } from '../../core/gpu/gpuDisplay';
import { processRow } from '../../core/gpu/gpuProcessDisplay';
import { groupByMig, migRow } from '../../core/gpu/migGroups';
import { GpuHistory } from '../../core/gpu/gpuHistory';
import { type GpuSamplerState } from '../../core/gpu/gpuSampler';
import { type GpuDevice, type GpuProcess, type GpuSnapshot } from '../../core/gpu/gpuSnapshot';
import { type GpuMonitor } from './gpuMonitor';

/** An element of the GPUs view; the same object stands for the same item across samples. */
export type GpuTreeNode =
  | { kind: 'message'; id: string }
  | { kind: 'gpu'; id: string; gpuKey: string }
  | { kind: 'metric'; id: string; gpuKey: string; rowId: string }
  | { kind: 'details'; id: string; gpuKey: string }
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
    const process = node.kind === 'process' && gpu ? snapshot.processes.find((p) => p.pid === node.pid && (p.gpu === gpu.index || (gpu.uuid !== null && p.gpuUuid === gpu.uuid))) : undefined;
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
    if (!gpu || !snapshot || parent.kind === 'message') return [];
    const gpuId = `gpu:${parent.gpuKey}`;
    const metric = (detail: boolean) =>
      gpuMetricRows(gpu)
        .filter((row) => (row.detail ?? false) === detail)
        .map((row) => this.node({ kind: 'metric', id: `${gpuId}/${row.id}`, gpuKey: parent.gpuKey, rowId: row.id }));
    const processNodes = (under: string, pids: number[]) => pids.map((pid) => this.node({ kind: 'process', id: `${under}/${pid}`, gpuKey: parent.gpuKey, pid }));
    const { instances, rest } = groupByMig(gpu, snapshot.processes);
    switch (parent.kind) {
      case 'gpu': {
        const mig = instances.map(({ mig: device }) => this.node({ kind: 'mig', id: `${gpuId}/mig/${device.index}`, gpuKey: parent.gpuKey, migIndex: device.index }));
        // On a partitioned GPU the instances hold the processes; the group stays for any no instance claims.
        const processes = instances.length === 0 || rest.length > 0 ? [this.node({ kind: 'processes', id: `${gpuId}/processes`, gpuKey: parent.gpuKey })] : [];
        return [...metric(false), ...mig, ...processes, this.node({ kind: 'details', id: `${gpuId}/details`, gpuKey: parent.gpuKey })];
      }
      case 'details':
        return metric(true);
      case 'processes':
        return processNodes(parent.id, rest.map((process) => process.pid));
      case 'mig':
        return processNodes(parent.id, instances.find((group) => group.mig.index === parent.migIndex)?.processes.map((process) => process.pid) ?? []);
      default:
        return [];
    }
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
    if (node.kind === 'gpu' || ((node.kind === 'processes' || node.kind === 'mig') && this.getChildren(node).length > 0)) {
      item.collapsibleState = vscode.TreeItemCollapsibleState.Expanded;
    }
    if (node.kind === 'details') item.collapsibleState = vscode.TreeItemCollapsibleState.Collapsed;
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
      return { label: 'No GPU to monitor', description: reason, tooltip: `${reason}\nClick to check again (after installing a driver, say).`, icon: 'info' };
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
      case 'details': {
        const attention = gpuMetricRows(gpu).filter((row) => row.detail && row.attention);
        return {
          label: 'Details',
          description: attention.length > 0 ? attention.map((row) => `${row.label}: ${row.value}`).join(' · ') : 'clocks, fan, P-state, throttling, ECC, PCIe',
          icon: attention.length > 0 ? 'warning' : 'list-unordered',
          attention: attention.length > 0,
        };
      }
      case 'mig': {
        const device = gpu.migDevices.find((candidate) => candidate.index === node.migIndex);
        const row = device ? migRow(device) : { label: `MIG ${node.migIndex}`, description: '' };
        const count = this.getChildren(node).length;
        return {
          label: row.label,
          description: `${row.description}${row.description ? ' · ' : ''}${count === 0 ? 'no processes' : count === 1 ? '1 process' : `${count} processes`}`,
          tooltip: device?.uuid ?? undefined,
          icon: 'split-horizontal',
        };
      }
      case 'processes': {
        const count = this.getChildren(node).length;
        return { label: 'Processes', description: count === 0 ? 'none' : String(count), icon: 'server-process' };
      }
      case 'process': {
        if (!process) return { label: `pid ${node.pid}`, description: 'gone', icon: 'terminal' };
        const row = processRow(process, Date.now());
        return { ...row, icon: process.local?.runDir ? 'beaker' : 'terminal' };
      }
    }
  }

  private historyTooltip(gpu: GpuDevice): string {
    const utilization = this.monitor.history.series(GpuHistory.keyOf(gpu), 'utilization')?.values;
    return `${gpu.name ?? 'GPU'} (${gpu.uuid ?? `index ${gpu.index}`})${utilization && utilization.length > 1 ? `\nUtilization ${sparkline(utilization)}` : ''}`;
  }

  private update(snapshot: GpuSnapshot): void {
    this.snapshot = snapshot;
    const pids = (processes: readonly GpuProcess[]) => processes.map((p) => p.pid).join(',');
    const structure = snapshot.gpus
      .map((gpu) => {
        const { instances, rest } = groupByMig(gpu, snapshot.processes);
        return `${GpuHistory.keyOf(gpu)}:${instances.map((group) => `${group.mig.index}=${pids(group.processes)}`).join(';')}:${pids(rest)}`;
      })
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
