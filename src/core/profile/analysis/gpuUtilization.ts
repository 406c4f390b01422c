// Per GPU, as torch-tb-profiler's overview reports them over the steps' span: utilization (time any kernel runs),
// SM efficiency (blocks per SM capped at 1, weighted by kernel time) and achieved occupancy (weighted by kernel time).
import type { GpuUtilization } from '../traceSummary';
import { clip, mergeIntervals, totalLength } from './intervals';
import type { CollectedTrace } from './traceCollector';
import { DeviceKind } from './traceCollector';

export function gpuUtilization(trace: CollectedTrace, windowStartUs: number, windowEndUs: number): GpuUtilization[] {
  const { device } = trace;
  const span = windowEndUs - windowStartUs;
  const perDevice = new Map<number, { starts: number[]; ends: number[]; smWeighted: number; smUs: number; occWeighted: number; occUs: number }>();
  for (let j = 0; j < device.ts.length; j++) {
    if (device.kind[j] !== DeviceKind.kernel && device.kind[j] !== DeviceKind.communication) continue;
    const id = device.device[j];
    let g = perDevice.get(id);
    if (g === undefined) {
      g = { starts: [], ends: [], smWeighted: 0, smUs: 0, occWeighted: 0, occUs: 0 };
      perDevice.set(id, g);
    }
    const start = device.ts[j];
    const end = start + device.dur[j];
    g.starts.push(start);
    g.ends.push(end);
    // Only the part of a kernel inside the steps' span counts, as for utilization.
    const inside = Math.min(end, windowEndUs) - Math.max(start, windowStartUs);
    if (!(inside > 0)) continue;
    const blocks = device.blocksPerSm[j];
    if (Number.isFinite(blocks) && blocks > 0) {
      g.smWeighted += Math.min(1, blocks) * inside;
      g.smUs += inside;
    }
    const occupancy = device.occupancy[j];
    if (Number.isFinite(occupancy) && occupancy >= 0) {
      g.occWeighted += occupancy * inside;
      g.occUs += inside;
    }
  }
  return [...perDevice.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([id, g]) => ({
      device: `GPU${id}`,
      utilizationPct: span > 0 ? (100 * totalLength(clip(mergeIntervals(g.starts, g.ends), windowStartUs, windowEndUs))) / span : 0,
      smEfficiencyPct: g.smUs > 0 ? (100 * g.smWeighted) / g.smUs : null,
      occupancyPct: g.occUs > 0 ? g.occWeighted / g.occUs : null,
    }));
}
