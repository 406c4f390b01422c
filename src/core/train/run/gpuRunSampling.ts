// GPU series of a trainer run, as the Python launcher records them (core/launch/gpuRunSeries.ts): nvidia-smi
// sampled while training, gpu/<i>/utilization, memory, power and temperature plus gpu/run_memory_mib (memory
// held by this process and its children) in the run's event file, and the GPUs with the driver in run.json.
// No nvidia-smi (or no NVIDIA GPU): no series and no error.
import { NvidiaSmiSampler } from '../../gpu/nvidiaSmiSampler';
import { gpuSeriesValues } from '../../launch/gpuRunSeries';
import type { RunRecord } from '../../launch/runRecord';

export interface GpuRunSamplingOptions {
  /** The nvidia-smi to run (default: `nvidia-smi` on PATH); null: no sampling. */
  nvidiaSmi?: string | null;
  /** Sampling period (default 1000 ms). */
  intervalMs?: number;
  /** Process (per-process GPU memory) sampling period (default 3 periods, at least 2 s). */
  processIntervalMs?: number;
}

/** Where samples go: a scalar at the current step and wall time, and run.json once the GPUs are known. */
export interface GpuRunSink {
  addValue(tag: string, value: number, wallTime: number): void;
  describeGpus(gpus: RunRecord['gpus'], driverVersion: string | null): void;
}

/** Starts sampling; the returned stop() ends it (and drops samples that arrive later). */
export function startGpuRunSampling(options: GpuRunSamplingOptions, sink: GpuRunSink): { stop(): Promise<void> } {
  if (options.nvidiaSmi === null) return { stop: async () => {} };
  const sampler = new NvidiaSmiSampler({ binary: options.nvidiaSmi ?? 'nvidia-smi', intervalMs: options.intervalMs ?? 1000, processIntervalMs: options.processIntervalMs });
  let over = false;
  let described = false;
  sampler.onSnapshot((snapshot) => {
    if (over) return;
    if (!described && snapshot.gpus.length > 0) {
      described = true;
      sink.describeGpus(snapshot.gpus.map((gpu) => ({ index: gpu.index, name: gpu.name, uuid: gpu.uuid })), snapshot.driverVersion);
    }
    const wallTime = (snapshot.timestamp ?? Date.now()) / 1000;
    // The trainer is not a process-group leader: its own pid matches itself, and its children by their parent chain.
    for (const { tag, value } of gpuSeriesValues(snapshot, process.pid)) sink.addValue(tag, value, wallTime);
  });
  sampler.start();
  return {
    stop: async () => {
      over = true;
      await sampler.stop();
    },
  };
}
