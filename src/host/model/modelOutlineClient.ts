// Runs the model-outline worker for one file, with a time limit, off the extension host's thread.
import type { ModelOutlineResult } from '../../core/ir/modelOutlineWorker';
import { requestFromWorker } from '../workerRequest';

/** Parses `modelPath` in a worker thread; resolves with the outline or the reader's error, never throws. */
export function loadModelOutline(extensionPath: string, modelPath: string, timeoutMs = 120_000): { result: Promise<ModelOutlineResult>; cancel(): void } {
  return requestFromWorker<ModelOutlineResult>(extensionPath, 'modelOutline', { path: modelPath }, (error) => ({ ok: false, error, formatError: false }), timeoutMs);
}
