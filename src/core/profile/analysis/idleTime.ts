// GPU idle time split the way Holistic Trace Analysis does: a GPU is idle when nothing runs on it; each gap ends
// with an activity, and the gap is host wait when that activity's launch call started after the GPU went idle (the
// CPU had not enqueued it yet), kernel wait when the gap is shorter than the launch overhead of back-to-back kernels
// (HTA's consecutive_kernel_delay, 30 ns), and other (stream or event waits) otherwise. HTA splits per stream; here the
// streams of one GPU are merged first, so idle means the whole GPU was idle. Measured from its first activity to its last.
import type { IdleTime } from '../traceSummary';
import { orderBy } from './columns';
import type { CollectedTrace } from './traceCollector';

/** HTA's default consecutive_kernel_delay (30 ns), in µs. */
export const consecutiveKernelDelayUs = 0.03;

export function idleTime(trace: CollectedTrace, deviceRuntime: Int32Array, kernelDelayUs = consecutiveKernelDelayUs): IdleTime {
  const { device, host } = trace;
  const order = orderBy(device.ts.length, (a, b) => device.device[a] - device.device[b] || device.ts[a] - device.ts[b]);
  const devices: IdleTime['devices'] = [];
  let k = 0;
  while (k < order.length) {
    const id = device.device[order[k]];
    let busyUs = 0;
    let hostWaitUs = 0;
    let kernelWaitUs = 0;
    let otherUs = 0;
    let busyStart = device.ts[order[k]];
    let busyEnd = busyStart + device.dur[order[k]];
    for (k++; k < order.length && device.device[order[k]] === id; k++) {
      const j = order[k];
      const start = device.ts[j];
      const end = start + device.dur[j];
      if (start <= busyEnd) {
        if (end > busyEnd) busyEnd = end;
        continue;
      }
      busyUs += busyEnd - busyStart;
      const gap = start - busyEnd;
      const runtime = deviceRuntime[j];
      if (runtime >= 0 && host.ts[runtime] > busyEnd) hostWaitUs += gap;
      else if (gap < kernelDelayUs) kernelWaitUs += gap;
      else otherUs += gap;
      busyStart = start;
      busyEnd = end;
    }
    busyUs += busyEnd - busyStart;
    devices.push({ device: `GPU${id}`, busyUs, idleUs: hostWaitUs + kernelWaitUs + otherUs, hostWaitUs, kernelWaitUs, otherUs });
  }
  return { devices };
}
