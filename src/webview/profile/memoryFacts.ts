// The Memory tab of a trace without `[memory]` events: what recording them takes (for this trace's profiler), and
// what the trace does say about memory: each GPU's memory from deviceProperties and the time spent in copies and
// memsets, so the tab is never a bare line.
import { formatMicros, formatPercent } from '../../core/display/durations';
import { formatBytes, countOf } from '../../core/display/quantities';
import type { TraceSummary } from '../../core/profile/traceSummary';
import { factTable, muted, scrollBox, section } from './overviewTab';

const recordSnippet = `with torch.profiler.profile(
    activities=[ProfilerActivity.CPU, ProfilerActivity.CUDA],
    profile_memory=True,  # records the allocator's [memory] events
    record_shapes=True,
) as prof:
    ...
prof.export_chrome_trace("trace.pt.trace.json")`;

/** Why this trace has no memory events, for the profiler that wrote it. */
function whyText(dialect: TraceSummary['dialect']): string {
  switch (dialect) {
    case 'kineto':
    case 'kineto-legacy':
      return 'This PyTorch profile was recorded without memory tracking. The memory curves come from the allocator\'s [memory] events, which torch.profiler (Kineto) writes only when profiling with profile_memory=True:';
    case 'torch-autograd':
      return 'This trace comes from the autograd profiler of a torch build without Kineto (a CPU-only build): such builds do not record memory events, even with profile_memory=True. Profile with a Kineto-enabled torch (a CUDA build) and profile_memory=True:';
    default:
      return 'This profiler does not write [memory] events. The memory curves need a PyTorch profile recorded by torch.profiler (Kineto) with profile_memory=True:';
  }
}

/** deviceProperties rows, identical GPUs folded into one row ("GPU0–GPU7"). */
function deviceTable(summary: TraceSummary): HTMLTableElement | null {
  const rows = new Map<string, { ids: string[]; cells: string[] }>();
  for (const p of summary.deviceProperties) {
    const bytes = (value: unknown) => (typeof value === 'number' ? formatBytes(value) : '—');
    const cells = [String(p.name ?? 'GPU'), bytes(p.totalGlobalMem), bytes(p.sharedMemPerBlock), bytes(p.sharedMemPerMultiprocessor)];
    const key = cells.join('\u0000');
    const row = rows.get(key) ?? { ids: [], cells };
    row.ids.push(`GPU${String(p.id ?? rows.size)}`);
    rows.set(key, row);
  }
  if (rows.size === 0) return null;
  const table = document.createElement('table');
  table.className = 'tp-grid-table';
  const head = table.createTHead().insertRow();
  for (const label of ['GPU', 'Name', 'Total memory', 'Shared memory / block', 'Shared memory / SM']) head.append(Object.assign(document.createElement('th'), { textContent: label }));
  const body = table.createTBody();
  for (const { ids, cells } of rows.values()) {
    const tr = body.insertRow();
    tr.insertCell().textContent = ids.length > 1 ? `${ids[0]}–${ids[ids.length - 1]} (${countOf(ids.length, 'GPU')})` : ids[0];
    for (const cell of cells) tr.insertCell().textContent = cell;
  }
  return table;
}

export function memoryFacts(summary: TraceSummary): HTMLElement {
  const element = document.createElement('div');
  element.className = 'tp-memory-empty';
  const code = document.createElement('pre');
  code.className = 'tp-code';
  code.textContent = recordSnippet;
  element.append(section('No memory events in this trace', muted(whyText(summary.dialect)), code));
  const devices = deviceTable(summary);
  element.append(section('Device memory (from the trace\'s deviceProperties)', devices ? scrollBox(devices) : muted('The trace lists no GPU properties (no deviceProperties): a CPU-only profile.')));
  const copyUs = summary.steps.reduce((sum, step) => sum + step.breakdownUs.memcpy, 0);
  const setUs = summary.steps.reduce((sum, step) => sum + step.breakdownUs.memset, 0);
  const share = (us: number) => `${formatMicros(us)} (${formatPercent(summary.spanUs > 0 ? (100 * us) / summary.spanUs : null)} of the span)`;
  element.append(
    section(
      'Memory operations in the trace',
      copyUs + setUs > 0
        ? factTable([
            ['Memcpy (host ↔ device, device ↔ device)', share(copyUs)],
            ['Memset', share(setUs)],
          ])
        : muted('No memcpy or memset activity was recorded.'),
    ),
  );
  return element;
}
