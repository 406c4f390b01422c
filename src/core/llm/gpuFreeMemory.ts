// The GPUs a model could be loaded on, with their free memory, from a GPU snapshot (the monitor's latest, or
// one nvidia-smi sample): free is total less used, as nvidia-smi reports them. A GPU in MIG mode is not one
// allocation: each of its instances is listed instead, with its own memory.
import type { GpuSnapshot } from '../gpu/gpuSnapshot';
import type { GpuFreeMemory } from './llmFit';

/** The GPUs of `snapshot` (and MIG instances) whose memory is reported, in the snapshot's order. */
export function gpuFreeMemory(snapshot: GpuSnapshot): GpuFreeMemory[] {
  const rows: GpuFreeMemory[] = [];
  for (const gpu of snapshot.gpus) {
    const name = gpu.name ?? `GPU ${gpu.index}`;
    const instances = gpu.migMode === 'Enabled' ? gpu.migDevices.filter((mig) => mig.memoryTotalMiB !== null && mig.memoryUsedMiB !== null) : [];
    if (instances.length > 0) {
      for (const mig of instances) rows.push({ index: gpu.index, name: `${name} MIG ${mig.index}${mig.profile ? ` (${mig.profile})` : ''}`, memoryFreeMiB: mig.memoryTotalMiB! - mig.memoryUsedMiB! });
      continue;
    }
    if (gpu.memoryTotalMiB === null || gpu.memoryUsedMiB === null) continue;
    rows.push({ index: gpu.index, name, memoryFreeMiB: gpu.memoryTotalMiB - gpu.memoryUsedMiB });
  }
  return rows;
}
