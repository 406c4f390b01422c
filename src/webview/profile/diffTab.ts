// The Diff tab: two traces' operator and kernel tables side by side (baseline a, then b), with b − a deltas
// coloured (slower red, faster green), and the mean step time of both.
import { formatDeltaMicros, formatDeltaPercent, formatMicros } from '../../core/display/durations';
import type { TraceDiff } from '../../core/profile/traceSummary';
import { DataTable } from './dataTable';
import type { PageContext } from './main';
import { factTable, section } from './overviewTab';

type DiffRow = TraceDiff['ops'][number];

/** Class of a delta cell: slower, faster, or none for no change. */
export function deltaClass(deltaUs: number): string | undefined {
  return deltaUs > 0 ? 'tp-worse' : deltaUs < 0 ? 'tp-better' : undefined;
}

function diffTable(name: string, rows: DiffRow[], context: PageContext): HTMLElement {
  const table = new DataTable<DiffRow>({
    name,
    sortBy: 3,
    onCounts: context.countRows,
    columns: [
      { label: 'Name', value: (row) => row.name, filterable: true, truncate: true },
      { label: 'a', value: (row) => row.aUs, format: (row) => (row.aUs === null ? 'absent' : `${formatMicros(row.aUs)} · ${row.aCalls}×`), numeric: true, title: 'Baseline: total time and calls', hidePriority: 2 },
      { label: 'b', value: (row) => row.bUs, format: (row) => (row.bUs === null ? 'absent' : `${formatMicros(row.bUs)} · ${row.bCalls}×`), numeric: true, title: 'Compared trace: total time and calls', hidePriority: 1 },
      { label: 'Δ (b − a)', value: (row) => Math.abs(row.deltaUs), format: (row) => formatDeltaMicros(row.deltaUs), cellClass: (row) => deltaClass(row.deltaUs), numeric: true, title: 'Sorted by size of the change' },
      {
        label: 'Δ %',
        value: (row) => (row.aUs ? (100 * row.deltaUs) / row.aUs : null),
        format: (row) => (row.aUs ? formatDeltaPercent((100 * row.deltaUs) / row.aUs) : 'new'),
        cellClass: (row) => deltaClass(row.deltaUs),
        numeric: true,
        hidePriority: 3,
      },
    ],
  });
  table.setRows(rows);
  return table.element;
}

export function diffTab(diff: TraceDiff, context: PageContext): HTMLElement {
  const element = document.createElement('div');
  const step = diff.stepUs;
  const stepRow = document.createElement('span');
  stepRow.textContent = formatDeltaMicros(step.deltaUs);
  stepRow.className = deltaClass(step.deltaUs) ?? '';
  element.append(
    section(
      'Compared traces',
      factTable([
        ['a (baseline)', diff.a],
        ['b', diff.b],
        ['Mean step', `${formatMicros(step.a)} → ${formatMicros(step.b)} (${formatDeltaMicros(step.deltaUs)}${step.a ? `, ${formatDeltaPercent((100 * step.deltaUs) / step.a)}` : ''})`],
      ]),
    ),
  );
  const sides = document.createElement('div');
  sides.className = 'tp-sides';
  sides.append(section(`Operators (${diff.ops.length})`, diffTable('diffOps', diff.ops, context)), section(`Kernels (${diff.kernels.length})`, diffTable('diffKernels', diff.kernels, context)));
  element.append(sides);
  return element;
}
