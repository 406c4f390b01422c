// Runs the graph-payload worker for one file, with a time limit, off the extension host's thread.
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { GraphPayloadResult } from '../../core/graph/graphPayloadWorker';

/** Parses `modelPath` in a worker thread; resolves with the payload or the reader's error, never throws. */
export function loadGraphPayloadInWorker(extensionPath: string, modelPath: string, timeoutMs = 300_000): { result: Promise<GraphPayloadResult>; cancel(): void } {
  const worker = new Worker(path.join(extensionPath, 'dist', 'workers', 'graphPayload.js'), { workerData: { path: modelPath } });
  let settle: (result: GraphPayloadResult) => void = () => undefined;
  const result = new Promise<GraphPayloadResult>((resolve) => {
    settle = (value) => {
      clearTimeout(timer);
      void worker.terminate();
      resolve(value);
    };
  });
  const timer = setTimeout(() => settle({ ok: false, error: `${modelPath}: reading took longer than ${timeoutMs / 1000} s and was stopped`, formatError: false }), timeoutMs);
  worker.once('message', (message: GraphPayloadResult) => settle(message));
  worker.once('error', (error) => settle({ ok: false, error: `${modelPath}: the reader failed: ${error.message}`, formatError: false }));
  worker.once('exit', (code) => settle({ ok: false, error: `${modelPath}: the reader stopped (exit code ${code}) before finishing`, formatError: false }));
  return { result, cancel: () => settle({ ok: false, error: 'cancelled', formatError: false }) };
}
