// Messages the training child posts to its parent (the CLI, later the extension host), in order: backend, start,
// then batch and epoch messages (checkpoint after an epoch that saves one), then done or error.

/** Metric values by name: `loss`, the spec's metrics, and `val_*` on validation data. */
export type MetricValues = Record<string, number>;

/** The request the parent sends the child once. */
export interface TrainRequest {
  specFile: string;
  /** Where run folders go (`tensorsight-runs`), resolved by the parent. */
  runsRoot: string;
  /** Overrides the spec's `backend`. */
  backend?: string;
  /** Folders to resolve optional backends from (workspace, extension). */
  searchDirs: string[];
  /** A checkpoint folder to resume from; overrides the spec's `resumeFrom`. */
  resumeFrom?: string;
}

export type TrainMessage =
  | { kind: 'backend'; report: import('./backendReport').BackendReport }
  | { kind: 'start'; runId: string; runDir: string; seed: number; trainSamples: number; validationSamples: number; stepsPerEpoch: number; epochs: number; parameters: number }
  | { kind: 'batch'; epoch: number; batch: number; step: number; values: MetricValues; samplesPerSecond: number }
  | { kind: 'epoch'; epoch: number; step: number; values: MetricValues; samplesPerSecond: number; seconds: number }
  | { kind: 'checkpoint'; epoch: number; dir: string }
  | { kind: 'done'; runDir: string; modelDir: string; epochs: number; stoppedEarly: boolean; values: MetricValues; samplesPerSecond: number; stopped?: boolean }
  | { kind: 'error'; message: string; specProblems?: { field: string; line: number; column: number; message: string }[] };
