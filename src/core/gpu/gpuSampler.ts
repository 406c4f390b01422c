// The contract every GPU source implements: nvidia-smi today; rocm-smi / amd-smi, NVML through a native
// binding, or a remote DCGM exporter later. Views observe a sampler; they never spawn anything themselves.
import { type Disposable, type Subscribe } from './listeners';
import { type GpuSnapshot } from './gpuSnapshot';

/** Where a sampler stands; `unavailable` carries a reason to show the user as is. */
export type GpuSamplerState =
  | { kind: 'stopped' }
  | { kind: 'starting' }
  | { kind: 'running'; gpuCount: number; fields: string[]; droppedFields: string[] }
  | { kind: 'restarting'; attempt: number; delayMs: number; reason: string }
  | { kind: 'unavailable'; reason: string };

/** Counters for diagnostics and tests. */
export interface GpuSamplerStats {
  snapshots: number;
  /** Output lines that were neither a row nor a known message; each is skipped. */
  malformedLines: number;
  lastMalformedLine: string | undefined;
  /** Restarts of the sampling process(es) after they died. */
  restarts: number;
}

/** A source of GPU snapshots. */
export interface GpuSampler {
  /** Short name of the source, e.g. `nvidia-smi`. */
  readonly source: string;
  readonly state: GpuSamplerState;
  /** The newest snapshot, if any came since the last start. */
  readonly latest: GpuSnapshot | undefined;
  readonly stats: GpuSamplerStats;
  readonly onSnapshot: Subscribe<GpuSnapshot>;
  readonly onState: Subscribe<GpuSamplerState>;
  /** Starts sampling (checking availability first, once). Prefer acquire(), which stops when unobserved. */
  start(): void;
  /** Stops sampling; resolves once every child process has exited. */
  stop(): Promise<void>;
  /** Registers an observer: sampling runs while at least one observer holds a handle. */
  acquire(): Disposable;
  /** Checks availability again (after a driver install, say) and resumes sampling if observed. */
  refresh(): Promise<GpuSamplerState>;
  dispose(): void;
}
