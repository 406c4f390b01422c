// ONNX Runtime's profile JSON (SessionOptions.enableProfiling): an array of Chrome trace 'X' events. Session
// events time the model load, the session initialization and each run (`model_run`); Node events time each
// kernel (`<node name>_kernel_time`, with op_name, provider and shapes in args).

/** One kernel execution. */
export interface OrtNodeEvent {
  /** The node's name in the session's optimized graph (`_kernel_time` removed). */
  name: string;
  op: string;
  provider: string;
  /** The thread it ran on (a control-flow body runs on its container's). */
  tid: number;
  ts: number;
  dur: number;
  inputShapes: number[][];
  outputShapes: number[][];
  activationBytes: number | null;
  parameterBytes: number | null;
}

/** A Session event's window, in µs from the profile's start. */
export interface OrtWindow {
  ts: number;
  dur: number;
}

/** What a profile file says. */
export interface OrtProfileEvents {
  modelLoad: OrtWindow | null;
  sessionInit: OrtWindow | null;
  /** Every `model_run`, in time order (warm-up runs included). */
  runs: OrtWindow[];
  /** Every kernel event, in time order. */
  nodes: OrtNodeEvent[];
}

const KERNEL_SUFFIX = '_kernel_time';

/** Reads ORT's profile events from the parsed JSON; `file` names the source in errors. */
export function readOrtProfileEvents(json: unknown, file: string): OrtProfileEvents {
  if (!Array.isArray(json)) throw new Error(`${file}: expected ONNX Runtime's profile, a JSON array of trace events`);
  const result: OrtProfileEvents = { modelLoad: null, sessionInit: null, runs: [], nodes: [] };
  for (const event of json as Record<string, unknown>[]) {
    if (typeof event !== 'object' || event === null || typeof event.ts !== 'number' || typeof event.dur !== 'number') continue;
    const name = String(event.name);
    const window = { ts: event.ts, dur: event.dur };
    if (event.cat === 'Session') {
      if (name === 'model_run') result.runs.push(window);
      else if (name === 'model_loading_uri' || name === 'model_loading_array') result.modelLoad = window;
      else if (name === 'session_initialization') result.sessionInit = window;
    } else if (event.cat === 'Node' && name.endsWith(KERNEL_SUFFIX)) {
      const args = (event.args ?? {}) as Record<string, unknown>;
      result.nodes.push({
        name: name.slice(0, -KERNEL_SUFFIX.length),
        op: String(args.op_name ?? ''),
        provider: String(args.provider ?? ''),
        tid: Number(event.tid ?? 0),
        ...window,
        inputShapes: typeShapes(args.input_type_shape),
        outputShapes: typeShapes(args.output_type_shape),
        activationBytes: byteCount(args.activation_size),
        parameterBytes: byteCount(args.parameter_size),
      });
    }
  }
  result.runs.sort((a, b) => a.ts - b.ts);
  result.nodes.sort((a, b) => a.ts - b.ts);
  return result;
}

/** `[{"float": [1, 3, 224, 224]}, ...]` to `[[1, 3, 224, 224], ...]`. */
function typeShapes(value: unknown): number[][] {
  if (!Array.isArray(value)) return [];
  return value.map((entry) => {
    const shape = typeof entry === 'object' && entry !== null ? Object.values(entry as Record<string, unknown>)[0] : undefined;
    return Array.isArray(shape) ? shape.map(Number) : [];
  });
}

function byteCount(value: unknown): number | null {
  const count = Number(value);
  return value === undefined || !Number.isFinite(count) ? null : count;
}

/** Index of the run whose window holds `ts`, or -1 (runs ascending by ts). */
export function runIndexAt(runs: readonly OrtWindow[], ts: number): number {
  let low = 0;
  let high = runs.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (runs[middle].ts > ts) high = middle - 1;
    else if (runs[middle].ts + runs[middle].dur < ts) low = middle + 1;
    else return middle;
  }
  return -1;
}
