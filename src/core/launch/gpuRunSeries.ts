// A GPU snapshot as the run's series: per GPU utilization, memory, power and temperature, and the GPU memory
// held by the run's own processes (the script, its DataLoader workers, torchrun children), found by their
// process group or, for a child that left the group, by its parent chain back to the script.
import { type GpuSnapshot } from '../gpu/gpuSnapshot';
import { readProcStat, type ProcStat } from './processGroup';

/** One value of a GPU series. */
export interface GpuSeriesValue {
  tag: string;
  value: number;
}

/** Whether `pid` belongs to the run whose script leads process group `pgid`. */
export function belongsToRun(pid: number, pgid: number, stat: (pid: number) => ProcStat | undefined = readProcStat): boolean {
  let current = stat(pid);
  for (let depth = 0; current && depth < 64; depth++) {
    if (current.pid === pgid || current.pgrp === pgid) return true;
    if (current.ppid <= 1) return false;
    current = stat(current.ppid);
  }
  return false;
}

/** The series values of one snapshot; `gpu/run_memory_mib` only when the snapshot lists processes. */
export function gpuSeriesValues(snapshot: GpuSnapshot, pgid: number, stat?: (pid: number) => ProcStat | undefined): GpuSeriesValue[] {
  const values: GpuSeriesValue[] = [];
  for (const gpu of snapshot.gpus) {
    const add = (name: string, value: number | null) => {
      if (value !== null && Number.isFinite(value)) values.push({ tag: `gpu/${gpu.index}/${name}`, value });
    };
    add('utilization', gpu.utilization);
    add('memory_used_mib', gpu.memoryUsedMiB);
    add('power_w', gpu.powerW);
    add('temperature_c', gpu.temperatureC);
  }
  if (snapshot.gpus.length > 0) {
    let runMemory = 0;
    for (const process of snapshot.processes) {
      if (process.memoryMiB !== null && belongsToRun(process.pid, pgid, stat)) runMemory += process.memoryMiB;
    }
    values.push({ tag: 'gpu/run_memory_mib', value: runMemory });
  }
  return values;
}
