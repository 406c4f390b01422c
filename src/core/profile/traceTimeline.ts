// The timeline a trace editor draws: every duration event, columnar so a million of them travel to the webview as a
// few typed arrays and are drawn without building objects. Built by the trace worker beside the summary.

export interface TimelineTrack {
  /** 'process name / thread name' or 'GPU 0 / stream 7'. */
  label: string;
  pid: string;
  tid: string;
  /** Nesting depth used by this track's events (rows = maxDepth + 1). */
  maxDepth: number;
  /** Sort key: host processes first, then devices by index, as the file's sort-index metadata says. */
  order: number;
}

export interface TimelineData {
  tracks: TimelineTrack[];
  /** Distinct event names; `nameIndex` points here. */
  names: string[];
  /** Per event, sorted by (track, start): start relative to the trace start, duration, track, depth, name. */
  startUs: Float64Array;
  durUs: Float32Array;
  track: Uint16Array;
  depth: Uint8Array;
  nameIndex: Uint32Array;
  /** Per event: its TraceCategory index in traceCategoryOrder (for colour). */
  category: Uint8Array;
  /** CPU→GPU flows (launch → kernel) as event index pairs. */
  flowFrom: Uint32Array;
  flowTo: Uint32Array;
  /** Events that did not fit (beyond `limit`), so the view can say it shows a part. */
  dropped: number;
}

/** Order of TraceCategory values in TimelineData.category. */
export const traceCategoryOrder = [
  'cpu_op', 'user_annotation', 'python_function', 'kernel', 'gpu_memcpy', 'gpu_memset', 'cuda_runtime', 'cuda_driver',
  'cuda_sync', 'communication', 'dataloader', 'memory', 'flow', 'session', 'metadata', 'other',
] as const;

/** A timeline of `events` zeroed events (no flows) to fill in, with `tracks` and `names` to be set by the builder. */
export function allocateTimeline(events: number, names: string[], dropped = 0): TimelineData {
  return {
    tracks: [],
    names,
    startUs: new Float64Array(events),
    durUs: new Float32Array(events),
    track: new Uint16Array(events),
    depth: new Uint8Array(events),
    nameIndex: new Uint32Array(events),
    category: new Uint8Array(events),
    flowFrom: new Uint32Array(0),
    flowTo: new Uint32Array(0),
    dropped,
  };
}
