// What profiling one ONNX model with ONNX Runtime yields: the shape `tensorsight profile --json` prints
// (docs/cli.md), the Profile panel shows and the graph editor colours nodes by. Times in microseconds unless named Ms.

export type ExecutionProviderName = 'cpu' | 'webgpu' | 'cuda' | 'tensorrt' | 'dml' | 'coreml';

export interface ProviderAvailability {
  name: ExecutionProviderName;
  available: boolean;
  /** Why it is not available (not built into this onnxruntime-node, provider library missing, no GPU, …). */
  reason: string | null;
}

export interface LatencyStats {
  p50: number;
  p90: number;
  p99: number;
  mean: number;
  stdev: number;
  min: number;
  max: number;
}

export interface ProfiledInput {
  name: string;
  dtype: string;
  shape: number[];
  /** 'random' or the file it was read from (.npy, .npz member, .pb). */
  source: string;
}

export interface OpTypeRow {
  op: string;
  calls: number;
  totalUs: number;
  meanUs: number;
  /** Share of the measured runs' time (their `model_run` events), 0..100; control-flow bodies counted once. */
  pct: number;
  providers: string[];
}

export interface NodeRow {
  /** The node name ORT reports (a fused node's own name). */
  name: string;
  op: string;
  provider: string;
  /** Calls per measured run × runs. */
  calls: number;
  totalUs: number;
  meanUs: number;
  p90Us: number;
  /** Share of the measured runs' time (their `model_run` events), 0..100. */
  pct: number;
  /** If/Loop/Scan: its bodies' node time, which their own rows hold; totalUs is the rest (added by O: no double count). */
  bodyUs?: number;
  /** A node of a control-flow body: the If/Loop/Scan row that ran it (added by O). */
  container?: string;
  inputShapes: number[][];
  outputShapes: number[][];
  activationBytes: number | null;
  parameterBytes: number | null;
  /** Ran on the CPU provider although another was asked for. */
  fellBack: boolean;
  /** The model's graph nodes this row stands for: itself, or the nodes ORT fused into it. */
  graphNodes: string[];
}

export interface ModelProfile {
  model: string;
  ep: ExecutionProviderName;
  runs: number;
  warmup: number;
  inputs: ProfiledInput[];
  /** Measured runs without profiling, in ms. */
  latencyMs: LatencyStats;
  /** Runs per second at latencyMs.mean (batch as in the inputs). */
  throughput: number;
  modelLoadMs: number | null;
  sessionInitMs: number | null;
  /** Mean of the profiled runs' `model_run` Session events, in ms, and its excess over latencyMs.mean in %. */
  profiledRunMs: number | null;
  profilingOverheadPct: number | null;
  /** Wall-clock latency of the profiled runs, measured like latencyMs (added by O: overhead compared like for like). */
  profiledLatencyMs?: LatencyStats;
  ops: OpTypeRow[];
  nodes: NodeRow[];
  /** One measured run's node events, for the timeline: start relative to the run, duration, node row index. */
  timeline: { startUs: number; durUs: number; node: number }[];
  /** onnxruntime-node version, and the profile JSON file ORT wrote. */
  runtime: string;
  profileFile: string | null;
  warnings: string[];
}

/** Per op type and per node deltas between two profiles (`a` is the baseline); deltas are b − a. */
export interface ProfileComparison {
  a: { model: string; ep: ExecutionProviderName; meanMs: number };
  b: { model: string; ep: ExecutionProviderName; meanMs: number };
  ops: { op: string; aUs: number | null; bUs: number | null; deltaUs: number; ratio: number | null }[];
  nodes: { name: string; op: string; aUs: number | null; bUs: number | null; deltaUs: number; ratio: number | null }[];
}
