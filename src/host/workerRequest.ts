// One request to a worker-thread bundle in dist/workers, under the parse watchdog (core/parse/parseWatchdog.ts):
// heavy parsing runs there so the extension host's thread stays free, and a parse that never ends is stopped.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parseTimeoutMs, runWatched } from '../core/parse/parseWatchdog';

/** A failure the worker could not report itself (time limit, crash, cancel), in the caller's result shape. */
export type WorkerFailure<T> = (error: string) => T;

/**
 * Runs `dist/workers/<bundle>.js` on `workerData`; resolves with its message or `fail(reason)`, never throws. A message
 * marked `final: false` is an early part of the answer: it goes to `onPartial` and the worker keeps running. A cancel
 * resolves with `fail('cancelled')`.
 */
export function requestFromWorker<T>(extensionPath: string, bundle: string, workerData: { path: string }, fail: WorkerFailure<T>, timeoutMs: number, onPartial?: (message: T) => void): { result: Promise<T>; cancel(): void } {
  const script = { filename: path.join(extensionPath, 'dist', 'workers', `${bundle}.js`) };
  return runWatched<T>(script, workerData, { subject: workerData.path, timeoutMs, fail: (message) => fail(message), onPartial });
}

/** The limit of one parse, from the setting tensorsight.model.parseTimeoutSeconds (default 30 s). */
export function parseTimeoutSetting(): number {
  return parseTimeoutMs(vscode.workspace.getConfiguration('tensorsight.model').get<number>('parseTimeoutSeconds'));
}
