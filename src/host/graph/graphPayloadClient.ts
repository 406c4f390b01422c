// Runs the graph-payload worker for one file, with a time limit, off the extension host's thread.
import type { GraphPayloadResult } from '../../core/graph/graphPayloadWorker';
import { requestFromWorker } from '../workerRequest';

/** Parses `modelPath` in a worker thread; resolves with the payload or the reader's error, never throws. */
export function loadGraphPayloadInWorker(extensionPath: string, modelPath: string, timeoutMs = 300_000): { result: Promise<GraphPayloadResult>; cancel(): void } {
  return requestFromWorker<GraphPayloadResult>(extensionPath, 'graphPayload', { path: modelPath }, (error) => ({ ok: false, error, formatError: false }), timeoutMs);
}
