// Runs the model-outline worker for one file, under the parse watchdog, off the extension host's thread.
import type { ModelOutlineResult } from '../../core/ir/modelOutlineWorker';
import { parseTimeoutSetting, requestFromWorker } from '../workerRequest';

/** Parses `modelPath` in a worker thread; resolves with the outline or the reader's error, never throws. */
export function loadModelOutline(extensionPath: string, modelPath: string, timeoutMs = parseTimeoutSetting()): { result: Promise<ModelOutlineResult>; cancel(): void } {
  return requestFromWorker<ModelOutlineResult>(extensionPath, 'modelOutline', { path: modelPath }, (error) => ({ ok: false, error, formatError: false }), timeoutMs);
}
