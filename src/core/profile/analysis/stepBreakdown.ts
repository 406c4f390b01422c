// Step time and its breakdown, as torch-tb-profiler's overview computes them: steps are the ProfilerStep#N ranges,
// stretched to the end of the device work their runtime calls launched; within each step the categories take time in
// the order Kernel > Memcpy > Memset > Communication > Runtime > DataLoader > CPU Exec > Other, each counting only
// time no earlier category covers, so the parts sum to the step. Without steps, one pseudo-step (-1) spans the trace.
import type { StepBreakdown, StepCategory } from '../traceSummary';
import { stepCategories } from '../traceSummary';
import { Float64Column } from './columns';
import { clip, intersect, mergeIntervals, subtract, totalLength } from './intervals';
import type { CollectedTrace } from './traceCollector';
import { DeviceKind, HostKind } from './traceCollector';
import { stepWindows } from './stepWindows';

/** The merged intervals of each category over the whole trace, in precedence order (Other excluded). */
function categoryIntervals(trace: CollectedTrace): Float64Array[] {
  const { host, device } = trace;
  const pick = (ts: Float64Array, dur: Float64Array, keep: (i: number) => boolean): Float64Array => {
    const starts = new Float64Column();
    const ends = new Float64Column();
    for (let i = 0; i < ts.length; i++) {
      if (!keep(i)) continue;
      starts.push(ts[i]);
      ends.push(ts[i] + dur[i]);
    }
    return mergeIntervals(starts.take(), ends.take());
  };
  const onDevice = (kind: number) => pick(device.ts, device.dur, (i) => device.kind[i] === kind);
  const onHost = (keep: (i: number) => boolean) => pick(host.ts, host.dur, keep);
  const communication = mergeUnion(onDevice(DeviceKind.communication), onHost((i) => host.kind[i] === HostKind.communication));
  return [
    onDevice(DeviceKind.kernel),
    onDevice(DeviceKind.memcpy),
    onDevice(DeviceKind.memset),
    communication,
    onHost((i) => host.kind[i] === HostKind.runtime),
    onHost((i) => host.kind[i] === HostKind.dataLoader),
    onHost((i) => host.kind[i] === HostKind.op || host.kind[i] === HostKind.legacyPython),
  ];
}

function mergeUnion(a: Float64Array, b: Float64Array): Float64Array {
  const starts: number[] = [];
  const ends: number[] = [];
  for (const list of [a, b]) {
    for (let i = 0; i < list.length; i += 2) {
      starts.push(list[i]);
      ends.push(list[i + 1]);
    }
  }
  return mergeIntervals(starts, ends);
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
