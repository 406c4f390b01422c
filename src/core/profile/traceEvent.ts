// One event of a profiler trace, normalized across the dialects Tensorsight reads (PyTorch Kineto, the older Kineto
// of PyTorch 1.8/1.9 with capitalised categories, the Kineto-less array CPU-only torch builds write, ONNX Runtime
// profiles, TensorFlow's trace viewer JSON, plain Chrome trace JSON). The streaming reader (traceReader.ts) builds
// one per event and hands it to every TraceVisitor; nothing keeps the whole list.

/** What an event is, in torch-tb-profiler's terms; `other` for everything the dialect does not map. */
export type TraceCategory =
  | 'cpu_op' // an operator on the host (aten::conv2d, an ORT node, a TF op)
  | 'user_annotation' // record_function ranges, ProfilerStep#N
  | 'python_function'
  | 'kernel' // a device kernel
  | 'gpu_memcpy'
  | 'gpu_memset'
  | 'cuda_runtime' // cudaLaunchKernel and the like
  | 'cuda_driver'
  | 'cuda_sync'
  | 'communication' // nccl kernels and ops
  | 'dataloader' // DataLoader iterations (enumerate(DataLoader)#… names)
  | 'memory' // the `[memory]` instant events: allocation deltas
  | 'flow' // 's'/'f' flow start and finish (ac2g, fwdbwd)
  | 'session' // ORT Session events (model_loading, session_initialization, model_run)
  | 'metadata' // 'M' events: process and thread names, sort indexes
  | 'other';

export interface TraceEvent {
  /** Chrome trace phase: 'X' complete, 'B'/'E' begin/end (already paired into 'X' by the reader), 'i' instant, 's'/'f' flow, 'C' counter, 'M' metadata. */
  ph: string;
  name: string;
  category: TraceCategory;
  /** The category string the file wrote, or '' when it wrote none. */
  rawCategory: string;
  /** Microseconds, as in the file (Kineto: absolute epoch µs; ORT: from session start). */
  ts: number;
  /** Microseconds; 0 for instants. */
  dur: number;
  /** Process and thread as the file wrote them (numbers or strings such as "CPU functions", "Spans"). */
  pid: number | string;
  tid: number | string;
  /** Flow id for 's'/'f' events. */
  id?: number | string;
  /** The event's args object as written, or undefined. */
  args?: Record<string, unknown>;
}

/** The file-level facts that are not events. */
export interface TraceMetadata {
  dialect: TraceDialect;
  /** Top-level keys such as schemaVersion, traceName, displayTimeUnit, distributedInfo; deviceProperties is below. */
  fields: Record<string, unknown>;
  /** Kineto's `deviceProperties` (or older `computeProperties`): one object per GPU. */
  deviceProperties: Record<string, unknown>[];
}

export type TraceDialect = 'kineto' | 'kineto-legacy' | 'torch-autograd' | 'onnxruntime' | 'tensorflow' | 'chrome';

/** Receives the events of one trace in file order, then `finish`. Analyses are visitors so one pass feeds them all. */
export interface TraceVisitor<Result> {
  event(event: TraceEvent): void;
  finish(metadata: TraceMetadata): Result;
}
