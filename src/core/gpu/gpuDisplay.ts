// How a GPU snapshot reads to a person: the status-bar text, its severity and the tree rows (the tooltip is gpuTooltip.ts).
// Pure, so the host adapters stay thin and this is tested in plain Node.
import { MiB, formatBytesPair, formatMib } from '../display/quantities';
import { processColumns } from './gpuProcessDisplay';
import { type GpuDevice, type GpuProcess, type GpuSnapshot, type MigDevice } from './gpuSnapshot';
import { limitingThrottleReasons } from './throttleReasons';

/** Thresholds past which the status bar turns to warning colours (settings tensorsight.gpu.warn*). */
export interface GpuThresholds {
  warnTemperatureC: number;
  warnMemoryPercent: number;
}

export type GpuSeverity = 'normal' | 'warning' | 'error';

/** One metric line of a GPU in the tree: a stable id, a label, its value, and whether it needs attention. */
export interface GpuMetricRow {
  id: string;
  label: string;
  value: string;
  icon: string;
  attention?: boolean;
  /** A row the GPUs view keeps in its collapsed Details group, below the processes. */
  detail?: boolean;
}

const na = 'n/a';

/** Used/total memory in the display vocabulary's binary units (nvidia-smi counts MiB; 81559 MiB reads as 79.6 GiB). */
function memoryText(gpu: GpuDevice, separator = '/'): string {
  const bytes = (mib: number | null) => (mib === null ? null : mib * MiB);
  return formatBytesPair(bytes(gpu.memoryUsedMiB), bytes(gpu.memoryTotalMiB), separator);
}

/**
 * What a MIG device's source names, in order, for the CLI table and the GPUs view alike: the profile (`-L`), the
 * instance ids, memory and SMs (`-q -x`). What the source leaves out is left out, not printed as unknown.
 */
export function migFacts(mig: MigDevice): string[] {
  const facts = [
    mig.profile,
    mig.gpuInstanceId !== null ? `GI ${mig.gpuInstanceId}` : null,
    mig.computeInstanceId !== null ? `CI ${mig.computeInstanceId}` : null,
    mig.memoryUsedMiB !== null || mig.memoryTotalMiB !== null ? `${mig.memoryUsedMiB ?? na} / ${formatMib(mig.memoryTotalMiB)}` : null,
    mig.multiprocessorCount !== null ? `${mig.multiprocessorCount} SMs` : null,
  ];
  return facts.filter((fact): fact is string => fact !== null);
}

function withUnit(value: number | null, unit: string, digits = 0): string {
  return value === null ? na : `${value.toFixed(digits)}${unit}`;
}

export function memoryPercent(gpu: GpuDevice): number | null {
  if (gpu.memoryUsedMiB === null || gpu.memoryTotalMiB === null || gpu.memoryTotalMiB === 0) return null;
  return (100 * gpu.memoryUsedMiB) / gpu.memoryTotalMiB;
}

/** The GPU to show when there are several: highest utilization, then most memory in use. */
export function busiestGpu(gpus: readonly GpuDevice[]): GpuDevice | undefined {
  let best: GpuDevice | undefined;
  for (const gpu of gpus) {
    if (!best) best = gpu;
    else if ((gpu.utilization ?? -1) > (best.utilization ?? -1)) best = gpu;
    else if ((gpu.utilization ?? -1) === (best.utilization ?? -1) && (memoryPercent(gpu) ?? -1) > (memoryPercent(best) ?? -1)) best = gpu;
  }
  return best;
}

/** `87% · 31.2/79.6 GiB · 65°C`, leaving out what the GPU does not report. */
export function gpuBrief(gpu: GpuDevice): string {
  const parts: string[] = [];
  if (gpu.utilization !== null) parts.push(`${Math.round(gpu.utilization)}%`);
  if (gpu.memoryTotalMiB !== null) parts.push(memoryText(gpu));
  if (gpu.temperatureC !== null) parts.push(`${Math.round(gpu.temperatureC)}°C`);
  return parts.length > 0 ? parts.join(' · ') : na;
}

/** The status-bar text: the one GPU, or the busiest with the count of all. */
export function statusBarText(snapshot: GpuSnapshot): string {
  const busiest = busiestGpu(snapshot.gpus);
  if (!busiest) return '$(pulse) no GPU';
  if (snapshot.gpus.length === 1) return `$(pulse) ${gpuBrief(busiest)}`;
  return `$(pulse) GPU${busiest.index} ${gpuBrief(busiest)} (${snapshot.gpus.length} GPUs)`;
}

/** Warning past a threshold; error when well past it, or when the GPU is slowed by heat or power braking. */
export function gpuSeverity(gpu: GpuDevice, thresholds: GpuThresholds): GpuSeverity {
  const memory = memoryPercent(gpu);
  const hot = gpu.temperatureC !== null && gpu.temperatureC >= thresholds.warnTemperatureC;
  const veryHot = gpu.temperatureC !== null && gpu.temperatureC >= thresholds.warnTemperatureC + 10;
  const full = memory !== null && memory >= thresholds.warnMemoryPercent;
  const hardSlowdown = (gpu.throttleReasons ?? []).some((reason) => reason.startsWith('hw_'));
  if (veryHot || (memory !== null && memory >= 99) || hardSlowdown) return 'error';
  return hot || full ? 'warning' : 'normal';
}

/** The worst severity over every GPU. */
export function snapshotSeverity(snapshot: GpuSnapshot, thresholds: GpuThresholds): GpuSeverity {
  const order: GpuSeverity[] = ['normal', 'warning', 'error'];
  return snapshot.gpus.reduce<GpuSeverity>((worst, gpu) => {
    const severity = gpuSeverity(gpu, thresholds);
    return order.indexOf(severity) > order.indexOf(worst) ? severity : worst;
  }, 'normal');
}

/** The metric rows of one GPU, in the order nvitop shows them; ids stay the same between samples. */
export function gpuMetricRows(gpu: GpuDevice): GpuMetricRow[] {
  const memory = memoryPercent(gpu);
  const limiting = (gpu.throttleReasons ?? []).filter((reason) => limitingThrottleReasons.has(reason));
  const rows: GpuMetricRow[] = [
    { id: 'utilization', label: 'Utilization', icon: 'pulse', value: `${withUnit(gpu.utilization, '%')} GPU · ${withUnit(gpu.memoryUtilization, '%')} memory bus` },
    { id: 'memory', label: 'Memory', icon: 'database', value: `${memoryText(gpu, ' / ')}${memory === null ? '' : ` (${memory.toFixed(0)}%)`}` },
    { id: 'temperature', label: 'Temperature', icon: 'flame', value: `${withUnit(gpu.temperatureC, '°C')}${gpu.memoryTemperatureC === null ? '' : ` · memory ${gpu.memoryTemperatureC}°C`}` },
    { id: 'power', label: 'Power', icon: 'zap', value: `${withUnit(gpu.powerW, ' W', 1)} / ${withUnit(gpu.powerLimitW, ' W', 0)}` },
    { id: 'clocks', detail: true, label: 'Clocks', icon: 'dashboard', value: `SM ${withUnit(gpu.clocks.smMHz, '')}/${withUnit(gpu.clocks.maxSmMHz, ' MHz')} · memory ${withUnit(gpu.clocks.memMHz, '')}/${withUnit(gpu.clocks.maxMemMHz, ' MHz')}` },
    { id: 'fan', detail: true, label: 'Fan', icon: 'sync', value: withUnit(gpu.fanPercent, '%') },
    { id: 'pstate', detail: true, label: 'Performance state', icon: 'graph-line', value: gpu.pstate ?? na },
    {
      id: 'throttle',
      detail: true,
      label: 'Throttle reasons',
      icon: limiting.length > 0 ? 'warning' : 'check',
      value: gpu.throttleReasons === null ? na : gpu.throttleReasons.length === 0 ? 'none' : gpu.throttleReasons.join(', '),
      attention: limiting.length > 0,
    },
    { id: 'ecc', detail: true, label: 'ECC uncorrected (volatile)', icon: 'shield', value: gpu.eccUncorrectedVolatile === null ? na : String(gpu.eccUncorrectedVolatile), attention: (gpu.eccUncorrectedVolatile ?? 0) > 0 },
    { id: 'pcie', detail: true, label: 'PCIe link', icon: 'plug', value: gpu.pcieGen === null && gpu.pcieWidth === null ? na : `Gen ${gpu.pcieGen ?? '?'} x${gpu.pcieWidth ?? '?'}` },
  ];
  if (gpu.migMode !== null) rows.push({ id: 'mig', label: 'MIG mode', icon: 'split-horizontal', value: gpu.migMode, detail: true });
  return rows;
}

/** The processes on one GPU, largest memory first. */
export function processesOf(gpu: GpuDevice, processes: readonly GpuProcess[]): GpuProcess[] {
  return processes
    .filter((process) => process.gpu === gpu.index || (gpu.uuid !== null && process.gpuUuid === gpu.uuid))
    .sort((a, b) => (b.memoryMiB ?? 0) - (a.memoryMiB ?? 0));
}

const sparkBlocks = '▁▂▃▄▅▆▇█';

/** A one-line chart of recent values scaled to [min, max]; NaN (unreported) shows as a space. */
export function sparkline(values: ArrayLike<number>, min = 0, max = 100, width = 30): string {
  const start = Math.max(0, values.length - width);
  let line = '';
  for (let i = start; i < values.length; i++) {
    const value = values[i];
    if (Number.isNaN(value)) {
      line += ' ';
      continue;
    }
    const t = max > min ? (Math.min(max, Math.max(min, value)) - min) / (max - min) : 0;
    line += sparkBlocks[Math.min(sparkBlocks.length - 1, Math.floor(t * sparkBlocks.length))];
  }
  return line;
}

/** Plain-text details of one GPU and its processes, for *Copy details*. */
export function gpuDetailsText(gpu: GpuDevice, processes: readonly GpuProcess[], snapshot: Pick<GpuSnapshot, 'driverVersion' | 'cudaVersion'>, now = Date.now()): string {
  const lines = [`GPU ${gpu.index}: ${gpu.name ?? 'unknown'}`, `  UUID: ${gpu.uuid ?? na}`, `  Bus: ${gpu.busId ?? na}`];
  if (snapshot.driverVersion) lines.push(`  Driver: ${snapshot.driverVersion}${snapshot.cudaVersion ? ` (CUDA ${snapshot.cudaVersion})` : ''}`);
  for (const row of gpuMetricRows(gpu)) lines.push(`  ${row.label}: ${row.value}`);
  const mine = processesOf(gpu, processes);
  lines.push(`  Processes: ${mine.length}`);
  for (const process of mine) {
    const c = processColumns(process, now);
    lines.push(`    ${[c.pid, c.program, c.user, c.memory, `CPU ${c.cpu}`, c.elapsed, c.run, c.command].filter((part) => part !== '').join('  ')}`);
  }
  return `${lines.join('\n')}\n`;
}
