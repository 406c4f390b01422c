// Recent history per GPU and metric, for sparklines and for logging GPU metrics beside training metrics.
// Each GPU (keyed by UUID, else index) has one ring of sample times and one ring per metric, all the same
// length, so series line up column by column.
import { type GpuDevice, type GpuSnapshot } from './gpuSnapshot';
import { RingBuffer } from './ringBuffer';

/** The metrics kept, each read from a GpuDevice. */
export const gpuHistoryMetrics = {
  utilization: (gpu: GpuDevice) => gpu.utilization,
  memoryUtilization: (gpu: GpuDevice) => gpu.memoryUtilization,
  memoryUsedMiB: (gpu: GpuDevice) => gpu.memoryUsedMiB,
  temperatureC: (gpu: GpuDevice) => gpu.temperatureC,
  powerW: (gpu: GpuDevice) => gpu.powerW,
  smMHz: (gpu: GpuDevice) => gpu.clocks.smMHz,
  fanPercent: (gpu: GpuDevice) => gpu.fanPercent,
} as const;

/** A metric name the history keeps. */
export type GpuHistoryMetric = keyof typeof gpuHistoryMetrics;

const metricNames = Object.keys(gpuHistoryMetrics) as GpuHistoryMetric[];

/** One metric of one GPU over time: times (ms since the epoch) and values, NaN where unreported. */
export interface GpuSeries {
  times: Float64Array;
  values: Float64Array;
}

interface GpuRings {
  times: RingBuffer;
  metrics: Record<GpuHistoryMetric, RingBuffer>;
}

/** Ring buffers per GPU per metric; 600 samples is 10 minutes at the default 1 Hz. */
export class GpuHistory {
  private readonly gpus = new Map<string, GpuRings>();

  constructor(readonly capacity = 600) {}

  /** The key a GPU's history is stored under. */
  static keyOf(gpu: GpuDevice): string {
    return gpu.uuid ?? `index:${gpu.index}`;
  }

  /** Appends one sample per GPU of `snapshot`, stamped with its time (or `now` when it has none). */
  record(snapshot: GpuSnapshot, now = Date.now()): void {
    const time = snapshot.timestamp ?? now;
    for (const gpu of snapshot.gpus) {
      const rings = this.ringsFor(GpuHistory.keyOf(gpu));
      rings.times.push(time);
      for (const metric of metricNames) rings.metrics[metric].push(gpuHistoryMetrics[metric](gpu));
    }
  }

  /** Keys of the GPUs seen so far. */
  keys(): string[] {
    return [...this.gpus.keys()];
  }

  /** Number of samples kept for a GPU. */
  length(key: string): number {
    return this.gpus.get(key)?.times.length ?? 0;
  }

  /** A copy of one metric's series, or undefined for a GPU never seen. */
  series(key: string, metric: GpuHistoryMetric): GpuSeries | undefined {
    const rings = this.gpus.get(key);
    return rings ? { times: rings.times.toArray(), values: rings.metrics[metric].toArray() } : undefined;
  }

  clear(): void {
    this.gpus.clear();
  }

  private ringsFor(key: string): GpuRings {
    let rings = this.gpus.get(key);
    if (!rings) {
      const metrics = Object.fromEntries(metricNames.map((metric) => [metric, new RingBuffer(this.capacity)])) as Record<GpuHistoryMetric, RingBuffer>;
      rings = { times: new RingBuffer(this.capacity), metrics };
      this.gpus.set(key, rings);
    }
    return rings;
  }
}
