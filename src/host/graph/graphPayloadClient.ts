// Runs the graph-payload worker for one file, under the parse watchdog, off the extension host's thread.
import type { GraphPayloadResult } from '../../core/graph/graphPayloadWorker';
import { parseTimeoutSetting, requestFromWorker } from '../workerRequest';

/**
 * Parses `modelPath` in a worker thread; resolves with the payload or the reader's error, never throws. A large graph's
 * declared payload (drawn while inference runs) goes to `onDeclared` first.
 */
export function loadGraphPayloadInWorker(extensionPath: string, modelPath: string, onDeclared: (result: GraphPayloadResult) => void, timeoutMs = parseTimeoutSetting()): { result: Promise<GraphPayloadResult>; cancel(): void } {
  return requestFromWorker<GraphPayloadResult>(extensionPath, 'graphPayload', { path: modelPath }, (error) => ({ ok: false, final: true, error, formatError: false }), timeoutMs, onDeclared);
}
