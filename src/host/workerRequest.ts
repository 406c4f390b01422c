// One request to a worker-thread bundle in dist/workers: start it, take its one message, stop it. Heavy
// parsing runs there so the extension host's thread stays free.
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';

/** A failure the worker could not report itself (time limit, crash, cancel), in the caller's result shape. */
export type WorkerFailure<T> = (error: string) => T;

/**
 * Runs `dist/workers/<bundle>.js` on `workerData`; resolves with its message or `fail(reason)`, never throws. A message
 * marked `final: false` is an early part of the answer: it goes to `onPartial` and the worker keeps running.
 */
export function requestFromWorker<T>(extensionPath: string, bundle: string, workerData: { path: string }, fail: WorkerFailure<T>, timeoutMs: number, onPartial?: (message: T) => void): { result: Promise<T>; cancel(): void } {
  const worker = new Worker(path.join(extensionPath, 'dist', 'workers', `${bundle}.js`), { workerData });
  let settled = false;
  let resolveResult: (result: T) => void = () => undefined;
  const result = new Promise<T>((resolve) => {
    resolveResult = resolve;
  });
  const settle = (value: T): void => {
    if (settled) return;
    settled = true;
    clearTimeout(timer);
    void worker.terminate();
    resolveResult(value);
  };
  const subject = workerData.path;
  const timer = setTimeout(() => settle(fail(`${subject}: reading took longer than ${timeoutMs / 1000} s and was stopped`)), timeoutMs);
  worker.on('message', (message: T) => {
    if ((message as { final?: boolean }).final === false) {
      if (!settled) onPartial?.(message);
    } else settle(message);
  });
  worker.once('error', (error) => settle(fail(`${subject}: the reader failed: ${error.message}`)));
  worker.once('exit', (code) => settle(fail(`${subject}: the reader stopped (exit code ${code}) before finishing`)));
  return { result, cancel: () => settle(fail('cancelled')) };
}
