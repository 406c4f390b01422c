// The sweep queue: runs waiting their turn, shown in the Runs view until they start, cancellable. Sequential
// sweeps start the next run when the one before it ends; parallel sweeps keep one run on each free GPU, pinned
// with CUDA_VISIBLE_DEVICES. A run's end is read from run.json (RunRecords), which also covers a launcher that died.
import * as vscode from 'vscode';
import type { LaunchedRun } from '../runs/runRecords';
import type { LaunchRequest } from './launchTerminal';

/** A run waiting in a sweep. */
export interface QueuedRun {
  /** Unique in the queue (the tree row's id). */
  readonly key: string;
  readonly request: LaunchRequest;
  readonly sweep: { id: string; index: number; count: number };
  readonly mode: 'sequential' | 'parallel';
}

/** What the queue needs from the rest of the extension. */
export interface SweepRunner {
  /** Starts a run; resolves to its folder once the launcher made it, and whether it has already ended. */
  start(request: LaunchRequest): Promise<{ dir: string; ended: boolean }>;
  /** Reports a run that could not start. */
  failed(entry: QueuedRun, error: unknown): void;
}

export class SweepQueue implements vscode.Disposable {
  private readonly waiting: QueuedRun[] = [];
  /** Runs of this queue now running: run folder -> the GPU it holds (undefined for sequential). */
  private readonly running = new Map<string, number | undefined>();
  /** Starts under way (the launcher has not made the folder yet), with the GPU each holds. */
  private starting: (number | undefined)[] = [];
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.emitter.event;
  private queued = 0;
  /** GPU indexes with no process on them now (set by Run Sweep from the GPU monitor's latest sample). */
  freeGpus: () => number[] = () => [];

  constructor(private readonly runner: SweepRunner) {}

  items(): readonly QueuedRun[] {
    return this.waiting;
  }

  item(key: string): QueuedRun | undefined {
    return this.waiting.find((entry) => entry.key === key);
  }

  /** Queues a sweep's runs and starts what may start now. */
  enqueue(sweepId: string, requests: readonly LaunchRequest[], mode: 'sequential' | 'parallel'): void {
    requests.forEach((request, index) => {
      const sweep = { id: sweepId, index, count: requests.length };
      this.waiting.push({ key: `queued:${sweepId}:${++this.queued}`, request: { ...request, sweep }, sweep, mode });
    });
    this.emitter.fire();
    this.pump();
  }

  /** Removes waiting runs: one (by key), or all of a sweep (by `sweep:<id>`), or everything (no argument). */
  cancel(key?: string): number {
    const before = this.waiting.length;
    const keep = this.waiting.filter((entry) => key !== undefined && entry.key !== key && `sweep:${entry.sweep.id}` !== key);
    this.waiting.splice(0, this.waiting.length, ...keep);
    if (this.waiting.length !== before) this.emitter.fire();
    return before - this.waiting.length;
  }

  /** Called with runs that ended (RunRecords): frees their slot and starts the next. */
  ended(runs: readonly LaunchedRun[]): void {
    let freed = false;
    for (const run of runs) freed = this.running.delete(run.dir) || freed;
    if (freed) this.pump();
  }

  private pump(): void {
    while (this.waiting.length > 0) {
      const next = this.waiting[0];
      let gpu: number | undefined;
      if (next.mode === 'sequential') {
        if (this.running.size > 0 || this.starting.length > 0) return;
      } else {
        const held = new Set([...this.running.values(), ...this.starting]);
        gpu = this.freeGpus().find((index) => !held.has(index));
        if (gpu === undefined) {
          // No GPU free: a parallel sweep degrades to one run at a time rather than waiting forever.
          if (this.running.size > 0 || this.starting.length > 0) return;
        }
      }
      this.waiting.shift();
      this.emitter.fire();
      const request = gpu === undefined ? next.request : { ...next.request, env: { ...next.request.env, CUDA_VISIBLE_DEVICES: String(gpu) } };
      this.starting.push(gpu);
      const release = () => {
        const at = this.starting.indexOf(gpu);
        if (at >= 0) this.starting.splice(at, 1);
      };
      this.runner.start(request).then(
        ({ dir, ended }) => {
          release();
          // A run that ended before it was tracked sends no `ended` call: its slot is free at once.
          if (ended) this.pump();
          else this.running.set(dir, gpu);
        },
        (error: unknown) => {
          release();
          this.runner.failed(next, error);
          this.pump();
        },
      );
    }
  }

  dispose(): void {
    this.waiting.length = 0;
    this.emitter.dispose();
  }
}
