// Runs the model-outline worker for one file, with a time limit, off the extension host's thread.
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ModelOutlineResult } from '../../core/ir/modelOutlineWorker';

/** Parses `modelPath` in a worker thread; resolves with the outline or the reader's error, never throws. */
export function loadModelOutline(extensionPath: string, modelPath: string, timeoutMs = 120_000): { result: Promise<ModelOutlineResult>; cancel(): void } {
  const worker = new Worker(path.join(extensionPath, 'dist', 'workers', 'modelOutline.js'), { workerData: { path: modelPath } });
  let settle: (result: ModelOutlineResult) => void = () => undefined;
  const result = new Promise<ModelOutlineResult>((resolve) => {
    settle = (value) => {
      clearTimeout(timer);
      void worker.terminate();
      resolve(value);
    };
  });
  const timer = setTimeout(() => settle({ ok: false, error: `${modelPath}: reading took longer than ${timeoutMs / 1000} s and was stopped`, formatError: false }), timeoutMs);
  worker.once('message', (message: ModelOutlineResult) => settle(message));
  worker.once('error', (error) => settle({ ok: false, error: `${modelPath}: the reader failed: ${error.message}`, formatError: false }));
  worker.once('exit', (code) => settle({ ok: false, error: `${modelPath}: the reader stopped (exit code ${code}) before finishing`, formatError: false }));
  return { result, cancel: () => settle({ ok: false, error: 'cancelled', formatError: false }) };
}
