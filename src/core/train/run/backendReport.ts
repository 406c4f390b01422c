// The backend ladder's vocabulary and its report, free of TF.js so the CLI and the host can show a report
// without loading TF.js (backendLadder.ts, in the training child, makes the report).
import type { BackendChoice } from '../spec/trainSpec';

/** A backend the ladder knows, best first. */
export type BackendName = Exclude<BackendChoice, 'auto'>;
export const BACKEND_LADDER: readonly BackendName[] = ['tfjs-node-gpu', 'webgpu', 'tfjs-node', 'wasm', 'cpu'];

/** One rung: whether it loaded, and why not. */
export interface BackendAttempt {
  backend: BackendName;
  module: string;
  loaded: boolean;
  /** Why it did not load (or was not tried); null when it loaded. */
  reason: string | null;
  /** Where the module (or its native part: Dawn for webgpu, the .wasm files for wasm) was found; null when bundled or not found. */
  resolvedFrom: string | null;
  /** What it computes on, when it loaded: "llvmpipe: Mesa 25.0.7 … (software rendering on the CPU)", "WebAssembly with SIMD, 1 thread on …". */
  device?: string;
}

/** The ladder's outcome, posted by the training child: the backend in use and every rung tried. */
export interface BackendReport {
  chosen: BackendName;
  /** The name tf.getBackend() reports. */
  tfBackend: string;
  attempts: BackendAttempt[];
  /** Where @tensorflow/tfjs-core came from when the trainer ran on the user's TF.js (for tfjs-node); absent when bundled. */
  tfjsFrom?: string;
}

/** One line per rung, for the CLI and the log. */
export function backendReportLines(report: BackendReport): string[] {
  const lines = report.attempts.map((attempt) => `${attempt.loaded ? '✓' : '✗'} ${attempt.backend.padEnd(13)} ${attempt.loaded ? `in use${attempt.device ? `: ${attempt.device}` : ''}` : attempt.reason}`);
  return report.tfjsFrom === undefined ? lines : [...lines, `  TF.js from the user's install: ${report.tfjsFrom}`];
}
