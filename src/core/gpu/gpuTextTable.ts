// A compact plain-text view of a snapshot, in the manner of gpustat and nvitop: one line per GPU, then the
// processes. Used by `tensorsight gpu` and by *Copy details*. Unreported values print as `n/a`.
import { migFacts } from './gpuDisplay';
import { type GpuDevice, type GpuSnapshot } from './gpuSnapshot';

const na = 'n/a';

function num(value: number | null, digits = 0, unit = ''): string {
  return value === null ? na : `${value.toFixed(digits)}${unit}`;
}

function memory(gpu: GpuDevice): string {
  if (gpu.memoryUsedMiB === null && gpu.memoryTotalMiB === null) return na;
  return `${num(gpu.memoryUsedMiB)} / ${num(gpu.memoryTotalMiB)} MiB`;
}

function power(gpu: GpuDevice): string {
  if (gpu.powerW === null && gpu.powerLimitW === null) return na;
  return gpu.powerLimitW === null ? `${num(gpu.powerW)} W` : `${num(gpu.powerW)} / ${gpu.powerLimitW.toFixed(0)} W`;
}

function throttle(gpu: GpuDevice): string {
  if (gpu.throttleReasons === null) return na;
  return gpu.throttleReasons.length === 0 ? '-' : gpu.throttleReasons.join(',');
}

/** Lays out rows under a header, each column as wide as its widest cell; `right` columns align right. */
function table(header: string[], rows: string[][], right: ReadonlySet<number>): string[] {
  const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((row) => row[column].length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => (right.has(column) ? cell.padStart(widths[column]) : cell.padEnd(widths[column])))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)];
}

/** The snapshot as text lines ending in a newline. */
export function formatGpuTable(snapshot: GpuSnapshot): string {
  const out: string[] = [];
  // The time as the source wrote it: without an offset it is the writer's local clock, never shifted to ours.
  const time = snapshot.time === null ? null : snapshot.timestamp === null ? `${snapshot.time} (local time of the source, UTC offset not recorded)` : snapshot.time;
  const facts = [snapshot.driverVersion && `driver ${snapshot.driverVersion}`, snapshot.cudaVersion && `CUDA ${snapshot.cudaVersion}`, time].filter(Boolean);
  if (facts.length > 0) out.push(facts.join('  '));
  if (snapshot.gpus.length === 0) out.push('no GPUs in this report');
  else {
    const rows = snapshot.gpus.map((gpu) => [
      String(gpu.index),
      gpu.name ?? na,
      num(gpu.utilization, 0, '%'),
      memory(gpu),
      num(gpu.temperatureC, 0, '°C'),
      power(gpu),
      num(gpu.clocks.smMHz, 0, ' MHz'),
      num(gpu.fanPercent, 0, '%'),
      gpu.pstate ?? na,
      throttle(gpu),
    ]);
    out.push(...table(['GPU', 'Name', 'Util', 'Memory', 'Temp', 'Power', 'SM clock', 'Fan', 'Perf', 'Throttle'], rows, new Set([0, 2, 3, 4, 5, 6, 7])));
    for (const gpu of snapshot.gpus) {
      for (const mig of gpu.migDevices) out.push(`  ${[`MIG ${gpu.index}.${mig.index}`, ...migFacts(mig)].join('  ')}`);
    }
  }
  if (snapshot.processes.length > 0) {
    out.push('');
    const rows = snapshot.processes.map((process) => [String(process.pid), process.gpu !== null ? String(process.gpu) : (process.gpuUuid ?? na), process.type ?? '', num(process.memoryMiB, 0, ' MiB'), process.name]);
    out.push(...table(['PID', 'GPU', 'Type', 'Memory', 'Process'], rows, new Set([0, 1, 3])));
  }
  return `${out.join('\n')}\n`;
}
