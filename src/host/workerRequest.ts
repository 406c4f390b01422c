// One request to a worker-thread bundle in dist/workers: start it, take its one message, stop it. Heavy
// parsing runs there so the extension host's thread stays free.
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';

/** A failure the worker could not report itself (time limit, crash, cancel), in the caller's result shape. */
export type WorkerFailure<T> = (error: string) => T;

/** Runs `dist/workers/<bundle>.js` on `workerData`; resolves with its message or `fail(reason)`, never throws. */
export function requestFromWorker<T>(extensionPath: string, bundle: string, workerData: { path: string }, fail: WorkerFailure<T>, timeoutMs: number): { result: Promise<T>; cancel(): void } {
  const worker = new Worker(path.join(extensionPath, 'dist', 'workers', `${bundle}.js`), { workerData });
  let settle: (result: T) => void = () => undefined;
  const result = new Promise<T>((resolve) => {
    settle = (value) => {
      settle = () => undefined;
      clearTimeout(timer);
      void worker.terminate();
      resolve(value);
    };
  });
  const subject = workerData.path;
  const timer = setTimeout(() => settle(fail(`${subject}: reading took longer than ${timeoutMs / 1000} s and was stopped`)), timeoutMs);
  worker.once('message', (message: T) => settle(message));
  worker.once('error', (error) => settle(fail(`${subject}: the reader failed: ${error.message}`)));
  worker.once('exit', (code) => settle(fail(`${subject}: the reader stopped (exit code ${code}) before finishing`)));
  return { result, cancel: () => settle(fail('cancelled')) };
}
