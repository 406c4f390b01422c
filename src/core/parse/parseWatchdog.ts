// Every parse of a user's file runs in a worker thread under this watchdog: past its time limit the worker is
// terminated (a damaged HDF5 file can spin inside h5wasm forever, where no signal or flag reaches it), and the
// caller gets one clear message naming the file. The worker's stdout and stderr are drained here, so text a
// WebAssembly library prints never reaches the user's terminal or the extension host's log.
import { Worker, type WorkerOptions } from 'node:worker_threads';

/** The default limit of one parse (setting tensorsight.model.parseTimeoutSeconds, CLI --timeout). */
export const DEFAULT_PARSE_TIMEOUT_SECONDS = 30;

const MAX_TIMER_MS = 2 ** 31 - 1;

/** Why a watched worker ended without its answer. */
export type WatchdogStop = 'timeout' | 'crash' | 'exit' | 'cancelled';

/** How to start a worker: a script file, or code with `eval: true` in `options`. */
export interface WorkerScript {
  filename: string;
  options?: WorkerOptions;
}

/** Limits and callbacks of one watched request. */
export interface WatchOptions<T> {
  /** The file being parsed; every failure message starts with it. */
  subject: string;
  timeoutMs: number;
  /** Turns a failure message into the caller's result shape; a cancel's message is exactly 'cancelled'. */
  fail: (message: string, stop: WatchdogStop) => T;
  /** Receives messages marked `final: false` (an early part of the answer); the worker keeps running. */
  onPartial?: (message: T) => void;
}

/** The message of a parse stopped at its limit. */
export function parseTimeoutMessage(subject: string, timeoutMs: number): string {
  return `${subject}: parsing stopped after ${formatSeconds(timeoutMs)} s (timeout); the file may be damaged, or need more time than the limit allows (setting tensorsight.model.parseTimeoutSeconds, CLI --timeout)`;
}

function formatSeconds(ms: number): string {
  return String(Number((ms / 1000).toFixed(2)));
}

/**
 * Starts `script` with `workerData` and resolves with its final message, or with `fail(...)` when it runs past
 * `timeoutMs`, throws, exits early or is cancelled. Never rejects; the worker is terminated in every case.
 */
export function runWatched<T>(script: WorkerScript, workerData: unknown, options: WatchOptions<T>): { result: Promise<T>; cancel(): void } {
  const { subject, timeoutMs, fail, onPartial } = options;
  let settled = false;
  let resolveResult: (value: T) => void = () => undefined;
  const result = new Promise<T>((resolve) => {
    resolveResult = resolve;
  });
  let worker: Worker | undefined;
  const settle = (value: T): void => {
    if (settled) return;
    settled = true;
    clearTimeout(timer);
    void worker?.terminate();
    resolveResult(value);
  };
  // setTimeout fires at once past 2^31 - 1 ms (about 24.8 days): a longer limit is no limit worth keeping.
  const timer = timeoutMs > MAX_TIMER_MS ? undefined : setTimeout(() => settle(fail(parseTimeoutMessage(subject, timeoutMs), 'timeout')), timeoutMs);
  try {
    worker = new Worker(script.filename, { ...script.options, workerData, stdout: true, stderr: true });
  } catch (error) {
    settle(fail(`${subject}: the reader could not start: ${(error as Error).message}`, 'crash'));
    return { result, cancel: () => undefined };
  }
  worker.stdout.resume();
  worker.stderr.resume();
  worker.on('message', (message: T) => {
    if ((message as { final?: boolean }).final === false) {
      if (!settled) onPartial?.(message);
    } else settle(message);
  });
  worker.once('error', (error) => settle(fail(`${subject}: the reader failed: ${error.message}`, 'crash')));
  worker.once('exit', (code) => settle(fail(`${subject}: the reader stopped (exit code ${code}) before finishing`, 'exit')));
  return { result, cancel: () => settle(fail('cancelled', 'cancelled')) };
}

/** Milliseconds from a seconds setting or flag; a missing, non-numeric or non-positive value gives the default. */
export function parseTimeoutMs(seconds: number | undefined): number {
  return (seconds !== undefined && Number.isFinite(seconds) && seconds > 0 ? seconds : DEFAULT_PARSE_TIMEOUT_SECONDS) * 1000;
}
