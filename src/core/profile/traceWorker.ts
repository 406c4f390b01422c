// Worker-thread entry (dist/workers/traceSummary.js): summarizes one trace file (and builds its timeline when
// asked) off the caller's thread, posting progress as it reads. The timeline's typed arrays are transferred, not
// copied. Started and stopped by traceWorkerClient.ts, for the CLI's `trace` and the trace editor.
import { parentPort, workerData } from 'node:worker_threads';
import { summarizeTrace } from './summarizeTrace';
import type { TimelineData } from './traceTimeline';
import { TraceReadError } from './traceReadError';
import type { TraceWorkerMessage, TraceWorkerRequest } from './traceWorkerClient';

/** Least time between two progress messages. */
const PROGRESS_EVERY_MS = 100;

function transferables(timeline: TimelineData | undefined): ArrayBuffer[] {
  if (!timeline) return [];
  const arrays = [timeline.startUs, timeline.durUs, timeline.track, timeline.depth, timeline.nameIndex, timeline.category, timeline.flowFrom, timeline.flowTo];
  return arrays.map((array) => array.buffer as ArrayBuffer);
}

async function run(request: TraceWorkerRequest, post: (message: TraceWorkerMessage, transfer?: ArrayBuffer[]) => void): Promise<void> {
  let last = 0;
  try {
    const { summary, timeline } = await summarizeTrace(request.path, {
      timeline: request.timeline ?? false,
      analysis: request.analysis,
      onProgress: (bytesRead, totalBytes) => {
        const now = Date.now();
        if (now - last < PROGRESS_EVERY_MS) return;
        last = now;
        post({ final: false, bytesRead, totalBytes });
      },
    });
    post({ ok: true, summary, timeline }, transferables(timeline));
  } catch (error) {
    // A bad file is the user's input (exit code 1 in the CLI); anything else is ours, with its stack.
    const formatError = error instanceof TraceReadError || (error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'EISDIR' || (error as NodeJS.ErrnoException).code === 'EACCES';
    post({ ok: false, error: formatError ? (error as Error).message : error instanceof Error ? (error.stack ?? error.message) : String(error), formatError });
  }
}

if (parentPort) {
  const port = parentPort;
  void run(workerData as TraceWorkerRequest, (message, transfer) => port.postMessage(message, transfer ?? []));
}
