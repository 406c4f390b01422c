// Operator rows grouped by input shape merged back to one row per name (the Operators tab's default view). Pure.
import type { OperatorRow } from '../../core/profile/traceSummary';

/** Rows merged by operator name (the shape column dropped): sums of calls and times, the slowest row's source. */
export function groupByName(rows: readonly OperatorRow[]): OperatorRow[] {
  const byName = new Map<string, OperatorRow & { slowest: number }>();
  for (const row of rows) {
    const merged = byName.get(row.name);
    if (!merged) {
      byName.set(row.name, { ...row, inputShapes: undefined, slowest: row.hostTotalUs });
      continue;
    }
    merged.calls += row.calls;
    merged.hostTotalUs += row.hostTotalUs;
    merged.hostSelfUs += row.hostSelfUs;
    merged.deviceTotalUs = sumOrNull(merged.deviceTotalUs, row.deviceTotalUs);
    merged.deviceSelfUs = sumOrNull(merged.deviceSelfUs, row.deviceSelfUs);
    if (row.hostTotalUs > merged.slowest && row.source) {
      merged.slowest = row.hostTotalUs;
      merged.source = row.source;
    }
  }
  return [...byName.values()].map(({ slowest: _slowest, ...row }) => row);
}

function sumOrNull(a: number | null, b: number | null): number | null {
  return a === null && b === null ? null : (a ?? 0) + (b ?? 0);
}
