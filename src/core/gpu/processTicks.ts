// Groups streamed `--query-compute-apps` rows into ticks. All rows of one query share its timestamp, so a
// new timestamp closes the tick; a short quiet period closes the last one. With no compute process
// nvidia-smi prints nothing at all, so when rows stop coming for two intervals the list becomes empty.
import { type GpuProcess } from './gpuSnapshot';

/** Turns rows into whole process lists, calling `onTick` with each. */
export class ProcessTicks {
  private pending: GpuProcess[] = [];
  private pendingStamp: string | undefined;
  private quietTimer: NodeJS.Timeout | undefined;
  private expiryTimer: NodeJS.Timeout | undefined;
  private lastRowAt = 0;
  private waitingForFirstRow = true;

  constructor(
    private readonly onTick: (processes: GpuProcess[]) => void,
    private readonly quietMs: number,
    private readonly expireMs: number,
    startupGraceMs = 5000,
  ) {
    // Armed from the start: a fresh stream that never prints a row means no process is left. nvidia-smi
    // may take seconds to initialize NVML (no persistence mode), so its first tick gets extra time.
    this.lastRowAt = Date.now() + startupGraceMs;
    this.expiryTimer = setTimeout(() => this.expire(), expireMs + startupGraceMs);
  }

  push(stamp: string, process: GpuProcess): void {
    if (this.pending.length > 0 && stamp !== this.pendingStamp) this.flush();
    this.pending.push(process);
    this.pendingStamp = stamp;
    this.quietTimer ??= setTimeout(() => this.flush(), this.quietMs);
    // One expiry timer, pushed back lazily: re-arming a timer per row would cost more than the row.
    this.lastRowAt = Date.now();
    if (this.waitingForFirstRow) {
      // The stream is up: from now on, silence is measured from the last row without the startup grace.
      this.waitingForFirstRow = false;
      clearTimeout(this.expiryTimer);
      this.expiryTimer = undefined;
    }
    this.expiryTimer ??= setTimeout(() => this.expire(), this.expireMs);
  }

  dispose(): void {
    if (this.quietTimer) clearTimeout(this.quietTimer);
    if (this.expiryTimer) clearTimeout(this.expiryTimer);
    this.quietTimer = this.expiryTimer = undefined;
    this.pending = [];
  }

  private flush(): void {
    if (this.quietTimer) clearTimeout(this.quietTimer);
    this.quietTimer = undefined;
    if (this.pending.length === 0) return;
    const tick = this.pending;
    this.pending = [];
    this.onTick(tick);
  }

  private expire(): void {
    const silentMs = Date.now() - this.lastRowAt;
    if (silentMs < this.expireMs) {
      this.expiryTimer = setTimeout(() => this.expire(), this.expireMs - silentMs);
      return;
    }
    this.expiryTimer = undefined;
    this.flush();
    this.onTick([]);
  }
}

