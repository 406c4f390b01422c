// Step time and its breakdown, as torch-tb-profiler's overview computes them: steps are the ProfilerStep#N ranges,
// stretched to the end of the device work their runtime calls launched; within each step the categories take time in
// the order Kernel > Memcpy > Memset > Communication > Runtime > DataLoader > CPU Exec > Other, each counting only
// time no earlier category covers, so the parts sum to the step. Without steps, one pseudo-step (-1) spans the trace.
import type { StepBreakdown, StepCategory } from '../traceSummary';
import { stepCategories } from '../traceSummary';
import { clip, intersect, mergeOwnedIntervals, subtract, totalLength } from './intervals';
import type { CollectedTrace } from './traceCollector';
import { DeviceKind, HostKind } from './traceCollector';
import { stepWindows } from './stepWindows';

/** The merged intervals of each category over the whole trace, in precedence order (Other excluded). */
function categoryIntervals(trace: CollectedTrace): Float64Array[] {
  const { host, device } = trace;
  // Index into stepCategories per row kind; -1: the row is no category's (annotations, steps, python frames).
  const hostRole = new Int8Array(8).fill(-1);
  hostRole[HostKind.communication] = 3;
  hostRole[HostKind.runtime] = 4;
  hostRole[HostKind.dataLoader] = 5;
  hostRole[HostKind.op] = 6;
  hostRole[HostKind.legacyPython] = 6;
  const deviceRole = new Int8Array(4);
  deviceRole[DeviceKind.kernel] = 0;
  deviceRole[DeviceKind.memcpy] = 1;
  deviceRole[DeviceKind.memset] = 2;
  deviceRole[DeviceKind.communication] = 3;
  // One category at a time, into exact-sized arrays sorted in place: the peak is one category's rows (16 bytes each).
  const sizes = new Array<number>(7).fill(0);
  for (let i = 0; i < host.ts.length; i++) if (hostRole[host.kind[i]] >= 0 && host.dur[i] > 0) sizes[hostRole[host.kind[i]]]++;
  for (let j = 0; j < device.ts.length; j++) if (device.dur[j] > 0) sizes[deviceRole[device.kind[j]]]++;
  return sizes.map((size, role) => {
    const starts = new Float64Array(size);
    const ends = new Float64Array(size);
    let k = 0;
    const add = (ts: number, dur: number): void => {
      const end = ts + dur;
      if (!(end > ts)) return;
      starts[k] = ts;
      ends[k++] = end;
    };
    for (let i = 0; i < host.ts.length; i++) if (hostRole[host.kind[i]] === role) add(host.ts[i], host.dur[i]);
    for (let j = 0; j < device.ts.length; j++) if (deviceRole[device.kind[j]] === role) add(device.ts[j], device.dur[j]);
    return mergeOwnedIntervals(starts.subarray(0, k), ends.subarray(0, k));
  });
}

/** Each step's window split by category precedence. `deviceRuntime` maps device rows to their launching runtime row. */
export function stepBreakdown(trace: CollectedTrace, deviceRuntime: Int32Array): StepBreakdown[] {
  const windows = stepWindows(trace, deviceRuntime);
  if (windows.length === 0) return [];
  const roles = categoryIntervals(trace);
  return windows.map((w) => {
    let slots: Float64Array = Float64Array.of(w.startUs, w.endUs);
    const durUs = w.endUs - w.startUs;
    const breakdownUs = {} as Record<StepCategory, number>;
    let covered = 0;
    roles.forEach((role, index) => {
      const part = intersect(slots, clip(role, w.startUs, w.endUs));
      const us = totalLength(part);
      breakdownUs[stepCategories[index]] = us;
      covered += us;
      slots = subtract(slots, part);
    });
    // Other is what no category took: the step minus the rest, so the parts add up to the step exactly.
    breakdownUs.other = Math.max(0, durUs - covered);
    return { step: w.step, name: w.name, startUs: w.startUs, durUs, breakdownUs };
  });
}
