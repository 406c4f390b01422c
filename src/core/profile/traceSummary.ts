// What one pass over a trace yields: the shape `tensorsight trace --json` prints (docs/cli.md) and the trace editor
// shows. Times are microseconds. A figure the trace cannot give (no GPU events, no kernel args) is null, never 0.
import type { TraceDialect } from './traceEvent';

/** torch-tb-profiler's step-time categories, in their precedence: each counts only time not covered by those before. */
export const stepCategories = ['kernel', 'memcpy', 'memset', 'communication', 'runtime', 'dataloader', 'cpuExec', 'other'] as const;
export type StepCategory = (typeof stepCategories)[number];

export interface StepBreakdown {
  /** `ProfilerStep#12` → 12; when the trace has no steps, one pseudo-step over the whole span with step -1. */
  step: number;
  name: string;
  startUs: number;
  durUs: number;
  /** Sums to durUs. */
  breakdownUs: Record<StepCategory, number>;
}

export interface OperatorRow {
  name: string;
  /** Set when rows are grouped by input shape (`Input Dims` / `Input type` args). */
  inputShapes?: string;
  calls: number;
  hostTotalUs: number;
  hostSelfUs: number;
  /** Aliases of hostTotalUs / hostSelfUs, the names DESIGN.md §4's `tensorsight trace` contract gives (set by summarizeTrace). */
  totalUs?: number;
  selfUs?: number;
  /** Kernel time launched by this op (through correlation ids); null without device events. */
  deviceTotalUs: number | null;
  deviceSelfUs: number | null;
  /** Where the slowest call was made: the first user frame of its `Call stack`/python_function parents. */
  source?: { file: string; line: number };
}

export interface KernelRow {
  name: string;
  calls: number;
  totalUs: number;
  meanUs: number;
  maxUs: number;
  minUs: number;
  /** From kernel args, when written: `grid`, `block` as [x, y, z]; registers per thread; shared memory bytes. */
  grid: number[] | null;
  block: number[] | null;
  registersPerThread: number | null;
  sharedMemoryBytes: number | null;
  /** Mean `est. achieved occupancy %` (or estimated from deviceProperties), 0..100. */
  occupancyPct: number | null;
  /** By the documented kernel-name patterns (torch-tb-profiler's TC_Allowlist). */
  tensorCores: boolean;
  /** The operator that launched it (most often), when correlation links it. */
  operator: string | null;
}

export interface MemoryCurve {
  /** Per device ('CPU', 'GPU0', …): time in µs and bytes allocated/reserved after each `[memory]` event. */
  devices: { device: string; timesUs: number[]; allocatedBytes: number[]; reservedBytes: (number | null)[]; peakBytes: number; peakAtUs: number; peakOperator: string | null }[];
}

export interface IdleTime {
  /** Per GPU: HTA's split of idle time (host wait, kernel wait, other) over the trace span. */
  devices: { device: string; busyUs: number; idleUs: number; hostWaitUs: number; kernelWaitUs: number; otherUs: number }[];
}

export interface GpuUtilization {
  device: string;
  /** Busy time / span, 0..100. */
  utilizationPct: number;
  /** Kernel-time-weighted mean SM efficiency (blocks per SM, capped at 1) where kernel args allow; else null. */
  smEfficiencyPct: number | null;
  occupancyPct: number | null;
}

export interface TraceSummary {
  file: string;
  fileBytes: number;
  dialect: TraceDialect;
  /** Events read (every phase). */
  events: number;
  startUs: number;
  spanUs: number;
  steps: StepBreakdown[];
  ops: OperatorRow[];
  kernels: KernelRow[];
  memory: MemoryCurve;
  idle: IdleTime;
  gpus: GpuUtilization[];
  /** The file's deviceProperties, as written. */
  deviceProperties: Record<string, unknown>[];
  /** Things the reader skipped or could not interpret, each with where (byte offset) and why. */
  warnings: string[];
}

/** Two traces' tables side by side (`a` is the baseline): deltas are b − a. */
export interface TraceDiff {
  a: string;
  b: string;
  ops: { name: string; aUs: number | null; bUs: number | null; deltaUs: number; aCalls: number; bCalls: number }[];
  kernels: { name: string; aUs: number | null; bUs: number | null; deltaUs: number; aCalls: number; bCalls: number }[];
  stepUs: { a: number; b: number; deltaUs: number };
}
