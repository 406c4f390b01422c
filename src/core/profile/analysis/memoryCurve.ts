// Memory over time from the `[memory]` instants (allocation deltas with the allocator's totals after each): per
// device, the allocated and reserved curves, the peak, when it was reached, and the operator running on the
// allocating thread at that moment. Curves longer than `maxPoints` keep each bucket's first, lowest and highest
// points, so the drawn shape and the peak survive; the peak itself is found over every event.
import type { MemoryCurve } from '../traceSummary';
import { isOperatorKind } from './hostTree';
import type { CollectedTrace } from './traceCollector';

export function memoryCurve(trace: CollectedTrace, maxPoints = 20_000): MemoryCurve {
  const { memory } = trace;
  const byDevice = trace.memoryDevices.map(() => [] as number[]);
  for (let i = 0; i < memory.ts.length; i++) byDevice[memory.device[i]].push(i);
  const devices = trace.memoryDevices.map((device, d) => {
    const rows = byDevice[d].sort((a, b) => memory.ts[a] - memory.ts[b] || a - b);
    let peak = rows[0];
    for (const i of rows) if (memory.allocated[i] > memory.allocated[peak]) peak = i;
    const kept = downsample(rows, memory.allocated, maxPoints);
    return {
      device,
      timesUs: kept.map((i) => memory.ts[i]),
      allocatedBytes: kept.map((i) => memory.allocated[i]),
      reservedBytes: kept.map((i) => (Number.isFinite(memory.reserved[i]) ? memory.reserved[i] : null)),
      peakBytes: memory.allocated[peak],
      peakAtUs: memory.ts[peak],
      peakOperator: operatorAt(trace, memory.thread[peak], memory.ts[peak]),
    };
  });
  return { devices: devices.sort((a, b) => a.device.localeCompare(b.device, 'en', { numeric: true })) };
}

/** The innermost operator on `thread` whose range holds `ts`. */
function operatorAt(trace: CollectedTrace, thread: number, ts: number): string | null {
  const { host } = trace;
  let best = -1;
  for (let i = 0; i < host.ts.length; i++) {
    if (host.thread[i] !== thread || !isOperatorKind(host.kind[i])) continue;
    if (host.ts[i] > ts || host.ts[i] + host.dur[i] < ts) continue;
    if (best < 0 || host.ts[i] > host.ts[best] || (host.ts[i] === host.ts[best] && host.dur[i] < host.dur[best])) best = i;
  }
  return best >= 0 ? trace.names[host.name[best]] : null;
}

function downsample(rows: number[], values: Float64Array, maxPoints: number): number[] {
  if (rows.length <= maxPoints) return rows;
  const size = Math.ceil(rows.length / Math.floor(maxPoints / 3));
  const kept: number[] = [];
  for (let start = 0; start < rows.length; start += size) {
    const end = Math.min(rows.length, start + size);
    let low = start;
    let high = start;
    for (let p = start; p < end; p++) {
      if (values[rows[p]] < values[rows[low]]) low = p;
      if (values[rows[p]] > values[rows[high]]) high = p;
    }
    for (const p of [...new Set([start, low, high])].sort((a, b) => a - b)) kept.push(rows[p]);
  }
  return kept;
}
