// The status-bar tooltip in Markdown: per GPU a table of its metrics, then its MIG instances and processes, one
// table row per process (a hover renders no HTML, so rows never share a cell).
import { gpuMetricRows, sparkline } from './gpuDisplay';
import { markdownCell, processesMarkdown } from './gpuProcessDisplay';
import { type GpuDevice, type GpuSnapshot } from './gpuSnapshot';
import { groupByMig, migRow } from './migGroups';

/** Recent values of one GPU, for the sparklines. */
export type GpuRecent = (gpu: GpuDevice) => { utilization?: Float64Array; memoryPercent?: Float64Array };

/** The Markdown tooltip; `now` (ms since the epoch) dates the processes' running times. */
export function tooltipMarkdown(snapshot: GpuSnapshot, history?: GpuRecent, now = Date.now()): string {
  const parts: string[] = [];
  for (const gpu of snapshot.gpus) {
    parts.push(`**GPU ${gpu.index} · ${markdownCell(gpu.name ?? 'unknown')}**`, '', '| | |', '|:--|:--|');
    for (const row of gpuMetricRows(gpu)) parts.push(`| ${row.label} | ${row.attention ? '⚠ ' : ''}${markdownCell(row.value)} |`);
    const recent = history?.(gpu);
    if (recent?.utilization && recent.utilization.length > 1) parts.push(`| Utilization, recent | \`${sparkline(recent.utilization)}\` |`);
    if (recent?.memoryPercent && recent.memoryPercent.length > 1) parts.push(`| Memory, recent | \`${sparkline(recent.memoryPercent)}\` |`);
    parts.push('');
    const { instances, rest } = groupByMig(gpu, snapshot.processes);
    for (const { mig, processes } of instances) {
      const row = migRow(mig);
      parts.push(`**${markdownCell(row.label)}** ${markdownCell(row.description)}`, '', ...processesMarkdown(processes, now), '');
    }
    if (instances.length === 0 || rest.length > 0) parts.push(`**Processes on GPU ${gpu.index}**`, '', ...processesMarkdown(rest, now), '');
  }
  if (snapshot.driverVersion) parts.push(`Driver ${snapshot.driverVersion}${snapshot.cudaVersion ? ` · CUDA ${snapshot.cudaVersion}` : ''}`);
  return parts.join('\n');
}
