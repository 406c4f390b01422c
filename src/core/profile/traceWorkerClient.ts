// Starts the trace worker (traceWorker.ts) under the parse watchdog and hands back its answer: one client for the
// CLI's `trace` and the extension host's trace editor. Cancel terminates the worker, wherever it is in the file.
import * as path from 'node:path';
import { runWatched, type WorkerScript } from '../parse/parseWatchdog';
import { workerScript } from '../parse/workerScript';
import type { TraceAnalysisOptions } from './analysis/traceAnalysis';
import type { TimelineOptions } from './timelineBuilder';
import type { TraceSummary } from './traceSummary';
import type { TimelineData } from './traceTimeline';

/** What the caller sends the worker: the file, and whether to build the timeline too. */
export interface TraceWorkerRequest {
  path: string;
  timeline?: boolean | TimelineOptions;
  analysis?: TraceAnalysisOptions;
}

/** The worker's answer: the summary (and timeline), or why not (`formatError`: the file is bad, not the reader). */
export type TraceWorkerResult = { ok: true; summary: TraceSummary; timeline?: TimelineData } | { ok: false; error: string; formatError: boolean };

/** Everything the worker posts: progress (`final: false`) while it reads, then one result. */
export type TraceWorkerMessage = { final: false; bytesRead: number; totalBytes: number } | TraceWorkerResult;

export interface TraceWorkerOptions {
  /** Bytes of the file read so far (compressed bytes for gzip). */
  onProgress?(bytesRead: number, totalBytes: number): void;
  /** Stop after this long (default: no limit; a multi-GB trace takes a while, and progress shows it moving). */
  timeoutMs?: number;
  /** Where the bundled worker is (default: dist/workers beside the running bundle). */
  script?: WorkerScript;
}

/** The worker's script: dist/workers/traceSummary.js next to the bundle, or its .ts source under tsx. */
export function traceWorkerScript(bundleDir = path.join(__dirname, 'workers')): WorkerScript {
  return workerScript(bundleDir, 'traceSummary', path.join(__dirname, 'traceWorker.ts'), __filename);
}

/** Summarizes `request.path` in a worker thread; the result never rejects (failures come as `ok: false`). */
export function summarizeTraceInWorker(request: TraceWorkerRequest, options: TraceWorkerOptions = {}): { result: Promise<TraceWorkerResult>; cancel(): void } {
  const { onProgress } = options;
  return runWatched<TraceWorkerMessage>(options.script ?? traceWorkerScript(), request, {
    subject: request.path,
    timeoutMs: options.timeoutMs ?? Infinity,
    fail: (error, stop) => ({ ok: false, error, formatError: stop === 'timeout' }),
    onPartial: (message) => {
      if ('bytesRead' in message) onProgress?.(message.bytesRead, message.totalBytes);
    },
  }) as { result: Promise<TraceWorkerResult>; cancel(): void };
}
