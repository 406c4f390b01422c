// Owns the one GPU sampler of this window, its history, and the rule that it runs only while observed:
// a visible GPUs view, or the status-bar item in a window that has had focus recently.
import * as vscode from 'vscode';
import { GpuHistory } from '../../core/gpu/gpuHistory';
import { type GpuSampler, type GpuSamplerState } from '../../core/gpu/gpuSampler';
import { type GpuSnapshot } from '../../core/gpu/gpuSnapshot';
import { NvidiaSmiSampler } from '../../core/gpu/nvidiaSmiSampler';
import { type Disposable } from '../../core/gpu/listeners';
import { nvidiaSmiSetting } from './nvidiaSmiSetting';

/** How long an unfocused window keeps sampling for its status bar before it stops. */
const unfocusedGraceMs = 5 * 60_000;

/** Why the sampler is held; sampling runs while any reason holds. */
export type ObservationReason = 'view' | 'statusBar';

/** The GPU monitor shared by the status bar, the GPUs view and the GPU commands. */
export class GpuMonitor implements vscode.Disposable {
  readonly history = new GpuHistory();
  private sampler: GpuSampler;
  private readonly holds = new Map<ObservationReason, Disposable>();
  private readonly wanted = new Set<ObservationReason>();
  private readonly snapshotEmitter = new vscode.EventEmitter<GpuSnapshot>();
  private readonly stateEmitter = new vscode.EventEmitter<GpuSamplerState>();
  private samplerListeners: Disposable[] = [];
  private unfocusedTimer: NodeJS.Timeout | undefined;
  private pendingApply: NodeJS.Immediate | undefined;
  private windowFocused = vscode.window.state.focused;
  private readonly disposables: vscode.Disposable[] = [];

  readonly onSnapshot = this.snapshotEmitter.event;
  readonly onState = this.stateEmitter.event;

  constructor() {
    this.sampler = this.createSampler();
    this.disposables.push(
      vscode.window.onDidChangeWindowState((state) => this.onFocusChange(state.focused)),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('tensorsight.gpu.interval') || event.affectsConfiguration('tensorsight.gpu.nvidiaSmiPath')) this.restartSampler();
      }),
    );
  }

  get state(): GpuSamplerState {
    return this.sampler.state;
  }

  get latest(): GpuSnapshot | undefined {
    return this.sampler.latest;
  }

  /** The running nvidia-smi processes, for diagnostics and tests. */
  get samplerProcessIds(): number[] {
    return this.sampler instanceof NvidiaSmiSampler ? this.sampler.processIds() : [];
  }

  /** Marks one reason to sample as present or gone; takes effect on the next tick, so activation never waits on a spawn. */
  observe(reason: ObservationReason, present: boolean): void {
    if (present) this.wanted.add(reason);
    else this.wanted.delete(reason);
    if (this.pendingApply) return;
    this.pendingApply = setImmediate(() => {
      this.pendingApply = undefined;
      this.applyHolds();
    });
  }

  /** Checks availability again (after a driver install, say) and resumes sampling if observed. */
  async refresh(): Promise<GpuSamplerState> {
    return this.sampler.refresh();
  }

  dispose(): void {
    clearTimeout(this.unfocusedTimer);
    if (this.pendingApply) clearImmediate(this.pendingApply);
    for (const hold of this.holds.values()) hold.dispose();
    this.holds.clear();
    for (const listener of this.samplerListeners) listener.dispose();
    this.sampler.dispose();
    this.snapshotEmitter.dispose();
    this.stateEmitter.dispose();
    for (const disposable of this.disposables) disposable.dispose();
  }

  private createSampler(): GpuSampler {
    const config = vscode.workspace.getConfiguration('tensorsight.gpu');
    const sampler = new NvidiaSmiSampler({
      intervalMs: Math.max(200, config.get<number>('interval', 1000)),
      binary: nvidiaSmiSetting() ?? 'nvidia-smi',
    });
    this.samplerListeners = [
      sampler.onSnapshot((snapshot) => {
        this.history.record(snapshot);
        this.snapshotEmitter.fire(snapshot);
      }),
      sampler.onState((state) => this.stateEmitter.fire(state)),
    ];
    return sampler;
  }

  private restartSampler(): void {
    for (const hold of this.holds.values()) hold.dispose();
    this.holds.clear();
    for (const listener of this.samplerListeners) listener.dispose();
    this.sampler.dispose();
    this.history.clear();
    this.sampler = this.createSampler();
    this.applyHolds();
  }

  private onFocusChange(focused: boolean): void {
    this.windowFocused = focused;
    clearTimeout(this.unfocusedTimer);
    this.unfocusedTimer = undefined;
    if (focused) this.applyHolds();
    else this.unfocusedTimer = setTimeout(() => this.applyHolds(), unfocusedGraceMs);
  }

  private applyHolds(): void {
    const unfocusedLong = !this.windowFocused && this.unfocusedTimer === undefined;
    for (const reason of ['view', 'statusBar'] as const) {
      const active = this.wanted.has(reason) && !(reason === 'statusBar' && unfocusedLong);
      const hold = this.holds.get(reason);
      if (active && !hold) this.holds.set(reason, this.sampler.acquire());
      if (!active && hold) {
        hold.dispose();
        this.holds.delete(reason);
      }
    }
  }
}
