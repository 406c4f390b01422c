// The time window of each step. torch-tb-profiler starts from the host ProfilerStep#N ranges and, when kernels were
// launched inside them, moves each step's end to the end of the last device activity it launched and its start to
// the previous step's end; trailing steps whose kernels the profiler did not capture are dropped.
import type { CollectedTrace } from './traceCollector';
import { HostKind } from './traceCollector';

export interface StepWindow {
  step: number;
  name: string;
  startUs: number;
  endUs: number;
}

export function stepWindows(trace: CollectedTrace, deviceRuntime: Int32Array): StepWindow[] {
  const { host, device } = trace;
  const steps: StepWindow[] = [];
  for (let i = 0; i < host.ts.length; i++) {
    if (host.kind[i] !== HostKind.step) continue;
    const name = trace.names[host.name[i]];
    steps.push({ step: Number(name.slice('ProfilerStep#'.length)), name, startUs: host.ts[i], endUs: host.ts[i] + host.dur[i] });
  }
  if (steps.length === 0) {
    if (!Number.isFinite(trace.startUs)) return [];
    return [{ step: -1, name: 'trace', startUs: trace.startUs, endUs: trace.endUs }];
  }
  steps.sort((a, b) => a.startUs - b.startUs);
  // Per step: how many device rows its runtime calls launched, and their extent.
  const matched = new Array<number>(steps.length).fill(0);
  const deviceStart = new Array<number>(steps.length).fill(Number.POSITIVE_INFINITY);
  const deviceEnd = new Array<number>(steps.length).fill(Number.NEGATIVE_INFINITY);
  const isMatched = new Uint8Array(device.ts.length);
  for (let j = 0; j < device.ts.length; j++) {
    const r = deviceRuntime[j];
    if (r < 0) continue;
    const s = stepHolding(steps, host.ts[r], host.ts[r] + host.dur[r]);
    if (s < 0) continue;
    isMatched[j] = 1;
    matched[s]++;
    deviceStart[s] = Math.min(deviceStart[s], device.ts[j]);
    deviceEnd[s] = Math.max(deviceEnd[s], device.ts[j] + device.dur[j]);
  }
  if (!matched.some((count) => count > 0)) return steps;
  let previousEnd = steps[0].startUs;
  if (Number.isFinite(deviceStart[0])) {
    // Device work launched before the first step but still running when it starts belongs to no step.
    for (let j = 0; j < device.ts.length; j++) {
      const end = device.ts[j] + device.dur[j];
      if (isMatched[j] === 0 && end < deviceStart[0]) previousEnd = Math.max(previousEnd, end);
    }
  }
  steps.forEach((w, i) => {
    const start = Math.max(previousEnd, w.startUs);
    let end = Number.isFinite(deviceEnd[i]) ? Math.max(w.endUs, deviceEnd[i]) : Math.max(w.endUs, start);
    if (end < start) end = start;
    w.startUs = start;
    w.endUs = end;
    previousEnd = end;
  });
  if (steps.length > 1) {
    let last = steps.length - 1;
    while (last >= 0 && matched[last] === 0) last--;
    if (last >= 0) {
      let keep = last + 1;
      // A last step with far fewer kernels than the one before was cut off by the end of profiling.
      if (last > 0 && matched[last - 1] * 0.8 > matched[last]) keep = last;
      steps.length = keep;
    }
  }
  return steps;
}

/** The step whose host range holds [start, end] entirely, or -1 (steps sorted by start, not overlapping). */
function stepHolding(steps: StepWindow[], start: number, end: number): number {
  let lo = 0;
  let hi = steps.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (steps[mid].startUs <= start) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  if (found < 0) return -1;
  const w = steps[found];
  return end <= w.endUs ? found : -1;
}
