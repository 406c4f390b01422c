// The Operators tab: host and device self/total time and calls per operator, grouped by name or by name and input
// shape (when the trace recorded shapes), sortable and filterable; the source column opens the call site.
import { formatMicros } from '../../core/display/durations';
import type { OperatorRow } from '../../core/profile/traceSummary';
import { OpenSourceCommand } from '../../core/protocol/profile';
import { DataTable, type Column } from './dataTable';
import type { PageContext } from './main';
import { muted } from './overviewTab';
import { groupByName } from './operatorGroups';

export function operatorsTab(ops: OperatorRow[], context: PageContext): HTMLElement {
  const element = document.createElement('div');
  element.className = 'tp-fill';
  const hasShapes = ops.some((row) => row.inputShapes !== undefined);
  const hasDevice = ops.some((row) => row.deviceTotalUs !== null);
  let byShape = false;
  const toggle = document.createElement('label');
  const box = document.createElement('input');
  box.type = 'checkbox';
  box.disabled = !hasShapes;
  toggle.append(box, ' Group by input shape');
  toggle.title = hasShapes ? 'One row per operator and input shapes' : 'This trace recorded no input shapes (profile with record_shapes=True)';
  const source = (row: OperatorRow): Node | string => {
    if (!row.source) return '';
    const link = document.createElement('button');
    link.className = 'tp-link';
    const file = row.source.file.split(/[\\/]/).pop() ?? row.source.file;
    link.textContent = `${file}:${row.source.line}`;
    link.title = `Open ${row.source.file} at line ${row.source.line}`;
    const { file: path, line } = row.source;
    link.addEventListener('click', (event) => {
      event.stopPropagation();
      context.post(OpenSourceCommand, { file: path, line });
    });
    return link;
  };
  const hasSource = ops.some((row) => row.source !== undefined);
  const columns = (): Column<OperatorRow>[] => [
    { label: 'Name', value: (row) => row.name, filterable: true, truncate: true },
    ...(byShape ? [{ label: 'Input shapes', value: (row: OperatorRow) => row.inputShapes ?? '', filterable: true, truncate: true }] : []),
    { label: 'Calls', value: (row) => row.calls, numeric: true, hidePriority: 4 },
    { label: 'Host self', value: (row) => row.hostSelfUs, format: (row) => formatMicros(row.hostSelfUs), numeric: true, title: 'Host time inside the op, children excluded', hidePriority: 6 },
    { label: 'Host total', value: (row) => row.hostTotalUs, format: (row) => formatMicros(row.hostTotalUs), numeric: true, title: 'Host time of the op with its children', hidePriority: 3 },
    { label: 'Device self', value: (row) => row.deviceSelfUs, format: (row) => formatMicros(row.deviceSelfUs), numeric: true, title: 'Kernel time launched by the op itself', hidePriority: hasDevice ? 5 : 10 },
    { label: 'Device total', value: (row) => row.deviceTotalUs, format: (row) => formatMicros(row.deviceTotalUs), numeric: true, title: 'Kernel time launched by the op and its children', hidePriority: hasDevice ? 2 : 9 },
    { label: 'Mean (host)', value: (row) => row.hostTotalUs / Math.max(1, row.calls), format: (row) => formatMicros(row.hostTotalUs / Math.max(1, row.calls)), numeric: true, hidePriority: 8 },
    // Only traces recorded with stacks (with_stack=True) name call sites; without any, the column would stay empty.
    ...(hasSource ? [{ label: 'Source', value: (row: OperatorRow) => (row.source ? `${row.source.file}:${row.source.line}` : null), render: source, hidePriority: 7 }] : []),
  ];
  const holder = document.createElement('div');
  holder.className = 'tp-grow';
  const build = () => {
    const table = new DataTable<OperatorRow>({ name: 'operators', columns: columns(), sortBy: hasDevice ? (byShape ? 6 : 5) : byShape ? 5 : 4, onCounts: context.countRows, extra: [toggle], filterPlaceholder: 'Filter operators' });
    table.setRows(byShape ? ops : groupByName(ops));
    holder.replaceChildren(table.element);
  };
  box.addEventListener('change', () => {
    byShape = box.checked;
    build();
  });
  build();
  if (ops.length === 0) element.append(muted('No operator events in this trace.'));
  else if (!hasDevice) element.append(muted('Device columns are empty (—): no GPU events in this trace, a CPU-only profile.'));
  element.append(holder);
  return element;
}
