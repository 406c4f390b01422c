// The MIG layout of the GPUs in MIG mode: each instance's ids, memory and SMs, and the instance each process runs
// in, from `nvidia-smi -q -x` (the only output that lists them), with the profile names of `nvidia-smi -L`.
// `--query-compute-apps` names neither, so the sampler reads this at start and then now and then, on MIG machines only.
import { type GpuDevice, type GpuProcess, type MigDevice } from './gpuSnapshot';
import { parseGpuList } from './nvidiaSmiList';
import { runNvidiaSmi, type NvidiaSmiRunOptions } from './runNvidiaSmi';

/** Where a process runs on a partitioned GPU. */
export interface MigPlacement {
  gpuInstanceId: number | null;
  computeInstanceId: number | null;
}

/** MIG devices per GPU (keyed as GpuHistory keys GPUs) and the placement of each listed pid. */
export interface MigLayout {
  devices: Map<string, MigDevice[]>;
  placements: Map<number, MigPlacement>;
}

/** The key the sampler files a GPU's MIG devices under. */
export function migKey(gpu: Pick<GpuDevice, 'uuid' | 'index'>): string {
  return gpu.uuid ?? `index:${gpu.index}`;
}

/** True when some GPU has MIG on, so that a layout is worth reading. */
export function anyMig(gpus: readonly Pick<GpuDevice, 'migMode'>[]): boolean {
  return gpus.some((gpu) => gpu.migMode === 'Enabled');
}

/** Reads the layout; an empty one where nvidia-smi fails or answers malformed XML (it is extra detail, never fatal). */
export async function readMigLayout(options: NvidiaSmiRunOptions): Promise<MigLayout> {
  const layout: MigLayout = { devices: new Map(), placements: new Map() };
  const [xml, list] = await Promise.all([runNvidiaSmi(['-q', '-x'], options), runNvidiaSmi(['-L'], options)]);
  if (xml.error || xml.timedOut || xml.code !== 0) return layout;
  try {
    // Loaded here, on MIG machines only: the XML parser is not worth compiling at every activation (its own chunk).
    const { parseNvidiaSmiXml } = await import('./nvidiaSmiXml');
    const snapshot = parseNvidiaSmiXml(xml.stdout, 'nvidia-smi -q -x');
    const listed = !list.error && !list.timedOut && list.code === 0 ? parseGpuList(list.stdout) : [];
    for (const gpu of snapshot.gpus) {
      const names = listed.find((entry) => entry.uuid !== null && entry.uuid === gpu.uuid)?.migDevices ?? [];
      layout.devices.set(
        migKey(gpu),
        gpu.migDevices.map((mig) => {
          const named = names.find((entry) => entry.index === mig.index);
          return named ? { ...mig, profile: mig.profile ?? named.profile, uuid: mig.uuid ?? named.uuid } : mig;
        }),
      );
    }
    for (const process of snapshot.processes) {
      if (process.gpuInstanceId !== null) layout.placements.set(process.pid, { gpuInstanceId: process.gpuInstanceId, computeInstanceId: process.computeInstanceId });
    }
  } catch {
    // Malformed XML: no layout rather than a failed sample.
  }
  return layout;
}

/** Fills in the MIG instance of processes the compute-apps query listed without one (a pid names one process per host). */
export function placeProcesses(processes: readonly GpuProcess[], placements: ReadonlyMap<number, MigPlacement>): GpuProcess[] {
  if (placements.size === 0) return [...processes];
  return processes.map((process) => {
    const placement = placements.get(process.pid);
    if (!placement || process.gpuInstanceId !== null) return process;
    return { ...process, gpuInstanceId: placement.gpuInstanceId, computeInstanceId: placement.computeInstanceId };
  });
}
