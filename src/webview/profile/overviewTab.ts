// The Overview tab, after torch-tb-profiler's: the GPUs with their properties, step time per step stacked by the
// 8 categories (chart, legend, per-step table), the average step's split, GPU utilization / SM efficiency /
// occupancy, and HTA's idle-time split per GPU. A part the trace cannot fill says why instead of showing zeros.
import { formatMicros, formatPercent } from '../../core/display/durations';
import { formatBytes, countOf } from '../../core/display/quantities';
import { stepCategories, type StepBreakdown, type StepCategory, type TraceSummary } from '../../core/profile/traceSummary';
import { pageIsDark } from '../graph/pageTheme';
import { DataTable, type Column } from './dataTable';
import type { PageContext } from './main';
import { averageBar, stepChart, stepLegend } from './stepChart';
import { stepLabels } from './timelineColors';

export function section(title: string, ...content: (Node | string)[]): HTMLElement {
  const element = document.createElement('section');
  element.className = 'tp-section';
  const heading = document.createElement('h2');
  heading.textContent = title;
  element.append(heading, ...content);
  return element;
}

export function muted(text: string): HTMLElement {
  const p = document.createElement('p');
  p.className = 'tp-muted';
  p.textContent = text;
  return p;
}

/** A plain table in a box that scrolls sideways when a narrow panel cannot hold it (never cut off). */
export function scrollBox(table: HTMLTableElement): HTMLElement {
  const box = document.createElement('div');
  box.className = 'tp-hscroll';
  box.append(table);
  return box;
}

/** A small two-column table of `[label, value]` pairs. */
export function factTable(rows: [string, string][]): HTMLTableElement {
  const table = document.createElement('table');
  table.className = 'tp-facts';
  for (const [label, value] of rows) {
    const tr = table.insertRow();
    const th = document.createElement('th');
    th.textContent = label;
    tr.append(th);
    tr.insertCell().textContent = value;
  }
  return table;
}

function gpuSection(summary: TraceSummary, hasDevice: boolean): HTMLElement {
  if (!hasDevice && summary.deviceProperties.length === 0) return section('GPUs', muted('No GPU events in this trace: a CPU-only profile.'));
  const props = summary.deviceProperties.map((p) => {
    const major = p.computeMajor ?? p.major;
    const minor = p.computeMinor ?? p.minor;
    return [
      String(p.id ?? ''),
      String(p.name ?? 'GPU'),
      typeof p.totalGlobalMem === 'number' ? formatBytes(p.totalGlobalMem) : '—',
      major !== undefined ? `${String(major)}.${String(minor ?? 0)}` : '—',
      String(p.numSms ?? p.multiProcessorCount ?? '—'),
    ];
  });
  const table = document.createElement('table');
  table.className = 'tp-grid-table';
  const head = table.createTHead().insertRow();
  for (const label of ['GPU', 'Name', 'Memory', 'Compute capability', 'SMs', 'Utilization', 'SM efficiency', 'Occupancy']) head.append(Object.assign(document.createElement('th'), { textContent: label }));
  const devices = new Set([...summary.gpus.map((gpu) => gpu.device), ...props.map((p) => `GPU${p[0]}`)]);
  const body = table.createTBody();
  for (const device of devices) {
    const prop = props.find((p) => `GPU${p[0]}` === device || `GPU ${p[0]}` === device);
    const util = summary.gpus.find((gpu) => gpu.device === device);
    const tr = body.insertRow();
    for (const cell of [device, prop?.[1] ?? '—', prop?.[2] ?? '—', prop?.[3] ?? '—', prop?.[4] ?? '—', formatPercent(util?.utilizationPct ?? null), formatPercent(util?.smEfficiencyPct ?? null), formatPercent(util?.occupancyPct ?? null)]) {
      tr.insertCell().textContent = cell;
    }
    tr.cells[1].className = 'tp-wrap';
  }
  const note = summary.gpus.some((gpu) => gpu.smEfficiencyPct === null) ? muted('— : the kernels carry no grid/block or occupancy args to compute this from.') : '';
  return section('GPUs', scrollBox(table), note);
}

function stepSection(summary: TraceSummary, context: PageContext, dark: boolean): HTMLElement {
  const steps = summary.steps;
  if (steps.length === 0) return section('Step time', muted('No steps: the trace has no ProfilerStep#N ranges and no events to split.'));
  const pseudo = steps.length === 1 && steps[0].step < 0;
  const width = Math.max(360, Math.min(1100, document.body.clientWidth - 60));
  const columns: Column<StepBreakdown>[] = [
    { label: 'Step', value: (row) => row.step, format: (row) => (row.step < 0 ? row.name || 'whole trace' : String(row.step)), numeric: true },
    { label: 'Step time', value: (row) => row.durUs, format: (row) => formatMicros(row.durUs), numeric: true },
    ...stepCategories.map(
      (category): Column<StepBreakdown> => ({
        label: stepLabels[category],
        value: (row) => row.breakdownUs[category],
        format: (row) => `${formatMicros(row.breakdownUs[category])} (${formatPercent((100 * row.breakdownUs[category]) / (row.durUs || 1))})`,
        numeric: true,
        // In a narrow panel the categories that took the least time give way first.
        hidePriority: -steps.reduce((sum, step) => sum + step.breakdownUs[category], 0),
      }),
    ),
  ];
  const table = new DataTable<StepBreakdown>({ name: 'steps', columns, sortBy: 0, descending: false, onCounts: context.countRows, filterPlaceholder: 'Filter steps' });
  table.setRows(steps);
  const title = pseudo ? 'Time breakdown (no ProfilerStep#N in this trace: the whole span as one step)' : `Step time (${countOf(steps.length, 'step')})`;
  return section(title, stepLegend(dark), stepChart(steps, width, dark), table.element);
}

function averageSection(steps: StepBreakdown[], dark: boolean): HTMLElement {
  if (steps.length === 0) return section('Average step', muted('No steps to average.'));
  const mean = Object.fromEntries(stepCategories.map((category) => [category, steps.reduce((sum, step) => sum + step.breakdownUs[category], 0) / steps.length])) as Record<StepCategory, number>;
  const total = stepCategories.reduce((sum, category) => sum + mean[category], 0);
  const rows: [string, string][] = stepCategories.map((category) => [stepLabels[category], `${formatMicros(mean[category])}  (${formatPercent(total > 0 ? (100 * mean[category]) / total : null)})`]);
  return section(`Average step: ${formatMicros(total)}`, averageBar(mean, dark), factTable(rows));
}

function idleSection(summary: TraceSummary): HTMLElement {
  if (summary.idle.devices.length === 0) return section('GPU idle time', muted('No GPU events in this trace: nothing to split.'));
  const table = document.createElement('table');
  table.className = 'tp-grid-table';
  const head = table.createTHead().insertRow();
  for (const label of ['GPU', 'Busy', 'Idle', 'Host wait', 'Kernel wait', 'Other']) head.append(Object.assign(document.createElement('th'), { textContent: label }));
  const body = table.createTBody();
  for (const device of summary.idle.devices) {
    const tr = body.insertRow();
    const idle = device.idleUs || 1;
    tr.insertCell().textContent = device.device;
    tr.insertCell().textContent = formatMicros(device.busyUs);
    tr.insertCell().textContent = formatMicros(device.idleUs);
    for (const us of [device.hostWaitUs, device.kernelWaitUs, device.otherUs]) tr.insertCell().textContent = `${formatMicros(us)} (${formatPercent((100 * us) / idle)})`;
  }
  return section(
    'GPU idle time',
    scrollBox(table),
    muted('As Holistic Trace Analysis splits it: host wait = the GPU waited for the CPU to launch work; kernel wait = short gaps between back-to-back kernels; other = the rest (syncs, memcpy waits).'),
  );
}

export function overviewTab(summary: TraceSummary, context: PageContext): HTMLElement {
  const dark = pageIsDark();
  const hasDevice = summary.kernels.length > 0 || summary.gpus.length > 0;
  const element = document.createElement('div');
  element.className = 'tp-overview';
  element.append(gpuSection(summary, hasDevice), stepSection(summary, context, dark), averageSection(summary.steps, dark), idleSection(summary));
  if (summary.warnings.length > 0) {
    const list = document.createElement('ul');
    for (const warning of summary.warnings.slice(0, 50)) list.append(Object.assign(document.createElement('li'), { textContent: warning }));
    element.append(section(`Warnings (${summary.warnings.length})`, list));
  }
  return element;
}
