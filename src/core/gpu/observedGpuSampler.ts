// What every GPU sampler shares: events, state, counters, and running only while observed. A concrete
// source implements start, stop and refresh.
import { type GpuSampler, type GpuSamplerState, type GpuSamplerStats } from './gpuSampler';
import { type GpuSnapshot } from './gpuSnapshot';
import { Listeners, type Disposable } from './listeners';

/** Base of the samplers: acquire() counts observers and stops sampling when the last one releases. */
export abstract class ObservedGpuSampler implements GpuSampler {
  abstract readonly source: string;
  private readonly snapshots = new Listeners<GpuSnapshot>();
  private readonly states = new Listeners<GpuSamplerState>();
  private current: GpuSamplerState = { kind: 'stopped' };
  private observers = 0;
  private newest: GpuSnapshot | undefined;
  readonly onSnapshot = this.snapshots.event;
  readonly onState = this.states.event;
  readonly stats: GpuSamplerStats = { snapshots: 0, malformedLines: 0, lastMalformedLine: undefined, restarts: 0 };

  get state(): GpuSamplerState {
    return this.current;
  }

  get latest(): GpuSnapshot | undefined {
    return this.newest;
  }

  /** How many acquire() handles are held. */
  get observerCount(): number {
    return this.observers;
  }

  abstract start(): void;
  abstract stop(): Promise<void>;
  abstract refresh(): Promise<GpuSamplerState>;

  acquire(): Disposable {
    this.observers++;
    if (this.observers === 1) this.start();
    let released = false;
    return {
      dispose: () => {
        if (released) return;
        released = true;
        this.observers--;
        if (this.observers === 0) void this.stop();
      },
    };
  }

  dispose(): void {
    this.observers = 0;
    void this.stop().finally(() => {
      this.snapshots.clear();
      this.states.clear();
    });
  }

  protected setState(state: GpuSamplerState): void {
    this.current = state;
    this.states.fire(state);
  }

  protected emitSnapshot(snapshot: GpuSnapshot): void {
    this.newest = snapshot;
    this.stats.snapshots++;
    this.snapshots.fire(snapshot);
  }

  protected countMalformed(line: string): void {
    this.stats.malformedLines++;
    this.stats.lastMalformedLine = line.length > 200 ? `${line.slice(0, 200)}...` : line;
  }
}
