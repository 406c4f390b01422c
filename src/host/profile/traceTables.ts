// A trace summary's tables as CSV rows, for the trace editor's export: one flat row per operator, kernel or step, with
// the column names the table shows (times in µs). Pure, so a unit test reads it without VS Code.
import { stepCategories, type TraceSummary } from '../../core/profile/traceSummary';

/** The tables of a trace that export as CSV. */
export type TraceTable = 'operators' | 'kernels' | 'steps';

type Cell = string | number | boolean | null | undefined;

/** A CSV field, quoted when it holds a comma, quote or line break (RFC 4180); null and undefined are empty. */
function csvField(value: Cell): string {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function csv(header: string[], rows: Cell[][]): string {
  return `${[header, ...rows].map((row) => row.map(csvField).join(',')).join('\n')}\n`;
}

const dims = (values: number[] | null) => (values ? values.join('x') : null);

/** One table of `summary` as CSV. */
export function traceTableCsv(summary: TraceSummary, table: TraceTable): string {
  if (table === 'operators') {
    return csv(
      ['name', 'input_shapes', 'calls', 'host_total_us', 'host_self_us', 'device_total_us', 'device_self_us', 'source'],
      summary.ops.map((op) => [op.name, op.inputShapes, op.calls, op.hostTotalUs, op.hostSelfUs, op.deviceTotalUs, op.deviceSelfUs, op.source ? `${op.source.file}:${op.source.line}` : null]),
    );
  }
  if (table === 'kernels') {
    return csv(
      ['name', 'calls', 'total_us', 'mean_us', 'max_us', 'min_us', 'grid', 'block', 'registers_per_thread', 'shared_memory_bytes', 'occupancy_pct', 'tensor_cores', 'operator'],
      summary.kernels.map((k) => [k.name, k.calls, k.totalUs, k.meanUs, k.maxUs, k.minUs, dims(k.grid), dims(k.block), k.registersPerThread, k.sharedMemoryBytes, k.occupancyPct, k.tensorCores, k.operator]),
    );
  }
  return csv(
    ['step', 'name', 'start_us', 'dur_us', ...stepCategories.map((category) => `${category}_us`)],
    summary.steps.map((step) => [step.step, step.name, step.startUs, step.durUs, ...stepCategories.map((category) => step.breakdownUs[category])]),
  );
}

/** One table of `summary` (or all of it) as JSON. */
export function traceTableJson(summary: TraceSummary, table: TraceTable | 'all'): string {
  const value = table === 'all' ? summary : table === 'operators' ? summary.ops : table === 'kernels' ? summary.kernels : summary.steps;
  return `${JSON.stringify(value, null, 1)}\n`;
}
