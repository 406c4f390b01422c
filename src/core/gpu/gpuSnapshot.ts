// The one snapshot shape every GPU source produces: saved nvidia-smi XML and CSV files, the streaming
// sampler, and later rocm-smi or NVML. It is plain JSON, and it is what `tensorsight gpu --json` prints.
// A value the device does not report ([N/A], [Not Supported], ...) is null, never 0.

/** One MIG instance listed under its parent GPU (from `nvidia-smi -q -x`). */
export interface MigDevice {
  index: number;
  /** The profile name, e.g. `3g.20gb`, where the source names it (`nvidia-smi -L`); null in XML. */
  profile: string | null;
  gpuInstanceId: number | null;
  computeInstanceId: number | null;
  /** Some drivers leave the MIG UUID out of the XML; `nvidia-smi -L` has it. */
  uuid: string | null;
  memoryUsedMiB: number | null;
  memoryTotalMiB: number | null;
  multiprocessorCount: number | null;
}

/** One physical GPU at one moment. */
export interface GpuDevice {
  /** nvidia-smi's index (enumeration order); the position in the document for XML. */
  index: number;
  name: string | null;
  uuid: string | null;
  busId: string | null;
  /** Percent of time a kernel ran during the last sample period. */
  utilization: number | null;
  /** Percent of time device memory was read or written. */
  memoryUtilization: number | null;
  memoryUsedMiB: number | null;
  memoryTotalMiB: number | null;
  temperatureC: number | null;
  /** HBM temperature; only data-centre boards report it. */
  memoryTemperatureC: number | null;
  powerW: number | null;
  powerLimitW: number | null;
  clocks: { smMHz: number | null; memMHz: number | null; maxSmMHz: number | null; maxMemMHz: number | null };
  fanPercent: number | null;
  pstate: string | null;
  /** Active clock throttle (event) reasons by name, e.g. `sw_power_cap`; [] when none, null when unreported. */
  throttleReasons: string[] | null;
  eccUncorrectedVolatile: number | null;
  pcieGen: number | null;
  pcieWidth: number | null;
  /** `Enabled`, `Disabled`, or null where the board cannot partition. */
  migMode: string | null;
  migDevices: MigDevice[];
}

/** A process holding memory on a GPU. */
export interface GpuProcess {
  /** The GPU's index; null only where the source lists no GPUs to match the UUID against (a lone compute-apps CSV). */
  gpu: number | null;
  /** The GPU's UUID as nvidia-smi reported it, beside the index. */
  gpuUuid: string | null;
  pid: number;
  name: string;
  memoryMiB: number | null;
  /** `C` compute, `G` graphics, `C+G`; null where the source does not say (compute-apps lists compute only). */
  type: string | null;
  /** MIG instance the process runs in, when the GPU is partitioned. */
  gpuInstanceId: number | null;
  computeInstanceId: number | null;
  /**
   * What this machine's /proc says of the process, added by the live sampler on Linux; absent for saved files and
   * for a pid that is not a local process of that name (a replayed fixture, another PID namespace).
   */
  local?: LocalProcessInfo;
}

/** A GPU process as the local system sees it; a field is null where the system does not let us read it. */
export interface LocalProcessInfo {
  /** The command line, arguments joined by spaces. */
  command: string | null;
  /** The executable's path (/proc/<pid>/exe); null for another user's process. */
  executable: string | null;
  user: string | null;
  /** Milliseconds since the epoch. */
  startedAt: number | null;
  /** Percent of one core between the last two process samples; null on the first. */
  cpuPercent: number | null;
  /** The Tensorsight run folder (TENSORSIGHT_RUN_DIR in its environment); null when not launched by Tensorsight. */
  runDir: string | null;
}

/** Everything one source reported at one moment. */
export interface GpuSnapshot {
  /** Which reader made it: `nvidia-smi` (live), `nvidia-smi-xml` or `nvidia-smi-csv` (saved files). */
  source: string;
  /** The source's clock as it read (ISO 8601), with its UTC offset where known (nvidiaSmiTime.ts); null when absent. */
  time: string | null;
  /** Milliseconds since the epoch; null where the time's offset is unknown (saved XML and CSV) or there is no time. */
  timestamp: number | null;
  driverVersion: string | null;
  cudaVersion: string | null;
  gpus: GpuDevice[];
  processes: GpuProcess[];
}

/** A GPU with every metric unreported; readers fill in what they find. */
export function emptyGpuDevice(index: number): GpuDevice {
  return {
    index,
    name: null,
    uuid: null,
    busId: null,
    utilization: null,
    memoryUtilization: null,
    memoryUsedMiB: null,
    memoryTotalMiB: null,
    temperatureC: null,
    memoryTemperatureC: null,
    powerW: null,
    powerLimitW: null,
    clocks: { smMHz: null, memMHz: null, maxSmMHz: null, maxMemMHz: null },
    fanPercent: null,
    pstate: null,
    throttleReasons: null,
    eccUncorrectedVolatile: null,
    pcieGen: null,
    pcieWidth: null,
    migMode: null,
    migDevices: [],
  };
}

/** Points each process at its GPU's index where its UUID matches one of `gpus` or of their MIG devices. */
export function resolveProcessGpus(processes: GpuProcess[], gpus: readonly GpuDevice[]): GpuProcess[] {
  const byUuid = new Map<string, number>();
  for (const gpu of gpus) {
    if (gpu.uuid !== null) byUuid.set(gpu.uuid, gpu.index);
    for (const mig of gpu.migDevices) if (mig.uuid !== null) byUuid.set(mig.uuid, gpu.index);
  }
  return processes.map((process) => {
    const index = process.gpuUuid !== null ? byUuid.get(process.gpuUuid) : undefined;
    return index === undefined ? process : { ...process, gpu: index };
  });
}
