// One trace read for the host: the trace worker (dist/workers/traceSummary.js, a worker thread, so the extension
// host's thread stays free) summarizes the file and builds its timeline, reporting bytes read as it goes.
import * as path from 'node:path';
import { summarizeTraceInWorker, traceWorkerScript } from '../../core/profile/traceWorkerClient';
import type { TraceSummary } from '../../core/profile/traceSummary';
import type { TimelineData } from '../../core/profile/traceTimeline';

/** What one read ends with: the summary (and the timeline when asked for), or why there is none. */
export type TraceLoadResult = { ok: true; summary: TraceSummary; timeline: TimelineData | null } | { ok: false; error: string; cancelled: boolean };

/** A read under way; cancel() stops the worker wherever it is in the file. */
export interface TraceLoad {
  result: Promise<TraceLoadResult>;
  cancel(): void;
}

/** Reads `file` in the trace worker of the extension at `extensionPath`; never rejects. */
export function loadTrace(extensionPath: string, file: string, options: { timeline: boolean }, onProgress: (bytesRead: number, totalBytes: number) => void): TraceLoad {
  const script = traceWorkerScript(path.join(extensionPath, 'dist', 'workers'));
  const load = summarizeTraceInWorker({ path: file, timeline: options.timeline }, { onProgress, script });
  const result = load.result.then((answer): TraceLoadResult => {
    if (answer.ok) return { ok: true, summary: answer.summary, timeline: answer.timeline ?? null };
    return { ok: false, error: answer.error, cancelled: answer.error === 'cancelled' };
  });
  return { result, cancel: load.cancel };
}
