// The operator table: per op name (and optionally per input shape), calls, host total and self time (self = minus
// the direct children and runtime calls on the same thread), and the device time of the kernels, copies and sets it
// launched: self for launches it issued directly, total for its whole subtree. The source is the first user frame of
// its slowest call.
import type { OperatorRow } from '../traceSummary';
import type { HostTree } from './hostTree';
import { isOperatorKind } from './hostTree';
import type { CollectedTrace } from './traceCollector';
import { userFrame } from './userFrame';

export interface OperatorOptions {
  /** One row per (name, `Input Dims`) instead of per name. */
  groupByShape?: boolean;
}

/** Per host row, the device time it launched directly (self). */
function deviceSelfPerHostRow(trace: CollectedTrace, tree: HostTree): Float64Array {
  const self = new Float64Array(trace.host.ts.length);
  for (let j = 0; j < tree.launcher.length; j++) {
    const op = tree.launcher[j];
    if (op >= 0) self[op] += trace.device.dur[j];
  }
  return self;
}

/** Turns per-row self times into subtree totals in place: children follow their parent in tree order, so a reverse
 * sweep adds every subtree into its root. */
function addSubtrees(tree: HostTree, times: Float64Array): void {
  for (let k = times.length - 1; k >= 0; k--) {
    const i = tree.order[k];
    const p = tree.parent[i];
    if (p >= 0) times[p] += times[i];
  }
}

type Row = OperatorRow & { slowest: number };

export function operatorStats(trace: CollectedTrace, tree: HostTree, options: OperatorOptions = {}): OperatorRow[] {
  const { host } = trace;
  const hasDevice = trace.device.ts.length > 0;
  // One array per host row, self first then (after the rows took it) the subtree totals: 8 bytes a row, not 16.
  const deviceUs = hasDevice ? deviceSelfPerHostRow(trace, tree) : undefined;
  const rows = new Map<string, Row>();
  const rowOf = (i: number): Row | undefined => {
    if (!isOperatorKind(host.kind[i])) return undefined;
    const name = trace.names[host.name[i]];
    const shapes = options.groupByShape === true && host.shape[i] >= 0 ? trace.shapes[host.shape[i]] : undefined;
    const key = shapes === undefined ? name : `${name}\u0000${shapes}`;
    let row = rows.get(key);
    if (row === undefined) {
      row = { name, calls: 0, hostTotalUs: 0, hostSelfUs: 0, deviceTotalUs: hasDevice ? 0 : null, deviceSelfUs: hasDevice ? 0 : null, slowest: i };
      if (shapes !== undefined) row.inputShapes = shapes;
      rows.set(key, row);
    }
    return row;
  };
  for (let i = 0; i < host.ts.length; i++) {
    const row = rowOf(i);
    if (row === undefined) continue;
    row.calls++;
    row.hostTotalUs += host.dur[i];
    row.hostSelfUs += host.dur[i] - tree.childrenUs[i];
    if (deviceUs !== undefined) row.deviceSelfUs = (row.deviceSelfUs ?? 0) + deviceUs[i];
    if (host.dur[i] > host.dur[row.slowest]) row.slowest = i;
  }
  if (deviceUs !== undefined) {
    addSubtrees(tree, deviceUs);
    for (let i = 0; i < host.ts.length; i++) {
      const row = rowOf(i);
      if (row !== undefined) row.deviceTotalUs = (row.deviceTotalUs ?? 0) + deviceUs[i];
    }
  }
  const result: OperatorRow[] = [];
  for (const { slowest, ...row } of rows.values()) {
    const source = sourceOf(trace, tree, slowest);
    if (source !== undefined) row.source = source;
    result.push(row);
  }
  return result.sort((a, b) => b.hostSelfUs - a.hostSelfUs || a.name.localeCompare(b.name));
}

/** The `Call stack` arg's user frame, else the innermost enclosing python_function that is user code. */
function sourceOf(trace: CollectedTrace, tree: HostTree, row: number): { file: string; line: number } | undefined {
  const index = trace.host.source[row];
  if (index >= 0) {
    const [file, line] = trace.sources[index].split('\n');
    return { file, line: Number(line) };
  }
  const frame = tree.pythonFrame === null ? -1 : tree.pythonFrame[row];
  return frame >= 0 ? userFrame(trace.names[trace.host.name[frame]]) : undefined;
}
