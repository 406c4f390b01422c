// Two traces' operator and kernel tables side by side (`a` the baseline): per name, each side's total time and
// calls and the change b − a, largest change first; and the mean step time of each. An op only one side ran has
// null on the other side and counts as 0 in the delta.
import type { TraceDiff, TraceSummary } from '../traceSummary';

interface Timed {
  name: string;
  us: number;
  calls: number;
}

function sideBySide(a: Timed[], b: Timed[]): TraceDiff['ops'] {
  const rows = new Map<string, TraceDiff['ops'][number]>();
  const row = (name: string) => {
    let r = rows.get(name);
    if (r === undefined) {
      r = { name, aUs: null, bUs: null, deltaUs: 0, aCalls: 0, bCalls: 0 };
      rows.set(name, r);
    }
    return r;
  };
  // Rows grouped by input shape share a name: add them up.
  for (const t of a) {
    const r = row(t.name);
    r.aUs = (r.aUs ?? 0) + t.us;
    r.aCalls += t.calls;
  }
  for (const t of b) {
    const r = row(t.name);
    r.bUs = (r.bUs ?? 0) + t.us;
    r.bCalls += t.calls;
  }
  for (const r of rows.values()) r.deltaUs = (r.bUs ?? 0) - (r.aUs ?? 0);
  return [...rows.values()].sort((x, y) => Math.abs(y.deltaUs) - Math.abs(x.deltaUs) || x.name.localeCompare(y.name));
}

/** Mean step duration; the pseudo-step of a trace without steps is its span. */
function meanStepUs(summary: TraceSummary): number {
  if (summary.steps.length === 0) return summary.spanUs;
  return summary.steps.reduce((sum, s) => sum + s.durUs, 0) / summary.steps.length;
}

/** Operators compare by host total time (what both sides have, GPU or not); kernels by total time. */
export function diffTraces(a: TraceSummary, b: TraceSummary): TraceDiff {
  const ops = (s: TraceSummary): Timed[] => s.ops.map((o) => ({ name: o.name, us: o.hostTotalUs, calls: o.calls }));
  const kernels = (s: TraceSummary): Timed[] => s.kernels.map((k) => ({ name: k.name, us: k.totalUs, calls: k.calls }));
  const stepA = meanStepUs(a);
  const stepB = meanStepUs(b);
  return {
    a: a.file,
    b: b.file,
    ops: sideBySide(ops(a), ops(b)),
    kernels: sideBySide(kernels(a), kernels(b)),
    stepUs: { a: stepA, b: stepB, deltaUs: stepB - stepA },
  };
}
