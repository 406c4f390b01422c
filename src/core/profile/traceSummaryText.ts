// The readable form of `tensorsight trace`: the file's facts, the step breakdown, the busiest operators and kernels,
// GPU utilization and idle time; and of `--diff`, the two traces' tables side by side.
import { formatMicros, formatDeltaMicros, formatPercent } from '../display/durations';
import { formatBytes, formatExactCount } from '../display/quantities';
import { stepCategories, type TraceDiff, type TraceSummary } from './traceSummary';

const TOP = 15;
const NAME_WIDTH = 60;

function table(rows: string[][]): string[] {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  return rows.map((row) => `  ${row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  ')}`.trimEnd());
}

/** Long kernel names (templated C++) cut to fit a terminal. */
function shortName(name: string): string {
  return name.length > NAME_WIDTH ? `${name.slice(0, NAME_WIDTH - 1)}…` : name;
}

export function formatTraceText(summary: TraceSummary): string {
  const lines = [
    `${summary.file}`,
    `  ${summary.dialect} trace, ${formatBytes(summary.fileBytes)}, ${formatExactCount(summary.events)} events, span ${formatMicros(summary.spanUs)}`,
  ];
  const steps = summary.steps;
  if (steps.length > 0) {
    const total = steps.reduce((sum, step) => sum + step.durUs, 0);
    lines.push('', `Steps: ${steps.length}, mean ${formatMicros(total / steps.length)}`);
    const parts = stepCategories.map((category) => {
      const us = steps.reduce((sum, step) => sum + step.breakdownUs[category], 0);
      return [category, formatMicros(us / steps.length), formatPercent(total > 0 ? (100 * us) / total : null)];
    });
    lines.push(...table([['category', 'mean per step', 'share'], ...parts]));
  }
  const ops = [...summary.ops].sort((a, b) => b.hostSelfUs - a.hostSelfUs).slice(0, TOP);
  if (ops.length > 0) {
    lines.push('', `Operators (${summary.ops.length}; top ${ops.length} by host self time):`);
    lines.push(...table([['name', 'calls', 'host total', 'host self', 'device total'], ...ops.map((op) => [shortName(op.name), formatExactCount(op.calls), formatMicros(op.hostTotalUs), formatMicros(op.hostSelfUs), formatMicros(op.deviceTotalUs)])]));
  }
  const kernels = [...summary.kernels].sort((a, b) => b.totalUs - a.totalUs).slice(0, TOP);
  if (kernels.length > 0) {
    lines.push('', `Kernels (${summary.kernels.length}; top ${kernels.length} by total time):`);
    lines.push(...table([['name', 'calls', 'total', 'mean', 'max', 'occupancy'], ...kernels.map((k) => [shortName(k.name), formatExactCount(k.calls), formatMicros(k.totalUs), formatMicros(k.meanUs), formatMicros(k.maxUs), formatPercent(k.occupancyPct)])]));
  }
  if (summary.gpus.length > 0) {
    lines.push('', 'GPUs:');
    const idle = new Map(summary.idle.devices.map((device) => [device.device, device]));
    lines.push(...table([['device', 'utilization', 'SM efficiency', 'idle', 'host wait', 'kernel wait'], ...summary.gpus.map((gpu) => {
      const time = idle.get(gpu.device);
      return [gpu.device, formatPercent(gpu.utilizationPct), formatPercent(gpu.smEfficiencyPct), formatMicros(time?.idleUs ?? null), formatMicros(time?.hostWaitUs ?? null), formatMicros(time?.kernelWaitUs ?? null)];
    })]));
  }
  for (const device of summary.memory.devices) lines.push('', `Memory ${device.device}: peak ${formatBytes(device.peakBytes)}${device.peakOperator ? ` (${device.peakOperator})` : ''}`);
  for (const warning of summary.warnings) lines.push(`warning: ${warning}`);
  return `${lines.join('\n')}\n`;
}

export function formatTraceDiffText(diff: TraceDiff): string {
  const rows = (list: TraceDiff['ops']): string[] => table([['name', 'a', 'b', 'delta', 'calls a', 'calls b'], ...[...list].sort((x, y) => Math.abs(y.deltaUs) - Math.abs(x.deltaUs)).slice(0, TOP).map((row) => [shortName(row.name), formatMicros(row.aUs), formatMicros(row.bUs), formatDeltaMicros(row.deltaUs), formatExactCount(row.aCalls), formatExactCount(row.bCalls)])]);
  const lines = [`a: ${diff.a}`, `b: ${diff.b}`, `step time: ${formatMicros(diff.stepUs.a)} -> ${formatMicros(diff.stepUs.b)} (${formatDeltaMicros(diff.stepUs.deltaUs)})`];
  if (diff.ops.length > 0) lines.push('', `Operators (top ${Math.min(TOP, diff.ops.length)} by |delta|):`, ...rows(diff.ops));
  if (diff.kernels.length > 0) lines.push('', `Kernels (top ${Math.min(TOP, diff.kernels.length)} by |delta|):`, ...rows(diff.kernels));
  return `${lines.join('\n')}\n`;
}
