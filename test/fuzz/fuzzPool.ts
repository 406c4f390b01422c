// Runs fuzz cases on a few long-lived workers, each case under a watchdog: past the limit the worker is
// terminated and replaced, and the case counts as a timeout. A worker whose HDF5 library aborted is replaced
// too, since its memory can no longer be trusted.
import { Worker } from 'node:worker_threads';
import { parseTimeoutMessage } from '../../src/core/parse/parseWatchdog';
import type { FuzzReply, FuzzRequest } from './fuzzWorker';

/** How one case ended, seen from outside the worker. */
export interface FuzzOutcome {
  outcome: FuzzReply['outcome'] | 'timeout';
  detail: string;
  ms: number;
}

interface Slot {
  worker?: Worker;
  ready?: Promise<Worker>;
}

export class FuzzPool {
  private readonly slots: Slot[];
  private readonly waiting: ((slot: Slot) => void)[] = [];
  private readonly idle: Slot[];
  private nextId = 0;

  constructor(
    private readonly script: string,
    size: number,
    private readonly timeoutMs: number,
  ) {
    this.slots = Array.from({ length: size }, () => ({}));
    this.idle = [...this.slots];
  }

  /** Runs `reader` on `path` on the next free worker. */
  async run(reader: string, path: string): Promise<FuzzOutcome> {
    const slot = await this.acquire();
    try {
      return await this.runOn(slot, { id: this.nextId++, reader, path });
    } finally {
      this.release(slot);
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.slots.map((slot) => this.replace(slot)));
  }

  private async runOn(slot: Slot, request: FuzzRequest): Promise<FuzzOutcome> {
    const worker = await this.start(slot);
    const start = performance.now();
    return new Promise<FuzzOutcome>((resolve) => {
      const finish = (outcome: FuzzOutcome['outcome'], detail: string, replace: boolean) => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        const done = () => resolve({ outcome, detail, ms: performance.now() - start });
        if (replace) void this.replace(slot).then(done);
        else done();
      };
      const onMessage = (reply: FuzzReply) => {
        if (reply.id === request.id) finish(reply.outcome, reply.detail, reply.stopped);
      };
      const onError = (error: Error) => finish('crash', `worker error: ${error.stack ?? error.message}`, true);
      const onExit = (code: number) => finish('crash', `worker exited with code ${code}`, true);
      const timer = setTimeout(() => finish('timeout', parseTimeoutMessage(request.path, this.timeoutMs), true), this.timeoutMs);
      worker.on('message', onMessage);
      worker.once('error', onError);
      worker.once('exit', onExit);
      worker.postMessage(request);
    });
  }

  /** The slot's worker, started and past its imports (startup is not counted in a case's limit). */
  private start(slot: Slot): Promise<Worker> {
    slot.ready ??= new Promise<Worker>((resolve, reject) => {
      const worker = new Worker(this.script, { stdout: true, stderr: true });
      worker.stdout.resume();
      worker.stderr.resume();
      slot.worker = worker;
      worker.once('message', () => resolve(worker));
      worker.once('error', reject);
    });
    return slot.ready;
  }

  private async replace(slot: Slot): Promise<void> {
    const worker = slot.worker;
    slot.worker = undefined;
    slot.ready = undefined;
    await worker?.terminate();
  }

  private acquire(): Promise<Slot> {
    const slot = this.idle.pop();
    return slot ? Promise.resolve(slot) : new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(slot: Slot): void {
    const next = this.waiting.shift();
    if (next) next(slot);
    else this.idle.push(slot);
  }
}
