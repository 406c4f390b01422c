// Which MIG instance each process of a partitioned GPU runs in, as nvidia-smi's process table shows it (GI and CI
// columns): `-q -x` tags each process with its instance ids, and a process listed by MIG UUID names its instance.
import { formatBytesPair, MiB } from '../display/quantities';
import { processesOf } from './gpuDisplay';
import { type GpuDevice, type GpuProcess, type MigDevice } from './gpuSnapshot';

/** One MIG instance and the processes in it. */
export interface MigGroup {
  mig: MigDevice;
  processes: GpuProcess[];
}

/** The processes of `gpu` by MIG instance, largest memory first; `rest` holds those no instance claims. */
export function groupByMig(gpu: GpuDevice, processes: readonly GpuProcess[]): { instances: MigGroup[]; rest: GpuProcess[] } {
  const mine = processesOf(gpu, processes);
  const claimed = new Set<GpuProcess>();
  const instances = gpu.migDevices.map((mig) => {
    const inside = mine.filter((process) => !claimed.has(process) && runsIn(process, mig));
    for (const process of inside) claimed.add(process);
    return { mig, processes: inside };
  });
  return { instances, rest: mine.filter((process) => !claimed.has(process)) };
}

function runsIn(process: GpuProcess, mig: MigDevice): boolean {
  if (process.gpuUuid !== null && mig.uuid !== null && process.gpuUuid === mig.uuid) return true;
  if (process.gpuInstanceId === null || process.gpuInstanceId !== mig.gpuInstanceId) return false;
  return process.computeInstanceId === null || mig.computeInstanceId === null || process.computeInstanceId === mig.computeInstanceId;
}

/** The tree row of a MIG instance: `MIG 1 · 3g.40gb` and `GI 2 · CI 0 · 11.7/39.5 GiB · 42 SMs`, leaving out what the source does not name. */
export function migRow(mig: MigDevice): { label: string; description: string } {
  const memory =
    mig.memoryUsedMiB !== null || mig.memoryTotalMiB !== null
      ? formatBytesPair(mig.memoryUsedMiB === null ? null : mig.memoryUsedMiB * MiB, mig.memoryTotalMiB === null ? null : mig.memoryTotalMiB * MiB)
      : null;
  const facts = [
    mig.gpuInstanceId !== null ? `GI ${mig.gpuInstanceId}` : null,
    mig.computeInstanceId !== null ? `CI ${mig.computeInstanceId}` : null,
    memory,
    mig.multiprocessorCount !== null ? `${mig.multiprocessorCount} SMs` : null,
  ].filter((fact): fact is string => fact !== null);
  return { label: `MIG ${mig.index}${mig.profile ? ` · ${mig.profile}` : ''}`, description: facts.join(' · ') };
}
