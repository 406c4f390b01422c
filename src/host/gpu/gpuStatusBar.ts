// The status-bar item: the busiest GPU at a glance, warning colours past the thresholds, a table per GPU
// in the tooltip, and `no GPU` with the reason when there is none to watch.
import * as vscode from 'vscode';
import { snapshotSeverity, statusBarText, tooltipMarkdown, memoryPercent, type GpuThresholds } from '../../core/gpu/gpuDisplay';
import { type GpuSamplerState } from '../../core/gpu/gpuSampler';
import { GpuHistory } from '../../core/gpu/gpuHistory';
import { type GpuSnapshot } from '../../core/gpu/gpuSnapshot';
import { type GpuMonitor } from './gpuMonitor';

export function gpuThresholds(): GpuThresholds {
  const config = vscode.workspace.getConfiguration('tensorsight.gpu');
  return { warnTemperatureC: config.get<number>('warnTemperature', 80), warnMemoryPercent: config.get<number>('warnMemoryPercent', 90) };
}

/** The one GPU item in the status bar. */
export class GpuStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('tensorsight.gpu', vscode.StatusBarAlignment.Right, 100);
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly monitor: GpuMonitor) {
    this.item.name = 'Tensorsight GPU';
    this.item.command = 'tensorsight.gpus.focus';
    this.item.text = '$(pulse) GPU…';
    this.item.tooltip = 'Tensorsight is checking for GPUs';
    this.disposables.push(
      monitor.onSnapshot((snapshot) => this.showSnapshot(snapshot)),
      monitor.onState((state) => this.showState(state)),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('tensorsight.gpu')) this.applyVisibility();
      }),
    );
    this.applyVisibility();
  }

  /** The text shown now (tests read it through the extension API). */
  get text(): string {
    return this.item.text;
  }

  dispose(): void {
    this.monitor.observe('statusBar', false);
    this.item.dispose();
    for (const disposable of this.disposables) disposable.dispose();
  }

  private applyVisibility(): void {
    const enabled = vscode.workspace.getConfiguration('tensorsight.gpu').get<boolean>('statusBar', true);
    this.monitor.observe('statusBar', enabled);
    if (enabled) this.item.show();
    else this.item.hide();
  }

  private showState(state: GpuSamplerState): void {
    if (state.kind !== 'unavailable') return;
    this.item.text = '$(pulse) no GPU';
    this.item.tooltip = new vscode.MarkdownString(`**No GPU to monitor**\n\n${state.reason}\n\nRun *Tensorsight: Refresh GPUs* after installing a driver.`);
    this.item.backgroundColor = undefined;
  }

  private showSnapshot(snapshot: GpuSnapshot): void {
    this.item.text = statusBarText(snapshot);
    const tooltip = new vscode.MarkdownString(tooltipMarkdown(snapshot, (gpu) => this.recent(gpu)));
    tooltip.supportThemeIcons = true;
    this.item.tooltip = tooltip;
    const severity = snapshotSeverity(snapshot, gpuThresholds());
    this.item.backgroundColor =
      severity === 'error' ? new vscode.ThemeColor('statusBarItem.errorBackground') : severity === 'warning' ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
  }

  private recent(gpu: Parameters<typeof memoryPercent>[0]): { utilization?: Float64Array; memoryPercent?: Float64Array } {
    const key = GpuHistory.keyOf(gpu);
    const utilization = this.monitor.history.series(key, 'utilization')?.values;
    const used = this.monitor.history.series(key, 'memoryUsedMiB')?.values;
    const total = gpu.memoryTotalMiB;
    return { utilization, memoryPercent: used && total ? used.map((value) => (100 * value) / total) : undefined };
  }
}
