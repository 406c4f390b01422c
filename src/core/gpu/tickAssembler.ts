// Groups streamed `--query-gpu` rows into sampling ticks. nvidia-smi writes one row per GPU per tick, in
// index order, so an index that does not increase starts a new cycle. A tick is emitted as soon as every
// known GPU has reported (no waiting for the next tick). Each cycle redefines the known set: a GPU that fell
// off the bus shrinks it, and a new one grows it (the tail row that revealed it is dropped, being part of
// a tick already emitted).
import { type GpuDevice } from './gpuSnapshot';

/** Collects rows; `push` returns the ticks it completed (usually none or one). */
export class TickAssembler {
  private known: Set<number>;
  private pending: GpuDevice[] = [];
  private pendingStartsCycle = true;
  private cycle: number[] = [];
  private lastIndex: number | undefined;

  /** `indices`: the GPUs the availability check saw. */
  constructor(indices: Iterable<number>) {
    this.known = new Set(indices);
  }

  push(gpu: GpuDevice): GpuDevice[][] {
    const ticks: GpuDevice[][] = [];
    if (this.lastIndex !== undefined && gpu.index <= this.lastIndex) {
      this.known = new Set(this.cycle);
      this.cycle = [];
      if (this.pending.length > 0 && this.pendingStartsCycle) ticks.push(this.pending);
      this.pending = [];
    }
    this.lastIndex = gpu.index;
    if (this.pending.length === 0) this.pendingStartsCycle = this.cycle.length === 0;
    this.cycle.push(gpu.index);
    this.pending.push(gpu);
    if (this.pendingStartsCycle && this.isComplete()) {
      ticks.push(this.pending);
      this.pending = [];
    }
    return ticks;
  }

  /** Drops a partly filled tick (the process died mid-tick); the next row starts a fresh cycle. */
  reset(): void {
    this.pending = [];
    this.cycle = [];
    this.lastIndex = undefined;
    this.pendingStartsCycle = true;
  }

  private isComplete(): boolean {
    if (this.pending.length < this.known.size) return false;
    for (const index of this.known) if (!this.pending.some((gpu) => gpu.index === index)) return false;
    return true;
  }
}
