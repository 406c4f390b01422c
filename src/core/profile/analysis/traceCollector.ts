// The one pass: keeps, per event the analyses need, a row of numbers in typed columns (host ranges, device
// activities, memory instants) and nothing else. Every analysis of analysis/ is a function over what this collects.
import { isDeviceCategory } from '../eventCategory';
import type { TraceCategory, TraceEvent, TraceMetadata, TraceVisitor } from '../traceEvent';
import type { IndexArray, NumberArray } from './columns';
import { Float64Column, IndexColumn, NumberColumn, numberArg, StringTable, Uint8Column } from './columns';
import { frameOfCallStack } from './userFrame';

/** What a host range is, for the step breakdown and the operator table (legacyPython: old Kineto's 'Python' category,
 * which torch-tb-profiler counts as CPU Exec). */
export const HostKind = { op: 0, annotation: 1, step: 2, python: 3, dataLoader: 4, communication: 5, runtime: 6, legacyPython: 7 } as const;
/** What a device activity is. */
export const DeviceKind = { kernel: 0, memcpy: 1, memset: 2, communication: 3 } as const;

// Columns are as narrow as their values allow (see columns.ts): a float32 when every value is exactly one, an 8- or
// 16-bit index when the table is small. Reads give the same numbers as float64/int32 columns would.
export interface HostColumns {
  ts: Float64Array;
  dur: NumberArray;
  /** Index into `threads` ("pid|tid"). */
  thread: IndexArray;
  name: IndexArray;
  kind: Uint8Array;
  /** Index into `shapes` (the `Input Dims` arg as JSON), -1 when absent. */
  shape: IndexArray;
  /** Runtime rows: the `correlation` arg; NaN elsewhere. */
  correlation: NumberArray;
  /** Index into `sources` ("file\nline") from the `Call stack` arg's first user frame, -1 when absent. */
  source: IndexArray;
}

export interface DeviceColumns {
  ts: Float64Array;
  dur: NumberArray;
  /** The GPU: the `device` arg, else the event's numeric pid. */
  device: IndexArray;
  name: IndexArray;
  kind: Uint8Array;
  correlation: NumberArray;
  /** `blocks per SM` as written (NaN when not); launchMetrics fills it from the grid and deviceProperties. */
  blocksPerSm: Float64Array;
  /** `est. achieved occupancy %` as written (NaN when not); launchMetrics fills the estimate. */
  occupancy: Float64Array;
  /** Blocks in the grid (x·y·z), NaN when not written. */
  gridBlocks: NumberArray;
  /** Index into `launchShapes` ([threads per block, registers per thread, shared memory bytes]), -1 when unknown. */
  launch: IndexArray;
}

export interface MemoryColumns {
  ts: Float64Array;
  /** Index into `memoryDevices` ('CPU', 'GPU0', …). */
  device: IndexArray;
  thread: IndexArray;
  allocated: Float64Array;
  /** NaN when the event does not say. */
  reserved: Float64Array;
}

/** Per kernel name, what the kernel table shows that needs no join (kept while streaming). */
export interface KernelAggregate {
  calls: number;
  totalUs: number;
  minUs: number;
  maxUs: number;
  grid: number[] | null;
  block: number[] | null;
  registersPerThread: number | null;
  sharedMemoryBytes: number | null;
}

export interface CollectedTrace {
  metadata: TraceMetadata;
  /** First timestamp and last end over every timed event (µs); NaN when the trace has none. */
  startUs: number;
  endUs: number;
  host: HostColumns;
  device: DeviceColumns;
  memory: MemoryColumns;
  names: string[];
  threads: string[];
  shapes: string[];
  sources: string[];
  memoryDevices: string[];
  launchShapes: [number, number, number][];
  kernels: Map<number, KernelAggregate>;
}

const hostKinds: Partial<Record<TraceCategory, number>> = {
  cpu_op: HostKind.op,
  user_annotation: HostKind.annotation,
  python_function: HostKind.python,
  dataloader: HostKind.dataLoader,
  communication: HostKind.communication,
  cuda_runtime: HostKind.runtime,
  cuda_driver: HostKind.runtime,
};

const deviceKinds: Partial<Record<TraceCategory, number>> = {
  kernel: DeviceKind.kernel,
  gpu_memcpy: DeviceKind.memcpy,
  gpu_memset: DeviceKind.memset,
  communication: DeviceKind.communication,
};

/** Collects the columns of one trace; `finish` hands them over (the visitor keeps nothing after). */
export class TraceCollector implements TraceVisitor<CollectedTrace> {
  private start = Number.POSITIVE_INFINITY;
  private end = Number.NEGATIVE_INFINITY;
  private readonly names = new StringTable();
  private readonly threads = new StringTable();
  private readonly shapes = new StringTable();
  private readonly sources = new StringTable();
  /** `Call stack` arg → index into sources (-1: no user frame); the same stacks recur on every call of an op. */
  private readonly stackSources = new Map<string, number>();
  private readonly memoryDevices = new StringTable();
  private readonly kernels = new Map<number, KernelAggregate>();
  private readonly launchShapes = new StringTable();
  // Consecutive events mostly share a thread: remember the last one instead of building its key again.
  private lastPid: number | string | undefined;
  private lastTid: number | string | undefined;
  private lastThread = -1;
  private readonly runningAllocated: number[] = [];

  // ts, and the columns launchMetrics writes fractions into, stay float64; the rest start narrow (columns.ts).
  private readonly h = {
    ts: new Float64Column(), dur: new NumberColumn(), thread: new IndexColumn(), name: new IndexColumn(),
    kind: new Uint8Column(), shape: new IndexColumn(), correlation: new NumberColumn(), source: new IndexColumn(),
  };
  private readonly d = {
    ts: new Float64Column(), dur: new NumberColumn(), device: new IndexColumn(),
    name: new IndexColumn(), kind: new Uint8Column(), correlation: new NumberColumn(),
    blocksPerSm: new Float64Column(), occupancy: new Float64Column(), gridBlocks: new NumberColumn(),
    launch: new IndexColumn(),
  };
  private readonly m = {
    ts: new Float64Column(), device: new IndexColumn(), thread: new IndexColumn(), allocated: new Float64Column(),
    reserved: new Float64Column(),
  };

  event(e: TraceEvent): void {
    // Metadata and phase-less objects (TF writes a trailing `{}`) carry no time.
    if (e.ph === 'M' || e.ph === '' || !Number.isFinite(e.ts)) return;
    const dur = Number.isFinite(e.dur) && e.dur > 0 ? e.dur : 0;
    if (e.ts < this.start) this.start = e.ts;
    if (e.ts + dur > this.end) this.end = e.ts + dur;
    if (e.category === 'memory') {
      this.memoryEvent(e);
      return;
    }
    if (e.ph !== 'X') return;
    if (isDeviceCategory(e.category, e.rawCategory)) {
      this.deviceEvent(e, dur, deviceKinds[e.category] ?? DeviceKind.kernel);
      return;
    }
    const kind = hostKinds[e.category];
    if (kind !== undefined) this.hostEvent(e, dur, kind);
  }

  private hostEvent(e: TraceEvent, dur: number, kind: number): void {
    const h = this.h;
    const isStep = kind === HostKind.annotation && e.name.startsWith('ProfilerStep#');
    h.ts.push(e.ts);
    h.dur.push(dur);
    h.thread.push(this.threadOf(e));
    h.name.push(this.names.intern(e.name));
    h.kind.push(isStep ? HostKind.step : kind === HostKind.python && e.rawCategory === 'Python' ? HostKind.legacyPython : kind);
    const dims = e.args?.['Input Dims'] ?? e.args?.['Input dims'];
    h.shape.push(dims === undefined ? -1 : this.shapes.intern(JSON.stringify(dims)));
    h.correlation.push(kind === HostKind.runtime ? numberArg(e.args, 'correlation') : Number.NaN);
    const stack = e.args?.['Call stack'];
    h.source.push(typeof stack === 'string' && stack !== '' ? this.sourceOf(stack) : -1);
  }

  private sourceOf(stack: string): number {
    let source = this.stackSources.get(stack);
    if (source === undefined) {
      const frame = frameOfCallStack(stack);
      source = frame === undefined ? -1 : this.sources.intern(`${frame.file}\n${frame.line}`);
      this.stackSources.set(stack, source);
    }
    return source;
  }

  private threadOf(e: TraceEvent): number {
    if (e.pid !== this.lastPid || e.tid !== this.lastTid) {
      this.lastPid = e.pid;
      this.lastTid = e.tid;
      this.lastThread = this.threads.intern(`${String(e.pid)}|${String(e.tid)}`);
    }
    return this.lastThread;
  }

  private deviceEvent(e: TraceEvent, dur: number, kind: number): void {
    const d = this.d;
    const args = e.args;
    let device = numberArg(args, 'device');
    if (!Number.isFinite(device)) device = typeof e.pid === 'number' ? e.pid : 0;
    const name = this.names.intern(e.name);
    d.ts.push(e.ts);
    d.dur.push(dur);
    d.device.push(device);
    d.name.push(name);
    d.kind.push(kind);
    d.correlation.push(numberArg(args, 'correlation'));
    d.blocksPerSm.push(numberArg(args, 'blocks per SM'));
    d.occupancy.push(numberArg(args, 'est. achieved occupancy %'));
    const grid = dim3(args?.grid);
    const block = dim3(args?.block);
    d.gridBlocks.push(grid === null ? Number.NaN : grid.reduce((a, b) => a * b, 1));
    const registers = numberArg(args, 'registers per thread');
    const shared = numberArg(args, 'shared memory');
    const known = block !== null && Number.isFinite(registers) && Number.isFinite(shared);
    d.launch.push(known ? this.launchShapes.intern(`${block.reduce((a, b) => a * b, 1)},${registers},${shared}`) : -1);
    if (kind === DeviceKind.kernel || kind === DeviceKind.communication) this.aggregateKernel(name, dur, args);
  }

  private aggregateKernel(name: number, dur: number, args: Record<string, unknown> | undefined): void {
    let agg = this.kernels.get(name);
    if (agg === undefined) {
      agg = { calls: 0, totalUs: 0, minUs: dur, maxUs: -1, grid: null, block: null, registersPerThread: null, sharedMemoryBytes: null };
      this.kernels.set(name, agg);
    }
    agg.calls++;
    agg.totalUs += dur;
    if (dur < agg.minUs) agg.minUs = dur;
    if (dur > agg.maxUs) {
      // The launch shape of the longest call: the one a reader of the table looks at first.
      agg.maxUs = dur;
      agg.grid = dim3(args?.grid);
      agg.block = dim3(args?.block);
      agg.registersPerThread = finiteOrNull(numberArg(args, 'registers per thread'));
      agg.sharedMemoryBytes = finiteOrNull(numberArg(args, 'shared memory'));
    }
  }

  private memoryEvent(e: TraceEvent): void {
    const args = e.args;
    const type = args?.['Device Type'];
    const id = numberArg(args, 'Device Id');
    const label = type === 1 || type === 'cuda' ? `GPU${Number.isFinite(id) ? id : 0}` : type === 0 || type === undefined ? 'CPU' : `${String(type)}${Number.isFinite(id) && id >= 0 ? id : ''}`;
    const device = this.memoryDevices.intern(label);
    let allocated = numberArg(args, 'Total Allocated');
    if (!Number.isFinite(allocated)) {
      // Traces without totals: the running sum of the allocation deltas.
      const bytes = numberArg(args, 'Bytes');
      allocated = (this.runningAllocated[device] ?? 0) + (Number.isFinite(bytes) ? bytes : 0);
    }
    this.runningAllocated[device] = allocated;
    const m = this.m;
    m.ts.push(e.ts);
    m.device.push(device);
    m.thread.push(this.threadOf(e));
    m.allocated.push(allocated);
    m.reserved.push(numberArg(args, 'Total Reserved'));
  }

  finish(metadata: TraceMetadata): CollectedTrace {
    const h = this.h;
    const d = this.d;
    const m = this.m;
    const empty = !(this.end >= this.start);
    return {
      metadata,
      startUs: empty ? Number.NaN : this.start,
      endUs: empty ? Number.NaN : this.end,
      host: {
        ts: h.ts.take(), dur: h.dur.take(), thread: h.thread.take(), name: h.name.take(), kind: h.kind.take(),
        shape: h.shape.take(), correlation: h.correlation.take(), source: h.source.take(),
      },
      device: {
        ts: d.ts.take(), dur: d.dur.take(), device: d.device.take(), name: d.name.take(),
        kind: d.kind.take(), correlation: d.correlation.take(), blocksPerSm: d.blocksPerSm.take(), occupancy: d.occupancy.take(),
        gridBlocks: d.gridBlocks.take(), launch: d.launch.take(),
      },
      memory: { ts: m.ts.take(), device: m.device.take(), thread: m.thread.take(), allocated: m.allocated.take(), reserved: m.reserved.take() },
      names: this.names.values,
      threads: this.threads.values,
      shapes: this.shapes.values,
      sources: this.sources.values,
      memoryDevices: this.memoryDevices.values,
      launchShapes: this.launchShapes.values.map((v) => v.split(',').map(Number) as [number, number, number]),
      kernels: this.kernels,
    };
  }
}

function dim3(value: unknown): number[] | null {
  return Array.isArray(value) && value.every((v) => typeof v === 'number') ? (value as number[]) : null;
}

function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}
