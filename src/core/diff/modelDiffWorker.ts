// Worker-thread entry (dist/workers/modelDiff.js): parses two models and diffs them, for the CLI's `diff` and the
// Compare Models panel, so neither the CLI's thread nor the extension host's parses, and a parse that never ends
// is stopped by the watchdog (parseWatchdog.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { FormatError } from '../formats/formatError';
import { openModel } from '../formats/registry';
import type { ModelDiff } from './diffTypes';
import { diffModels, type DiffOptions } from './modelDiff';

/** What the caller sends: the two models' paths (`path` is A's, which the watchdog names) and the diff's options. */
export interface ModelDiffRequest {
  path: string;
  other: string;
  options: DiffOptions;
}

/** What the worker posts back: the diff, or the reader's message (`formatError`: a file is bad). */
export type ModelDiffResult = { ok: true; diff: ModelDiff } | { ok: false; error: string; formatError: boolean };

/** Parses both files and diffs them; never throws. */
export async function diffFiles(request: ModelDiffRequest): Promise<ModelDiffResult> {
  try {
    const [a, b] = await Promise.all([openModel(request.path), openModel(request.other)]);
    return { ok: true, diff: await diffModels(a, b, request.options) };
  } catch (error) {
    if (error instanceof FormatError) return { ok: false, error: error.message, formatError: true };
    return { ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error), formatError: false };
  }
}

if (parentPort) {
  const port = parentPort;
  void diffFiles(workerData as ModelDiffRequest).then((result) => port.postMessage(result));
}
