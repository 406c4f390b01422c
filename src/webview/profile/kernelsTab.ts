// The Kernels tab: per kernel name its calls, total/mean/max/min time, launch shape (grid, block, registers),
// estimated occupancy, Tensor Core use and the operator that launched it; a bar of the top kernels' share above.
import { formatMicros, formatPercent } from '../../core/display/durations';
import type { KernelRow } from '../../core/profile/traceSummary';
import { DataTable } from './dataTable';
import type { PageContext } from './main';
import { muted, section } from './overviewTab';

const dims = (value: number[] | null) => (value ? `[${value.join(', ')}]` : '—');

/** The top kernels by total time as proportional bars. */
function topKernels(kernels: readonly KernelRow[]): HTMLElement {
  const total = kernels.reduce((sum, row) => sum + row.totalUs, 0) || 1;
  const list = document.createElement('div');
  list.className = 'tp-topbars';
  for (const row of [...kernels].sort((a, b) => b.totalUs - a.totalUs).slice(0, 10)) {
    const line = document.createElement('div');
    const name = document.createElement('span');
    name.className = 'tp-topname';
    name.textContent = row.name;
    name.title = row.name;
    const bar = document.createElement('span');
    bar.className = 'tp-topbar';
    const fill = document.createElement('span');
    fill.style.width = `${(100 * row.totalUs) / total}%`;
    bar.append(fill);
    const figure = document.createElement('span');
    figure.className = 'tp-num';
    figure.textContent = `${formatMicros(row.totalUs)} (${formatPercent((100 * row.totalUs) / total)})`;
    line.append(name, bar, figure);
    list.append(line);
  }
  return list;
}

export function kernelsTab(kernels: KernelRow[], context: PageContext): HTMLElement {
  const element = document.createElement('div');
  if (kernels.length === 0) {
    element.append(muted('No GPU kernels in this trace: a CPU-only profile.'));
    return element;
  }
  const table = new DataTable<KernelRow>({
    name: 'kernels',
    sortBy: 2,
    onCounts: context.countRows,
    filterPlaceholder: 'Filter kernels or operators',
    columns: [
      { label: 'Name', value: (row) => row.name, filterable: true, truncate: true },
      { label: 'Calls', value: (row) => row.calls, numeric: true, hidePriority: 1 },
      { label: 'Total', value: (row) => row.totalUs, format: (row) => formatMicros(row.totalUs), numeric: true },
      { label: 'Mean', value: (row) => row.meanUs, format: (row) => formatMicros(row.meanUs), numeric: true, hidePriority: 2 },
      { label: 'Max', value: (row) => row.maxUs, format: (row) => formatMicros(row.maxUs), numeric: true, hidePriority: 6 },
      { label: 'Min', value: (row) => row.minUs, format: (row) => formatMicros(row.minUs), numeric: true, hidePriority: 7 },
      { label: 'Grid', value: (row) => dims(row.grid), hidePriority: 8 },
      { label: 'Block', value: (row) => dims(row.block), hidePriority: 9 },
      { label: 'Registers', value: (row) => row.registersPerThread, numeric: true, title: 'Registers per thread', hidePriority: 10 },
      { label: 'Occupancy', value: (row) => row.occupancyPct, format: (row) => formatPercent(row.occupancyPct), numeric: true, title: 'Estimated achieved occupancy', hidePriority: 4 },
      { label: 'Tensor Cores', value: (row) => (row.tensorCores ? 'yes' : 'no'), title: 'By the kernel-name patterns torch-tb-profiler documents', hidePriority: 5 },
      { label: 'Operator', value: (row) => row.operator, filterable: true, hidePriority: 3 },
    ],
  });
  table.setRows(kernels);
  const list = section(`Kernels (${kernels.length})`, table.element);
  list.classList.add('tp-grow');
  element.className = 'tp-fill';
  element.append(section('Top kernels by total time', topKernels(kernels)), list);
  return element;
}
