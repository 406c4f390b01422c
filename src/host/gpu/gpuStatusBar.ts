// The status-bar item: the busiest GPU at a glance, warning colours past the thresholds, a table per GPU
// in the tooltip. Where there is no GPU to watch it says `no GPU` with the reason once (remembered across
// windows in global state), hides itself after a while, and stays hidden unless tensorsight.gpu.statusBarWithoutGpu.
import * as vscode from 'vscode';
import { snapshotSeverity, statusBarText, memoryPercent, type GpuThresholds } from '../../core/gpu/gpuDisplay';
import { tooltipMarkdown } from '../../core/gpu/gpuTooltip';
import { type GpuSamplerState } from '../../core/gpu/gpuSampler';
import { GpuHistory } from '../../core/gpu/gpuHistory';
import { type GpuSnapshot } from '../../core/gpu/gpuSnapshot';
import { type GpuMonitor } from './gpuMonitor';

export function gpuThresholds(): GpuThresholds {
  const config = vscode.workspace.getConfiguration('tensorsight.gpu');
  return { warnTemperatureC: config.get<number>('warnTemperature', 80), warnMemoryPercent: config.get<number>('warnMemoryPercent', 90) };
}

/** Global-state key: the user has been told once that this machine has no GPU to monitor. */
const toldNoGpuKey = 'tensorsight.gpu.toldNoGpu';
/** How long the first `no GPU` stays in the status bar before the item hides itself. */
const noGpuNoticeMs = 60_000;

/** Where the item stands on a machine without a GPU: shown once, hidden since, or kept by the setting. */
export type NoGpuNotice = 'showing' | 'hidden' | 'kept';

/** The one GPU item in the status bar. */
export class GpuStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('tensorsight.gpu', vscode.StatusBarAlignment.Right, 100);
  private readonly disposables: vscode.Disposable[] = [];
  private unavailable = false;
  private notice: NoGpuNotice | undefined;
  private noticeTimer: NodeJS.Timeout | undefined;
  private shown = false;

  constructor(
    private readonly monitor: GpuMonitor,
    private readonly globalState: vscode.Memento,
  ) {
    this.item.name = 'Tensorsight GPU';
    this.item.command = 'tensorsight.gpus.focus';
    this.item.text = '$(pulse) GPU…';
    this.item.tooltip = 'Tensorsight is checking for GPUs';
    // Told before that this machine has no GPU: stay hidden while checking, until a sample says otherwise.
    this.unavailable = globalState.get<boolean>(toldNoGpuKey, false);
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

  /** Whether the item is in the status bar now. */
  get visible(): boolean {
    return this.shown;
  }

  /** How the item treats a machine without a GPU; undefined while there is one (or none was found yet). */
  get noGpuNotice(): NoGpuNotice | undefined {
    return this.unavailable ? this.notice : undefined;
  }

  dispose(): void {
    clearTimeout(this.noticeTimer);
    this.monitor.observe('statusBar', false);
    this.item.dispose();
    for (const disposable of this.disposables) disposable.dispose();
  }

  private applyVisibility(): void {
    const config = vscode.workspace.getConfiguration('tensorsight.gpu');
    const enabled = config.get<boolean>('statusBar', true);
    this.monitor.observe('statusBar', enabled);
    if (this.unavailable) this.notice = config.get<boolean>('statusBarWithoutGpu', false) ? 'kept' : this.noticeTimer ? 'showing' : 'hidden';
    const show = enabled && (!this.unavailable || this.notice !== 'hidden');
    if (show) this.item.show();
    else this.item.hide();
    this.shown = show;
  }

  private showState(state: GpuSamplerState): void {
    if (state.kind !== 'unavailable') return;
    this.unavailable = true;
    this.item.text = '$(pulse) no GPU';
    this.item.tooltip = new vscode.MarkdownString(
      `**No GPU to monitor**\n\n${state.reason}\n\nRun *Tensorsight: Refresh GPUs* after installing a driver. ` +
        'This item hides itself after telling you once; the setting *tensorsight.gpu.statusBarWithoutGpu* keeps it.',
    );
    this.item.backgroundColor = undefined;
    if (!this.globalState.get<boolean>(toldNoGpuKey, false)) {
      void this.globalState.update(toldNoGpuKey, true);
      clearTimeout(this.noticeTimer);
      this.noticeTimer = setTimeout(() => {
        this.noticeTimer = undefined;
        this.applyVisibility();
      }, noGpuNoticeMs);
    }
    this.applyVisibility();
  }

  private showSnapshot(snapshot: GpuSnapshot): void {
    if (this.unavailable) {
      // A GPU appeared (a driver installed, then Refresh GPUs): the item is back whatever it said before.
      this.unavailable = false;
      clearTimeout(this.noticeTimer);
      this.noticeTimer = undefined;
      this.applyVisibility();
    }
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
